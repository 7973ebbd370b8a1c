import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { pagerOf } from '../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles, TenantScoped } from '../accounts/auth/auth.decorators.js';
import { isManager, MANAGERS, READERS, TENANT_READERS } from '../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash, handleForm } from '../common/views/page-helpers.js';
import { validateForm } from '../common/validation.js';
import { I18nService } from '../i18n/i18n.service.js';
import { TENANT_STATUSES } from './domain/tenant-status.js';
import { ChangeTenantStatusDto, CreateTenantDto, TENANT_SORTS, TenantQueryDto, UpdateTenantDto } from './dto/tenant.dto.js';
import { HubPanels } from './hub-panels.js';
import { TenantsService } from './tenants.service.js';

/** Registry pages for park staff (and read-only for regulators); the tenant hub for its own officers too. */
@ApiExcludeController()
@Controller('tenants')
export class TenantsPagesController {
  constructor(private readonly tenants: TenantsService, private readonly i18n: I18nService, private readonly panels: HubPanels) {}

  @Get()
  @Roles(...READERS)
  @Render('tenants/list')
  async list(@Query() query: TenantQueryDto, @CurrentPrincipal() principal: Principal) {
    const [page, facets] = await Promise.all([this.tenants.list(query), this.tenants.facets()]);
    const filters = { q: query.q, status: query.status, industry: query.industry, building: query.building, sort: query.sort, dir: query.dir, pageSize: query.pageSize };
    return {
      titleKey: 'tenants.title', page, filters, facets, statuses: TENANT_STATUSES,
      sorts: TENANT_SORTS.map((s) => ({ key: s, active: (query.sort ?? 'name') === s, nextDir: (query.sort ?? 'name') === s && query.dir !== 'desc' ? 'desc' : 'asc' })),
      canEdit: isManager(principal),
      ...pagerOf(page),
    };
  }

  @Get('new')
  @Roles(...MANAGERS)
  @Render('tenants/form')
  newForm() {
    return { titleKey: 'tenants.newTitle', action: '/tenants', values: { movedInAt: this.i18n.today() } };
  }

  @Post()
  @Roles(...MANAGERS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { titleKey: 'tenants.newTitle', action: '/tenants', values: body };
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
      titleKey: 'tenants.hubTitle', tenant, panels, canEdit: staff,
      statusActions: staff ? TENANT_STATUSES.filter((s) => s !== tenant.status && !(tenant.status === 'moved_out')) : [],
    };
  }

  @Get(':id/edit')
  @Roles(...MANAGERS)
  @Render('tenants/form')
  async editForm(@Param('id', ParseIntPipe) id: number) {
    const tenant = await this.tenants.get(id);
    return { titleKey: 'tenants.editTitle', action: `/tenants/${id}`, values: tenant, tenant };
  }

  @Post(':id')
  @Roles(...MANAGERS)
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const tenant = await this.tenants.get(id);
    const model = { titleKey: 'tenants.editTitle', action: `/tenants/${id}`, values: body, tenant };
    await handleForm(res, this.i18n, 'tenants/form', model, async () => {
      const form = await validateForm(UpdateTenantDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.tenants.update(id, form.value, actorOf(principal, req));
      flash(req, 'success', 'tenants.saved');
      res.redirect(303, `/tenants/${id}`);
    });
  }

  @Post(':id/status')
  @Roles(...MANAGERS)
  async changeStatus(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await validateForm(ChangeTenantStatusDto, body);
    if (!form.ok) {
      flash(req, 'error', 'tenants.statusReasonRequired');
      return res.redirect(303, `/tenants/${id}`);
    }
    await this.tenants.changeStatus(id, form.value, actorOf(principal, req));
    flash(req, 'success', `tenants.statusChanged.${form.value.status}`);
    res.redirect(303, `/tenants/${id}`);
  }
}
