import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { OFFICERS, READERS, REGULATORS, TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { ListCandidatesService } from './list-candidates.service.js';
import { CandidatesQueryDto, ChangesQueryDto, ListEntriesQueryDto, ListReasonDto, ListTextDto, ProposeListEntryDto } from './dto/list-entry.dto.js';
import { ListEntriesQueries, type ListEntryList, type ListEntryView } from './list-entries.queries.js';
import { ListEntriesService, ObjectionClosedError } from './list-entries.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An entry as JSON: days YYYY-MM-DD (park zone), instants ISO 8601 UTC. */
function toJson(v: ListEntryView) {
  return {
    ...v, proposedAt: iso(v.proposedAt), noticeSentAt: iso(v.noticeSentAt), decidedAt: iso(v.decidedAt),
    objections: v.objections.map((o) => ({ ...o, filedAt: iso(o.filedAt), answeredAt: iso(o.answeredAt) })),
  };
}

const listJson = (l: ListEntryList) => ({ ...l, items: l.items.map((i) => ({ ...i, proposedAt: iso(i.proposedAt) })) });

/**
 * The red, black and watch lists over JSON: entries (list, one, propose, object, answer, approve,
 * reject, withdraw, early exit), the candidates, and the changes feed other systems pull.
 */
@ApiTags('lists')
@ApiBearerAuth()
@Controller('api/v1/lists')
export class ListEntriesController {
  constructor(
    private readonly service: ListEntriesService,
    private readonly queries: ListEntriesQueries,
    private readonly candidatesService: ListCandidatesService,
    private readonly i18n: I18nService,
  ) {}

  @Get('changes')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'List changes since a time (entries added, ended, repaired), for other systems to stay in sync',
    description: 'Keyset-paged on (changedAt, id): pass `since` on the first call, then the answer\'s `next` as `cursor` until it is null. Times are ISO 8601 UTC (whole seconds); `effectiveOn` is the park day the change takes effect (an end day is exclusive).',
  })
  @ApiOkResponse({ description: '{ items: [{ id, entryId, uscc, name, list, change, effectiveOn, changedAt }], next: cursor | null }' })
  @ApiBadRequestResponse({ description: 'since or cursor malformed (field-keyed), limit outside 1..1000' })
  async changes(@Query() query: ChangesQueryDto) {
    return this.queries.changes(query);
  }

  @Get('candidates')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'tenants the system suggests for a list, with the records behind each; those already on it or proposed are left out' })
  async candidates(@Query() query: CandidatesQueryDto) {
    return this.candidatesService.candidates(query.list ?? 'black', query);
  }

  @Get('entries')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'officers: their tenant\'s entries; staff and regulators: all, filtered by list, status, tenant or search; counts per status' })
  async list(@Query() query: ListEntriesQueryDto, @CurrentPrincipal() principal: Principal) {
    return listJson(await this.queries.list(principal, query));
  }

  @Get('entries/:id')
  @Roles(...TENANT_READERS)
  @ApiOkResponse({ description: 'the entry with its records, objections and what the asker may do' })
  @ApiNotFoundResponse({ description: 'no such entry, or another tenant\'s (for an officer)' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return toJson(await this.queries.view(await this.service.visible(id, principal), principal));
  }

  /** Park staff propose to any list, a regulator to the black list only. */
  @Post('entries')
  @Roles(...READERS)
  @ApiBody({ type: ProposeListEntryDto })
  @ApiCreatedResponse({ description: 'the proposal; black and watch: the tenant is told and may object until objectionClosesOn' })
  @ApiForbiddenResponse({ description: 'a regulator proposing to the red or watch list' })
  @ApiConflictResponse({ description: 'the tenant is already on, or proposed for, this list' })
  async propose(@Body() dto: ProposeListEntryDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.propose(dto, principal, actor, 'api');
    return toJson(await this.queries.view(row, principal));
  }

  /** The tenant's officer objects within the window; after it: 409 with `closedOn`, the last day it was open. */
  @Post('entries/:id/objections')
  @Roles(...OFFICERS)
  @ApiBody({ type: ListTextDto })
  @ApiCreatedResponse({ description: 'the entry with the objection' })
  @ApiConflictResponse({ description: 'the window has closed ({ closedOn }), the list has none, or the entry is decided' })
  async object(
    @Param('id', ParseIntPipe) id: number, @Body() dto: ListTextDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.service.visible(id, principal);
    try {
      await this.service.object(id, dto, principal, actor);
    } catch (err) {
      if (!(err instanceof ObjectionClosedError)) throw err;
      res.status(409);
      const locale = principal.locale;
      return { statusCode: 409, error: 'listsEntries.objectionClosed', message: this.i18n.t(locale, err.messageKey, err.params), closedOn: err.closedOn };
    }
    return toJson(await this.queries.view(await this.service.visible(id, principal), principal));
  }

  @Post('entries/:id/objections/:objectionId/answer')
  @Roles(...READERS)
  @HttpCode(200)
  @ApiBody({ type: ListTextDto })
  @ApiOkResponse({ description: 'the entry with the answered objection' })
  @ApiConflictResponse({ description: 'already answered, or the entry is decided' })
  async answer(
    @Param('id', ParseIntPipe) id: number, @Param('objectionId', ParseIntPipe) objectionId: number, @Body() dto: ListTextDto,
    @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
  ) {
    await this.service.existing(id);
    await this.service.answer(id, objectionId, dto, principal, actor);
    return toJson(await this.queries.view(await this.service.existing(id), principal));
  }

  @Post('entries/:id/approve')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: ListReasonDto })
  @ApiOkResponse({ description: 'the entry, active from today' })
  @ApiForbiddenResponse({ description: 'the regulator proposed it (listsEntries.ownProposal)' })
  @ApiConflictResponse({ description: 'the objection window is still open, or objections await an answer, or it is decided' })
  async approve(@Param('id', ParseIntPipe) id: number, @Body() dto: ListReasonDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.existing(id);
    return toJson(await this.queries.view(await this.service.approve(id, dto, principal, actor), principal));
  }

  @Post('entries/:id/reject')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: ListReasonDto })
  @ApiOkResponse({ description: 'the entry, rejected' })
  @ApiForbiddenResponse({ description: 'the regulator proposed it' })
  async reject(@Param('id', ParseIntPipe) id: number, @Body() dto: ListReasonDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.existing(id);
    return toJson(await this.queries.view(await this.service.reject(id, dto, principal, actor), principal));
  }

  @Post('entries/:id/withdraw')
  @Roles(...READERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the entry, withdrawn' })
  @ApiForbiddenResponse({ description: 'only the proposer (or an admin) withdraws' })
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return toJson(await this.queries.view(await this.service.withdraw(id, principal, actor), principal));
  }

  @Post('entries/:id/exit')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiBody({ type: ListReasonDto })
  @ApiOkResponse({ description: 'the entry, ended early from today' })
  @ApiConflictResponse({ description: 'not active, or (black) before its earliest exit day' })
  async exit(@Param('id', ParseIntPipe) id: number, @Body() dto: ListReasonDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.existing(id);
    return toJson(await this.queries.view(await this.service.exit(id, dto, principal, actor), principal));
  }
}
