import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { draftWarnings, gradesText, sha256Hex } from '../domain/programme.rules.js';
import type { ProgrammeDetail } from '../domain/programme.types.js';
import { ApproveProgrammeDto, CommentProgrammeDto, CreateProgrammeDto, ProgrammeQueryDto, UpdateProgrammeDto } from './dto/programme.dto.js';
import { currentPlanJson, ProgrammesQueries } from './programmes.queries.js';
import { ProgrammesService } from './programmes.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A programme as JSON: instants ISO 8601 UTC, draws' grades as `ABCD` text; the warnings; the SHA-256
 * of the plan as it stands (what an approval now would record) and, once approved, the approved plan text.
 */
export function programmeJson(d: ProgrammeDetail, i18n: I18nService, locale: string, approvedPlan: string | null) {
  const live = d.draws.filter((x) => x.status !== 'cancelled');
  return {
    ...d,
    createdAt: iso(d.createdAt), approvedAt: iso(d.approvedAt),
    draws: d.draws.map((x) => ({ ...x, grades: gradesText(x.grades), announceAt: iso(x.announceAt), drawAt: iso(x.drawAt) })),
    warnings: draftWarnings({ grades: d.grades, draws: live }).map((w) => ({ ...w, message: i18n.t(locale, `samplingProgrammes.warnings.${w.code}`, w.params) })),
    currentPlanSha256: sha256Hex(currentPlanJson(d)),
    planJson: approvedPlan,
  };
}

/**
 * Sampling programmes over JSON: readers (staff, admins, regulators) list, read, draft, edit their
 * drafts and comment; a regulator other than the drafter approves; an approved programme is amended
 * by a new draft; the drafter withdraws a draft.
 */
@ApiTags('sampling')
@ApiBearerAuth()
@Controller('api/v1/sampling/programmes')
export class ProgrammesController {
  constructor(private readonly service: ProgrammesService, private readonly queries: ProgrammesQueries, private readonly i18n: I18nService) {}

  private async json(d: ProgrammeDetail, locale: string | null) {
    const row = d.status === 'draft' ? null : await this.queries.row(d.id);
    return programmeJson(d, this.i18n, locale ?? this.i18n.defaultLocale, row?.planJson ?? null);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'programmes filtered by year and status, newest first, paginated' })
  async list(@Query() query: ProgrammeQueryDto) {
    const page = await this.queries.list(query);
    return { ...page, items: page.items.map((i) => ({ ...i, createdAt: iso(i.createdAt), approvedAt: iso(i.approvedAt) })) };
  }

  @Post()
  @Roles(...READERS)
  @ApiCreatedResponse({ description: 'the draft: omitted fields take the defaults of rules.md, the calendar is proposed from the draws per year unless given' })
  @ApiBadRequestResponse({ description: 'field errors keyed like `departments[1].inspectorsPerTask`, `grades.C.ratioBp`, `draws[2].drawAt`' })
  @ApiConflictResponse({ description: 'the year has an approved programme already (amend it)' })
  async create(@Body() dto: CreateProgrammeDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return this.json(await this.service.create(dto, principal, actor), principal.locale);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the programme (ProgrammeDetail) with warnings, the current plan SHA-256 and, once approved, the approved plan text' })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.json(await this.queries.detail(id), principal.locale);
  }

  @Patch(':id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the draft after the change; `draws` replaces the calendar, `proposeCalendar: true` re-proposes it' })
  @ApiBadRequestResponse({ description: 'field errors' })
  @ApiForbiddenResponse({ description: 'a regulator\'s change to another\'s draft (comment instead)' })
  @ApiConflictResponse({ description: 'not a draft (approved programmes are amended)' })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateProgrammeDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return this.json(await this.service.update(id, dto, principal, actor), principal.locale);
  }

  @Get(':id/comments')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the comment thread, oldest first' })
  async comments(@Param('id', ParseIntPipe) id: number) {
    await this.queries.row(id);
    return (await this.queries.comments(id)).map((c) => ({ ...c, createdAt: iso(c.createdAt) }));
  }

  @Post(':id/comments')
  @Roles(...READERS)
  @ApiCreatedResponse({ description: 'the comment' })
  async comment(@Param('id', ParseIntPipe) id: number, @Body() dto: CommentProgrammeDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const c = await this.service.comment(id, dto, principal, actor);
    return { id: c.id, programmeId: c.programmeId, authorId: c.authorId, text: c.text, createdAt: iso(c.createdAt) };
  }

  @Post(':id/approve')
  @Roles(...REGULATORS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the approved programme with approvedBy/At, reason, planJson and planSha256 = sha256(planJson)' })
  @ApiForbiddenResponse({ description: 'the drafter approving their own draft' })
  @ApiConflictResponse({ description: 'not a draft, the plan changed since the given planSha256, or the year has an approved programme' })
  async approve(@Param('id', ParseIntPipe) id: number, @Body() dto: ApproveProgrammeDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return this.json(await this.service.approve(id, dto, principal, actor), principal.locale);
  }

  @Post(':id/amend')
  @Roles(...READERS)
  @ApiCreatedResponse({ description: 'the amendment: a new draft copying the approved programme (its still-planned draws), revision + 1' })
  @ApiConflictResponse({ description: 'not approved, or an amendment is open already' })
  async amend(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return this.json(await this.service.amend(id, principal, actor), principal.locale);
  }

  @Post(':id/withdraw')
  @Roles(...READERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'the draft, withdrawn; its planned draws cancelled' })
  @ApiForbiddenResponse({ description: 'not the drafter' })
  @ApiConflictResponse({ description: 'not a draft' })
  async withdraw(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    return this.json(await this.service.withdraw(id, principal, actor), principal.locale);
  }
}
