import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UploadedFiles, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isTenantOfficer, MANAGERS, READERS, REGULATORS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { PageQueryDto, type Page } from '../../common/pagination.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { AssignInspectorDto, DecideAbnormalDto, MAX_TASK_FILES, RecordResultDto, TaskQueryDto } from './dto/tasks.dto.js';
import { TaskEvidenceUpload } from './task-uploads.js';
import { TasksQueries, type TaskListItem, type TaskView } from './tasks.queries.js';
import { TasksService } from './tasks.service.js';
import { ForbiddenError } from '../../common/errors/domain-error.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const itemJson = (i: TaskListItem) => ({ ...i, publishedAt: iso(i.publishedAt) });

/** A task as JSON; an officer (own tenant only) sees neither the inspectors nor, before publication, the result. */
function toJson(v: TaskView, principal: Principal) {
  const officer = isTenantOfficer(principal);
  const hidden = officer && v.status !== 'published';
  return {
    ...itemJson(v), position: v.position, stratum: v.stratum, rank: officer ? null : v.rank, targetedReason: officer ? null : v.targetedReason, manualReason: officer ? null : v.manualReason,
    drawSeq: v.drawSeq, drawnAt: iso(v.drawnAt), programmeYear: v.programmeYear,
    result: hidden ? null : v.result, inspectedOn: hidden ? null : v.inspectedOn, summary: hidden ? null : v.summary,
    findingId: hidden ? null : v.findingId, abnormalStatus: officer ? null : v.abnormalStatus,
    recordedBy: officer || !v.recordedById ? null : { id: v.recordedById, name: v.recordedByName }, recordedAt: officer ? null : iso(v.recordedAt),
    publishedOn: v.publishedOn, departments: v.departments, items: v.items,
    inspectors: officer ? [] : v.inspectors, files: hidden ? [] : v.files.map((f) => ({ ...f, createdAt: iso(f.createdAt), url: `/api/v1/files/${f.id}` })),
  };
}

const pageJson = (p: Page<TaskListItem>) => ({ ...p, items: p.items.map(itemJson) });

const FILES_SCHEMA = { type: 'array', maxItems: MAX_TASK_FILES, items: { type: 'string', format: 'binary' }, description: 'evidence: PDF, JPEG or PNG (by content)' };

/**
 * Inspection tasks over JSON: readers list and filter every task; an inspector lists their own and
 * records results with evidence; staff or a programme department's regulator complete a flagged
 * assignment and publish; a market-regulation regulator decides an abnormal-operations proposal.
 */
@ApiTags('sampling')
@ApiBearerAuth()
@Controller('api/v1/sampling/tasks')
export class TasksController {
  constructor(private readonly service: TasksService, private readonly queries: TasksQueries) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'tasks, newest first, filtered by programme, draw, status, result, department, tenant (q), due (soon | overdue) or abnormal proposals; each with its publication deadline state in working days' })
  async list(@Query() query: TaskQueryDto) {
    return pageJson(await this.queries.list(query));
  }

  @Get('mine')
  @Roles(...REGULATORS)
  @ApiOkResponse({ description: 'the tasks the calling inspector is on, open ones first' })
  @ApiForbiddenResponse({ description: 'the regulator is not in the inspector pool' })
  async mine(@Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    const me = await this.queries.inspectorOfUser(principal.userId);
    if (!me) throw new ForbiddenError('samplingInspections.errors.notInspector');
    return pageJson(await this.queries.mine(me.inspectorId, query));
  }

  @Get(':id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the task with its programme\'s departments and items, inspectors, evidence, result and deadline' })
  @ApiNotFoundResponse({ description: 'no such task, or another tenant\'s (for an officer)' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return toJson(await this.queries.view(await this.service.visible(id, principal)), principal);
  }

  @Post(':id/result')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: RecordResultDto })
  @ApiOkResponse({ description: 'the task, recorded (problems: with the finding it became; not found: with the abnormal-operations proposal)' })
  @ApiForbiddenResponse({ description: 'not an inspector on the task, or correcting another inspector\'s result' })
  @ApiConflictResponse({ description: 'published, or the result already became a finding' })
  async record(@Param('id', ParseIntPipe) id: number, @Body() dto: RecordResultDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.recordResult(id, dto, principal, actor, 'api');
    return toJson(await this.queries.view(row), principal);
  }

  @Post(':id/evidence')
  @Roles(...REGULATORS)
  @UseInterceptors(TaskEvidenceUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['files'], properties: { files: FILES_SCHEMA } } })
  @ApiCreatedResponse({ description: 'the task with its evidence' })
  @ApiConflictResponse({ description: 'the result is published' })
  async evidence(@Param('id', ParseIntPipe) id: number, @UploadedFiles() files: UploadedPart[] | undefined, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.addEvidence(id, files ?? [], principal, actor);
    return toJson(await this.queries.view(row), principal);
  }

  @Post(':id/assign')
  @Roles(...MANAGERS, ...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: AssignInspectorDto })
  @ApiOkResponse({ description: 'the task with the inspector added; needsManual clears once every department has its number' })
  @ApiForbiddenResponse({ description: 'a regulator of no department of the programme' })
  @ApiConflictResponse({ description: 'the task is not flagged for a manual assignment' })
  async assign(@Param('id', ParseIntPipe) id: number, @Body() dto: AssignInspectorDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.assign(id, dto, principal, actor);
    return toJson(await this.queries.view(row), principal);
  }

  @Post(':id/abnormal')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: DecideAbnormalDto })
  @ApiOkResponse({ description: 'the task after the decision (confirmed: with the abnormal-operations finding)' })
  @ApiForbiddenResponse({ description: 'not a regulator of the market-regulation department' })
  @ApiConflictResponse({ description: 'no proposal awaiting a decision' })
  async abnormal(@Param('id', ParseIntPipe) id: number, @Body() dto: DecideAbnormalDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.decideAbnormal(id, dto, principal, actor);
    return toJson(await this.queries.view(row), principal);
  }

  @Post(':id/publish')
  @Roles(...MANAGERS, ...REGULATORS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the task, published (late when after publishBy)' })
  @ApiForbiddenResponse({ description: 'a regulator of no department of the programme' })
  @ApiConflictResponse({ description: 'not recorded, or published already' })
  async publish(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.publish(id, principal, actor);
    return toJson(await this.queries.view(row), principal);
  }
}
