import type { FieldProblem } from '../../common/errors/domain-error.js';

/**
 * The date a live score is asked for: `YYYY-MM-DD`, a real calendar day, not after the park's
 * today (a score of the future would present guesses as facts), not before 2000. Absent → today.
 * Pure: `today` is the caller's park-zone date.
 */
export const EARLIEST_AS_OF = '2000-01-01';

export function parseAsOf(raw: unknown, today: string): { ok: true; asOf: string } | { ok: false; problem: FieldProblem } {
  if (raw === undefined || raw === null || raw === '') return { ok: true, asOf: today };
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return { ok: false, problem: { code: 'date' } };
  const [y, m, d] = raw.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return { ok: false, problem: { code: 'date' } };
  if (raw > today) return { ok: false, problem: { code: 'notFuture', params: { limit: today } } };
  if (raw < EARLIEST_AS_OF) return { ok: false, problem: { code: 'notBefore', params: { limit: EARLIEST_AS_OF } } };
  return { ok: true, asOf: raw };
}
