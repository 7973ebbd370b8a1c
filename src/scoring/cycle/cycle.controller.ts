import {
  ArgumentsHost, Body, Catch, Controller, ExceptionFilter, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, UploadedFiles, UseFilters, UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, OFFICERS, READERS, REGULATORS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { sendDownload, TABULAR_CONTENT_TYPES } from '../../common/tabular/tabular-export.js';
import { validateOrThrow } from '../../common/validation.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { MonthNotPublishableError } from './cycle.errors.js';
import { CycleQueries, type MonthSummary, type ObjectionView } from './cycle.queries.js';
import { CycleService } from './cycle.service.js';
import {
  AdjustDto, AnswerObjectionDto, CountersignDto, ErratumDto, MAX_OBJECTION_FILES, ObjectionDto, RunMonthBodyDto, SnapshotExportQueryDto, SnapshotQueryDto,
} from './dto/cycle.dto.js';
import { ObjectionUpload } from './objection-upload.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const monthJson = (m: MonthSummary) => ({ ...m, computedAt: iso(m.computedAt), countersignedAt: iso(m.countersignedAt), publishedAt: iso(m.publishedAt) });
const objectionJson = (o: ObjectionView) => ({
  ...o, filedAt: iso(o.filedAt), answeredAt: iso(o.answeredAt), files: o.files.map((f) => ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` })),
});

/** A month that cannot be published yet: 409 with the message and `missing` (countersignature, openObjections, objectionWindowOpenUntil). */
@Catch(MonthNotPublishableError)
export class NotPublishableFilter implements ExceptionFilter {
  constructor(private readonly i18n: I18nService) {}

  catch(err: MonthNotPublishableError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const locale = (res.locals?.locale as string | undefined) ?? this.i18n.defaultLocale;
    const { ready: _ready, ...missing } = err.missing;
    res.status(409).json({ statusCode: 409, error: 'scoringCycle.notPublishable', message: this.i18n.t(locale, err.messageKey, err.params), missing });
  }
}

/**
 * The monthly cycle over JSON: months and their review (staff, regulators), one tenant's snapshot
 * (also its own officers), the run, adjustments, objections (officers, multipart with evidence or
 * JSON) and answers, countersignature (regulators), publication (409 with what is missing) and errata.
 */
@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/v1/score-months')
@UseFilters(NotPublishableFilter)
export class CycleController {
  constructor(private readonly service: CycleService, private readonly queries: CycleQueries) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'months, newest first: status, counts, open objections, errata, countersigned and published by' })
  async months(@Query() query: PageQueryDto) {
    const page = await this.queries.months(query);
    return { ...page, items: page.items.map(monthJson) };
  }

  @Get(':month')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'a month for review: summary, grade distribution, biggest movers each way, open objections, errata, and what publication still needs' })
  @ApiNotFoundResponse({ description: 'no such month' })
  async month(@Param('month') month: string) {
    const r = await this.queries.review(month);
    return {
      ...monthJson(r.summary),
      distribution: r.distribution.map(({ grade, n, share }) => ({ grade, count: n, share })),
      movers: r.movers,
      objections: { total: r.objections.total, items: r.objections.items.map(objectionJson) },
      errata: r.errata.map((e) => ({ ...e, createdAt: iso(e.createdAt) })),
      missing: r.missing ? { countersignature: r.missing.countersignature, openObjections: r.missing.openObjections, objectionWindowOpenUntil: r.missing.objectionWindowOpenUntil } : null,
    };
  }

  @Get(':month/snapshots')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'every snapshot of the month by tenant name, filtered (grade, changed=changed|up|down|gradeChanged|new, disputed, q) and paginated' })
  async snapshots(@Param('month') month: string, @Query() query: SnapshotQueryDto) {
    return this.queries.snapshots(month, query);
  }

  @Get(':month/export')
  @Roles(...READERS)
  @ApiProduces(TABULAR_CONTENT_TYPES.csv, TABULAR_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the filtered snapshots as scores-YYYY-MM.csv or .xlsx' })
  async export(@Param('month') month: string, @Query() query: SnapshotExportQueryDto, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    await this.queries.monthSummary(month);
    await sendDownload(res, format, this.queries.fileName(month, format), (out) => this.queries.write(month, format, query, res.locals.locale as string, out));
  }

  @Get(':month/tenants/:tenantId')
  @Roles(...TENANT_READERS)
  @TenantScoped('tenantId')
  @ApiOkResponse({ description: 'the tenant’s snapshot: score, grade, adjustment, explanation (contributions and overrides), changes since the last published month, objections with evidence and answers, errata' })
  @ApiNotFoundResponse({ description: 'no such month or snapshot, or another tenant’s (for an officer)' })
  async snapshot(@Param('month') month: string, @Param('tenantId', ParseIntPipe) tenantId: number, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const v = await this.queries.snapshotView(month, tenantId, principal, res.locals.locale as Locale);
    return {
      month: monthJson(v.month), tenant: v.tenant, ...v.snapshot, adjustedAt: iso(v.snapshot.adjustedAt),
      explanation: {
        base: v.stored.base, total: v.snapshot.score, computedTotal: v.stored.total, grade: v.snapshot.grade, bandGrade: v.snapshot.bandGrade, gradeNote: v.stored.gradeNote,
        contributions: v.stored.contributions.map((c) => ({ rule: c.rule, points: c.points, source: c.source, tier: c.tier, capped: c.capped, date: c.date })),
        overrides: v.stored.overrides, rulebookVersion: v.explanation.rulebookVersion, equation: v.explanation.equation,
      },
      changes: v.changes,
      objections: v.objections.map(objectionJson),
      errata: v.errata.map((e) => ({ ...e, createdAt: iso(e.createdAt) })),
      objectionWindowOpen: v.objectionWindowOpen,
    };
  }

  @Post(':month/run')
  @Roles(...MANAGERS)
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'the run is queued (the month-end job); GET the month to follow it (status computing → draft)' })
  @ApiConflictResponse({ description: 'the month is published' })
  async run(@Param('month') month: string, @Body() dto: RunMonthBodyDto, @CurrentActor() actor: Actor) {
    return { month, queued: true, ...(await this.service.requestRun(month, dto.restart === true, actor)) };
  }

  @Post(':month/tenants/:tenantId/adjustment')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the snapshot after the adjustment (a countersignature is voided)' })
  @ApiConflictResponse({ description: 'the month is published (use an erratum) or computing' })
  async adjust(
    @Param('month') month: string, @Param('tenantId', ParseIntPipe) tenantId: number, @Body() dto: AdjustDto,
    @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
  ) {
    const s = await this.service.adjust(month, tenantId, dto, principal, actor);
    return { tenantId, computedScore: s.computedScore, adjustment: s.adjustment, adjustmentReason: s.adjustmentReason, score: s.score, grade: s.grade };
  }

  @Post(':month/tenants/:tenantId/objections')
  @Roles(...OFFICERS)
  @TenantScoped('tenantId')
  @UseInterceptors(ObjectionUpload)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ schema: { type: 'object', required: ['reason'], properties: {
    contribution: { type: 'string', description: '`RULE:sourceType:sourceId`; absent: the whole result' }, reason: { type: 'string', maxLength: 2000 },
    files: { type: 'array', maxItems: MAX_OBJECTION_FILES, items: { type: 'string', format: 'binary' } },
  } } })
  @ApiCreatedResponse({ description: 'the objection, open' })
  @ApiConflictResponse({ description: 'the window closed (the message names the day), or the month is not under review' })
  async object(
    @Param('month') month: string, @Param('tenantId', ParseIntPipe) tenantId: number, @Body() body: Record<string, unknown>,
    @UploadedFiles() files: UploadedPart[] | undefined, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response,
  ) {
    const dto = await validateOrThrow(ObjectionDto, body ?? {});
    const row = await this.service.object(month, tenantId, dto, files ?? [], principal, actor);
    const v = await this.queries.snapshotView(month, tenantId, principal, res.locals.locale as Locale);
    return objectionJson(v.objections.find((o) => o.id === row.id)!);
  }

  @Post(':month/objections/:id/answer')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the objection, answered (corrected: the snapshot’s adjustment is set to `points`)' })
  @ApiConflictResponse({ description: 'already answered, or the month is not under review' })
  async answer(
    @Param('month') month: string, @Param('id', ParseIntPipe) id: number, @Body() dto: AnswerObjectionDto,
    @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
  ) {
    const row = await this.service.answer(month, id, dto, principal, actor);
    return { id: row.id, tenantId: row.tenantId, status: row.status, answer: row.answer, answeredAt: iso(row.answeredAt) };
  }

  @Post(':month/countersign')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the month, countersigned' })
  @ApiConflictResponse({ description: 'not a draft (computing, already countersigned, published)' })
  async countersign(@Param('month') month: string, @Body() dto: CountersignDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.countersign(month, dto, principal, actor);
    return monthJson(await this.queries.monthSummary(month));
  }

  @Post(':month/publish')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the month, published: immutable from now on (errata only); the officers are told by a job' })
  @ApiConflictResponse({ description: '`missing`: { countersignature, openObjections, objectionWindowOpenUntil }, or already published' })
  async publish(@Param('month') month: string, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    await this.service.publish(month, principal, actor, res.locals.locale as string);
    return monthJson(await this.queries.monthSummary(month));
  }

  @Post(':month/errata')
  @Roles(...MANAGERS)
  @ApiCreatedResponse({ description: 'the erratum, numbered within the month' })
  @ApiConflictResponse({ description: 'the month is not published (adjust the draft instead)' })
  async erratum(@Param('month') month: string, @Body() dto: ErratumDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const e = await this.service.erratum(month, dto, principal, actor);
    return { id: e.id, number: e.number, tenantId: e.tenantId, beforeScore: e.beforeScore, afterScore: e.afterScore, beforeGrade: e.beforeGrade, afterGrade: e.afterGrade, reason: e.reason, createdAt: iso(e.createdAt) };
  }
}
