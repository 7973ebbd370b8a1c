import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { ADMINS, READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { RulebookService } from '../core/rulebook.service.js';
import { toEditable } from '../domain/rulebook-validation.rules.js';
import { InForceQueryDto, RejectDto, RulebookDraftDto, VersionQueryDto } from './dto/rulebook.dto.js';
import { RulebookVersionsService, type VersionDetail, type VersionSummary } from './rulebook-versions.service.js';

const summaryView = (v: VersionSummary) => ({
  id: v.id, version: v.version, effectiveFrom: v.effectiveFrom, status: v.status, note: v.note, inForce: v.inForce, upcoming: v.upcoming,
  createdBy: v.createdBy, createdAt: v.createdAt.toISOString(), submittedAt: v.submittedAt?.toISOString() ?? null,
  decidedBy: v.decidedBy, decidedAt: v.decidedAt?.toISOString() ?? null, decisionReason: v.decisionReason, backtestState: v.backtestState,
});

const detailView = (v: VersionDetail) => ({
  ...summaryView(v), sha256: v.sha256, rulebook: v.rulebook, editable: v.editable,
  backtest: v.backtest, backtestAt: v.backtestAt?.toISOString() ?? null,
  inForceVersion: v.inForceVersion, changes: v.changes,
});

/** The rulebook over JSON: readers see versions and the one in force; admins draft and submit; a regulator other than the author approves or rejects. */
@ApiTags('rulebook')
@ApiBearerAuth()
@Controller('api/v1/rulebook')
export class RulebookController {
  constructor(private readonly versions: RulebookVersionsService, private readonly rulebooks: RulebookService, private readonly i18n: I18nService) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the rulebook in force on asOf (default today): the stored rulebook (sign + absolute points) and the signed editing model' })
  async inForce(@Query() query: InForceQueryDto) {
    const asOf = query.asOf ?? this.i18n.today();
    const [rulebook, row] = await Promise.all([this.rulebooks.inForce(asOf), this.rulebooks.versionInForce(asOf)]);
    return { asOf, versionId: row?.id ?? null, version: rulebook.version, effectiveFrom: rulebook.effectiveFrom, rulebook, editable: toEditable(rulebook) };
  }

  @Get('versions')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'versions, latest effective date first, paginated; filter by status' })
  async list(@Query() query: VersionQueryDto) {
    const page = await this.versions.list(query);
    return { ...page, items: page.items.map(summaryView) };
  }

  @Post('versions')
  @Roles(...ADMINS)
  @ApiCreatedResponse({ description: 'the draft, saved; its back-test is queued' })
  @ApiUnprocessableEntityResponse({ description: 'field errors (overlapping bands, a cap of the wrong sign, an unknown fact …); nothing written' })
  @ApiConflictResponse({ description: 'the version label is taken' })
  async create(@Body() dto: RulebookDraftDto, @CurrentActor() actor: Actor) {
    const row = await this.versions.createDraft({ ...dto }, actor);
    return detailView(await this.versions.get(row.id));
  }

  @Get('versions/:id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the version with its back-test and what it changes against the version in force' })
  async get(@Param('id', ParseIntPipe) id: number) {
    return detailView(await this.versions.get(id));
  }

  @Patch('versions/:id')
  @Roles(...ADMINS)
  @ApiOkResponse({ description: 'the draft replaced by the body (every field, as for POST); a changed body is back-tested again' })
  @ApiUnprocessableEntityResponse({ description: 'field errors; nothing written' })
  @ApiConflictResponse({ description: 'not a draft, or the version label is taken' })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: RulebookDraftDto, @CurrentActor() actor: Actor) {
    await this.versions.updateDraft(id, { ...dto }, actor);
    return detailView(await this.versions.get(id));
  }

  @Post('versions/:id/submit')
  @Roles(...ADMINS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'pending a regulator’s approval' })
  @ApiConflictResponse({ description: 'not a draft, the back-test of the saved body has not finished, or the effective date passed' })
  async submit(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor) {
    await this.versions.submit(id, actor);
    return detailView(await this.versions.get(id));
  }

  @Post('versions/:id/approve')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'approved: in force from its effective date' })
  @ApiForbiddenResponse({ description: 'the regulator wrote this version' })
  @ApiConflictResponse({ description: 'not pending, or its effective date passed' })
  async approve(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.versions.approve(id, { ...actor, userId: principal.userId });
    return detailView(await this.versions.get(id));
  }

  @Post('versions/:id/reject')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'rejected with the reason' })
  @ApiForbiddenResponse({ description: 'the regulator wrote this version' })
  async reject(@Param('id', ParseIntPipe) id: number, @Body() dto: RejectDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.versions.reject(id, dto.reason, { ...actor, userId: principal.userId });
    return detailView(await this.versions.get(id));
  }
}
