/**
 * Working days (工作日) for deadlines counted in working days: Monday to Friday, except the park's
 * holidays, plus the weekend days declared working days (调休). Admins keep both lists at
 * `/admin/calendar` (table `calendar_days`). Days are `YYYY-MM-DD` park days. Pure.
 */
export interface WorkingCalendar {
  /** Weekdays off (public holidays). */
  holidays?: Iterable<string>;
  /** Weekend days worked instead (调休上班). */
  workdays?: Iterable<string>;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(day: string): Date {
  const m = DAY.exec(day);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== day) throw new Error(`not a day: ${day}`);
  return d;
}

const text = (d: Date) => d.toISOString().slice(0, 10);

/** Whether a park day is worked: a weekday not on the holiday list, or a listed working weekend day. */
export function isWorkingDay(day: string, calendar: WorkingCalendar = {}): boolean {
  const weekday = parse(day).getUTCDay();
  if (new Set(calendar.workdays ?? []).has(day)) return true;
  if (weekday === 0 || weekday === 6) return false;
  return !new Set(calendar.holidays ?? []).has(day);
}

/**
 * The `n`-th working day after `from` (`from` itself not counted, whether worked or not): the last
 * day of a window of `n` working days that opens the day after `from`. n = 0 gives `from`.
 */
export function addWorkingDays(from: string, n: number, calendar: WorkingCalendar = {}): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a whole number ≥ 0: ${n}`);
  const holidays = new Set(calendar.holidays ?? []);
  const workdays = new Set(calendar.workdays ?? []);
  const d = parse(from);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = text(d);
    const weekday = d.getUTCDay();
    const worked = workdays.has(day) || (weekday !== 0 && weekday !== 6 && !holidays.has(day));
    if (worked) left -= 1;
  }
  return text(d);
}

/** Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const weekday = parse(day).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** 0 (Sunday) … 6 (Saturday) of a park day. */
export function weekdayOf(day: string): number {
  return parse(day).getUTCDay();
}

/**
 * Working days from `from` to `to`, counted as `addWorkingDays` counts: the working days after
 * `from` up to and including `to`. Negative when `to` is before `from` (the working days after `to`
 * up to and including `from`, with a minus sign): for a deadline, `workingDaysBetween(today, due)`
 * is the working days left (0 on the due day), and below 0 how many working days it is overdue.
 */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar = {}): number {
  if (to < from) return -workingDaysBetween(to, from, calendar);
  const holidays = new Set(calendar.holidays ?? []);
  const workdays = new Set(calendar.workdays ?? []);
  const d = parse(from);
  parse(to);
  let count = 0;
  for (;;) {
    if (text(d) === to) return count;
    d.setUTCDate(d.getUTCDate() + 1);
    const day = text(d);
    const weekday = d.getUTCDay();
    if (workdays.has(day) || (weekday !== 0 && weekday !== 6 && !holidays.has(day))) count += 1;
  }
}

/** Every day from `from` to `to` inclusive (empty when `to` is before `from`). */
export function daysFromTo(from: string, to: string): string[] {
  const d = parse(from);
  parse(to);
  const out: string[] = [];
  while (text(d) <= to) {
    out.push(text(d));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
