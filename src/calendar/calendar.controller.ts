import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { ADMINS, READERS } from '../accounts/domain/access-policy.js';
import { CurrentActor, type Actor } from '../common/principal.js';
import { validateOrThrow } from '../common/validation.js';
import { I18nService } from '../i18n/i18n.service.js';
import { CalendarDaysService, type CalendarDayView } from './calendar-days.service.js';
import { CalendarDayDto, CalendarDayEditDto, CalendarRangeDto, CalendarYearQueryDto } from './dto/calendar-day.dto.js';

const dayJson = (d: CalendarDayView) => ({
  day: d.day, kind: d.kind, name: d.name, weekday: d.weekday, holidayOnWeekend: d.holidayOnWeekend, updatedAt: d.updatedAt.toISOString(),
});

/**
 * The park's working calendar over JSON: the holidays and 调休 working weekend days of a year (park
 * staff, regulators, admins), and the admin's edits — add a day or a range, change one, remove one
 * (`POST …/delete`, as other removals here are POSTed actions).
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly days: CalendarDaysService, private readonly i18n: I18nService) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: '{ year, days: [{ day, kind: holiday|workday, name, weekday (0 = Sunday), holidayOnWeekend, updatedAt }], holidays, workdays, missingYears } — days not listed are ordinary: Monday–Friday worked, weekends off' })
  @ApiBadRequestResponse({ description: 'year is not a whole number from 2000 to 2100' })
  async year(@Query() query: Record<string, unknown>) {
    const { year } = await validateOrThrow(CalendarYearQueryDto, query ?? {});
    const v = await this.days.year(year ?? Number(this.i18n.today().slice(0, 4)));
    return { year: v.year, days: v.days.map(dayJson), holidays: v.holidays, workdays: v.workdays, missingYears: v.missingYears };
  }

  @Post('days')
  @Roles(...ADMINS)
  @ApiBody({ type: CalendarDayDto })
  @ApiCreatedResponse({ description: 'the listed day' })
  @ApiBadRequestResponse({ description: 'field-keyed: day, kind, name; a workday must be a Saturday or Sunday' })
  @ApiConflictResponse({ description: 'the day is already listed' })
  async add(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return dayJson(await this.days.add(await validateOrThrow(CalendarDayDto, body ?? {}), actor));
  }

  @Post('ranges')
  @Roles(...ADMINS)
  @ApiBody({ type: CalendarRangeDto })
  @ApiCreatedResponse({ description: '{ days: [...] } every day from `from` to `to`, listed' })
  @ApiBadRequestResponse({ description: 'field-keyed: from, to (not before from, at most 31 days), kind, name' })
  @ApiConflictResponse({ description: 'a day of the range is already listed (none is added)' })
  async addRange(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return { days: (await this.days.addRange(await validateOrThrow(CalendarRangeDto, body ?? {}), actor)).map(dayJson) };
  }

  @Patch('days/:day')
  @Roles(...ADMINS)
  @ApiBody({ type: CalendarDayEditDto })
  @ApiOkResponse({ description: 'the day after the change' })
  @ApiNotFoundResponse({ description: 'the day is not listed' })
  async update(@Param('day') day: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    await this.days.get(day);
    return dayJson(await this.days.update(day, await validateOrThrow(CalendarDayEditDto, body ?? {}), actor));
  }

  @Post('days/:day/delete')
  @Roles(...ADMINS)
  @HttpCode(200)
  @ApiOkResponse({ description: '{ removed: day } — it is an ordinary day again; the audit log keeps what it was' })
  @ApiNotFoundResponse({ description: 'the day is not listed' })
  async remove(@Param('day') day: string, @CurrentActor() actor: Actor) {
    await this.days.remove(day, actor);
    return { removed: day };
  }
}
