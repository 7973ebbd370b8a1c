/**
 * Working days (工作日) for deadlines counted in working days: Monday to Friday, except the park's
 * holidays, plus the weekend days declared working days (调休). The calendar lists arrive with the
 * lists issue; until then both are empty. Days are `YYYY-MM-DD` park days. Pure.
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
