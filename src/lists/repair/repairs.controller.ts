import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UploadedFiles, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isOfficerOf, MANAGERS, OFFICERS, REGULATORS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { DecideRepairDto, EligibilityQueryDto, MAX_REPAIR_FILES, NOTE_MAX, refuseOtherFields, ReplyRepairDto, RepairQueryDto, STATEMENT_MAX, SubmitRepairDto } from './dto/repair.dto.js';
import { RepairErrorsFilter } from './repair-errors.filter.js';
import { NewRepairUpload, RepairEvidenceUpload } from './repair-uploads.js';
import { RepairsQueries, type RepairList, type RepairView } from './repairs.queries.js';
import { RepairsService } from './repairs.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An application as JSON: dates YYYY-MM-DD (park zone), instants ISO 8601 UTC, files with their download URL. */
function toJson(v: RepairView) {
  return {
    ...v,
    tenant: { id: v.tenant.id, name: v.tenant.name, uscc: v.tenant.uscc },
    submittedAt: iso(v.submittedAt), repliedAt: iso(v.repliedAt), decidedAt: iso(v.decidedAt),
    commitment: v.commitment ? { ...v.commitment, signedAt: iso(v.commitment.signedAt) } : null,
    trainings: v.trainings.map((x) => ({ ...x, startsAt: iso(x.startsAt) })),
    files: v.files.map((f) => ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` })),
  };
}

const listJson = (l: RepairList) => ({ ...l, items: l.items.map((i) => ({ ...i, submittedAt: iso(i.submittedAt) })) });

const FILES_SCHEMA = { type: 'array', maxItems: MAX_REPAIR_FILES, items: { type: 'string', format: 'binary' }, description: 'rectification evidence: PDF, JPEG or PNG (by content)' };

/**
 * Credit repair over JSON: tenant officers check eligibility, apply (JSON, or multipart with the
 * evidence), add evidence, withdraw; park staff (or, for a finding, its department's regulators)
 * reply; a regulator other than the replier decides with a reason.
 */
@ApiTags('lists')
@ApiBearerAuth()
@UseFilters(RepairErrorsFilter)
@Controller('api/v1/repairs')
export class RepairsController {
  constructor(private readonly service: RepairsService, private readonly queries: RepairsQueries) {}

  @Get()
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'officers: their tenant\'s applications; staff and regulators: every tenant\'s, filtered by status, subject type, due (overdue | soon), tenant or search; each with the deadline that applies in working days' })
  async list(@Query() query: RepairQueryDto, @CurrentPrincipal() principal: Principal) {
    return listJson(await this.queries.list(principal, query));
  }

  /** Whether a record may be repaired today, from when, and why not; for officers also what they may attach. */
  @Get('eligibility')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: '{ subject, eligible, eligibleOn, reasons[], needsTraining, openApplicationId, commitments[], trainings[] }' })
  @ApiNotFoundResponse({ description: 'no such record, or another tenant\'s (for an officer)' })
  async eligibility(@Query() query: EligibilityQueryDto, @CurrentPrincipal() principal: Principal) {
    const subject = await this.service.subject(query.subject, principal);
    const open = await this.service.openBySubject([subject]);
    const view = this.queries.subjectView(subject, open.get(query.subject)?.id ?? null);
    if (!isOfficerOf(principal, subject.tenantId)) return view;
    const { commitments, trainings } = await this.service.artefactsOf(subject.tenantId);
    return {
      ...view,
      commitments: commitments.map((c) => ({ ...c, signedAt: iso(c.signedAt) })),
      trainings: trainings.map((x) => ({ ...x, startsAt: iso(x.startsAt) })),
    };
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the application with its record, artefacts, deadlines and decision' })
  @ApiNotFoundResponse({ description: 'no such application, or another tenant\'s (for an officer)' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return toJson(await this.queries.view(await this.service.visible(id, principal), principal));
  }

  /** An application (JSON, or multipart with evidence in `files`); refused before eligibility with `eligibleOn`. */
  @Post()
  @Roles(...OFFICERS)
  @UseInterceptors(NewRepairUpload)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['subject', 'statement', 'commitmentSignatureId'], properties: {
    subject: { type: 'string', example: 'finding:12' }, statement: { type: 'string', maxLength: STATEMENT_MAX },
    commitmentSignatureId: { type: 'integer' }, trainingSessionIds: { type: 'array', items: { type: 'integer' } }, files: FILES_SCHEMA,
  } } })
  @ApiCreatedResponse({ description: 'the application, submitted; replyDueOn in working days' })
  @ApiConflictResponse({ description: 'not eligible yet (eligibleOn, reasons), or an application is open for the record' })
  @ApiForbiddenResponse({ description: 'the officer is bound to no tenant, or the tenant moved out' })
  async submit(@Body() dto: SubmitRepairDto, @UploadedFiles() files: UploadedPart[] | undefined, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    // Bound to the DTO (not a form-like record): JSON clients send the ids as numbers, multipart as text.
    const row = await this.service.submit(dto, files ?? [], principal, actor, 'api');
    return toJson(await this.queries.view(row, principal));
  }

  @Post(':id/evidence')
  @Roles(...OFFICERS)
  @UseInterceptors(RepairEvidenceUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['files'], properties: { files: FILES_SCHEMA } } })
  @ApiCreatedResponse({ description: 'the application with its evidence' })
  @ApiConflictResponse({ description: 'the application is no longer open' })
  async evidence(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    refuseOtherFields(body);
    const row = await this.service.addEvidence(id, files ?? [], principal, actor);
    return toJson(await this.queries.view(row, principal));
  }

  @Post(':id/withdraw')
  @Roles(...OFFICERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the application, withdrawn' })
  @ApiConflictResponse({ description: 'already decided' })
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.withdraw(id, principal, actor);
    return toJson(await this.queries.view(row, principal));
  }

  /** The reply (受理): park staff, or a regulator of the finding's department; the decision is then due in working days. */
  @Post(':id/reply')
  @Roles(...MANAGERS, ...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: ReplyRepairDto, description: `note: at most ${NOTE_MAX} characters` })
  @ApiOkResponse({ description: 'the application, in review, with decisionDueOn' })
  @ApiForbiddenResponse({ description: 'a regulator of another department' })
  @ApiConflictResponse({ description: 'replied to already, or closed' })
  async reply(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.reviewable(id);
    const dto = await validateOrThrow(ReplyRepairDto, body ?? {});
    const row = await this.service.reply(id, dto, principal, actor);
    return toJson(await this.queries.view(row, principal));
  }

  /** A regulator's decision with its reason; approval ends the record's effect (never deleted). */
  @Post(':id/decision')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: DecideRepairDto })
  @ApiOkResponse({ description: 'the application after the decision' })
  @ApiForbiddenResponse({ description: 'the regulator replied to it, or is of another department (a finding)' })
  @ApiConflictResponse({ description: 'not in review, or no evidence to approve' })
  async decide(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.reviewable(id);
    const dto = await validateOrThrow(DecideRepairDto, body ?? {});
    const row = await this.service.decide(id, dto, principal, actor);
    return toJson(await this.queries.view(row, principal));
  }
}
