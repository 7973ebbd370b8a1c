import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../common/filters/all-exceptions.filter.js';
import type { Actor } from '../common/principal.js';
import { dateText } from '../database/raw-sql.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { I18nService } from '../i18n/i18n.service.js';
import { isCalendarDay, kindProblems, rangeDays, yearBounds, yearsMissing, type CalendarKind } from './domain/calendar-days.rules.js';
import { isWeekend, weekdayOf } from './domain/working-days.rules.js';
import type { CalendarDayDto, CalendarDayEditDto, CalendarRangeDto } from './dto/calendar-day.dto.js';
import { CalendarDayEntity } from './entities/calendar-day.entity.js';
import { WorkingCalendarService } from './working-calendar.service.js';

/** A listed day as pages and the API show it. */
export interface CalendarDayView {
  day: string;
  kind: CalendarKind;
  name: string;
  /** 0 (Sunday) … 6 (Saturday). */
  weekday: number;
  /** A holiday listed on a Saturday or Sunday (allowed; shown flagged). */
  holidayOnWeekend: boolean;
  updatedAt: Date;
}

export interface CalendarYearView {
  year: number;
  days: CalendarDayView[];
  holidays: number;
  workdays: number;
  /** This year and next year, when no day of theirs is on file. */
  missingYears: number[];
}

const view = (r: CalendarDayEntity): CalendarDayView => {
  const day = dateText(r.day);
  return { day, kind: r.kind, name: r.name, weekday: weekdayOf(day), holidayOnWeekend: r.kind === 'holiday' && isWeekend(day), updatedAt: r.updatedAt };
};

const audited = (r: Pick<CalendarDayEntity, 'day' | 'kind' | 'name'>) => ({ day: dateText(r.day), kind: r.kind, name: r.name });

/**
 * Admins keep the park's working calendar: public holidays and 调休 working weekend days. Every edit
 * is audited (`calendar_day`, the day as its id; a removal keeps what was removed in `before`) and
 * drops the cached calendar of this process (`WorkingCalendarService.changed`; others within a minute).
 */
