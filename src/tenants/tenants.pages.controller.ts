import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { pagerOf } from '../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles, TenantScoped } from '../accounts/auth/auth.decorators.js';
import { isManager, MANAGERS, READERS, TENANT_READERS } from '../accounts/domain/access-policy.js';
import { ConflictError, ValidationFailedError } from '../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash, handleForm } from '../common/views/page-helpers.js';
import { validateForm } from '../common/validation.js';
import { I18nService } from '../i18n/i18n.service.js';
import { canChangeStatus, canReverse, TENANT_STATUSES, type TenantStatus } from './domain/tenant-status.js';
import {
  BulkTenantStatusDto, BulkTenantStatusQueryDto, ChangeTenantStatusDto, CreateTenantDto, ReverseTenantStatusDto, TENANT_SORTS,
  TenantQueryDto, TenantStatusQueryDto, UpdateTenantDto,
} from './dto/tenant.dto.js';
import { HubPanels } from './hub-panels.js';
import { BuildingsService } from './buildings.service.js';
import { INDUSTRY_SECTIONS, industryDivision } from './domain/industry-classification.js';
import { TenantsService, type StatusPreview } from './tenants.service.js';
import type { TenantEntity } from './entities/tenant.entity.js';

type ConfirmKind = 'one' | 'many' | 'reverse';
const CONFIRM_VIEW = 'tenants/status-confirm';
const CONFIRM_TITLES: Record<ConfirmKind, string> = {
  one: 'tenants.statusConfirm.title', many: 'tenants.statusConfirm.bulkTitle', reverse: 'tenants.statusConfirm.reverseTitle',
};

/** Registry pages for park staff (and read-only for regulators); the tenant hub for its own officers too. */
@ApiExcludeController()
@Controller('tenants')
export class TenantsPagesController {
  constructor(
    private readonly tenants: TenantsService, private readonly i18n: I18nService, private readonly panels: HubPanels, private readonly buildings: BuildingsService,
  ) {}

  /** The form's menus: every division grouped by section, the buildings in service and the tenant's own (even when retired). */
  private async formChoices(current?: string) {
    const all = await this.buildings.all();
    return { industrySections: INDUSTRY_SECTIONS, buildings: all.filter((b) => !b.retired || b.name === current) };
  }

  @Get()
  @Roles(...READERS)
  @Render('tenants/list')
  async list(@Query() query: TenantQueryDto, @CurrentPrincipal() principal: Principal) {
    // The building menu comes with the facets (remembered briefly, cleared on any registry or building change): one query fewer per view.
    const [page, facets] = await Promise.all([this.tenants.list(query), this.tenants.facets()]);
    const buildings = facets.buildingChoices;
    const used = new Set(facets.industries.map((d) => d.code));
    const industrySections = INDUSTRY_SECTIONS.map((s) => ({ ...s, divisions: s.divisions.filter((d) => used.has(d.code)) })).filter((s) => s.divisions.length);
    const filters = { q: query.q, status: query.status, industry: query.industry, building: query.building, sort: query.sort, dir: query.dir, pageSize: query.pageSize };
    // The page's entities are its own (fresh from the database or copies of the search index's rows): named in place, not copied again.
    for (const t of page.items) (t as TenantEntity & { industryName?: unknown }).industryName = industryDivision(t.industry);
    return {
      titleKey: 'tenants.title', page,
      filters, industrySections, buildings, statuses: TENANT_STATUSES,
      sorts: TENANT_SORTS.map((s) => ({ key: s, active: (query.sort ?? 'name') === s, nextDir: (query.sort ?? 'name') === s && query.dir !== 'desc' ? 'desc' : 'asc' })),
      canEdit: isManager(principal), bulkStatuses: TENANT_STATUSES,
      ...pagerOf(page),
    };
  }

