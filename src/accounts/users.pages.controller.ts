import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ValidationFailedError, type FieldProblems } from '../common/errors/domain-error.js';
import { pagerOf } from '../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash, handleForm, renderForm } from '../common/views/page-helpers.js';
import { validateForm } from '../common/validation.js';
import { I18nService } from '../i18n/i18n.service.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { ApiTokensService } from './api-tokens.service.js';
import { Roles } from './auth/auth.decorators.js';
import { ADMINS } from './domain/access-policy.js';
import { DepartmentsService } from './departments.service.js';
import { ROLES } from './domain/roles.js';
import { CreateTokenDto, CreateUserDto, ResetPasswordDto, UpdateUserDto, UserQueryDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

/** Admin pages for user accounts and their API tokens. */
@ApiExcludeController()
@Roles(...ADMINS)
@Controller('admin/users')
export class UsersPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: ApiTokensService,
    private readonly departments: DepartmentsService,
    private readonly tenants: TenantsService,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Render('accounts/users')
  async list(@Query() query: UserQueryDto) {
    const page = await this.users.list(query);
    return { titleKey: 'users.title', page, filters: { q: query.q, role: query.role }, roles: ROLES, ...pagerOf(page) };
  }

  private async formModel(extra: Record<string, unknown>) {
    return { roles: ROLES, departments: await this.departments.list(true), ...extra };
  }

  /** The page form names the tenant by USCC; the service takes its id. */
  private async withTenantId(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { tenantUscc, ...rest } = body;
    if (body.role !== 'tenant_officer' || typeof tenantUscc !== 'string' || !tenantUscc.trim()) return rest;
    const tenant = await this.tenants.findByUscc(tenantUscc);
    if (!tenant) throw new ValidationFailedError({ tenantUscc: [{ code: 'unknownTenant' }] });
    return { ...rest, tenantId: tenant.id };
  }

  private static renameTenantField(fields: FieldProblems): FieldProblems {
    const { tenantId, ...rest } = fields;
    return tenantId ? { ...rest, tenantUscc: tenantId } : rest;
  }

  @Get('new')
  @Render('accounts/user-form')
  async newForm(@Query('tenantUscc') tenantUscc?: string) {
    return this.formModel({ titleKey: 'users.newTitle', values: { role: tenantUscc ? 'tenant_officer' : 'park_staff', tenantUscc, mustChangePassword: true } });
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.formModel({ titleKey: 'users.newTitle', values: { ...body, password: '' } });
    await handleForm(res, this.i18n, 'accounts/user-form', model, async () => {
      const form = await validateForm(CreateUserDto, await this.withTenantId(body));
      if (!form.ok) throw new ValidationFailedError(UsersPagesController.renameTenantField(form.fields));
      const user = await this.users.create(form.value, actorOf(principal, req)).catch((err: unknown) => {
        if (err instanceof ValidationFailedError) throw new ValidationFailedError(UsersPagesController.renameTenantField(err.fields));
        throw err;
      });
      flash(req, 'success', 'users.created', { email: user.email });
      res.redirect(303, `/admin/users/${user.id}`);
    });
  }

  private async detailModel(id: number, extra: Record<string, unknown> = {}) {
    const user = await this.users.get(id);
    return this.formModel({
      titleKey: 'users.editTitle',
      user,
      values: { ...user, tenantUscc: user.tenant?.uscc },
      tokens: await this.tokens.listFor(id),
      ...extra,
    });
  }

  @Get(':id')
  @Render('accounts/user-detail')
  detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, { isSelf: principal.userId === id });
  }

  @Post(':id')
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, { values: body });
    await handleForm(res, this.i18n, 'accounts/user-detail', model, async () => {
      const form = await validateForm(UpdateUserDto, await this.withTenantId(body));
      if (!form.ok) throw new ValidationFailedError(UsersPagesController.renameTenantField(form.fields));
      await this.users.update(id, form.value, actorOf(principal, req)).catch((err: unknown) => {
        if (err instanceof ValidationFailedError) throw new ValidationFailedError(UsersPagesController.renameTenantField(err.fields));
        throw err;
      });
      flash(req, 'success', 'users.saved');
      res.redirect(303, `/admin/users/${id}`);
    });
  }

  @Post(':id/disable')
  async disable(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.users.setActive(id, false, actorOf(principal, req));
    flash(req, 'success', 'users.disabledDone');
    res.redirect(303, `/admin/users/${id}`);
  }

  @Post(':id/enable')
  async enable(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.users.setActive(id, true, actorOf(principal, req));
    flash(req, 'success', 'users.enabled');
    res.redirect(303, `/admin/users/${id}`);
  }

  @Post(':id/password')
  async resetPassword(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await validateForm(ResetPasswordDto, body);
    if (!form.ok) return renderForm(res, this.i18n, 'accounts/user-detail', await this.detailModel(id), form.fields);
    await this.users.resetPassword(id, form.value.password, actorOf(principal, req), req.sessionID);
    flash(req, 'success', 'users.passwordReset');
    res.redirect(303, `/admin/users/${id}`);
  }

  @Post(':id/tokens')
  @HttpCode(200)
  async issueToken(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await validateForm(CreateTokenDto, body);
    if (!form.ok) return renderForm(res, this.i18n, 'accounts/user-detail', await this.detailModel(id), form.fields);
    const { token } = await this.tokens.issue(id, form.value.label, actorOf(principal, req));
    // Shown once, on this response only; never stored in the session or the database.
    res.setHeader('Cache-Control', 'no-store');
    res.render('accounts/user-detail', await this.detailModel(id, { newToken: token }));
  }

  @Post(':id/tokens/:tokenId/revoke')
  async revokeToken(@Param('id', ParseIntPipe) id: number, @Param('tokenId', ParseIntPipe) tokenId: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.tokens.revoke(id, tokenId, actorOf(principal, req));
    flash(req, 'success', 'tokens.revoked');
    res.redirect(303, `/admin/users/${id}`);
  }
}
