import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { ADMINS, isAdmin, isRegulator, READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { ConflictError, ForbiddenError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { flash, handleForm, renderForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Rulebook, RuleItem } from '../domain/rulebook.js';
import { SCORE_GRADES, type BacktestResult } from '../domain/rulebook-backtest.rules.js';
import { draftFromForm, formOf, problemsForForm, rowsOf, withMoreRows, type RulebookForm } from '../domain/rulebook-form.rules.js';
import { COUNTABLE_FACTS, GRADES, RULE_CATEGORIES, type EditableRulebook } from '../domain/rulebook-validation.rules.js';
import { NewVersionQueryDto, VersionQueryDto } from './dto/rulebook.dto.js';
import { REASON_MAX, RULEBOOK_STATUSES, RulebookVersionsService, type VersionDetail } from './rulebook-versions.service.js';
import { tierKindOf } from '../score/explanation.view.js';

const VIEW_FORM = 'rulebook/form';
const VIEW_DETAIL = 'rulebook/detail';
/** Seconds between reloads of a version page while its back-test runs. */
const REFRESH_SECONDS = 5;

/** The text inputs of an item row, in order, with their labels. */
const ITEM_INPUTS = [
  { field: 'labelZh', label: 'scoringRulebook.fields.labelZh', maxlength: 200, numeric: false },
  { field: 'labelEn', label: 'scoringRulebook.fields.labelEn', maxlength: 200, numeric: false },
  { field: 'fact', label: 'scoringRulebook.fact', maxlength: 10, numeric: false },
  { field: 'points', label: 'scoringRulebook.points', maxlength: 6, numeric: true },
  { field: 'cap', label: 'scoringRulebook.cap', maxlength: 6, numeric: true },
  { field: 'windowMonths', label: 'scoringRulebook.form.windowMonths', maxlength: 3, numeric: true },
  { field: 'tiers', label: 'scoringRulebook.tiers', maxlength: 200, numeric: false },
  { field: 'params', label: 'scoringRulebook.params', maxlength: 200, numeric: false },
] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Items of one list (positive or negative) grouped by category, for the version page. */
function itemGroups(rb: Rulebook, sign: 1 | -1, locale: string) {
  const items = Object.values(rb.items).filter((i) => i.sign === sign).sort((a, b) => a.code.localeCompare(b.code));
  return RULE_CATEGORIES.map((category) => ({
    category,
    items: items.filter((i) => (i.category ?? 'law') === category).map((i) => itemView(i, locale)),
  })).filter((g) => g.items.length);
}

function itemView(i: RuleItem, locale: string) {
  const signed = (n: number) => `${i.sign > 0 ? '+' : '−'}${n}`;
  return {
    code: i.code, fact: i.fact ?? i.code, tierKind: tierKindOf(i.fact ?? i.code),
    label: (locale === 'en' ? i.label?.en : i.label?.['zh-CN']) ?? i.code,
    points: i.tiers?.length ? null : signed(i.points),
    tiers: i.tiers?.map((t) => ({ when: t.when, points: signed(t.points) })) ?? [],
    cap: i.cap !== undefined ? signed(i.cap) : null,
    windowMonths: i.windowMonths ?? null,
    params: Object.entries(i.params ?? {}).map(([key, value]) => ({ key, value: String(value) })),
  };
}

function backtestView(result: BacktestResult | null) {
  if (!result || result.status !== 'done') return null;
  return {
    ...result,
    months: result.months.map((m) => ({ ...m, currentCounts: SCORE_GRADES.map((g) => m.current[g]), proposedCounts: SCORE_GRADES.map((g) => m.proposed[g]) })),
    sample: result.sample.map((t) => ({ ...t, cells: t.current.map((c, i) => ({ current: c, proposed: t.proposed[i], changed: c !== t.proposed[i] })) })),
  };
}

/**
 * Rulebook pages: the versions (staff, regulators and admins read), the version with its bands,
 * overrides, back-test and changes against the one in force, the editor (admins, drafts only), and
 * the regulator's approval or rejection.
 */
@ApiExcludeController()
@Controller('rulebook')
export class RulebookPagesController {
  constructor(private readonly versions: RulebookVersionsService, private readonly i18n: I18nService) {}

  @Get()
  @Roles(...READERS)
  @Render('rulebook/list')
  async list(@Query() query: VersionQueryDto, @CurrentPrincipal() principal: Principal) {
    const [page, pending] = await Promise.all([this.versions.list(query), this.versions.pending()]);
    return {
      titleKey: 'scoringRulebook.title', page, pending, ...pagerOf(page),
      filters: { status: query.status ?? '', pageSize: query.pageSize },
      statuses: RULEBOOK_STATUSES.map((value) => ({ value, selected: value === query.status })),
      canEdit: isAdmin(principal), canApprove: isRegulator(principal),
    };
  }

  @Get('versions/new')
  @Roles(...ADMINS)
  @Render(VIEW_FORM)
  async newForm(@Query() query: NewVersionQueryDto) {
    const from = query.from ? Number(query.from) : null;
    const editable = await this.versions.editableOf(from);
    const today = this.i18n.today();
    const draft: EditableRulebook = { ...editable, version: '', effectiveFrom: editable.effectiveFrom > today ? editable.effectiveFrom : today, note: '' };
    return this.formModel(formOf(draft), null, from);
  }

  @Post('versions')
  @Roles(...ADMINS)
  async create(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.save(null, body ?? {}, principal, req, res);
  }

  @Get('versions/:id')
  @Roles(...READERS)
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    res.render(VIEW_DETAIL, await this.detailModel(id, principal, res.locals.locale as string, {}));
  }

  @Get('versions/:id/edit')
  @Roles(...ADMINS)
  @Render(VIEW_FORM)
  async edit(@Param('id', ParseIntPipe) id: number) {
    const v = await this.versions.get(id);
    if (v.status !== 'draft') throw new ConflictError('scoringRulebook.errors.notDraft');
    return this.formModel(formOf(v.editable), id, null);
  }

  @Post('versions/:id')
  @Roles(...ADMINS)
  async update(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const v = await this.versions.get(id);
    if (v.status !== 'draft') throw new ConflictError('scoringRulebook.errors.notDraft');
    await this.save(id, body ?? {}, principal, req, res);
  }

  @Post('versions/:id/submit')
  @Roles(...ADMINS)
  async submit(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.act(id, req, res, 'scoringRulebook.submitted', () => this.versions.submit(id, actorOf(principal, req)));
  }

  @Post('versions/:id/backtest')
  @Roles(...ADMINS)
  async rerun(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.act(id, req, res, 'scoringRulebook.backtestQueued', () => this.versions.rerunBacktest(id, actorOf(principal, req)));
  }

  @Post('versions/:id/approve')
  @Roles(...REGULATORS)
  async approve(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.act(id, req, res, 'scoringRulebook.approved', () => this.versions.approve(id, { ...actorOf(principal, req), userId: principal.userId }));
  }

  @Post('versions/:id/reject')
  @Roles(...REGULATORS)
  async reject(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, principal, res.locals.locale as string, { reason: str(body?.reason) });
    await handleForm(res, this.i18n, VIEW_DETAIL, model, async () => {
      try {
        await this.versions.reject(id, str(body?.reason), { ...actorOf(principal, req), userId: principal.userId });
      } catch (err) {
        if (err instanceof ForbiddenError) return this.flashBack(req, res, id, err);
        throw err;
      }
      flash(req, 'success', 'scoringRulebook.rejected');
      res.redirect(303, `/rulebook/versions/${id}`);
    });
  }

  /** A state change from the version page: done → back with a notice; refused (409, or the author approving) → back with the reason. */
  /** A tier in words, as the score explanation shows it (严重, ≥ 90%, A 级). */
  private tierWords(locale: string, fact: string, tier: string): string {
    const kind = tierKindOf(fact);
    if (kind === 'severity') return this.i18n.t(locale, `scoringScore.severities.${tier}`);
    if (kind === 'threshold') return this.i18n.t(locale, 'scoringScore.explanation.threshold', { value: tier });
    if (kind === 'grade') return this.i18n.t(locale, 'scoringScore.explanation.gradeTier', { grade: tier });
    return tier;
  }

  private async act(id: number, req: Request, res: Response, done: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      if (err instanceof ConflictError || err instanceof ForbiddenError) return this.flashBack(req, res, id, err);
      throw err;
    }
    flash(req, 'success', done);
    res.redirect(303, `/rulebook/versions/${id}`);
  }

  private flashBack(req: Request, res: Response, id: number, err: ConflictError | ForbiddenError): void {
    flash(req, 'error', err.messageKey, err.params);
    res.redirect(303, `/rulebook/versions/${id}`);
  }

  private async save(id: number | null, body: Record<string, unknown>, principal: Principal, req: Request, res: Response): Promise<void> {
    const form = rowsOf(body);
    const parsed = draftFromForm(form);
    const model = this.formModel(form, id, null);
    // "More rows" re-shows the form with blank rows added, nothing saved.
    if (str(body.addRows)) return res.status(200).render(VIEW_FORM, this.formModel(withMoreRows(form), id, null));
    if (Object.keys(parsed.problems).length) return renderForm(res, this.i18n, VIEW_FORM, model, parsed.problems, 400);
    await handleForm(res, this.i18n, VIEW_FORM, model, async () => {
      try {
        const row = id === null ? await this.versions.createDraft(parsed.draft, actorOf(principal, req)) : await this.versions.updateDraft(id, parsed.draft, actorOf(principal, req));
        flash(req, 'success', 'scoringRulebook.saved');
        res.redirect(303, `/rulebook/versions/${row.id}`);
      } catch (err) {
        if (err instanceof ValidationFailedError) throw new ValidationFailedError(problemsForForm(err.fields, form, parsed.itemRows, parsed.overrideRows), err.messageKey, err.params);
        throw err;
      }
    });
  }

  private formModel(form: RulebookForm, id: number | null, from: number | null) {
    return {
      titleKey: id ? 'scoringRulebook.editTitle' : 'scoringRulebook.newTitle', id, from,
      action: id ? `/rulebook/versions/${id}` : '/rulebook/versions',
      values: form.values,
      items: form.items.map((r) => ({
        ...r, keys: Object.fromEntries(['code', 'category', 'labelZh', 'labelEn', 'fact', 'points', 'cap', 'windowMonths', 'tiers', 'params', 'remove'].map((f) => [f, `items.${r.row}.${f}`])),
        categories: RULE_CATEGORIES.map((value) => ({ value, selected: value === r.category })),
        inputs: ITEM_INPUTS.map((i) => ({ ...i, name: `items.${r.row}.${i.field}`, value: r[i.field] })),
      })),
      overrides: form.overrides.map((r) => ({
        ...r, keys: { fact: `overrides.${r.row}.fact`, tier: `overrides.${r.row}.tier`, atMost: `overrides.${r.row}.atMost`, remove: `overrides.${r.row}.remove` },
        grades: GRADES.map((value) => ({ value, selected: value === r.atMost })),
      })),
      grades: GRADES.map((g) => ({ grade: g, key: `grades.${g}`, fromKey: `grades.${g}.from`, toKey: `grades.${g}.to`, from: form.values[`grades.${g}.from`] ?? '', to: form.values[`grades.${g}.to`] ?? '' })),
      facts: COUNTABLE_FACTS.join(', '),
    };
  }

  private async detailModel(id: number, principal: Principal, locale: string, values: Record<string, unknown>) {
    const v: VersionDetail = await this.versions.get(id);
    const admin = isAdmin(principal);
    const running = v.status === 'draft' && (v.backtestState === 'running' || v.backtestState === 'stale');
    return {
      titleKey: 'scoringRulebook.versionTitle', v, values,
      refreshSeconds: running ? REFRESH_SECONDS : undefined,
      lists: [
        { titleKey: 'scoringRulebook.positives', groups: itemGroups(v.rulebook, 1, locale) },
        { titleKey: 'scoringRulebook.negatives', groups: itemGroups(v.rulebook, -1, locale) },
      ],
      dataFacts: v.editable.newTenant.dataFacts.join(', ') || this.i18n.t(locale, 'scoringRulebook.none'),
      bands: GRADES.map((g) => ({ grade: g, ...v.editable.grades[g], top: g === 'A' })),
      overrides: (v.rulebook.overrides ?? []).map((o) => ({ ...o, tierText: o.tier ? ` (${this.tierWords(locale, o.fact, o.tier)})` : '' })),
      grades: SCORE_GRADES,
      backtest: backtestView(v.backtest),
      backtestFailed: v.backtestState === 'failed',
      canEdit: admin && v.status === 'draft',
      canSubmit: admin && v.status === 'draft' && v.backtestState === 'done',
      canCopy: admin,
      canDecide: isRegulator(principal) && v.status === 'pending' && v.createdBy?.id !== principal.userId,
      ownVersion: v.createdBy?.id === principal.userId,
      maxReason: REASON_MAX,
    };
  }
}