  /** The confirmation of a status change for the tenants ticked on the list: who changes, and what follows. */
  @Get('bulk-status')
  @Roles(...MANAGERS)
  async bulkStatusForm(@Query() query: BulkTenantStatusQueryDto, @Res() res: Response): Promise<void> {
    const preview = await this.tenants.statusPreview(query.ids, query.status);
    res.render(CONFIRM_VIEW, this.confirmModel('many', preview, res.locals.locale as string, {}));
  }

  /** The same status for several tenants, one reason, all or nothing; each tenant audited. */
  @Post('bulk-status')
  @Roles(...MANAGERS)
  async bulkStatus(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const form = await validateForm(BulkTenantStatusDto, body);
    // The page shown again with the errors lists the tenants when the selection itself is sound.
    const preview = form.ok ? await this.tenants.statusPreview(form.value.ids, form.value.status).catch(() => null) : null;
    const model = this.confirmModel('many', preview, locale, body);
    await handleForm(res, this.i18n, CONFIRM_VIEW, model, async () => {
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const changed = await this.tenants.changeStatusMany(form.value, actorOf(principal, req));
      flash(req, 'success', 'tenants.bulk.changed', { count: changed.length });
      res.redirect(303, `/tenants?status=${form.value.status}`);
    });
  }

  @Get('new')
  @Roles(...MANAGERS)
  @Render('tenants/form')
  async newForm() {
    return { titleKey: 'tenants.newTitle', action: '/tenants', values: { movedInAt: this.i18n.today() }, ...await this.formChoices() };
  }

