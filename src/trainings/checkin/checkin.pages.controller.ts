import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, OFFICERS } from '../../accounts/domain/access-policy.js';
import { NotFoundError, TooManyRequestsError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { validateForm } from '../../common/validation.js';
import { flash, handleForm, renderForm } from '../../common/views/page-helpers.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { checkinCode, secondsLeftInStep } from '../domain/checkin-code.rules.js';
import { ATTENDANCE_MARKS, checkinWindow, insideCheckinWindow, type AttendanceMark } from '../domain/checkin.rules.js';
import { CheckinQueries } from './checkin.queries.js';
import { CheckinService, type RollCallLine } from './checkin.service.js';
import { CheckinFormDto, CheckinPageQueryDto, RollCallQueryDto } from './dto/checkin.dto.js';

const MARK_FIELD = /^mark_(\d{1,10})$/;
const FORM_FIELDS = new Set(['_csrf', 'lang']);

/** A roll-call form: `mark_<tenantId>` = present | late | excused | absent; anything else is a field error. */
export function rollCallLines(body: Record<string, unknown>): { lines: RollCallLine[]; problems: FieldProblems } {
  const lines: RollCallLine[] = [];
  const problems: FieldProblems = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    if (FORM_FIELDS.has(key)) continue;
    const match = MARK_FIELD.exec(key);
    if (!match) {
      problems[key] = [{ code: 'unknownField' }];
      continue;
    }
    if (value === '' || value === undefined) continue;
    if (typeof value !== 'string' || !ATTENDANCE_MARKS.includes(value as AttendanceMark)) {
      problems[key] = [{ code: 'oneOf' }];
      continue;
    }
    lines.push({ tenantId: Number(match[1]), mark: value as AttendanceMark });
  }
  return { lines, problems };
}

/**
 * Check-in pages: the projector display with the rotating code and its QR code, the officer's phone page, and the
 * staff roll call.
 */
@ApiExcludeController()
@Controller('trainings')
export class CheckinPagesController {
  constructor(
    private readonly checkin: CheckinService,
    private readonly queries: CheckinQueries,
    private readonly config: AppConfig,
    private readonly i18n: I18nService,
  ) {}

