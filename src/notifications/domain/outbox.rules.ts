import { backoffDelay } from '../../queue/domain/backoff.rules.js';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** How often and how patiently a message is tried (the first wait, `backoffMs`, is OUTBOX_BACKOFF_MS when configured). */
export const OUTBOX_POLICY = { maxAttempts: 10, backoffMs: 5_000, maxBackoffMs: 3_600_000 } as const;

export type SendOutcome =
  | { kind: 'sent'; messageId: string | null }
  /** The server or network failed for now: try again later. */
  | { kind: 'temporary'; error: string }
  /** Retrying cannot help: bad address, template error, 5xx rejection. */
  | { kind: 'permanent'; error: string };

export interface OutboxTransition {
  status: OutboxStatus;
  nextAttemptAt: Date | null;
  lastError: string | null;
}

/** What a message becomes after a send attempt numbered `attempts` (1 for the first); waits start at `backoffMs` and double. */
export function afterAttempt(outcome: SendOutcome, attempts: number, now: Date, backoffMs: number = OUTBOX_POLICY.backoffMs): OutboxTransition {
  if (outcome.kind === 'sent') return { status: 'sent', nextAttemptAt: null, lastError: null };
  if (outcome.kind === 'permanent' || attempts >= OUTBOX_POLICY.maxAttempts) {
    return { status: 'failed', nextAttemptAt: null, lastError: outcome.error };
  }
  const delay = Math.min(OUTBOX_POLICY.maxBackoffMs, backoffDelay(backoffMs, attempts + 1));
  return { status: 'queued', nextAttemptAt: new Date(now.getTime() + delay), lastError: outcome.error };
}

/**
 * Sorts an SMTP/nodemailer error: connection problems and 4xx answers are temporary; 5xx answers,
 * address and message errors are permanent.
 */
export function classifySendError(err: { code?: string; responseCode?: number; message?: string }): 'temporary' | 'permanent' {
  if (typeof err.responseCode === 'number') return err.responseCode >= 500 ? 'permanent' : 'temporary';
  if (err.code && ['EENVELOPE', 'EMESSAGE', 'EADDRESS'].includes(err.code)) return 'permanent';
  return 'temporary';
}
