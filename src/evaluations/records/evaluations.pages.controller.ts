import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res, UploadedFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { EVALUATION_READERS, EVALUATORS, MANAGERS, OFFICERS, isEvaluatorOf, isManager, isOfficerOf } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { formatBytes } from '../../common/format-bytes.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { sendDownload, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { DISPUTE_OUTCOMES, EVALUATION_GRADES, EVALUATION_STATUSES } from '../domain/evaluation.rules.js';
import { DisputeDto, EvaluationQueryDto, NewEvaluationQueryDto, REASON_MAX, ResolveDisputeDto, SubmitEvaluationDto, SUMMARY_MAX } from './dto/evaluation.dto.js';
import { EvaluationsQueries } from './evaluations.queries.js';
import { EvaluationsService, MAX_DISPUTE_FILES } from './evaluations.service.js';
import { EngagementsQueries } from './engagements.queries.js';
import { DisputeUpload, NewReportUpload, ReportUpload } from './evaluation-uploads.js';

/** `score_<code>` fields of the page form → `scores` as the API takes them. */
function scoresFromForm(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('score_')).map(([k, v]) => [k.slice(6), v]));
}
const withoutScoreFields = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('score_')));

/** Evaluation pages: the list and export, the evaluator's form, the detail with its actions by role. */
@ApiExcludeController()
@Controller('evaluations')
export class EvaluationsPagesController {
  constructor(
    private readonly service: EvaluationsService,
    private readonly queries: EvaluationsQueries,
    private readonly engagements: EngagementsQueries,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(...EVALUATION_READERS)
  @Render('evaluations/list')
  async list(@Query() query: EvaluationQueryDto, @CurrentPrincipal() principal: Principal) {
    const [page, institutions] = await Promise.all([this.queries.list(query, principal), this.queries.institutionOptions(principal)]);
    const filters = { q: query.q, status: query.status, grade: query.grade, institutionId: query.institutionId, tenantId: query.tenantId, dispute: query.dispute, from: query.from, to: query.to };
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]): [string, string] => [k, String(v)])).toString();
    return {
      titleKey: 'evaluations.listTitle', page, filters, exportQuery,
      statuses: EVALUATION_STATUSES.map((value) => ({ value, selected: value === query.status })),
      grades: EVALUATION_GRADES.map((value) => ({ value, selected: value === query.grade })),
      institutions: institutions.map((i) => ({ ...i, selected: i.id === query.institutionId })),
      canSubmit: principal.role === 'evaluator',
      ...pagerOf(page),
    };
  }

  @Get('export.csv')
  @Roles(...EVALUATION_READERS)
  async exportCsv(@Query() query: EvaluationQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'csv', query, principal);
  }

  @Get('export.xlsx')
  @Roles(...EVALUATION_READERS)
  async exportXlsx(@Query() query: EvaluationQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'xlsx', query, principal);
  }

  @Get('new')
  @Roles(...EVALUATORS)
  @Render('evaluations/new')
  async newForm(@Query() query: NewEvaluationQueryDto, @CurrentPrincipal() principal: Principal) {
    await this.service.actingInstitution(principal);
    const engagement = query.engagement ? await this.service.engagementFor(principal, query.engagement) : null;
    return this.formModel(principal, engagement
      ? { engagementId: engagement.id, periodFrom: engagement.periodFrom, periodTo: engagement.periodTo }
      : {});
  }

  @Post()
  @Roles(...EVALUATORS)
  @UseInterceptors(NewReportUpload)
  async create(
    @Body() body: Record<string, unknown>, @UploadedFile() report: UploadedPart | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = await this.formModel(principal, body ?? {});
    await handleForm(res, this.i18n, 'evaluations/new', model, async () => {
      const form = await validateForm(SubmitEvaluationDto, { ...withoutScoreFields(body ?? {}), scores: scoresFromForm(body ?? {}) });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const evaluation = await this.service.submit(form.value, report ? [report] : [], principal, actorOf(principal, req), 'page');
      flash(req, 'success', 'evaluations.submitted');
      res.redirect(303, `/evaluations/${evaluation.id}`);
    });
  }

  @Post('disputes/:id/resolve')
  @Roles(...MANAGERS)
  async resolve(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const evaluationId = await this.engagements.evaluationOfDispute(id);
    const model = { ...(await this.detailModel(evaluationId, principal, {}, body ?? {})), resolveForm: true };
    await handleForm(res, this.i18n, 'evaluations/detail', model, async () => {
      const form = await validateForm(ResolveDisputeDto, { ...withoutScoreFields(body ?? {}), ...(Object.keys(scoresFromForm(body ?? {})).length ? { scores: scoresFromForm(body ?? {}) } : {}) });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const scores = form.value.scores ? Object.fromEntries(Object.entries(form.value.scores).filter(([, v]) => v !== '')) : undefined;
      await this.service.resolve(id, { ...form.value, scores: scores && Object.keys(scores).length ? scores : undefined }, principal, actorOf(principal, req));
      flash(req, 'success', `evaluations.resolved.${form.value.outcome}`);
      res.redirect(303, `/evaluations/${evaluationId}`);
    });
  }

  @Get(':id')
  @Roles(...EVALUATION_READERS)
  @Render('evaluations/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {}, {});
  }

  @Post(':id/report')
  @Roles(...EVALUATORS)
  @UseInterceptors(ReportUpload)
  async report(
    @Param('id', ParseIntPipe) id: number, @UploadedFile() report: UploadedPart | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = await this.detailModel(id, principal, {}, {});
    await handleForm(res, this.i18n, 'evaluations/detail', { ...model, reportForm: true }, async () => {
      await this.service.uploadReport(id, report ? [report] : [], principal, actorOf(principal, req));
      flash(req, 'success', 'evaluations.reportUploaded');
      res.redirect(303, `/evaluations/${id}`);
    });
  }

  @Post(':id/accept')
  @Roles(...MANAGERS)
  async accept(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.detailModel(id, principal, {}, {});
    await handleForm(res, this.i18n, 'evaluations/detail', { ...model, acceptForm: true }, async () => {
      await this.service.accept(id, principal, actorOf(principal, req));
      flash(req, 'success', 'evaluations.accepted');
      res.redirect(303, `/evaluations/${id}`);
    });
  }

  @Post(':id/dispute')
  @Roles(...OFFICERS)
  @UseInterceptors(DisputeUpload)
  async dispute(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = await this.detailModel(id, principal, body ?? {}, {});
    await handleForm(res, this.i18n, 'evaluations/detail', { ...model, disputeForm: true }, async () => {
      const form = await validateForm(DisputeDto, body ?? {});
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.dispute(id, form.value, files ?? [], principal, actorOf(principal, req));
      flash(req, 'success', 'evaluations.disputed');
      res.redirect(303, `/evaluations/${id}`);
    });
  }

  private async sendExport(res: Response, format: TabularFormat, query: EvaluationQueryDto, principal: Principal): Promise<void> {
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, principal, res.locals.locale as string, out));
  }

  private async formModel(principal: Principal, values: Record<string, unknown>) {
    const [dimensions, engagements] = await Promise.all([this.service.activeDimensions(), this.engagements.openFor(principal)]);
    const selected = String(values.engagementId ?? '');
    return {
      titleKey: 'evaluations.newTitle', values,
      engagements: engagements.map((e) => ({ ...e, selected: String(e.id) === selected })),
      dimensions: dimensions.map((d) => ({ code: d.code, labelZh: d.labelZh, labelEn: d.labelEn, field: `score_${d.code}`, errorKey: `scores.${d.code}`, value: values[`score_${d.code}`] ?? '' })),
      grades: EVALUATION_GRADES.map((value) => ({ value, selected: value === values.grade })),
      maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxSummary: SUMMARY_MAX,
    };
  }

  /** `values`: the dispute form's input; `resolution`: the resolve form's (each shown again with its errors). */
  private async detailModel(id: number, principal: Principal, values: Record<string, unknown>, resolution: Record<string, unknown>) {
    const evaluation = await this.queries.get(id, principal);
    const open = evaluation.openDispute;
    return {
      titleKey: 'evaluations.detailTitle', evaluation, values, resolution,
      canAccept: isManager(principal) && evaluation.status === 'submitted' && !open && !!evaluation.report,
      needsReport: evaluation.status === 'submitted' && !evaluation.report,
      canUploadReport: isEvaluatorOf(principal, evaluation.institution.id) && evaluation.status === 'submitted',
      canDispute: isOfficerOf(principal, evaluation.tenant.id) && evaluation.status !== 'voided' && !open,
      canResolve: isManager(principal) && !!open,
      outcomes: DISPUTE_OUTCOMES.map((value) => ({ value, checked: value === resolution.outcome })),
      grades: EVALUATION_GRADES.map((value) => ({ value, selected: value === resolution.grade })),
      scoreFields: evaluation.scores.map((s) => ({ ...s, field: `score_${s.code}`, errorKey: `scores.${s.code}`, value: resolution[`score_${s.code}`] ?? '' })),
      maxFiles: MAX_DISPUTE_FILES, maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES), maxReason: REASON_MAX,
    };
  }
}