  @Post()
  @Roles(...MANAGERS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { titleKey: 'tenants.newTitle', action: '/tenants', values: body, ...await this.formChoices() };
    await handleForm(res, this.i18n, 'tenants/form', model, async () => {
      const form = await validateForm(CreateTenantDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const tenant = await this.tenants.create(form.value, actorOf(principal, req));
      flash(req, 'success', 'tenants.created', { name: tenant.name });
      res.redirect(303, `/tenants/${tenant.id}`);
    });
  }

  /** The tenant hub: profile and officers now; later features add their panels here. */
  @Get(':id')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @Render('tenants/hub')
  async hub(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    const [tenant, panels] = await Promise.all([this.tenants.get(id), this.panels.render(id, principal)]);
    const staff = isManager(principal);
    return {
      titleKey: 'tenants.hubTitle', tenant, industryName: industryDivision(tenant.industry), panels, canEdit: staff,
      statusActions: staff ? TENANT_STATUSES.filter((s) => canChangeStatus(tenant.status, s)) : [],
      reverseTo: staff && canReverse(tenant.status, tenant.previousStatus) ? tenant.previousStatus : null,
    };
  }

  @Get(':id/edit')
  @Roles(...MANAGERS)
  @Render('tenants/form')
  async editForm(@Param('id', ParseIntPipe) id: number) {
    const tenant = await this.tenants.get(id);
    return { titleKey: 'tenants.editTitle', action: `/tenants/${id}`, values: { ...tenant, building: tenant.building?.name ?? '' }, tenant, ...await this.formChoices(tenant.building?.name) };
  }

  @Post(':id')
  @Roles(...MANAGERS)
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const tenant = await this.tenants.get(id);
    const model = { titleKey: 'tenants.editTitle', action: `/tenants/${id}`, values: body, tenant, ...await this.formChoices(tenant.building?.name) };
    await handleForm(res, this.i18n, 'tenants/form', model, async () => {
      const form = await validateForm(UpdateTenantDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.tenants.update(id, form.value, actorOf(principal, req));
      flash(req, 'success', 'tenants.saved');
      res.redirect(303, `/tenants/${id}`);
    });
  }

  /** The confirmation of a status change: from what to what, what follows elsewhere, and the reason. */
  @Get(':id/status')
  @Roles(...MANAGERS)
  async statusForm(@Param('id', ParseIntPipe) id: number, @Query() query: TenantStatusQueryDto, @Res() res: Response): Promise<void> {
    const preview = await this.singlePreview(id, query.status);
    res.render(CONFIRM_VIEW, this.confirmModel('one', preview, res.locals.locale as string, {}, id));
  }

  @Post(':id/status')
  @Roles(...MANAGERS)
  async changeStatus(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const tenant = await this.tenants.get(id);
    const form = await validateForm(ChangeTenantStatusDto, body);
    const status = form.ok ? form.value.status : (TENANT_STATUSES as readonly unknown[]).includes(body.status) ? body.status as TenantStatus : null;
    const preview = status ? await this.singlePreview(id, status).catch(() => null) : null;
    const model = this.confirmModel('one', preview ?? { tenants: [tenant], status: status ?? tenant.status, consequences: [] }, res.locals.locale as string, body, id);
    await handleForm(res, this.i18n, CONFIRM_VIEW, model, async () => {
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.tenants.changeStatus(id, form.value, actorOf(principal, req));
      flash(req, 'success', `tenants.statusChanged.${form.value.status}`);
      res.redirect(303, `/tenants/${id}`);
    });
  }

  /** The confirmation of a reversal of the tenant's last status change. */
  @Get(':id/status/reverse')
  @Roles(...MANAGERS)
  async reverseForm(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const preview = await this.tenants.reversePreview(id);
    res.render(CONFIRM_VIEW, this.confirmModel('reverse', preview, res.locals.locale as string, {}, id));
  }

  @Post(':id/status/reverse')
  @Roles(...MANAGERS)
  async reverse(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const preview = await this.tenants.reversePreview(id);
    await handleForm(res, this.i18n, CONFIRM_VIEW, this.confirmModel('reverse', preview, res.locals.locale as string, body, id), async () => {
      const form = await validateForm(ReverseTenantStatusDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const tenant = await this.tenants.reverseStatus(id, form.value, actorOf(principal, req));
      flash(req, 'success', 'tenants.reverse.done', { status: this.i18n.t(res.locals.locale as string, `tenants.statuses.${tenant.status}`) });
      res.redirect(303, `/tenants/${id}`);
    });
  }

  /** A change the tenant cannot take is refused before anything is shown (409, with the transition named). */
  private async singlePreview(id: number, status: TenantStatus): Promise<StatusPreview> {
    const tenant = await this.tenants.get(id);
    if (!canChangeStatus(tenant.status, status)) {
      throw new ConflictError('tenants.statusTransition', { from: tenant.status, to: status }, { status: [{ code: 'statusTransition' }] });
    }
    return this.tenants.statusPreview([id], status);
  }

  private confirmModel(kind: ConfirmKind, preview: StatusPreview | null, locale: string, values: Record<string, unknown>, id?: number) {
    const status = (n: TenantStatus) => this.i18n.t(locale, `tenants.statuses.${n}`);
    const first = preview?.tenants[0];
    const ids = preview ? preview.tenants.map((t) => t.id) : [values.ids].flat().filter((v) => typeof v === 'string' || typeof v === 'number');
    const summary = !preview || !first ? null
      : kind === 'many' ? this.i18n.t(locale, 'tenants.statusConfirm.many', { count: preview.tenants.length, to: status(preview.status) })
        : this.i18n.t(locale, `tenants.statusConfirm.${kind}`, { name: first.name, from: status(first.status), to: status(preview.status) });
    const back = kind === 'many' ? '/tenants' : `/tenants/${id ?? first?.id}`;
    return {
      titleKey: CONFIRM_TITLES[kind],
      kind, summary, back,
      tenants: kind === 'many' ? preview?.tenants ?? [] : [],
      consequences: (preview?.consequences ?? []).map((c) => this.i18n.t(locale, c.key, c.params)),
      action: kind === 'many' ? '/tenants/bulk-status' : kind === 'reverse' ? `/tenants/${id}/status/reverse` : `/tenants/${id}/status`,
      status: kind === 'reverse' ? null : preview?.status ?? (typeof values.status === 'string' ? values.status : null),
      ids: kind === 'many' ? ids : [],
      danger: preview?.status === 'moved_out',
      confirmKey: kind === 'reverse' ? 'tenants.statusConfirm.confirmReverse' : 'tenants.statusConfirm.confirm',
      values,
    };
  }
}
