import { DateTime } from 'luxon';

/**
 * A tenant's attendance rate over a window: (present + late) / the required sessions that ended in
 * the window, leaving out the sessions it was excused from (an approved excuse or an `excused` mark)
 * and those that started on a park day before it moved in. No required session left → no rate
 * (null), never 100 %. Pure: no framework, no database.
 */
export const ATTENDANCE_MARKS = ['present', 'late', 'excused', 'absent'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

/** Marks that count as attended (and earn hours). */
export function isAttended(mark: AttendanceMark | null | undefined): boolean {
  return mark === 'present' || mark === 'late';
}

/** A span of instants: a session counts when `from < endsAt ≤ to`. */
export interface RateWindow {
  from: Date;
  to: Date;
}

/**
 * The trailing window of `months` ending with the park day `asOf`, the way every 12-month item of
 * the rulebook reads: from the end of the day `months` before (exclusive) to the end of `asOf`
 * (inclusive), in park time. Month arithmetic clamps (2024-02-29 minus 12 months is 2023-02-28).
 * With `now` earlier than the end of `asOf`, the window stops at `now` (a session still running
 * has not ended).
 */
export function rateWindow(asOf: string, months: number, timeZone: string, now?: Date): RateWindow {
  const day = DateTime.fromISO(asOf, { zone: timeZone });
  if (!day.isValid) throw new Error(`not a date: ${asOf}`);
  const endOfAsOf = day.plus({ days: 1 }).startOf('day').toJSDate();
  const from = day.minus({ months }).plus({ days: 1 }).startOf('day').toJSDate();
  return { from, to: now && now < endOfAsOf ? now : endOfAsOf };
}

export function endedIn(endsAt: Date, window: RateWindow): boolean {
  return endsAt.getTime() > window.from.getTime() && endsAt.getTime() <= window.to.getTime();
}

/** Park day of an instant. */
export function parkDay(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
}

/** Held before the tenant moved in: started on a park day earlier than its move-in date. */
export function beforeMoveIn(startsAt: Date, movedInAt: string | null | undefined, timeZone: string): boolean {
  return !!movedInAt && parkDay(startsAt, timeZone) < movedInAt;
}

/** One session the tenant was required to attend (it had an invitation), with what happened. */
export interface RequiredSession {
  sessionId: number;
  startsAt: Date;
  endsAt: Date;
  /** The tenant's mark; null while unmarked (counts as not attended once the session ended). */
  mark: AttendanceMark | null;
  /** An approved excuse request. */
  excuseApproved?: boolean;
  /** A cancelled session is never required. */
  cancelled?: boolean;
}

export interface RateResult {
  /** attended / required, 0 … 1; null when nothing was required. */
  rate: number | null;
  attended: number;
  /** The denominator: required sessions that ended in the window, not excused, not before move-in. */
  required: number;
  excused: number;
  /** `absent` marks among the counted sessions (unexcused absences). */
  absent: number;
  /** Counted sessions with no mark yet. */
  unmarked: number;
  /** Left out because they were held before the move-in date. */
  beforeMoveIn: number;
  /** The counted session ids, in the order given. */
  counted: number[];
}

export function rateOf(attended: number, required: number): number | null {
  return required > 0 ? attended / required : null;
}

export function attendanceRate(sessions: readonly RequiredSession[], window: RateWindow, movedInAt: string | null | undefined, timeZone: string): RateResult {
  const r: RateResult = { rate: null, attended: 0, required: 0, excused: 0, absent: 0, unmarked: 0, beforeMoveIn: 0, counted: [] };
  const seen = new Set<number>();
  for (const s of sessions) {
    if (s.cancelled || seen.has(s.sessionId) || !endedIn(s.endsAt, window)) continue;
    seen.add(s.sessionId);
    if (beforeMoveIn(s.startsAt, movedInAt, timeZone)) { r.beforeMoveIn += 1; continue; }
    if (s.excuseApproved || s.mark === 'excused') { r.excused += 1; continue; }
    r.required += 1;
    r.counted.push(s.sessionId);
    if (isAttended(s.mark)) r.attended += 1;
    else if (s.mark === 'absent') r.absent += 1;
    else r.unmarked += 1;
  }
  r.rate = rateOf(r.attended, r.required);
  return r;
}

/** A rate as a percentage with one decimal, for pages and facts (92.3); null stays null. */
export function ratePercent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}
