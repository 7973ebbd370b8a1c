import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText } from '../database/raw-sql.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween, type WorkingCalendar } from './domain/working-days.rules.js';
import { CalendarDayEntity } from './entities/calendar-day.entity.js';

/** How long a read of the calendar is reused: admins change it rarely, and another process's edit shows within this. */
const TTL_MS = 60_000;

/**
 * The park's working calendar (weekends, public holidays and 调休 working weekends, kept by admins)
 * for every deadline counted in working days. The whole table is small (a few dozen days a year)
 * and read at once, cached for a minute and dropped on every edit made through `changed()`.
 */
@Injectable()
export class WorkingCalendarService {
  private cached: { at: number; calendar: Promise<WorkingCalendar> } | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The holidays and working weekend days on file. */
  calendar(): Promise<WorkingCalendar> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > TTL_MS) {
      const calendar = this.dataSource.getRepository(CalendarDayEntity).find().then((rows) => ({
        holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => dateText(r.day))),
        workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => dateText(r.day))),
      }));
      calendar.catch(() => { this.cached = null; });
      this.cached = { at: now, calendar };
    }
    return this.cached.calendar;
  }

  /** Drops the cached calendar: call after an edit. */
  changed(): void {
    this.cached = null;
  }

  /** The `n`-th working day after the park day `from` (see `addWorkingDays`). */
  async addWorkingDays(from: string, n: number): Promise<string> {
    return addWorkingDays(from, n, await this.calendar());
  }

  async isWorkingDay(day: string): Promise<boolean> {
    return isWorkingDay(day, await this.calendar());
  }

  /** Working days from `from` to `to` (see `workingDaysBetween`): left until a deadline, or below 0 how far past it. */
  async workingDaysBetween(from: string, to: string): Promise<number> {
    return workingDaysBetween(from, to, await this.calendar());
  }
}
