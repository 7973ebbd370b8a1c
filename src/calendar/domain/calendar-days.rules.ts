import { daysFromTo, isWeekend } from './working-days.rules.js';

/**
 * What admins may put in the park's working calendar. A holiday (法定节假日) is a day off, usually a
 * weekday (a holiday listed on a weekend is allowed: the official notices list whole breaks, and it
 * is shown flagged); a working day (调休上班) can only be a Saturday or Sunday, since every weekday is
 * worked anyway. Pure.
 */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarKind = (typeof CALENDAR_DAY_KINDS)[number];

export const CALENDAR_NAME_MAX = 100;
/** Days one range may add at once (the longest official break is 9 days; a month leaves room). */
export const CALENDAR_RANGE_MAX = 31;
/** Years a calendar page or API call may ask for. */
export const CALENDAR_YEAR_MIN = 2000;
export const CALENDAR_YEAR_MAX = 2100;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export interface CalendarProblem {
  field: 'day' | 'from' | 'to' | 'kind' | 'name';
  code: string;
  params?: Record<string, string | number>;
}

/** Why a day (or every day of a range) cannot be listed as `kind`: workdays that are not weekend days. */
export function kindProblems(days: readonly string[], kind: CalendarKind): string[] {
  return kind === 'workday' ? days.filter((d) => !isWeekend(d)) : [];
}

/** The days of a range `from`..`to` (inclusive), or the problem with it. */
export function rangeDays(from: string, to: string): { days: string[] } | { problem: CalendarProblem } {
  if (to < from) return { problem: { field: 'to', code: 'notBefore', params: { limit: from } } };
  const days = daysFromTo(from, to);
  if (days.length > CALENDAR_RANGE_MAX) return { problem: { field: 'to', code: 'max', params: { limit: CALENDAR_RANGE_MAX } } };
  return { days };
}

/** Years (this one and the next) without a single day on file: deadlines there count weekends only. */
export function yearsMissing(today: string, yearsOnFile: Iterable<number>): number[] {
  const on = new Set(yearsOnFile);
  const year = Number(today.slice(0, 4));
  return [year, year + 1].filter((y) => !on.has(y));
}

/** The first and last day of a year, for a range query. */
export function yearBounds(year: number): { from: string; to: string } {
  const y = String(year).padStart(4, '0');
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}
