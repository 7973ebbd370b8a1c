import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, OFFICERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm } from '../../common/views/page-helpers.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { EXCUSE_REASON_MAX, EXCUSE_STATUSES } from '../domain/excuse.rules.js';
import { DECISION_NOTE_MAX, ExcuseDecisionDto, ExcuseQueryDto, ExcuseRequestDto } from './dto/registration.dto.js';
import { RegistrationQueries } from './registration.queries.js';
import { ownTenantOf, RegistrationService } from './registration.service.js';

/** Registration pages: an officer's sessions (register, cancel, ask to be excused) and the excuse requests staff decide. */
@ApiExcludeController()
@Controller('trainings')
export class RegistrationPagesController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly queries: RegistrationQueries,
    private readonly i18n: I18nService,
  ) {}

  private async myModel(principal: Principal) {
    const { upcoming, past } = await this.queries.mySessions(ownTenantOf(principal));
    return { titleKey: 'trainingsRegistration.my.title', upcoming, past };
  }

  @Get('my')
  @Roles(...OFFICERS)
  @Render('trainings/my')
  async my(@CurrentPrincipal() principal: Principal) {
    return this.myModel(principal);
  }

  @Post(':id/register')
  @Roles(...OFFICERS)
  async register(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const outcome = await this.registration.register(id, principal, actorOf(principal, req)).catch(async (err: unknown) => {
      await handleForm(res, this.i18n, 'trainings/my', await this.myModel(principal), () => Promise.reject(err));
      return null;
    });
    if (!outcome) return;
    if (outcome.status === 'registered') flash(req, 'success', 'trainingsRegistration.registered');
    else flash(req, 'info', 'trainingsRegistration.waitlisted', { position: outcome.position ?? 0 });
    res.redirect(303, '/trainings/my');
  }

  @Post('registrations/:id/cancel')
  @Roles(...OFFICERS)
  async cancel(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const done = await this.registration.cancel(id, principal, actorOf(principal, req)).catch(async (err: unknown) => {
      await handleForm(res, this.i18n, 'trainings/my', await this.myModel(principal), () => Promise.reject(err));
      return null;
    });
    if (!done) return;
    flash(req, 'success', 'trainingsRegistration.cancelled');
    res.redirect(303, '/trainings/my');
  }

  private async excuseModel(id: number, values: Record<string, unknown>) {
    const session = await this.queries.sessionHeading(id);
    if (!session) throw new NotFoundError('trainingsRegistration.errors.sessionNotFound');
    return { titleKey: 'trainingsRegistration.excuse.title', session, values, maxReason: EXCUSE_REASON_MAX };
  }

  @Get(':id/excuse')
  @Roles(...OFFICERS)
  @Render('trainings/excuse-request')
  async excuseForm(@Param('id', ParseIntPipe) id: number) {
    return this.excuseModel(id, {});
  }

  @Post(':id/excuse')
  @Roles(...OFFICERS)
  async requestExcuse(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = await this.excuseModel(id, body);
    await handleForm(res, this.i18n, 'trainings/excuse-request', model, async () => {
      const form = await validateForm(ExcuseRequestDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.registration.requestExcuse(id, form.value.reason, principal, actorOf(principal, req));
      flash(req, 'success', 'trainingsRegistration.excuse.requested');
      res.redirect(303, '/trainings/my');
    });
  }

  private async excusesModel(query: ExcuseQueryDto) {
    const [page, session] = await Promise.all([this.queries.excuses(query), query.session ? this.queries.sessionHeading(query.session) : null]);
    const filters = { session: query.session, status: query.status, pageSize: query.pageSize };
    return {
      titleKey: 'trainingsRegistration.excuses.title', page, session, filters, statuses: EXCUSE_STATUSES, maxNote: DECISION_NOTE_MAX,
      base: '/trainings/excuses', ...pagerOf(page),
    };
  }

  @Get('excuses')
  @Roles(...MANAGERS)
  @Render('trainings/excuses')
  async excuses(@Query() query: ExcuseQueryDto) {
    return this.excusesModel(query);
  }

  @Post('excuses/:id/decision')
  @Roles(...MANAGERS)
  async decide(
    @Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = { ...(await this.excusesModel(new ExcuseQueryDto())), decidingId: id, values: body };
    await handleForm(res, this.i18n, 'trainings/excuses', model, async () => {
      const form = await validateForm(ExcuseDecisionDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const excuse = await this.registration.decideExcuse(id, form.value.decision, form.value.note ?? null, principal, actorOf(principal, req));
      flash(req, 'success', excuse.status === 'approved' ? 'trainingsRegistration.excuses.approved' : 'trainingsRegistration.excuses.rejected');
      res.redirect(303, `/trainings/excuses?session=${excuse.sessionId}`);
    });
  }
}
