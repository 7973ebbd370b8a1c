import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UploadedFiles, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, OFFICERS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { SELF_REPORT_KINDS } from '../domain/self-report.rules.js';
import { DecideSelfReportDto, DESCRIPTION_MAX, ISSUER_MAX, MAX_EVIDENCE_FILES, SelfReportQueryDto, SubmitSelfReportDto, TITLE_MAX, refuseOtherFields } from './dto/self-report.dto.js';
import { NewSelfReportUpload, SelfReportEvidenceUpload } from './self-report-uploads.js';
import { SelfReportsQueries, type SelfReportList, type SelfReportView } from './self-reports.queries.js';
import { SelfReportsService } from './self-reports.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A claim as JSON: dates YYYY-MM-DD (park zone), instants ISO 8601 UTC, files with their download URL. */
function toJson(v: SelfReportView) {
  return {
    ...v,
    tenant: { id: v.tenant.id, name: v.tenant.name, uscc: v.tenant.uscc },
    submittedAt: iso(v.submittedAt), decidedAt: iso(v.decidedAt),
    files: v.files.map((f) => ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` })),
  };
}

const listJson = (l: SelfReportList) => ({ ...l, items: l.items.map((i) => ({ ...i, submittedAt: iso(i.submittedAt) })) });

const FILES_SCHEMA = { type: 'array', maxItems: MAX_EVIDENCE_FILES, items: { type: 'string', format: 'binary' }, description: 'PDF, JPEG or PNG (by content)' };

/**
 * Self-reported positive items over JSON: tenant officers claim (multipart with evidence, or JSON and
 * the evidence after), add evidence, withdraw; park staff approve or reject with a reason; readers list.
 */
@ApiTags('scoring')
@ApiBearerAuth()
@Controller('api/v1/self-reports')
export class SelfReportsController {
  constructor(private readonly service: SelfReportsService, private readonly queries: SelfReportsQueries) {}

  @Get()
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'officers: their tenant\'s claims; staff and regulators: every tenant\'s, filtered by status, kind, tenant or search; counts per status' })
  async list(@Query() query: SelfReportQueryDto, @CurrentPrincipal() principal: Principal) {
    return listJson(await this.queries.list(principal, query));
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the claim with its evidence and decision' })
  @ApiNotFoundResponse({ description: 'no such claim, or another tenant\'s (for an officer)' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return toJson(await this.queries.view(await this.service.visible(id, principal), principal));
  }

  /** A claim (JSON, or multipart with evidence in `files`); it awaits park staff's decision. */
  @Post()
  @Roles(...OFFICERS)
  @UseInterceptors(NewSelfReportUpload)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['kind', 'title', 'description', 'occurredOn'], properties: {
    kind: { type: 'string', enum: [...SELF_REPORT_KINDS] }, title: { type: 'string', maxLength: TITLE_MAX }, description: { type: 'string', maxLength: DESCRIPTION_MAX },
    issuer: { type: 'string', maxLength: ISSUER_MAX }, occurredOn: { type: 'string', format: 'date' }, files: FILES_SCHEMA,
  } } })
  @ApiCreatedResponse({ description: 'the claim, pending' })
  @ApiForbiddenResponse({ description: 'the officer is bound to no tenant, or the tenant moved out' })
  async submit(
    @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
  ) {
    const dto = await validateOrThrow(SubmitSelfReportDto, body ?? {});
    const row = await this.service.submit(dto, files ?? [], principal, actor, 'api');
    return toJson(await this.queries.view(row, principal));
  }

  /** More evidence for a pending claim of the officer's tenant (multipart `files`; at most 10 in all). */
  @Post(':id/evidence')
  @Roles(...OFFICERS)
  @UseInterceptors(SelfReportEvidenceUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['files'], properties: { files: FILES_SCHEMA } } })
  @ApiCreatedResponse({ description: 'the claim with its evidence' })
  @ApiConflictResponse({ description: 'the claim is no longer pending' })
  async evidence(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
  ) {
    refuseOtherFields(body);
    const row = await this.service.addEvidence(id, files ?? [], principal, actor);
    return toJson(await this.queries.view(row, principal));
  }

  @Post(':id/withdraw')
  @Roles(...OFFICERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the claim, withdrawn' })
  @ApiConflictResponse({ description: 'the claim is no longer pending' })
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.withdraw(id, principal, actor);
    return toJson(await this.queries.view(row, principal));
  }

  /** Park staff approve (it counts from today for the day it occurred) or reject with a reason. */
  @Post(':id/decision')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiBody({ type: DecideSelfReportDto })
  @ApiOkResponse({ description: 'the claim after the decision' })
  @ApiConflictResponse({ description: 'the claim is no longer pending, or has no evidence to approve' })
  async decide(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.decidable(id);
    const dto = await validateOrThrow(DecideSelfReportDto, body ?? {});
    const row = await this.service.decide(id, dto, principal, actor);
    return toJson(await this.queries.view(row, principal));
  }
}
