import { CHECKIN_POLICY, type CheckinPolicy } from './checkin.rules.js';

/** A session is due for automatic absences once it ended `absentGraceMinutes` ago and has not been processed. */
export function dueForAbsences(session: { status: string; endsAt: Date; absencesMarkedAt: Date | null }, now: Date, policy: CheckinPolicy = CHECKIN_POLICY): boolean {
  return session.status === 'scheduled' && session.absencesMarkedAt === null && now.getTime() >= session.endsAt.getTime() + policy.absentGraceMinutes * 60_000;
}

/** The instant before which a session's end must lie to be due at `now`. */
export function absencesCutoff(now: Date, policy: CheckinPolicy = CHECKIN_POLICY): Date {
  return new Date(now.getTime() - policy.absentGraceMinutes * 60_000);
}

export interface RequiredTenant {
  tenantId: number;
  /** 'YYYY-MM-DD', or null when unknown (then counted as having been there). */
  movedInAt: string | null;
  marked: boolean;
  excuseApproved: boolean;
}

/**
 * The marks the job writes for a session's required tenants: 'excused' for an approved excuse, 'absent' for the rest
 * without a mark; a tenant already marked keeps its mark, and a tenant that moved in after the session's (park-zone)
 * start date gets nothing. `sessionDate` is that start date, 'YYYY-MM-DD'.
 */
export function automaticMarks(sessionDate: string, tenants: RequiredTenant[]): { tenantId: number; mark: 'absent' | 'excused' }[] {
  const marks: { tenantId: number; mark: 'absent' | 'excused' }[] = [];
  for (const t of tenants) {
    if (t.marked) continue;
    if (t.movedInAt !== null && t.movedInAt > sessionDate) continue;
    marks.push({ tenantId: t.tenantId, mark: t.excuseApproved ? 'excused' : 'absent' });
  }
  return marks;
}
