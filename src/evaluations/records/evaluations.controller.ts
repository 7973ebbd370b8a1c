import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, UploadedFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { EVALUATION_READERS, EVALUATORS, MANAGERS, OFFICERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { sendDownload, TABULAR_CONTENT_TYPES } from '../../common/tabular/tabular-export.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { DisputeDto, EvaluationExportQueryDto, EvaluationQueryDto, ResolveDisputeDto, SubmitEvaluationDto } from './dto/evaluation.dto.js';
import { EvaluationsQueries, type EvaluationListItem, type EvaluationView } from './evaluations.queries.js';
import { EvaluationsService } from './evaluations.service.js';
import { EngagementsQueries } from './engagements.queries.js';
import { DisputeUpload, ReportUpload } from './evaluation-uploads.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const listItem = (v: EvaluationListItem) => ({ ...v, submittedAt: iso(v.submittedAt) });


/**
 * Evaluations over JSON: evaluators submit (`POST /api/v1/evaluations`, then the PDF report with
 * `POST /api/v1/evaluations/:id/report`, multipart field `report`), staff accept and resolve
 * disputes, officers dispute; everyone allowed reads, scoped like the pages.
 */
@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('api/v1')
export class EvaluationsController {
  constructor(private readonly service: EvaluationsService, private readonly queries: EvaluationsQueries, private readonly engagements: EngagementsQueries) {}

  @Get('evaluation-dimensions')
  @Roles(...EVALUATION_READERS)
  @ApiOkResponse({ description: 'the scoring dimensions (code, labels, order, active); new evaluations score every active one' })
  async dimensions() {
    return (await this.queries.dimensions()).map((d) => ({ code: d.code, labelZh: d.labelZh, labelEn: d.labelEn, sortOrder: d.sortOrder, active: d.active }));
  }

  @Get('evaluations')
  @Roles(...EVALUATION_READERS)
  @ApiOkResponse({ description: 'evaluations, filtered (status, grade, institutionId, dispute=open, q tenant, from/to on the period end), newest first, paginated; officers see their tenant’s, evaluators their institution’s' })
  async list(@Query() query: EvaluationQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.queries.list(query, principal);
    return { ...page, items: page.items.map(listItem) };
  }

  @Get('evaluations/export')
  @Roles(...EVALUATION_READERS)
  @ApiProduces(TABULAR_CONTENT_TYPES.csv, TABULAR_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the filtered list as attachment evaluations-YYYY-MM-DD.csv or .xlsx, a column per dimension' })
  async export(@Query() query: EvaluationExportQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    await sendDownload(res, format, this.queries.fileName(format), (out) => this.queries.write(format, query, principal, res.locals.locale as string, out));
  }

  @Get('evaluations/engagements')
  @Roles(...EVALUATORS)
  @ApiOkResponse({ description: 'the active engagements of the evaluator’s institution, by due date' })
  async myEngagements(@CurrentPrincipal() principal: Principal) {
    return this.engagements.openFor(principal);
  }

  @Post('evaluations')
  @Roles(...EVALUATORS)
  @ApiCreatedResponse({ description: 'the evaluation, submitted; upload the PDF report next' })
  @ApiForbiddenResponse({ description: 'evaluations.notBound, evaluations.accreditationLapsed or evaluations.notEngaged' })
  async submit(@Body() dto: SubmitEvaluationDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const evaluation = await this.service.submit(dto, [], principal, actor, 'api');
    return this.view(await this.queries.get(evaluation.id, principal));
  }

  @Get('evaluations/:id')
  @Roles(...EVALUATION_READERS)
  @ApiOkResponse({ description: 'the evaluation with its scores, report and disputes' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.view(await this.queries.get(id, principal));
  }

  @Post('evaluations/:id/report')
  @Roles(...EVALUATORS)
  @UseInterceptors(ReportUpload)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ description: 'the evaluation with its report (a PDF, field `report`); the latest report counts' })
  @ApiConflictResponse({ description: 'the evaluation is no longer submitted' })
  async report(@Param('id', ParseIntPipe) id: number, @UploadedFile() report: UploadedPart | undefined, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.uploadReport(id, report ? [report] : [], principal, actor);
    return this.view(await this.queries.get(id, principal));
  }

  @Post('evaluations/:id/accept')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the evaluation, accepted: it counts from today until validUntil' })
  @ApiConflictResponse({ description: 'not submitted, under an open dispute, or without a report' })
  async accept(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.accept(id, principal, actor);
    return this.view(await this.queries.get(id, principal));
  }

  @Post('evaluations/:id/disputes')
  @Roles(...OFFICERS)
  @UseInterceptors(DisputeUpload)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiCreatedResponse({ description: 'the evaluation with the new open dispute (reasons; files optional in field `files` when multipart)' })
  @ApiConflictResponse({ description: 'voided, or a dispute is already open' })
  async dispute(@Param('id', ParseIntPipe) id: number, @Body() dto: DisputeDto, @UploadedFiles() files: UploadedPart[] | undefined, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.dispute(id, dto, files ?? [], principal, actor);
    return this.view(await this.queries.get(id, principal));
  }

  @Post('evaluations/disputes/:id/resolve')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the evaluation after the resolution: upheld voids it, corrected applies `grade`/`scores`, rejected lets it stand (accepted)' })
  @ApiConflictResponse({ description: 'the dispute is already resolved' })
  async resolve(@Param('id', ParseIntPipe) id: number, @Body() dto: ResolveDisputeDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const dispute = await this.service.resolve(id, dto, principal, actor);
    return this.view(await this.queries.get(dispute.evaluationId, principal));
  }

  private view(v: EvaluationView) {
    const file = (f: { id: number; fileName: string; contentType: string; size: number; sha256: string; createdAt: Date }) => ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` });
    const dispute = (d: EvaluationView['disputes'][number]) => ({ ...d, filedAt: iso(d.filedAt), resolvedAt: iso(d.resolvedAt), files: d.files.map(file) });
    return {
      ...v, submittedAt: iso(v.submittedAt), acceptedAt: iso(v.acceptedAt), report: v.report ? file(v.report) : null,
      scores: Object.fromEntries(v.scores.map((s) => [s.code, s.score])), dimensions: v.scores,
      disputes: v.disputes.map(dispute), openDispute: v.openDispute ? dispute(v.openDispute) : null,
    };
  }
}
