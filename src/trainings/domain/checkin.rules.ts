import type { AttendanceMark } from './attendance-rate.rules.js';

/**
 * When attendance can be taken, as data: self check-in opens `opensBeforeStartMinutes` before the start and closes
 * `closesAfterEndMinutes` after the end; a check-in later than `lateAfterStartMinutes` after the start is 'late'; the
 * auto-absent job waits `absentGraceMinutes` after the end (roll call can still be corrected in that time).
 */
export const CHECKIN_POLICY = {
  opensBeforeStartMinutes: 30,
  closesAfterEndMinutes: 0,
  lateAfterStartMinutes: 10,
  absentGraceMinutes: 60,
} as const;
export type CheckinPolicy = { [K in keyof typeof CHECKIN_POLICY]: number };

// The marks are defined once, with the rate that reads them.
export { ATTENDANCE_MARKS, type AttendanceMark } from './attendance-rate.rules.js';
export const ATTENDANCE_SOURCES = ['code', 'roll_call', 'import', 'auto'] as const;
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

const MINUTE = 60_000;

interface Times {
  startsAt: Date;
  endsAt: Date;
}

/** The self check-in window [opens, closes). */
export function checkinWindow(session: Times, policy: CheckinPolicy = CHECKIN_POLICY): { opens: Date; closes: Date } {
  return {
    opens: new Date(session.startsAt.getTime() - policy.opensBeforeStartMinutes * MINUTE),
    closes: new Date(session.endsAt.getTime() + policy.closesAfterEndMinutes * MINUTE),
  };
}

export function insideCheckinWindow(session: Times, now: Date, policy: CheckinPolicy = CHECKIN_POLICY): boolean {
  const { opens, closes } = checkinWindow(session, policy);
  return now.getTime() >= opens.getTime() && now.getTime() < closes.getTime();
}

/** The mark a check-in at `now` earns: present up to and including the late threshold, late after it. */
export function checkinMark(session: Times, now: Date, policy: CheckinPolicy = CHECKIN_POLICY): 'present' | 'late' {
  return now.getTime() > session.startsAt.getTime() + policy.lateAfterStartMinutes * MINUTE ? 'late' : 'present';
}

export type CheckinRefusal = 'sessionCancelled' | 'outsideWindow' | 'notInvited' | 'wrongCode';

/**
 * Why a self check-in is refused, in the order an officer can act on it: the session, the window, whether the tenant
 * is expected (a required session: invited or registered; an optional one: registered), then the code.
 */
export function checkinRefusal(input: {
  session: Times & { status: string; optional: boolean };
  now: Date;
  invited: boolean;
  registered: boolean;
  codeMatches: boolean;
  policy?: CheckinPolicy;
}): CheckinRefusal | null {
  if (input.session.status !== 'scheduled') return 'sessionCancelled';
  if (!insideCheckinWindow(input.session, input.now, input.policy)) return 'outsideWindow';
  const expected = input.session.optional ? input.registered : input.invited || input.registered;
  if (!expected) return 'notInvited';
  if (!input.codeMatches) return 'wrongCode';
  return null;
}

/** A self check-in keeps an earlier present/late mark (the first arrival counts) and replaces absent or excused. */
export function checkinReplaces(existing: AttendanceMark | null): boolean {
  return existing !== 'present' && existing !== 'late';
}

/** Wrong check-in codes an account may type within the window before it must wait (429) until the window ends. */
export const WRONG_CODE_LIMIT = { attempts: 5, windowMinutes: 10 } as const;
