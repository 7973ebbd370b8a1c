/**
 * Login throttling: failed logins are counted per subject, and past a number of free failures each
 * further attempt of that subject must wait, the wait doubling with every failure up to a cap.
 * Nothing is locked outright, and the subjects are strings (an e-mail as typed, an address), so an
 * unknown e-mail is throttled exactly like an existing account.
 *
 * - `pair`: one e-mail from one client address. The real user's own mistakes; a stranger elsewhere
 *   does not slow the real user down through this one.
 * - `account`: one e-mail from anywhere. Catches guessing spread over many addresses, so it allows
 *   many more free failures: a stranger from one address meets the pair's backoff long before.
 * - `address`: one client address, whatever the e-mail. Catches one address trying many accounts.
 */
export type ThrottleScope = 'pair' | 'account' | 'address';

export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  free: number;
  /** The wait after the first failure past `free`; it doubles with each further failure. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
  /** A subject whose last failure is older than this starts again from zero (the store's upsert applies it). */
  forgetMs: number;
}

export interface ThrottleState {
  failures: number;
  /** Epoch milliseconds. */
  lastFailureAt: number;
  /** Epoch milliseconds; no attempt of the subject is checked before it. */
  blockedUntil: number;
}

const HOUR = 3_600_000;

/** The three policies, from LOGIN_MAX_ATTEMPTS (free failures of one e-mail from one address) and the longest wait. */
export function throttlePolicies(maxAttempts: number, maxWaitMs: number): Record<ThrottleScope, ThrottlePolicy> {
  return {
    pair: { free: maxAttempts, baseMs: 1_000, maxMs: maxWaitMs, forgetMs: 24 * HOUR },
    account: { free: maxAttempts * 4, baseMs: 1_000, maxMs: maxWaitMs, forgetMs: 24 * HOUR },
    address: { free: maxAttempts * 4, baseMs: 1_000, maxMs: maxWaitMs, forgetMs: HOUR },
  };
}

/** The wait after the `failures`-th failure in a row: none up to `free`, then base × 2^(failures − free − 1), capped. */
export function backoffMs(failures: number, policy: ThrottlePolicy): number {
  if (failures <= policy.free) return 0;
  const exponent = Math.min(failures - policy.free - 1, 40);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}

/** How long an attempt at `now` must still wait: the longest wait of its subjects, 0 when it may go ahead. */
export function waitMs(states: (ThrottleState | null)[], now: number): number {
  return states.reduce((wait, s) => (s ? Math.max(wait, s.blockedUntil - now) : wait), 0);
}

/** How long a state can matter: past this after its last failure (and its wait) a state may be deleted. */
export function longestMemoryMs(policies: Record<ThrottleScope, ThrottlePolicy>): number {
  return Math.max(...Object.values(policies).map((p) => p.forgetMs));
}
