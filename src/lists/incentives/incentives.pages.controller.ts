import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { ADMINS, isTenantOfficer, MANAGERS, OFFICERS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { sendDownload } from '../../common/tabular/tabular-export.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLAIM_STATUSES, LIST_KINDS } from '../domain/list-kinds.js';
import { MEASURE_CATEGORIES, MEASURE_GRADES, MEASURE_KINDS, type MeasureEligibility } from '../domain/measure-eligibility.rules.js';
import { CheckPurposeEntity } from '../entities/check-purpose.entity.js';
import {
  ApplyRestrictionDto, ClaimExportQueryDto, ClaimMeasureDto, ClaimQueryDto, CreateMeasureDto, DecideClaimDto, DeliverClaimDto, DESCRIPTION_MAX, LiftRestrictionDto, MeasureFieldsDto,
  NOTE_MAX, TITLE_MAX,
} from './dto/incentives.dto.js';
import { claimBadge, IncentivesQueries, measureRow, type MeasureRow } from './incentives.queries.js';
import { IncentivesService, type UnmetCondition } from './incentives.service.js';

/**
 * 信易+ pages: the officer's benefits (claimable incentives with "eligible" or why not, claim, their
 * claims and restrictions), the claims queue and a claim's page with staff's decision, delivery and
 * lifting, the "apply a restriction" form, and the admin catalogue.
 */
@ApiExcludeController()
@Controller('benefits')
export class IncentivesPagesController {
  constructor(
    private readonly service: IncentivesService,
    private readonly queries: IncentivesQueries,
    private readonly i18n: I18nService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Officers: their benefits page; readers: the claims queue. */
  @Get()
  @Roles(...TENANT_READERS)
  async home(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    if (!isTenantOfficer(principal)) return res.redirect(303, '/benefits/claims');
    res.render('lists/incentives/offers', await this.offersModel(principal, {}, res.locals.locale as string));
  }

  /** A measure's conditions in words ("列入红名单 · 信用等级 A 级及以上"). */
  private conditionsText(e: MeasureEligibility, locale: string): string {
    const parts: string[] = [];
    if (e.lists?.length) parts.push(this.i18n.t(locale, 'incentives.conditionLists', { lists: e.lists.map((l) => this.i18n.t(locale, `incentives.lists.${l}`)).join(this.i18n.t(locale, 'incentives.listOr')) }));
    if (e.minGrade) parts.push(this.i18n.t(locale, 'incentives.conditionGrade', { grade: e.minGrade }));
    if (e.noOpenFinding) parts.push(this.i18n.t(locale, 'incentives.conditionNoFinding'));
    return parts.length ? parts.join(' · ') : this.i18n.t(locale, 'incentives.conditionNone');
  }

  /** Why the tenant is not eligible, in words. */
  private unmetText(unmet: UnmetCondition[], locale: string): string[] {
    return unmet.map((u) => {
      if (u.code === 'lists') {
        const lists = String(u.params.lists).split(',').filter(Boolean).map((l) => this.i18n.t(locale, `incentives.lists.${l}`)).join(this.i18n.t(locale, 'incentives.listOr'));
        return this.i18n.t(locale, 'incentives.unmet.lists', { lists });
      }
      if (u.code === 'grade') return this.i18n.t(locale, u.params.grade ? 'incentives.unmet.grade' : 'incentives.unmet.gradeNone', u.params);
      return this.i18n.t(locale, 'incentives.unmet.open_finding', u.params);
    });
  }

  private async offersModel(principal: Principal, values: Record<string, unknown>, locale: string) {
    const tenant = await this.service.actingTenant(principal);
    const [{ status, offers }, claims] = await Promise.all([
      this.service.offers(tenant.id),
      this.queries.list(principal, { page: 1, pageSize: 50 } as ClaimQueryDto),
    ]);
    const items = claims.items.map((i) => ({ ...i, badge: claimBadge(i.status) }));
    return {
      titleKey: 'incentives.offersTitle', tenant, status, values, maxNote: NOTE_MAX,
      offers: offers.map((o) => ({
        ...o, selected: Number(values.measureId) === o.measure.id, conditions: this.conditionsText(o.measure.eligibility, locale), reasons: this.unmetText(o.unmet, locale),
      })),
      claims: items.filter((i) => i.kind === 'incentive'), restrictions: items.filter((i) => i.kind === 'restriction' && i.status === 'applied'),
    };
  }

  @Post('claims')
  @Roles(...OFFICERS)
  async claim(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.offersModel(principal, body ?? {}, res.locals.locale as string);
    await handleForm(res, this.i18n, 'lists/incentives/offers', model, async () => {
      const form = await validateForm(ClaimMeasureDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.claim(form.value, principal, actorOf(principal, req), res.locals.locale as string);
      flash(req, 'success', 'incentives.claimed');
      res.redirect(303, `/benefits/claims/${row.id}`);
    });
  }

  @Get('claims')
  @Roles(...TENANT_READERS)
  @Render('lists/incentives/claims')
  async claims(@Query() query: ClaimQueryDto, @CurrentPrincipal() principal: Principal) {
    const list = await this.queries.list(principal, query);
    const page = { ...list, items: list.items.map((i) => ({ ...i, badge: claimBadge(i.status) })) };
    const filters = { status: query.status, kind: query.kind, measureId: query.measureId, tenantId: query.tenantId, q: query.q, pageSize: query.pageSize };
    const officer = isTenantOfficer(principal);
    return {
      titleKey: 'incentives.claimsTitle', page, filters, officer,
      statuses: CLAIM_STATUSES.map((value) => ({ value, selected: value === query.status, count: list.counts[value] })),
      kinds: MEASURE_KINDS.map((value) => ({ value, selected: value === query.kind })),
      ...pagerOf(page),
    };
  }

  @Get('claims/export')
  @Roles(...TENANT_READERS)
  async export(@Query() query: ClaimExportQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, principal, res.locals.locale as string, out));
  }

  @Get('claims/:id')
  @Roles(...TENANT_READERS)
  @Render('lists/incentives/claim')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.claimModel(id, principal, {});
  }

  private async claimModel(id: number, principal: Principal, values: Record<string, unknown>) {
    const row = await this.service.visible(id, principal);
    const claim = await this.queries.view(row, principal);
    // Staff are told when a restriction in force no longer matches the tenant (it left the black list): a reason to lift it.
    const noLongerMeets = claim.canLift ? !(await this.service.stillMeets(row)) : false;
    return { titleKey: 'incentives.claimTitle', claim, noLongerMeets, badge: claimBadge(claim.status), values, today: this.i18n.today(), maxNote: NOTE_MAX };
  }

  @Post('claims/:id/withdraw')
  @Roles(...OFFICERS)
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.claimModel(id, principal, {})), withdrawForm: true };
    await handleForm(res, this.i18n, 'lists/incentives/claim', model, async () => {
      await this.service.withdraw(id, principal, actorOf(principal, req));
      flash(req, 'success', 'incentives.withdrawn');
      res.redirect(303, `/benefits/claims/${id}`);
    });
  }

  @Post('claims/:id/decision')
  @Roles(...MANAGERS)
  async decide(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.actionable(id);
    const model = { ...(await this.claimModel(id, principal, body ?? {})), decisionForm: true };
    await handleForm(res, this.i18n, 'lists/incentives/claim', model, async () => {
      const form = await validateForm(DecideClaimDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.decide(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', row.status === 'approved' ? 'incentives.approved' : 'incentives.rejected');
      res.redirect(303, `/benefits/claims/${id}`);
    });
  }

  @Post('claims/:id/delivery')
  @Roles(...MANAGERS)
  async deliver(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.actionable(id);
    const model = { ...(await this.claimModel(id, principal, body ?? {})), deliveryForm: true };
    await handleForm(res, this.i18n, 'lists/incentives/claim', model, async () => {
      const form = await validateForm(DeliverClaimDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.deliver(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'incentives.delivered');
      res.redirect(303, `/benefits/claims/${id}`);
    });
  }

  @Post('claims/:id/lift')
  @Roles(...MANAGERS)
  async lift(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.service.actionable(id);
    const model = { ...(await this.claimModel(id, principal, body ?? {})), liftForm: true };
    await handleForm(res, this.i18n, 'lists/incentives/claim', model, async () => {
      const form = await validateForm(LiftRestrictionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.lift(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'incentives.lifted');
      res.redirect(303, `/benefits/claims/${id}`);
    });
  }

  // ——— restrictions ———

  /** Staff look a tenant up (by id or USCC) and see the restrictions it meets today, applied or not. */
  @Get('restrictions/new')
  @Roles(...MANAGERS)
  @Render('lists/incentives/restrict')
  async restrictForm(@Query('tenantId') tenantId: string | undefined, @Query('uscc') uscc: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.restrictModel({ tenantId, uscc }, {}, res.locals.locale as string);
  }

  private async restrictModel(lookup: { tenantId?: unknown; uscc?: unknown }, values: Record<string, unknown>, locale: string) {
    const id = typeof lookup.tenantId === 'string' && /^[1-9]\d{0,9}$/.test(lookup.tenantId) ? Number(lookup.tenantId) : typeof lookup.tenantId === 'number' ? lookup.tenantId : undefined;
    const code = typeof lookup.uscc === 'string' && lookup.uscc.trim() ? lookup.uscc.trim().slice(0, 40) : undefined;
    const base = { titleKey: 'incentives.restrictTitle', values: { ...values, uscc: code ?? values.uscc ?? '' }, maxNote: NOTE_MAX };
    if (id === undefined && !code) return { ...base, tenant: null, asked: false };
    let tenant;
    try {
      tenant = await this.service.tenantNamed({ tenantId: id, uscc: code });
    } catch {
      return { ...base, tenant: null, asked: true };
    }
    const { status, restrictions } = await this.service.applicableRestrictions(tenant.id);
    return {
      ...base, tenant, status, asked: true,
      restrictions: restrictions.map((r) => ({ ...r, selected: Number(values.measureId) === r.measure.id, conditions: this.conditionsText(r.measure.eligibility, locale) })),
      anyApplicable: restrictions.some((r) => r.applies && !r.appliedClaimId),
    };
  }

  @Post('restrictions')
  @Roles(...MANAGERS)
  async applyRestriction(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.restrictModel({ tenantId: body?.tenantId, uscc: body?.uscc }, body ?? {}, res.locals.locale as string);
    await handleForm(res, this.i18n, 'lists/incentives/restrict', model, async () => {
      const form = await validateForm(ApplyRestrictionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.applyRestriction(form.value, principal, actorOf(principal, req), res.locals.locale as string);
      flash(req, 'success', 'incentives.applied');
      res.redirect(303, `/benefits/claims/${row.id}`);
    });
  }

  // ——— the admin catalogue ———

  @Get('admin')
  @Roles(...ADMINS)
  @Render('lists/incentives/admin-list')
  async adminList(@Query('kind') kind: string | undefined, @Res({ passthrough: true }) res: Response) {
    const wanted = MEASURE_KINDS.find((k) => k === kind);
    const today = this.i18n.today();
    const rows = await this.queries.measures(wanted);
    return {
      titleKey: 'incentives.adminTitle', kind: wanted,
      kinds: MEASURE_KINDS.map((value) => ({ value, selected: value === wanted })),
      measures: rows.map((m) => ({
        ...m, inForce: m.active && m.validFrom <= today && (m.validTo === null || today <= m.validTo), conditions: this.conditionsText(m.eligibility, res.locals.locale as string),
      })),
    };
  }

  @Get('admin/new')
  @Roles(...ADMINS)
  @Render('lists/incentives/admin-form')
  async newMeasure() {
    return this.measureFormModel(null, { kind: 'incentive', validFrom: this.i18n.today(), active: true, purposes: [], lists: [] });
  }

  @Post('admin')
  @Roles(...ADMINS)
  async createMeasure(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.measureFormModel(null, this.formValues(body ?? {}));
    await handleForm(res, this.i18n, 'lists/incentives/admin-form', model, async () => {
      const form = await validateForm(CreateMeasureDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.createMeasure(form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'incentives.admin.created');
      res.redirect(303, '/benefits/admin');
    });
  }

  @Get('admin/:id/edit')
  @Roles(...ADMINS)
  @Render('lists/incentives/admin-form')
  async editMeasure(@Param('id', ParseIntPipe) id: number) {
    const m = measureRow(await this.service.measureById(id));
    return this.measureFormModel(m, this.valuesOf(m));
  }

  @Post('admin/:id')
  @Roles(...ADMINS)
  async updateMeasure(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = measureRow(await this.service.measureById(id));
    const model = await this.measureFormModel(m, { ...this.formValues(body ?? {}), code: m.code });
    await handleForm(res, this.i18n, 'lists/incentives/admin-form', model, async () => {
      const { code: _code, ...rest } = body ?? {};
      void _code;
      const form = await validateForm(MeasureFieldsDto, rest);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.updateMeasure(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'incentives.admin.updated');
      res.redirect(303, '/benefits/admin');
    });
  }

  private valuesOf(m: MeasureRow): Record<string, unknown> {
    return {
      code: m.code, kind: m.kind, category: m.category, titleZh: m.titleZh, titleEn: m.titleEn, descriptionZh: m.descriptionZh, descriptionEn: m.descriptionEn,
      purposes: m.purposes, claimable: m.claimable, lists: m.eligibility.lists ?? [], minGrade: m.eligibility.minGrade ?? '', noOpenFinding: !!m.eligibility.noOpenFinding,
      validFrom: m.validFrom, validTo: m.validTo ?? '', active: m.active,
    };
  }

  /** A posted form shown again: checkboxes and repeated fields as the form sent them. */
  private formValues(body: Record<string, unknown>): Record<string, unknown> {
    const many = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
    const on = (v: unknown) => v === 'on' || v === 'true' || v === true || v === '1';
    return { ...body, purposes: many(body.purposes), lists: many(body.lists), claimable: on(body.claimable), noOpenFinding: on(body.noOpenFinding), active: on(body.active) };
  }

  private async measureFormModel(measure: MeasureRow | null, values: Record<string, unknown>) {
    const purposes = await this.dataSource.getRepository(CheckPurposeEntity).find({ order: { sortOrder: 'ASC', code: 'ASC' } });
    const chosen = new Set(values.purposes as string[]);
    const lists = new Set(values.lists as string[]);
    return {
      titleKey: measure ? 'incentives.admin.editTitle' : 'incentives.admin.newTitle', measure, values,
      action: measure ? `/benefits/admin/${measure.id}` : '/benefits/admin',
      kinds: MEASURE_KINDS.map((value) => ({ value, checked: value === values.kind })),
      categories: MEASURE_CATEGORIES.map((value) => ({ value, selected: value === values.category })),
      grades: MEASURE_GRADES.map((value) => ({ value, selected: value === values.minGrade })),
      listKinds: LIST_KINDS.map((value) => ({ value, checked: lists.has(value) })),
      purposes: purposes.map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, active: p.active, checked: chosen.has(p.code) })),
      maxTitle: TITLE_MAX, maxDescription: DESCRIPTION_MAX,
    };
  }
}
