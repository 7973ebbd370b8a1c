/**
 * The lifecycle of a breach record: staff record it (recorded), the tenant's officers may respond in
 * writing (responded, and again while it is open), and staff close it with a reason: confirmed, when
 * it stands (only then is it a score fact, N02, dated at the confirmation), or withdrawn. A closed
 * breach takes no more responses or decisions. Severity is data the register filters on; the
 * rectification deadline is an optional date the officer sees. Pure rules: no framework imports.
 */

export const BREACH_STATUSES = ['recorded', 'responded', 'confirmed', 'withdrawn'] as const;
export type BreachStatus = (typeof BREACH_STATUSES)[number];

export const BREACH_SEVERITIES = ['minor', 'general', 'serious'] as const;
export type BreachSeverity = (typeof BREACH_SEVERITIES)[number];

/** What happens to a breach: an officer responds, staff confirm or withdraw it. */
export const BREACH_EVENTS = ['respond', 'confirm', 'withdraw'] as const;
export type BreachEvent = (typeof BREACH_EVENTS)[number];

/** Staff's closing decisions. */
export const BREACH_DECISIONS = ['confirm', 'withdraw'] as const;
export type BreachDecision = (typeof BREACH_DECISIONS)[number];

/** The statuses a breach is open in: it takes responses and a decision. */
export const OPEN_BREACH_STATUSES: readonly BreachStatus[] = ['recorded', 'responded'];

const TRANSITIONS: Record<BreachStatus, Partial<Record<BreachEvent, BreachStatus>>> = {
  recorded: { respond: 'responded', confirm: 'confirmed', withdraw: 'withdrawn' },
  responded: { respond: 'responded', confirm: 'confirmed', withdraw: 'withdrawn' },
  confirmed: {},
  withdrawn: {},
};

export type BreachTransition = { ok: true; to: BreachStatus } | { ok: false; code: 'breachClosed' };

/** The status after `event`, or why it cannot happen (the breach is closed). */
export function breachTransition(from: BreachStatus, event: BreachEvent): BreachTransition {
  const to = TRANSITIONS[from]?.[event];
  return to ? { ok: true, to } : { ok: false, code: 'breachClosed' };
}

/** The statuses from which `event` may happen (for a conditional update that loses no race). */
export function statusesAllowing(event: BreachEvent): BreachStatus[] {
  return BREACH_STATUSES.filter((s) => TRANSITIONS[s][event] !== undefined);
}

export function isOpenBreach(status: BreachStatus): boolean {
  return OPEN_BREACH_STATUSES.includes(status);
}

export type RectifyByProblem = { code: 'notBefore'; params: { limit: string } };

/** A rectification deadline (park-zone date) may not lie before the breach occurred, nor before today. */
export function rectifyByProblem(rectifyBy: string | null | undefined, occurredOn: string, today: string): RectifyByProblem | null {
  if (!rectifyBy) return null;
  const limit = occurredOn > today ? occurredOn : today;
  return rectifyBy < limit ? { code: 'notBefore', params: { limit } } : null;
}

/** Where a rectification deadline stands as of `today`: none, still open (days left, 0 = today), or passed. */
export function rectificationState(rectifyBy: string | null, status: BreachStatus, today: string): 'none' | 'due' | 'overdue' {
  if (!rectifyBy || status === 'withdrawn') return 'none';
  return rectifyBy < today ? 'overdue' : 'due';
}
