/** An excuse request: pending until staff approve or reject it; a decision is final. */
export const EXCUSE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExcuseStatus = (typeof EXCUSE_STATUSES)[number];
export type ExcuseDecision = 'approved' | 'rejected';

export const EXCUSE_REASON_MAX = 2000;

export type ExcuseRefusal = 'sessionCancelled' | 'sessionStarted' | 'notConcerned' | 'excusePending' | 'excuseApproved' | 'alreadyAttended';

/**
 * Whether a tenant may ask to be excused: before the session starts, for a session it is invited or registered to,
 * with no pending or approved request and no attendance already recorded (check-in opens before the start). After a
 * rejection it may ask again.
 */
export function excuseRefusal(input: {
  now: Date;
  startsAt: Date;
  sessionStatus: string;
  concerned: boolean;
  existing: ExcuseStatus[];
  attended: boolean;
}): ExcuseRefusal | null {
  if (input.sessionStatus !== 'scheduled') return 'sessionCancelled';
  if (input.now.getTime() >= input.startsAt.getTime()) return 'sessionStarted';
  if (!input.concerned) return 'notConcerned';
  if (input.existing.includes('approved')) return 'excuseApproved';
  if (input.existing.includes('pending')) return 'excusePending';
  if (input.attended) return 'alreadyAttended';
  return null;
}

/** The status a decision leads to, or null when the request was already decided. */
export function excuseAfterDecision(current: ExcuseStatus, decision: ExcuseDecision): ExcuseStatus | null {
  return current === 'pending' ? decision : null;
}

/** A reason as stored: trimmed, non-empty, at most EXCUSE_REASON_MAX characters; null when unusable. */
export function normalizeReason(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const reason = input.trim();
  return reason && reason.length <= EXCUSE_REASON_MAX ? reason : null;
}
