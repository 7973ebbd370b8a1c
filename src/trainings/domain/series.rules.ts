import { DateTime } from 'luxon';
import type { FieldProblems } from '../../common/errors/domain-error.js';

/** How a series repeats. */
export const RECURRENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

/** At most this many sessions in one series (a year of weekly sessions). */
export const SERIES_MAX_OCCURRENCES = 52;

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

/**
 * Every occurrence of a series, the first included, whose park-zone start date is on or before
 * `untilDate`: the same wall-clock time each week, fortnight or month (a monthly series on the 31st
 * falls on the month's last day when it is shorter). Stops after `max` + 1 so a caller can tell "too many".
 */
export function occurrences(first: Occurrence, recurrence: Recurrence, untilDate: string, zone: string, max = SERIES_MAX_OCCURRENCES): Occurrence[] {
  const start = DateTime.fromJSDate(first.startsAt).setZone(zone);
  const durationMs = first.endsAt.getTime() - first.startsAt.getTime();
  const out: Occurrence[] = [];
  for (let i = 0; out.length <= max; i++) {
    const at = recurrence === 'monthly' ? start.plus({ months: i }) : start.plus({ weeks: recurrence === 'weekly' ? i : 2 * i });
    if ((at.toISODate() as string) > untilDate) break;
    const startsAt = at.toUTC().toJSDate();
    out.push({ startsAt, endsAt: new Date(startsAt.getTime() + durationMs) });
  }
  return out;
}

/**
 * The field errors of a series: it must end (`untilDate`, a park-zone date not before the first
 * session's date), and it may not hold more than the maximum of sessions.
 */
export function seriesProblems(
  s: { recurrence: Recurrence; untilDate: string | null | undefined; first: Occurrence | null }, zone: string, max = SERIES_MAX_OCCURRENCES,
): FieldProblems {
  if (!s.untilDate) return { untilDate: [{ code: 'seriesNeedsEnd' }] };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s.untilDate) || !DateTime.fromISO(s.untilDate).isValid) return { untilDate: [{ code: 'date' }] };
  if (!s.first) return {};
  const firstDate = DateTime.fromJSDate(s.first.startsAt).setZone(zone).toISODate() as string;
  if (s.untilDate < firstDate) return { untilDate: [{ code: 'notBefore', params: { limit: firstDate } }] };
  if (occurrences(s.first, s.recurrence, s.untilDate, zone, max).length > max) return { untilDate: [{ code: 'seriesTooLong', params: { limit: max } }] };
  return {};
}
