import { DateTime } from 'luxon';

/**
 * When a fact counts as of a date: the trailing windows of the rulebook's items, read the way the
 * pillars read them, so the engine never drops a fact a pillar produced for the same as-of date.
 * Dates are park-zone `YYYY-MM-DD` strings; calendar arithmetic on them is the same in every zone.
 * Pure: no framework, no clock.
 *
 * A window of `months` ending on `asOf` holds the days `windowStart(asOf, months) … asOf`, both
 * inclusive, where the start is the day after `asOf` minus `months` (month arithmetic clamps to the
 * month's end: 2024-02-29 minus 12 months is 2023-02-28, so the window starts 2023-03-01). This is
 * findings' `windowFrom`, conventions' N02 window (`breachWindowStart` < date ≤ asOf) and the park
 * days of trainings' `rateWindow` (from the start of that day, in park time, to the end of `asOf`).
 */

/** Remembered per (as-of, months): a month-end run asks for the same few windows 200,000 times. */
const starts = new Map<string, string>();

/** First day (inclusive) of the trailing window of `months` ending on `asOf` (inclusive). */
export function windowStart(asOf: string, months: number): string {
  const key = `${asOf}|${months}`;
  let start = starts.get(key);
  if (start === undefined) {
    const day = DateTime.fromISO(asOf, { zone: 'utc' });
    if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`not a date: ${asOf}`);
    start = day.minus({ months }).plus({ days: 1 }).toISODate() as string;
    if (starts.size > 1_000) starts.clear();
    starts.set(key, start);
  }
  return start;
}

/** The day `days` calendar days after (or, negative, before) a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${date}`);
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * How a pillar dates a fact kind relative to the window it applied:
 * - `day` (the default): the date is the day the window was applied to (a finding's decision or
 *   verification, a breach's confirmation, a self-report's occurrence …): start ≤ date ≤ asOf.
 * - `sessionStart` (P08, N03): the trainings pillar keeps a session whose END falls in the window
 *   (`endedIn`) but dates the fact at the session's START park day. A session that started before
 *   the window's first day and ended on it (overnight, or over several days) is a fact of the
 *   window with a date before its start; the date cannot show the end, so the engine checks only
 *   date ≤ asOf for these kinds and leaves the lower bound to the pillar.
 * - `sessionEnd` (P07, D02): dated at the park day of a session's end; a session ending exactly at
 *   the midnight that closes `asOf` is inside the pillar's window (`endsAt ≤ end of asOf`) but its
 *   park day is the next day, so the engine accepts up to asOf + 1 day for these kinds.
 */
export type FactDating = 'day' | 'sessionStart' | 'sessionEnd';

const DATING: Readonly<Record<string, FactDating>> = { P08: 'sessionStart', N03: 'sessionStart', P07: 'sessionEnd', D02: 'sessionEnd' };

export function factDating(factKind: string): FactDating {
  return DATING[factKind] ?? 'day';
}

/**
 * The dates the tests of one as-of date need, computed once: the engine scores 200,000 tenants
 * as of the same date in a month-end run, so nothing here is recomputed per fact or per tenant.
 */
export interface AsOfDays {
  asOf: string;
  /** asOf + 1 day: the last date a `sessionEnd` fact may carry. */
  nextDay: string;
  /** First day of the trailing window of `months`. */
  windowStart(months: number): string;
  /** asOf − `days` days (the M rule: moved in after it is new). */
  daysBefore(days: number): string;
}

let last: AsOfDays | null = null;

/** The as-of date's derived days; the last one asked for is kept (a run asks for one date many times). */
export function asOfDays(asOf: string): AsOfDays {
  if (last?.asOf === asOf) return last;
  windowStart(asOf, 1); // refuses a malformed date up front
  const starts = new Map<number, string>();
  const before = new Map<number, string>();
  last = {
    asOf,
    nextDay: addDays(asOf, 1),
    windowStart(months) {
      let start = starts.get(months);
      if (start === undefined) starts.set(months, (start = windowStart(asOf, months)));
      return start;
    },
    daysBefore(days) {
      let day = before.get(days);
      if (day === undefined) before.set(days, (day = addDays(asOf, -days)));
      return day;
    },
  };
  return last;
}

/**
 * Whether a fact of kind `factKind` dated `date` counts as of `asOf`, for an item with a window of
 * `months` (undefined: no window, the fact counts from its date on).
 */
export function countsOn(factKind: string, date: string, asOf: string | AsOfDays, months: number | undefined): boolean {
  const days = typeof asOf === 'string' ? asOfDays(asOf) : asOf;
  const dating = DATING[factKind];
  if (date > (dating === 'sessionEnd' ? days.nextDay : days.asOf)) return false;
  if (months === undefined || dating === 'sessionStart') return true;
  return date >= days.windowStart(months);
}