  /**
   * The display refreshes itself when the code changes (a meta refresh: the CSP allows no inline script). The QR code
   * carries the check-in address with the code: scanning it fills the phone form, and it is only good while the code
   * is (the current and the next step), no more than the digits on the same screen.
   */
  @Get(':id/checkin-display')
  @Roles(...MANAGERS)
  async display(@Param('id', ParseIntPipe) id: number, @Res() res: Response): Promise<void> {
    const session = await this.checkin.session(id);
    const now = new Date();
    const code = checkinCode(session.checkinSecret, now);
    const secondsLeft = secondsLeftInStep(now);
    const url = `${this.config.publicUrl}/trainings/checkin?session=${session.id}&code=${code}`;
    const [qrSvg, checkedIn] = await Promise.all([
      QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }),
      this.queries.checkedIn(session.id),
    ]);
    const { opens, closes } = checkinWindow(session);
    res.setHeader('Cache-Control', 'no-store');
    res.render('trainings/checkin-display', {
      titleKey: 'trainingsCheckin.display.title', session, code: `${code.slice(0, 3)} ${code.slice(3)}`, secondsLeft, refreshSeconds: secondsLeft,
      qrSvg, url, checkedIn, open: session.status === 'scheduled' && insideCheckinWindow(session, now), opens, closes, cancelled: session.status !== 'scheduled',
    });
  }

  private async phoneModel(principal: Principal, values: { session?: number | string; code?: string }) {
    const choices = principal.tenantId === null ? [] : await this.queries.openFor(principal.tenantId);
    const wanted = Number(values.session);
    if (Number.isInteger(wanted) && wanted > 0 && !choices.some((c) => c.id === wanted)) {
      // Opened from a QR code for a session not open to this tenant now: keep it chosen, so the answer says why.
      const session = await this.checkin.session(wanted).catch(() => null);
      if (session) choices.unshift({ id: session.id, title: session.title, startsAt: session.startsAt, endsAt: session.endsAt, location: session.location });
    }
    return { titleKey: 'trainingsCheckin.phone.title', choices, values: { session: values.session ?? choices[0]?.id, code: values.code ?? '' } };
  }

  @Get('checkin')
  @Roles(...OFFICERS)
  async phone(@Query() query: CheckinPageQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    res.render('trainings/checkin', await this.phoneModel(principal, { session: query.session, code: query.code }));
  }

  @Post('checkin')
  @Roles(...OFFICERS)
  async checkIn(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.phoneModel(principal, { session: body?.session as string | undefined, code: typeof body?.code === 'string' ? body.code : '' });
    try {
      await handleForm(res, this.i18n, 'trainings/checkin', model, async () => {
        const form = await validateForm(CheckinFormDto, body);
        if (!form.ok) throw new ValidationFailedError(form.fields);
        const outcome = await this.checkin.checkIn(form.value.session, form.value.code, principal, actorOf(principal, req));
        const session = await this.checkin.session(outcome.sessionId);
        flash(req, 'success', outcome.already ? 'trainingsCheckin.phone.already' : 'trainingsCheckin.phone.done', {
          title: session.title, mark: this.i18n.t(res.locals.locale as string, `trainingsCheckin.marks.${outcome.mark}`),
        });
        res.redirect(303, `/trainings/checkin?session=${outcome.sessionId}`);
      });
    } catch (err) {
      if (err instanceof TooManyRequestsError) return renderForm(res, this.i18n, 'trainings/checkin', model, {}, 429, err.messageKey, err.params);
      if (err instanceof NotFoundError) {
        return renderForm(res, this.i18n, 'trainings/checkin', model, { session: [{ code: 'checkinNoSession' }] }, 404, 'trainingsCheckin.errors.sessionNotFound');
      }
      throw err;
    }
  }

  private async rollCallModel(id: number, query: RollCallQueryDto) {
    const session = await this.checkin.session(id);
    const [page, checkedIn] = await Promise.all([this.queries.roster(session, query), this.queries.checkedIn(id)]);
    const filters = { q: query.q, pageSize: query.pageSize };
    return {
      titleKey: 'trainingsCheckin.rollcall.title', session, page, checkedIn, marks: ATTENDANCE_MARKS, filters, cancelled: session.status !== 'scheduled',
      base: `/trainings/${id}/rollcall`, action: `/trainings/${id}/rollcall?page=${page.page}${query.q ? `&q=${encodeURIComponent(query.q)}` : ''}`,
      ...pagerOf(page),
    };
  }

  @Get(':id/rollcall')
  @Roles(...MANAGERS)
  async rollCallPage(@Param('id', ParseIntPipe) id: number, @Query() query: RollCallQueryDto, @Res() res: Response): Promise<void> {
    res.render('trainings/rollcall', await this.rollCallModel(id, query));
  }

  @Post(':id/rollcall')
  @Roles(...MANAGERS)
  async rollCall(
    @Param('id', ParseIntPipe) id: number, @Query() query: RollCallQueryDto, @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response,
  ): Promise<void> {
    const model = await this.rollCallModel(id, query);
    await handleForm(res, this.i18n, 'trainings/rollcall', { ...model, values: body }, async () => {
      const { lines, problems } = rollCallLines(body);
      if (Object.keys(problems).length) throw new ValidationFailedError(problems);
      if (!lines.length) throw new ValidationFailedError({ marks: [{ code: 'required' }] }, 'trainingsCheckin.rollcall.nothing');
      const changed = await this.checkin.rollCall(id, lines, actorOf(principal, req));
      flash(req, 'success', 'trainingsCheckin.rollcall.saved', { count: changed });
      res.redirect(303, model.action);
    });
  }
}
