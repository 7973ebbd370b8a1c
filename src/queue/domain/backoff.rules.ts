/** Delay before try `nextAttempt` (2, 3, …) under exponential backoff; 0 for the first try. */
export function backoffDelay(baseMs: number, nextAttempt: number): number {
  if (nextAttempt <= 1 || baseMs <= 0) return 0;
  return baseMs * 2 ** (nextAttempt - 2);
}
