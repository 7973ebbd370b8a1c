import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isRegulator, READERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { ITEM_KINDS } from '../domain/sampling-kinds.js';
import { InspectionItemDto, InspectionItemsQueryDto, ITEM_FIELDS, LEGAL_BASIS_MAX } from './dto/inspection-item.dto.js';
import { InspectionItemsQueries } from './inspection-items.queries.js';
import { InspectionItemsService, mayKeepItemsOf } from './inspection-items.service.js';

/**
 * The inspection-item list's pages: the list (filters by department, kind, state and text; CSV and
 * XLSX export of the filtered list), the new-item form and the edit form (with the active checkbox
 * that deactivates an item). A regulator adds and edits their own department's items only.
 */
@ApiExcludeController()
@Controller('sampling/items')
export class InspectionItemsPagesController {
  constructor(private readonly service: InspectionItemsService, private readonly queries: InspectionItemsQueries, private readonly i18n: I18nService) {}

  @Get()
  @Roles(...READERS)
  async list(@Query() query: InspectionItemsQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    if (query.format) {
      const format = query.format;
      await sendDownload(res, format, `inspection-items-${this.i18n.today()}.${format}`, (out) => this.queries.write(format, query, res.locals.locale as string, out));
      return;
    }
    const [page, departments] = await Promise.all([this.queries.list(query), this.queries.departmentNames()]);
    const filters = { departmentId: query.departmentId, kind: query.kind, active: query.active, q: query.q, pageSize: query.pageSize };
    res.render('sampling/items/list', {
      titleKey: 'samplingPool.items.title', filters,
      page: { ...page, items: page.items.map((i) => ({ ...i, canEdit: mayKeepItemsOf(principal, i.departmentId) })) },
      departments: [...departments.values()].map((d) => ({ ...d, selected: d.id === query.departmentId })),
      kinds: ITEM_KINDS.map((value) => ({ value, selected: value === query.kind })),
      actives: ['true', 'false'].map((value) => ({ value, selected: value === query.active })),
      exportCsv: `/sampling/items${queryString({ ...filters, format: 'csv' })}`, exportXlsx: `/sampling/items${queryString({ ...filters, format: 'xlsx' })}`,
      ...pagerOf(page),
    });
  }

  @Get('new')
  @Roles(...READERS)
  @Render('sampling/items/form')
  async newForm(@CurrentPrincipal() principal: Principal) {
    return this.formModel(null, { kind: 'general', active: true, departmentId: isRegulator(principal) ? principal.departmentId : undefined }, principal);
  }

  @Post('new')
  @Roles(...READERS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.save(null, body ?? {}, principal, req, res);
  }

  @Get(':id/edit')
  @Roles(...READERS)
  @Render('sampling/items/form')
  async edit(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    const row = await this.service.get(id);
    this.service.assertMayKeep(principal, row.departmentId);
    return this.formModel(id, Object.fromEntries(ITEM_FIELDS.map((k) => [k, row[k]])), principal);
  }

  @Post(':id/edit')
  @Roles(...READERS)
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.service.get(id);
    this.service.assertMayKeep(principal, row.departmentId);
    // An unticked checkbox sends nothing: on this form that means "inactive".
    await this.save(id, { ...(body ?? {}), active: (body ?? {}).active ?? 'false' }, principal, req, res);
  }

  private async formModel(id: number | null, values: Record<string, unknown>, principal: Principal) {
    const departments = [...(await this.queries.departmentNames()).values()]
      .filter((d) => (d.active || d.id === values.departmentId) && mayKeepItemsOf(principal, d.id))
      .map((d) => ({ ...d, selected: String(d.id) === String(values.departmentId) }));
    return {
      titleKey: id ? 'samplingPool.items.editTitle' : 'samplingPool.items.newTitle',
      action: id ? `/sampling/items/${id}/edit` : '/sampling/items/new', editing: Boolean(id),
      values: { ...values, active: values.active === true || values.active === 'true' || values.active === 'on' },
      departments, kinds: ITEM_KINDS.map((value) => ({ value, checked: value === values.kind })), legalBasisMax: LEGAL_BASIS_MAX,
    };
  }

  private async save(id: number | null, body: Record<string, unknown>, principal: Principal, req: Request, res: Response): Promise<void> {
    const values = Object.fromEntries(ITEM_FIELDS.map((k) => [k, body[k]]));
    await handleForm(res, this.i18n, 'sampling/items/form', await this.formModel(id, values, principal), async () => {
      const form = await validateForm(InspectionItemDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.save(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingPool.items.saved', { code: row.code });
      res.redirect(303, `/sampling/items?q=${encodeURIComponent(row.code)}`);
    });
  }
}

function queryString(params: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