@Injectable()
export class CalendarDaysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly working: WorkingCalendarService,
    private readonly i18n: I18nService,
  ) {}

  /** The days of a year on file, in order, and which of this year and next have none. */
  async year(year: number): Promise<CalendarYearView> {
    const { from, to } = yearBounds(year);
    const rows = await this.dataSource.getRepository(CalendarDayEntity).find({ where: { day: Between(from, to) }, order: { day: 'ASC' } });
    const days = rows.map(view);
    return {
      year, days,
      holidays: days.filter((d) => d.kind === 'holiday').length,
      workdays: days.filter((d) => d.kind === 'workday').length,
      missingYears: await this.missingYears(),
    };
  }

  /** This park year and the next without a single day on file (two indexed lookups). */
  async missingYears(): Promise<number[]> {
    const today = this.i18n.today();
    const year = Number(today.slice(0, 4));
    const repo = this.dataSource.getRepository(CalendarDayEntity);
    const onFile: number[] = [];
    for (const y of [year, year + 1]) {
      const { from, to } = yearBounds(y);
      if (await repo.exists({ where: { day: Between(from, to) } })) onFile.push(y);
    }
    return yearsMissing(today, onFile);
  }

  async get(day: string): Promise<CalendarDayView> {
    if (!isCalendarDay(day)) throw new NotFoundError();
    const row = await this.dataSource.getRepository(CalendarDayEntity).findOneBy({ day });
    if (!row) throw new NotFoundError();
    return view(row);
  }

  async add(dto: CalendarDayDto, actor: Actor): Promise<CalendarDayView> {
    this.checkKind([dto.day], dto.kind);
    const [row] = await this.insert([dto.day], dto, actor);
    return row;
  }

  /** Every day of the range with one kind and name (e.g. 2027-02-06 to 2027-02-12 春节); none when one is already listed. */
  async addRange(dto: CalendarRangeDto, actor: Actor): Promise<CalendarDayView[]> {
    const range = rangeDays(dto.from, dto.to);
    if ('problem' in range) {
      throw new ValidationFailedError({ [range.problem.field]: [{ code: range.problem.code, params: range.problem.params }] });
    }
    this.checkKind(range.days, dto.kind, 'from');
    return this.insert(range.days, dto, actor, { from: dto.from, to: dto.to });
  }

  async update(day: string, dto: CalendarDayEditDto, actor: Actor): Promise<CalendarDayView> {
    if (!isCalendarDay(day)) throw new NotFoundError();
    this.checkKind([day], dto.kind, 'kind');
    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(CalendarDayEntity);
      const row = await repo.findOneBy({ day });
      if (!row) throw new NotFoundError();
      const before = audited(row);
      Object.assign(row, { kind: dto.kind, name: dto.name, updatedById: actor.userId, updatedAt: new Date() });
      await repo.save(row);
      await this.audit.record(m, actor, { action: 'calendarDay.update', entityType: 'calendar_day', entityId: day, before, after: audited(row) });
      afterCommit(() => this.working.changed());
      return view(row);
    });
  }

  /** Takes a day off the list (it becomes an ordinary weekday or weekend day again); audited with what it was. */
  async remove(day: string, actor: Actor): Promise<void> {
    if (!isCalendarDay(day)) throw new NotFoundError();
    await this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(CalendarDayEntity);
      const row = await repo.findOneBy({ day });
      if (!row) throw new NotFoundError();
      await repo.delete({ day });
      await this.audit.record(m, actor, { action: 'calendarDay.remove', entityType: 'calendar_day', entityId: day, before: audited(row), after: null });
      afterCommit(() => this.working.changed());
    });
  }

  /** A working day (调休) must be a Saturday or Sunday: every weekday is worked anyway. */
  private checkKind(days: string[], kind: CalendarKind, field = 'day'): void {
    const wrong = kindProblems(days, kind);
    if (wrong.length) {
      throw new ValidationFailedError({ [field]: [{ code: 'invalid' }] }, 'calendar.errors.workdayNotWeekend', { days: wrong.join(', ') });
    }
  }

  private async insert(days: string[], dto: CalendarDayEditDto, actor: Actor, range?: { from: string; to: string }): Promise<CalendarDayView[]> {
    const field = range ? 'from' : 'day';
    try {
      return await this.insertOnce(days, dto, actor, field, range);
    } catch (err) {
      // Another admin listed one of the days in between.
      if (isUniqueViolation(err)) throw new ConflictError('calendar.errors.dayTaken', { days: days.join(', ') }, { [field]: [{ code: 'taken' }] });
      throw err;
    }
  }

  private insertOnce(days: string[], dto: CalendarDayEditDto, actor: Actor, field: string, range?: { from: string; to: string }): Promise<CalendarDayView[]> {
    return this.uow.run(async (m: EntityManager, afterCommit) => {
      const repo = m.getRepository(CalendarDayEntity);
      const taken = (await repo.find({ where: { day: In(days) }, order: { day: 'ASC' } })).map((r) => dateText(r.day));
      if (taken.length) {
        throw new ConflictError('calendar.errors.dayTaken', { days: taken.join(', ') }, { [field]: [{ code: 'taken' }] });
      }
      const now = new Date();
      const rows = days.map((day) => repo.create({ day, kind: dto.kind, name: dto.name, updatedById: actor.userId, updatedAt: now }));
      await repo.insert(rows);
      for (const row of rows) {
        await this.audit.record(m, actor, { action: 'calendarDay.create', entityType: 'calendar_day', entityId: row.day, before: null, after: { ...audited(row), ...(range ? { range } : {}) } });
      }
      afterCommit(() => this.working.changed());
      return rows.map(view);
    });
  }
}
