import { Body, Controller, Get, Next, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { isManager, isOfficerOf, isRegulator, MANAGERS, OFFICERS, READERS, REGULATORS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { formatBytes } from '../../common/format-bytes.js';
import { pagerOf, PageQueryDto } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { isMonth, monthOf, OBJECTION_ANSWERS, previousMonth, SCORE_GRADES } from '../domain/month-cycle.rules.js';
import { CycleQueries } from './cycle.queries.js';
import { CycleService } from './cycle.service.js';
import { MonthRunService } from './month-run.service.js';
import {
  ADJUSTMENT_MAX, AdjustDto, AnswerObjectionDto, CHANGE_FILTERS, CountersignDto, ErratumDto, MAX_OBJECTION_FILES, NOTE_MAX, ObjectionDto, REASON_MAX, RunMonthDto,
  SnapshotExportQueryDto, SnapshotQueryDto,
} from './dto/cycle.dto.js';
import { ObjectionUpload } from './objection-upload.js';

const STATUS_BADGE: Record<string, string> = { computing: 'badge-pending', draft: 'badge-excuse-pending', countersigned: 'badge-active', published: 'badge-signed' };

/**
 * The monthly cycle's pages: /scores (months, "run month"), /scores/:month (distribution, movers,
 * every change, objections queue, countersignature, publication, errata) and
 * /scores/:month/tenants/:tenantId (the snapshot with its explanation, the adjustment form, the
 * objections with their answer forms; for the tenant's officer the objection form while the window is open).
 */
@ApiExcludeController()
@Controller('scores')
export class CyclePagesController {
  constructor(
    private readonly service: CycleService,
    private readonly queries: CycleQueries,
    private readonly runs: MonthRunService,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(...READERS)
  @Render('scores/months')
  async months(@Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.monthsModel(query, principal, {});
  }

  @Post('run')
  @Roles(...MANAGERS)
  async run(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.monthsModel({}, principal, body ?? {});
    await handleForm(res, this.i18n, 'scores/months', model, async () => {
      const form = await validateForm(RunMonthDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.requestRun(form.value.month, form.value.restart === true, actorOf(principal, req));
      flash(req, 'success', 'scoringCycle.runQueued', { month: form.value.month });
      res.redirect(303, `/scores/${form.value.month}`);
    });
  }

  /** Anything that is not a month (the year's pages under /scores/annual) goes on to its own route. */
  @Get(':month')
  @Roles(...READERS)
  async month(
    @Param('month') month: string, @Query() query: SnapshotQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response, @Next() next: NextFunction,
  ): Promise<void> {
    if (!isMonth(month)) return next();
    res.render('scores/month', await this.monthModel(month, query, principal, {}));
  }

  @Get(':month/export')
  @Roles(...READERS)
  async export(@Param('month') month: string, @Query() query: SnapshotExportQueryDto, @Res() res: Response): Promise<void> {
    await this.service.month(month);
    const format = query.format ?? 'csv';
    await sendDownload(res, format, this.queries.fileName(month, format), (out) => this.queries.write(month, format, query, res.locals.locale as string, out));
  }

  @Post(':month/countersign')
  @Roles(...REGULATORS)
  async countersign(@Param('month') month: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.monthModel(month, {}, principal, { countersign: body ?? {} })), countersignForm: true };
    await handleForm(res, this.i18n, 'scores/month', model, async () => {
      const form = await validateForm(CountersignDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.countersign(month, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'scoringCycle.countersigned', { month });
      res.redirect(303, `/scores/${month}`);
    });
  }

  @Post(':month/publish')
  @Roles(...MANAGERS)
  async publish(@Param('month') month: string, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.monthModel(month, {}, principal, {})), publishForm: true };
    await handleForm(res, this.i18n, 'scores/month', model, async () => {
      await this.service.publish(month, principal, actorOf(principal, req), res.locals.locale as string);
      flash(req, 'success', 'scoringCycle.published', { month });
      res.redirect(303, `/scores/${month}`);
    });
  }

  @Post(':month/errata')
  @Roles(...MANAGERS)
  async erratum(@Param('month') month: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { ...(await this.monthModel(month, {}, principal, { erratum: body ?? {} })), erratumForm: true };
    await handleForm(res, this.i18n, 'scores/month', model, async () => {
      const form = await validateForm(ErratumDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const e = await this.service.erratum(month, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'scoringCycle.erratumRecorded', { number: e.number });
      res.redirect(303, `/scores/${month}`);
    });
  }

  @Get(':month/tenants/:tenantId')
  @Roles(...TENANT_READERS)
  @TenantScoped('tenantId')
  @Render('scores/snapshot')
  async snapshot(@Param('month') month: string, @Param('tenantId', ParseIntPipe) tenantId: number, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    return this.snapshotModel(month, tenantId, principal, res.locals.locale as Locale, {});
  }

  @Post(':month/tenants/:tenantId/adjustment')
  @Roles(...MANAGERS)
  async adjust(
    @Param('month') month: string, @Param('tenantId', ParseIntPipe) tenantId: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.snapshotModel(month, tenantId, principal, res.locals.locale as Locale, { adjustment: body ?? {} })), adjustForm: true };
    await handleForm(res, this.i18n, 'scores/snapshot', model, async () => {
      const form = await validateForm(AdjustDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.adjust(month, tenantId, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'scoringCycle.adjusted');
      res.redirect(303, `/scores/${month}/tenants/${tenantId}`);
    });
  }

  @Post(':month/tenants/:tenantId/objections')
  @Roles(...OFFICERS)
  @TenantScoped('tenantId')
  @UseInterceptors(ObjectionUpload)
  async object(
    @Param('month') month: string, @Param('tenantId', ParseIntPipe) tenantId: number, @Body() body: Record<string, unknown>,
    @UploadedFiles() files: UploadedPart[] | undefined, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.snapshotModel(month, tenantId, principal, res.locals.locale as Locale, { objection: body ?? {} })), objectionForm: true };
    await handleForm(res, this.i18n, 'scores/snapshot', model, async () => {
      const form = await validateForm(ObjectionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.object(month, tenantId, form.value, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'scoringCycle.objected');
      res.redirect(303, `/scores/${month}/tenants/${tenantId}`);
    });
  }

  @Post(':month/objections/:id/answer')
  @Roles(...MANAGERS)
  async answer(
    @Param('month') month: string, @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const { objection } = await this.service.objection(month, id);
    const model = { ...(await this.snapshotModel(month, objection.tenantId, principal, res.locals.locale as Locale, { answer: { ...(body ?? {}), id } })), answerForm: id };
    await handleForm(res, this.i18n, 'scores/snapshot', model, async () => {
      const form = await validateForm(AnswerObjectionDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.answer(month, id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'scoringCycle.answered');
      res.redirect(303, `/scores/${month}/tenants/${objection.tenantId}`);
    });
  }

  private async monthsModel(query: PageQueryDto, principal: Principal, values: Record<string, unknown>) {
    const page = await this.queries.months(query);
    const current = monthOf(this.i18n.today());
    return {
      titleKey: 'scoringCycle.title', page: { ...page, items: page.items.map((m) => ({ ...m, badge: STATUS_BADGE[m.status], running: this.runs.isRunning(m.month) })) },
      filters: { pageSize: query.pageSize }, canRun: isManager(principal),
      runValues: { month: values.month ?? current, restart: values.restart }, runMonths: [current, previousMonth(current), previousMonth(previousMonth(current))],
      ...pagerOf(page),
    };
  }

  private async monthModel(month: string, query: SnapshotQueryDto, principal: Principal, values: Record<string, Record<string, unknown>>) {
    const [review, snapshots] = await Promise.all([this.queries.review(month), this.queries.snapshots(month, query)]);
    const status = review.summary.status;
    const filters = { grade: query.grade, changed: query.changed, disputed: query.disputed ? 'true' : undefined, q: query.q, pageSize: query.pageSize };
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]): [string, string] => [k, String(v)])).toString();
    const missing = review.missing;
    return {
      titleKey: 'scoringCycle.monthTitle', month: review.summary, badge: STATUS_BADGE[status], running: this.runs.isRunning(month),
      computing: status === 'computing', published: status === 'published', refreshSeconds: status === 'computing' ? 5 : undefined,
      distribution: review.distribution,
      bars: review.distribution.map((r, i) => ({ ...r, y: i * 20 + 2, textY: i * 20 + 14, barWidth: Math.round(r.width * 3), labelX: 30 + Math.round(r.width * 3) })),
      distributionTotal: review.distribution.reduce((s, r) => s + r.n, 0),
      movers: review.movers, objections: review.objections, errata: review.errata, missing,
      missingText: missing && !missing.ready ? this.service.describeMissing(missing, this.i18n.defaultLocale) : null,
      page: snapshots, filters, exportQuery, base: `/scores/${month}`,
      grades: SCORE_GRADES.map((value) => ({ value, selected: value === query.grade })),
      changes: CHANGE_FILTERS.map((value) => ({ value, selected: value === query.changed })),
      canRun: isManager(principal) && status !== 'published',
      canCountersign: isRegulator(principal) && status === 'draft',
      canPublish: isManager(principal) && (status === 'draft' || status === 'countersigned'),
      canErratum: isManager(principal) && status === 'published',
      countersignValues: values.countersign ?? {}, erratumValues: values.erratum ?? {}, maxNote: NOTE_MAX, maxReason: REASON_MAX,
      ...pagerOf(snapshots),
    };
  }

  private async snapshotModel(month: string, tenantId: number, principal: Principal, locale: Locale, values: Record<string, Record<string, unknown>>) {
    const v = await this.queries.snapshotView(month, tenantId, principal, locale);
    const status = v.month.status;
    const inReview = status === 'draft' || status === 'countersigned';
    const officer = isOfficerOf(principal, tenantId);
    const answer = values.answer ?? {};
    return {
      titleKey: 'scoringCycle.snapshotTitle', ...v, badge: STATUS_BADGE[status], published: status === 'published', inReview, officer,
      canAdjust: isManager(principal) && inReview,
      adjustRefused: isManager(principal) && status === 'published',
      canObject: officer && inReview && v.objectionWindowOpen,
      objectionClosed: officer && inReview && !v.objectionWindowOpen,
      canAnswer: isManager(principal) && inReview,
      objections: v.objections.map((o) => ({
        ...o, open: o.status === 'open', answerValues: answer.id === o.id ? answer : {},
        answers: OBJECTION_ANSWERS.map((value) => ({ value, checked: answer.id === o.id && answer.answer === value })),
      })),
      adjustmentValues: values.adjustment ?? { points: v.snapshot.adjustment || '', reason: v.snapshot.adjustmentReason ?? '' },
      objectionValues: values.objection ?? {},
      contributionOptions: v.contributionOptions.map((c) => ({ ...c, selected: c.key === (values.objection ?? {}).contribution })),
      maxFiles: MAX_OBJECTION_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxReason: REASON_MAX, adjustmentMax: ADJUSTMENT_MAX,
    };
  }
}
