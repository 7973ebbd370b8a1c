/**
 * Rectification of a finding (整改): when the department requires it, the tenant's officers submit a
 * statement with evidence by the deadline (rectifyBy, a park-zone date, inclusive); the department's
 * regulator — or park staff where the department delegated it — verifies the evidence (closed) or
 * returns it with a reason (open again, to be submitted anew).
 *
 * Stored status (findings.rectificationStatus): none | open | submitted | verified. What a page shows
 * is derived from it, the deadline and the date: an open rectification whose deadline has passed is
 * overdue. Evidence submitted, on time or late, is 'submitted' while it awaits the decision (flagged
 * late when submitted after the deadline); evidence returned after the deadline makes it overdue
 * again. It was rectified on time when the evidence that was verified had been submitted on or
 * before the deadline (P05). Pure rules: no framework imports.
 */
import { isManager, isRegulatorOf, type Asker } from '../../accounts/domain/access-policy.js';
import type { RectificationStatus } from './finding-kinds.js';

/** What a page, a list filter or the hub shows. */
export const RECTIFICATION_STATES = ['none', 'open', 'submitted', 'verified', 'overdue'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];

/** What happens to a rectification: the officer submits evidence, the verifier verifies or returns it. */
export const RECTIFICATION_EVENTS = ['submit', 'verify', 'return'] as const;
export type RectificationEvent = (typeof RECTIFICATION_EVENTS)[number];

/** The verifier's decisions on a submission. */
export const RECTIFICATION_DECISIONS = ['verify', 'return'] as const;
export type RectificationDecision = (typeof RECTIFICATION_DECISIONS)[number];

/** Why an event cannot happen (each a 409 with its own message). */
export type RectificationRefusal = 'notRequired' | 'awaitingVerification' | 'nothingSubmitted' | 'alreadyVerified';

const TRANSITIONS: Record<RectificationStatus, Record<RectificationEvent, RectificationStatus | RectificationRefusal>> = {
  none: { submit: 'notRequired', verify: 'notRequired', return: 'notRequired' },
  open: { submit: 'submitted', verify: 'nothingSubmitted', return: 'nothingSubmitted' },
  submitted: { submit: 'awaitingVerification', verify: 'verified', return: 'open' },
  verified: { submit: 'alreadyVerified', verify: 'alreadyVerified', return: 'alreadyVerified' },
};

const STATUSES = Object.keys(TRANSITIONS) as RectificationStatus[];
const isStatus = (x: string): x is RectificationStatus => (STATUSES as string[]).includes(x);

export type RectificationTransition = { ok: true; to: RectificationStatus } | { ok: false; code: RectificationRefusal };

/** The stored status after `event`, or why it cannot happen. */
export function rectificationTransition(from: RectificationStatus, event: RectificationEvent): RectificationTransition {
  const to = TRANSITIONS[from]?.[event];
  if (to === undefined) return { ok: false, code: 'notRequired' };
  return isStatus(to) ? { ok: true, to } : { ok: false, code: to };
}

/** The stored statuses from which `event` may happen (for a conditional update that loses no race). */
export function statusesAllowing(event: RectificationEvent): RectificationStatus[] {
  return STATUSES.filter((s) => isStatus(TRANSITIONS[s][event]));
}

/** The status a finding starts with: open when the department requires rectification. */
export function initialRectificationStatus(required: boolean): RectificationStatus {
  return required ? 'open' : 'none';
}

export interface RectificationFacts {
  required: boolean;
  /** Park-zone deadline (inclusive); null when none was set. */
  rectifyBy: string | null;
  status: RectificationStatus;
}

/** Where the rectification stands on `today` (park-zone date): open turns overdue the day after the deadline. */
export function rectificationState(f: RectificationFacts, today: string): RectificationState {
  if (!f.required || f.status === 'none') return 'none';
  if (f.status === 'open') return f.rectifyBy !== null && today > f.rectifyBy ? 'overdue' : 'open';
  return f.status;
}

/** Evidence submitted after the deadline (it still awaits a decision; verified, it does not count as on time). */
export function submittedLate(rectifyBy: string | null, submittedOn: string): boolean {
  return rectifyBy !== null && submittedOn > rectifyBy;
}

/** Rectified on time (P05): verified, and the verified evidence had been submitted on or before the deadline. */
export function rectifiedOnTime(f: { status: RectificationStatus; rectifyBy: string | null; rectifiedOn: string | null }): boolean {
  return f.status === 'verified' && f.rectifyBy !== null && f.rectifiedOn !== null && f.rectifiedOn <= f.rectifyBy;
}

/** Overdue in SQL terms: status open and the deadline before `today`. */
export function isOverdue(f: RectificationFacts, today: string): boolean {
  return rectificationState(f, today) === 'overdue';
}

/** The department as the verification rule needs it. */
export interface VerifyingDepartment {
  id: number;
  delegatesVerification: boolean;
}

/**
 * Who verifies a finding's rectification: a regulator of the finding's department, or park staff
 * (an admin too) when that department delegated verification to the park.
 */
export function isVerifierOf(a: Asker & { departmentId?: number | null }, department: VerifyingDepartment): boolean {
  return isRegulatorOf(a, department.id) || (department.delegatesVerification && isManager(a));
}

/** A return needs a reason; a verification may carry a note. */
export function decisionReasonProblem(decision: RectificationDecision, reason: string | null | undefined): 'required' | null {
  return decision === 'return' && !(reason ?? '').trim() ? 'required' : null;
}
