import { afterAttempt, classifySendError, OUTBOX_POLICY } from './outbox.rules.js';

const now = new Date('2026-11-27T00:00:00Z');

describe('afterAttempt', () => {
  it('marks a sent message sent', () => {
    expect(afterAttempt({ kind: 'sent', messageId: 'x' }, 1, now)).toEqual({ status: 'sent', nextAttemptAt: null, lastError: null });
  });
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [9, 1_280_000],
  ])('queues again after temporary failure of attempt %i, %i ms later', (attempts, delay) => {
    const t = afterAttempt({ kind: 'temporary', error: 'ECONNREFUSED' }, attempts, now);
    expect(t).toEqual({ status: 'queued', nextAttemptAt: new Date(now.getTime() + delay), lastError: 'ECONNREFUSED' });
  });
  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
  ])('starts from a configured first wait: attempt %i fails, the next try is %i ms later', (attempts, delay) => {
    const t = afterAttempt({ kind: 'temporary', error: 'ECONNREFUSED' }, attempts, now, 2_000);
    expect(t.nextAttemptAt).toEqual(new Date(now.getTime() + delay));
  });
  it('caps the backoff', () => {
    const t = afterAttempt({ kind: 'temporary', error: 'x' }, 1, now);
    expect(t.nextAttemptAt!.getTime() - now.getTime()).toBeLessThanOrEqual(OUTBOX_POLICY.maxBackoffMs);
  });
  it('fails after the last attempt', () => {
    expect(afterAttempt({ kind: 'temporary', error: 'down' }, OUTBOX_POLICY.maxAttempts, now)).toEqual({ status: 'failed', nextAttemptAt: null, lastError: 'down' });
  });
  it('fails a permanent error at once', () => {
    expect(afterAttempt({ kind: 'permanent', error: 'bad address' }, 1, now).status).toBe('failed');
  });
});

describe('classifySendError', () => {
  it.each([
    [{ code: 'ECONNECTION' }, 'temporary'],
    [{ code: 'ETIMEDOUT' }, 'temporary'],
    [{ responseCode: 421 }, 'temporary'],
    [{ responseCode: 451 }, 'temporary'],
    [{ responseCode: 550 }, 'permanent'],
    [{ code: 'EENVELOPE' }, 'permanent'],
    [{ code: 'EENVELOPE', responseCode: 452 }, 'temporary'],
    [{}, 'temporary'],
  ])('%j → %s', (err, expected) => {
    expect(classifySendError(err)).toBe(expected);
  });
});
