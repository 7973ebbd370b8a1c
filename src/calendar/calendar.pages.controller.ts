import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { ADMINS, READERS } from '../accounts/domain/access-policy.js';
import { ConflictError, ValidationFailedError } from '../common/errors/domain-error.js';
import { translateFields } from '../common/filters/all-exceptions.filter.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { validateForm, validateOrThrow } from '../common/validation.js';
import { flash } from '../common/views/page-helpers.js';
import { I18nService } from '../i18n/i18n.service.js';
import { CalendarDaysService, type CalendarYearView } from './calendar-days.service.js';
import { CALENDAR_DAY_KINDS, CALENDAR_NAME_MAX, CALENDAR_YEAR_MAX, CALENDAR_YEAR_MIN, CALENDAR_RANGE_MAX } from './domain/calendar-days.rules.js';
import { CalendarDayDto, CalendarDayEditDto, CalendarRangeDto, CalendarYearQueryDto } from './dto/calendar-day.dto.js';

type FormName = 'day' | 'range' | 'edit';

/**
 * The park's working calendar: a year of listed holidays and 调休 working weekend days. Readers (park
 * staff, regulators) see it; admins add a day or a whole break at once, rename, change the kind and
 * remove days. Every form posts back and redirects to the year it changed.
 */
@ApiExcludeController()
@Controller('admin/calendar')
export class CalendarPagesController {
  constructor(private readonly days: CalendarDaysService, private readonly i18n: I18nService) {}

  @Get()
  @Roles(...READERS)
  @Render('calendar/year')
  async year(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    // Only the year: the query may carry the page's own parameters too (?lang=).
    const { year } = await validateOrThrow(CalendarYearQueryDto, query?.year === undefined ? {} : { year: query.year });
    return this.model(await this.days.year(year ?? this.thisYear()), principal);
  }

  @Post()
  @Roles(...ADMINS)
  async add(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const year = this.yearOf(body.day);
    await this.handle(res, principal, year, 'day', body, async () => {
      const form = await validateForm(CalendarDayDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.days.add(form.value, actorOf(principal, req));
      flash(req, 'success', 'calendar.added', { count: 1 });
      res.redirect(303, `/admin/calendar?year=${form.value.day.slice(0, 4)}`);
    });
  }

  @Post('range')
  @Roles(...ADMINS)
  async addRange(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const year = this.yearOf(body.from);
    await this.handle(res, principal, year, 'range', body, async () => {
      const form = await validateForm(CalendarRangeDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      const added = await this.days.addRange(form.value, actorOf(principal, req));
      flash(req, 'success', 'calendar.added', { count: added.length });
      res.redirect(303, `/admin/calendar?year=${form.value.from.slice(0, 4)}`);
    });
  }

  @Get(':day/edit')
  @Roles(...ADMINS)
  @Render('calendar/edit')
  async editForm(@Param('day') day: string) {
    const row = await this.days.get(day);
    return { titleKey: 'calendar.editTitle', day: row.day, year: row.day.slice(0, 4), values: { kind: row.kind, name: row.name }, kinds: CALENDAR_DAY_KINDS, nameMax: CALENDAR_NAME_MAX };
  }

  @Post(':day')
  @Roles(...ADMINS)
  async update(@Param('day') day: string, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.days.get(day);
    try {
      const form = await validateForm(CalendarDayEditDto, body);
      if (!form.ok) throw new ValidationFailedError(form.fields);
      await this.days.update(row.day, form.value, actorOf(principal, req));
      flash(req, 'success', 'calendar.saved', { day: row.day });
      res.redirect(303, `/admin/calendar?year=${row.day.slice(0, 4)}`);
    } catch (err) {
      if (!(err instanceof ValidationFailedError || err instanceof ConflictError)) throw err;
      const locale = res.locals.locale as string;
      res.status(err.status).render('calendar/edit', {
        titleKey: 'calendar.editTitle', day: row.day, year: row.day.slice(0, 4), values: { kind: body.kind, name: body.name }, kinds: CALENDAR_DAY_KINDS, nameMax: CALENDAR_NAME_MAX,
        errors: translateFields(this.i18n, locale, err instanceof ValidationFailedError ? err.fields : (err.fields ?? {})),
        formError: this.i18n.t(locale, err.messageKey, err.params),
      });
    }
  }

  @Post(':day/delete')
  @Roles(...ADMINS)
  async remove(@Param('day') day: string, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.days.get(day);
    await this.days.remove(row.day, actorOf(principal, req));
    flash(req, 'success', 'calendar.removed', { day: row.day, name: row.name });
    res.redirect(303, `/admin/calendar?year=${row.day.slice(0, 4)}`);
  }

  private thisYear(): number {
    return Number(this.i18n.today().slice(0, 4));
  }

  /** The year a form's day falls in, to show again beside the form's errors (this year when the day is unreadable). */
  private yearOf(value: unknown): number {
    const y = typeof value === 'string' && /^\d{4}-/.test(value.trim()) ? Number(value.trim().slice(0, 4)) : NaN;
    return y >= CALENDAR_YEAR_MIN && y <= CALENDAR_YEAR_MAX ? y : this.thisYear();
  }

  private model(view: CalendarYearView, principal: Principal, extra: Record<string, unknown> = {}) {
    return {
      titleKey: 'calendar.title',
      ...view,
      days: view.days.map((d) => ({ ...d, weekdayKey: `calendar.weekdays.${d.weekday}` })),
      prevYear: view.year > CALENDAR_YEAR_MIN ? view.year - 1 : null,
      nextYear: view.year < CALENDAR_YEAR_MAX ? view.year + 1 : null,
      canEdit: principal.role === 'admin',
      kinds: CALENDAR_DAY_KINDS,
      nameMax: CALENDAR_NAME_MAX,
      rangeMax: CALENDAR_RANGE_MAX,
      dayValues: { kind: 'holiday' },
      rangeValues: { kind: 'holiday' },
      ...extra,
    };
  }

  /** Runs a form of the year page; a validation error or conflict shows the page again with the input and the errors beside that form. */
  private async handle(res: Response, principal: Principal, year: number, form: FormName, body: Record<string, unknown>, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      if (!(err instanceof ValidationFailedError || err instanceof ConflictError)) throw err;
      const locale = res.locals.locale as string;
      const values = { day: body.day, from: body.from, to: body.to, kind: body.kind, name: body.name };
      res.status(err.status).render('calendar/year', this.model(await this.days.year(year), principal, {
        [`${form}Values`]: values,
        [`${form}Errors`]: translateFields(this.i18n, locale, err instanceof ValidationFailedError ? err.fields : (err.fields ?? {})),
        formError: this.i18n.t(locale, err.messageKey, err.params),
      }));
    }
  }
}
