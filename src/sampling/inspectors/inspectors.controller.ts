import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { AbsenceDto, DeclareConflictDto, FlagInspectorDto, InspectorPatchDto, InspectorsQueryDto, WithdrawConflictDto } from './dto/inspector.dto.js';
import { InspectorPoolService } from './inspector-pool.service.js';
import { InspectorsQueries, type InspectorDetail, type InspectorRow } from './inspectors.queries.js';
import { InspectorsService } from './inspectors.service.js';

const rowJson = (r: InspectorRow) => ({
  id: r.id, code: r.code, userId: r.userId, name: r.name, active: r.active, accountInactive: r.accountInactive,
  department: r.department ? { id: r.department.id, code: r.department.code, name: { zh: r.department.nameZh, en: r.department.nameEn } } : null,
  openConflicts: r.openConflicts, absentToday: r.absentToday,
});
const conflictsJson = (d: InspectorDetail) => d.conflicts.map((c) => ({
  id: c.id, tenant: { id: c.tenantId, name: c.tenantName, uscc: c.uscc }, reason: c.reason, declaredBy: c.declaredBy,
  declaredAt: c.declaredAt.toISOString(), withdrawnAt: c.withdrawnAt?.toISOString() ?? null, withdrawnReason: c.withdrawnReason,
}));
const absencesJson = (d: InspectorDetail) => d.absences.map((a) => ({ id: a.id, fromDate: a.fromDate, toDate: a.toDate, reason: a.reason, createdBy: a.createdBy }));

/**
 * The inspector pool over JSON. Readers (staff, admins, regulators) read it; staff and admins flag
 * regulators and take inspectors out; conflicts and absences are declared by the inspector
 * themself or by staff/admins (another regulator: 403).
 */
@ApiTags('sampling')
@ApiBearerAuth()
@Controller('api/v1/sampling/inspectors')
export class InspectorsController {
  constructor(
    private readonly service: InspectorsService,
    private readonly queries: InspectorsQueries,
    private readonly pool: InspectorPoolService,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: '{ items: [{ id, code, userId, name, active, accountInactive, department, openConflicts, absentToday }], total, page, pageSize } by code' })
  async list(@Query() query: InspectorsQueryDto) {
    const page = await this.queries.list(query, this.i18n.today());
    return { ...page, items: page.items.map(rowJson) };
  }

  @Post()
  @Roles(...MANAGERS)
  @ApiBody({ type: FlagInspectorDto })
  @ApiCreatedResponse({ description: 'the inspector' })
  @ApiBadRequestResponse({ description: 'field-keyed: userId/email unknownUser, or invalid (not an active regulator with a department); code format' })
  @ApiConflictResponse({ description: 'the user is in the pool already (userId/email: taken), or the code is taken (code: taken)' })
  async flag(@Body() dto: FlagInspectorDto, @CurrentActor() actor: Actor) {
    return this.detail((await this.service.flag(dto, actor)).id);
  }

  @Get('me')
  @Roles(...REGULATORS)
  @ApiOkResponse({ description: "the asking regulator's own place in the pool, with conflicts and absences" })
  @ApiNotFoundResponse({ description: 'the asker is not an inspector' })
  async me(@CurrentPrincipal() principal: Principal) {
    const mine = await this.pool.inspectorOfUser(principal.userId);
    if (!mine) throw new NotFoundError('samplingPool.inspectors.notInPool');
    return this.detail(mine.inspectorId);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the inspector with conflicts (open and withdrawn) and absences' })
  @ApiNotFoundResponse({ description: 'no such inspector' })
  async one(@Param('id', ParseIntPipe) id: number) {
    return this.detail(id);
  }

  @Patch(':id')
  @Roles(...MANAGERS)
  @ApiBody({ type: InspectorPatchDto })
  @ApiOkResponse({ description: 'the inspector after the change' })
  async patch(@Param('id', ParseIntPipe) id: number, @Body() dto: InspectorPatchDto, @CurrentActor() actor: Actor) {
    await this.service.setActive(id, dto.active, actor);
    return this.detail(id);
  }

  @Get(':id/conflicts')
  @Roles(...READERS)
  @ApiOkResponse({ description: '[{ id, tenant: { id, name, uscc }, reason, declaredBy, declaredAt, withdrawnAt }] newest first' })
  async conflicts(@Param('id', ParseIntPipe) id: number) {
    return conflictsJson(await this.queries.detail(await this.service.get(id), this.i18n.today()));
  }

  @Post(':id/conflicts')
  @Roles(...READERS)
  @ApiBody({ type: DeclareConflictDto })
  @ApiCreatedResponse({ description: 'the inspector’s conflicts after the declaration' })
  @ApiBadRequestResponse({ description: 'field-keyed (uscc/tenantId: unknownTenant)' })
  @ApiForbiddenResponse({ description: "a regulator declaring for another inspector" })
  @ApiConflictResponse({ description: 'an open declaration for this tenant exists' })
  async declare(@Param('id', ParseIntPipe) id: number, @Body() dto: DeclareConflictDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.declareConflict(id, dto, principal, actor);
    return { id: row.id, conflicts: await this.conflicts(id) };
  }

  @Post(':id/conflicts/:conflictId/withdraw')
  @HttpCode(200)
  @Roles(...READERS)
  @ApiBody({ type: WithdrawConflictDto })
  @ApiOkResponse({ description: 'the inspector’s conflicts after the withdrawal' })
  @ApiForbiddenResponse({ description: "a regulator withdrawing another inspector's declaration" })
  @ApiConflictResponse({ description: 'already withdrawn' })
  async withdraw(
    @Param('id', ParseIntPipe) id: number, @Param('conflictId', ParseIntPipe) conflictId: number, @Body() dto: WithdrawConflictDto,
    @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor,
  ) {
    await this.service.withdrawConflict(id, conflictId, dto, principal, actor);
    return this.conflicts(id);
  }

  @Get(':id/absences')
  @Roles(...READERS)
  @ApiOkResponse({ description: '[{ id, fromDate, toDate, reason, createdBy }] latest first' })
  async absences(@Param('id', ParseIntPipe) id: number) {
    return absencesJson(await this.queries.detail(await this.service.get(id), this.i18n.today()));
  }

  @Post(':id/absences')
  @Roles(...READERS)
  @ApiBody({ type: AbsenceDto })
  @ApiCreatedResponse({ description: 'the inspector’s absences after the addition' })
  @ApiBadRequestResponse({ description: 'field-keyed (toDate: notBefore when before fromDate)' })
  @ApiForbiddenResponse({ description: "a regulator recording another inspector's absence" })
  async addAbsence(@Param('id', ParseIntPipe) id: number, @Body() dto: AbsenceDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.addAbsence(id, dto, principal, actor);
    return { id: row.id, absences: await this.absences(id) };
  }

  @Post(':id/absences/:absenceId/remove')
  @HttpCode(200)
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the inspector’s absences after the removal' })
  @ApiForbiddenResponse({ description: "a regulator removing another inspector's absence" })
  async removeAbsence(@Param('id', ParseIntPipe) id: number, @Param('absenceId', ParseIntPipe) absenceId: number, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.service.removeAbsence(id, absenceId, principal, actor);
    return this.absences(id);
  }

  private async detail(id: number) {
    const d = await this.queries.detail(await this.service.get(id), this.i18n.today());
    return { ...rowJson(d), conflicts: conflictsJson(d), absences: absencesJson(d) };
  }
}
