import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { isManager, MANAGERS, READERS, REGULATORS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { ABSENCE_REASON_MAX, AbsenceDto, CONFLICT_REASON_MAX, DeclareConflictDto, FlagInspectorDto, InspectorsQueryDto, WithdrawConflictDto } from './dto/inspector.dto.js';
import { InspectorPoolService } from './inspector-pool.service.js';
import { InspectorsQueries } from './inspectors.queries.js';
import { InspectorsService, mayActFor } from './inspectors.service.js';

type Form = 'conflict' | 'absence' | 'withdraw';

/**
 * The inspector pool's pages: the pool by department, flagging a regulator, an inspector's page with
 * their conflicts of interest and absences (forms for staff, admins and the inspector themself), and
 * /sampling/inspectors/me, where a regulator who is an inspector keeps their own declarations.
 * Static paths come before `/:id`.
 */
@ApiExcludeController()
@Controller('sampling/inspectors')
export class InspectorsPagesController {
  constructor(
    private readonly service: InspectorsService,
    private readonly queries: InspectorsQueries,
    private readonly pool: InspectorPoolService,
    private readonly i18n: I18nService,
  ) {}

  @Get()
  @Roles(...READERS)
  @Render('sampling/inspectors/list')
  async list(@Query() query: InspectorsQueryDto, @CurrentPrincipal() principal: Principal) {
    const [page, departments, mine] = await Promise.all([
      this.queries.list(query, this.i18n.today()), this.queries.departmentRefs(), this.pool.inspectorOfUser(principal.userId),
    ]);
    const filters = { departmentId: query.departmentId, active: query.active, q: query.q, pageSize: query.pageSize };
    return {
      titleKey: 'samplingPool.inspectors.title', filters, page, canFlag: isManager(principal), mine: Boolean(mine),
      departments: [...departments.values()].map((d) => ({ ...d, selected: d.id === query.departmentId })),
      actives: ['true', 'false'].map((value) => ({ value, selected: value === query.active })),
      ...pagerOf(page),
    };
  }

  @Get('new')
  @Roles(...MANAGERS)
  @Render('sampling/inspectors/new')
  newForm() {
    return this.newModel({});
  }

  @Post('new')
  @Roles(...MANAGERS)
  async flag(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await handleForm(res, this.i18n, 'sampling/inspectors/new', this.newModel(body ?? {}), async () => {
      const form = await validateForm(FlagInspectorDto, { email: (body ?? {}).email ?? '', code: (body ?? {}).code ?? '' });
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const row = await this.service.flag(form.value, actorOf(principal, req));
      flash(req, 'success', 'samplingPool.inspectors.flagged', { code: row.code });
      res.redirect(303, `/sampling/inspectors/${row.id}`);
    });
  }

  @Get('me')
  @Roles(...REGULATORS)
  async me(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const mine = await this.pool.inspectorOfUser(principal.userId);
    if (!mine) {
      res.render('sampling/inspectors/not-inspector', { titleKey: 'samplingPool.inspectors.meTitle' });
      return;
    }
    res.render('sampling/inspectors/detail', await this.detailModel(mine.inspectorId, principal, {}, null));
  }

  @Get(':id')
  @Roles(...READERS)
  @Render('sampling/inspectors/detail')
  async detail(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal) {
    return this.detailModel(id, principal, {}, null);
  }

  @Post(':id/deactivate')
  @Roles(...MANAGERS)
  async deactivate(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.service.setActive(id, false, actorOf(principal, req));
    flash(req, 'success', 'samplingPool.inspectors.deactivated', { code: row.code });
    res.redirect(303, `/sampling/inspectors/${id}`);
  }

  @Post(':id/activate')
  @Roles(...MANAGERS)
  async activate(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.service.setActive(id, true, actorOf(principal, req));
    flash(req, 'success', 'samplingPool.inspectors.activated', { code: row.code });
    res.redirect(303, `/sampling/inspectors/${id}`);
  }

  @Post(':id/conflicts')
  @Roles(...READERS)
  async declare(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.service.assertMayActFor(principal, await this.service.get(id));
    const input = { uscc: (body ?? {}).uscc ?? '', reason: (body ?? {}).reason ?? '' };
    await handleForm(res, this.i18n, 'sampling/inspectors/detail', await this.detailModel(id, principal, input, 'conflict'), async () => {
      const form = await validateForm(DeclareConflictDto, input);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.declareConflict(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingPool.conflicts.declared');
      res.redirect(303, await this.back(id, principal));
    });
  }

  @Post(':id/conflicts/:conflictId/withdraw')
  @Roles(...READERS)
  async withdraw(
    @Param('id', ParseIntPipe) id: number, @Param('conflictId', ParseIntPipe) conflictId: number, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    this.service.assertMayActFor(principal, await this.service.get(id));
    const input = { reason: (body ?? {}).reason ?? '' };
    const model = { ...(await this.detailModel(id, principal, input, 'withdraw')), withdrawing: conflictId };
    await handleForm(res, this.i18n, 'sampling/inspectors/detail', model, async () => {
      const form = await validateForm(WithdrawConflictDto, input);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.withdrawConflict(id, conflictId, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingPool.conflicts.withdrawn');
      res.redirect(303, await this.back(id, principal));
    });
  }

  @Post(':id/absences')
  @Roles(...READERS)
  async addAbsence(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.service.assertMayActFor(principal, await this.service.get(id));
    const input = { fromDate: (body ?? {}).fromDate ?? '', toDate: (body ?? {}).toDate ?? '', reason: (body ?? {}).reason ?? '' };
    await handleForm(res, this.i18n, 'sampling/inspectors/detail', await this.detailModel(id, principal, input, 'absence'), async () => {
      const form = await validateForm(AbsenceDto, input);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.service.addAbsence(id, form.value, principal, actorOf(principal, req));
      flash(req, 'success', 'samplingPool.absences.added');
      res.redirect(303, await this.back(id, principal));
    });
  }

  @Post(':id/absences/:absenceId/remove')
  @Roles(...READERS)
  async removeAbsence(
    @Param('id', ParseIntPipe) id: number, @Param('absenceId', ParseIntPipe) absenceId: number,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    await this.service.removeAbsence(id, absenceId, principal, actorOf(principal, req));
    flash(req, 'success', 'samplingPool.absences.removed');
    res.redirect(303, await this.back(id, principal));
  }

  private newModel(values: Record<string, unknown>) {
    return { titleKey: 'samplingPool.inspectors.newTitle', values };
  }

  /** The inspector's own page for the inspector themself, the pool page for staff. */
  private async back(id: number, principal: Principal): Promise<string> {
    const row = await this.service.get(id);
    return row.userId === principal.userId ? '/sampling/inspectors/me' : `/sampling/inspectors/${id}`;
  }

  private async detailModel(id: number, principal: Principal, values: Record<string, unknown>, form: Form | null) {
    const row = await this.service.get(id);
    const inspector = await this.queries.detail(row, this.i18n.today());
    const own = row.userId === principal.userId;
    return {
      titleKey: own ? 'samplingPool.inspectors.meTitle' : 'samplingPool.inspectors.detailTitle', titleParams: { code: row.code },
      inspector, own, canManage: isManager(principal), canDeclare: mayActFor(principal, row), base: own ? '/sampling/inspectors/me' : `/sampling/inspectors/${id}`,
      form, values, conflictReasonMax: CONFLICT_REASON_MAX, absenceReasonMax: ABSENCE_REASON_MAX,
      openConflicts: inspector.conflicts.filter((c) => !c.withdrawnAt), closedConflicts: inspector.conflicts.filter((c) => c.withdrawnAt),
    };
  }
}
