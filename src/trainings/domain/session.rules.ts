import { DateTime } from 'luxon';
import type { FieldProblems } from '../../common/errors/domain-error.js';

/** Kinds of session the park runs (the list). */
export const TRAINING_KINDS = ['law_lecture', 'policy_briefing', 'safety_drill', 'other'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A form's date and time in the park's zone, `YYYY-MM-DDTHH:mm` (what `<input type="datetime-local">` sends). */
export const PARK_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The UTC instant of a park-zone local time; null when it is not one. */
export function parkLocalToUtc(local: string | null | undefined, zone: string): Date | null {
  if (!local || !PARK_LOCAL.test(local)) return null;
  const dt = DateTime.fromISO(local, { zone });
  return dt.isValid ? dt.toUTC().toJSDate() : null;
}

/** The park-zone local time of an instant, as a datetime-local input shows it. */
export function utcToParkLocal(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

export interface SessionShape {
  startsAt: Date | null;
  endsAt: Date | null;
  /** null or undefined: no limit. */
  capacity?: number | null;
}

/**
 * The field errors of a session's time and seats: an end not after the start, a capacity below one
 * (no limit is left empty, never 0). Empty when it is sound.
 */
export function sessionProblems(s: SessionShape): FieldProblems {
  const out: FieldProblems = {};
  if (!s.startsAt) out.startsAt = [{ code: 'dateTime' }];
  if (!s.endsAt) out.endsAt = [{ code: 'dateTime' }];
  else if (s.startsAt && s.endsAt.getTime() <= s.startsAt.getTime()) out.endsAt = [{ code: 'endBeforeStart' }];
  if (s.capacity !== null && s.capacity !== undefined && (!Number.isInteger(s.capacity) || s.capacity < 1)) out.capacity = [{ code: 'min', params: { limit: 1 } }];
  return out;
}

/** Upcoming: scheduled and not started yet. Only upcoming sessions follow audience and registry changes. */
export function isUpcoming(s: { status: SessionStatus; startsAt: Date }, now: Date): boolean {
  return s.status === 'scheduled' && s.startsAt.getTime() > now.getTime();
}

/** Whether a change to a session concerns attendees (a new calendar entry goes out): time, place or who must attend. */
export function changeConcernsAttendees(before: ChangeShape, after: ChangeShape): boolean {
  return before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime()
    || before.location !== after.location || before.title !== after.title;
}

export interface ChangeShape {
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
}
