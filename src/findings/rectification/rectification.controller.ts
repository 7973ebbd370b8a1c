import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UploadedFiles, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { OFFICERS, TENANT_READERS, VERIFIERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { DecideRectificationDto, MAX_EVIDENCE_FILES, RectificationQueueQueryDto, SubmitRectificationDto } from './dto/rectification.dto.js';
import { EvidenceUpload } from './evidence-upload.js';
import { RectificationQueries, type RectificationView } from './rectification.queries.js';
import { RectificationService } from './rectification.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A finding's rectification as JSON: dates YYYY-MM-DD (park zone), instants ISO 8601 UTC, files with their download URL. */
function toJson(v: RectificationView) {
  return {
    finding: { ...v.finding, tenant: { id: v.finding.tenant.id, name: v.finding.tenant.name, uscc: v.finding.tenant.uscc } },
    submissions: v.submissions.map((s) => ({
      ...s, submittedAt: iso(s.submittedAt), decidedAt: iso(s.decidedAt),
      files: s.files.map((f) => ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` })),
    })),
    pendingId: v.pendingId,
  };
}

/**
 * Rectification over JSON: the tenant's officers submit a statement with evidence files (multipart),
 * the verifier (the department's regulator, or park staff where the department delegated it) decides;
 * the work queue as the caller sees it.
 */
@ApiTags('findings')
@ApiBearerAuth()
@Controller('api/v1/findings')
export class RectificationController {
  constructor(private readonly service: RectificationService, private readonly queries: RectificationQueries) {}

  @Get('rectifications')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'verifiers: evidence awaiting verification and overdue rectifications of the findings they verify; officers: their tenant\'s open ones; counts per state' })
  async queue(@Query() query: RectificationQueueQueryDto, @CurrentPrincipal() principal: Principal) {
    return this.queries.queue(principal, query);
  }

  @Get(':id/rectification')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the finding\'s rectification: state, deadline, submissions with files and decisions' })
  @ApiNotFoundResponse({ description: 'no such finding, or another tenant\'s (for an officer)' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return toJson(await this.queries.view(id, principal));
  }

  /** The officer's statement and evidence (multipart: `statement`, `files` — at least one, at most 10). */
  @Post(':id/rectification')
  @Roles(...OFFICERS)
  @UseInterceptors(EvidenceUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['statement', 'files'], properties: {
    statement: { type: 'string', maxLength: 5000 }, files: { type: 'array', maxItems: MAX_EVIDENCE_FILES, items: { type: 'string', format: 'binary' } },
  } } })
  @ApiCreatedResponse({ description: 'the rectification, now awaiting verification' })
  @ApiConflictResponse({ description: 'nothing to rectify, evidence already awaiting verification, or already verified' })
  async submit(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @UploadedFiles() files: UploadedPart[] | undefined,
    @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
  ) {
    const dto = await validateOrThrow(SubmitRectificationDto, body ?? {});
    await this.service.submit(id, dto, files ?? [], principal, actor);
    return toJson(await this.queries.view(id, principal));
  }

  /** The verifier verifies the evidence awaiting it (closes the rectification) or returns it with a reason. */
  @Post('rectifications/:id/decision')
  @Roles(...VERIFIERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the finding\'s rectification after the decision' })
  @ApiForbiddenResponse({ description: 'not the finding\'s department\'s regulator, nor park staff of a delegating department' })
  @ApiConflictResponse({ description: 'the submission was already decided' })
  @ApiBody({ type: DecideRectificationDto })
  async decide(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    // Who may decide is settled before the body is looked at, as on the page: 403 whatever was sent.
    await this.service.decidable(id, principal);
    const dto = await validateOrThrow(DecideRectificationDto, body ?? {});
    const row = await this.service.decide(id, dto, principal, actor);
    return toJson(await this.queries.view(row.findingId, principal));
  }
}
