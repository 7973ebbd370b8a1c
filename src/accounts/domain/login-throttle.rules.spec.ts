import { backoffMs, longestMemoryMs, throttlePolicies, waitMs, type ThrottlePolicy, type ThrottleState } from './login-throttle.rules.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const policy: ThrottlePolicy = { free: 5, baseMs: 1_000, maxMs: 15 * MIN, forgetMs: 24 * HOUR };
const state = (failures: number, lastFailureAt: number, blockedUntil = 0): ThrottleState => ({ failures, lastFailureAt, blockedUntil });

describe('backoffMs', () => {
  it.each<[number, number]>([
    [0, 0],
    [1, 0],
    [4, 0],
    [5, 0], // the last free failure
    [6, 1_000], // the first past it
    [7, 2_000],
    [8, 4_000],
    [15, 512_000],
    [16, 15 * MIN], // 1 024 s, capped at 900 s
    [17, 15 * MIN],
    [1_000, 15 * MIN], // no overflow however many
    [Number.MAX_SAFE_INTEGER, 15 * MIN],
  ])('after %i failures waits %i ms', (failures, expected) => {
    expect(backoffMs(failures, policy)).toBe(expected);
  });

  it('with free 0 waits from the first failure', () => {
    expect(backoffMs(1, { ...policy, free: 0 })).toBe(1_000);
  });
});

describe('waitMs', () => {
  const now = 1_000_000;
  it.each<[string, (ThrottleState | null)[], number]>([
    ['no subjects', [], 0],
    ['only unknown subjects', [null, null], 0],
    ['a wait that has passed', [state(6, now - 5_000, now - 1)], 0],
    ['a wait ending now', [state(6, now - 1_000, now)], 0],
    ['the longest wait of several', [state(6, now, now + 1_000), null, state(30, now, now + 60_000)], 60_000],
  ])('%s → %i', (_name, states, expected) => {
    expect(waitMs(states, now)).toBe(expected);
  });
});

describe('throttlePolicies', () => {
  const p = throttlePolicies(5, 15 * MIN);
  it('gives one e-mail from one address the configured free failures, and the wider subjects four times as many', () => {
    expect([p.pair.free, p.account.free, p.address.free]).toEqual([5, 20, 20]);
  });

  it('caps every wait at the configured longest wait', () => {
    for (const scope of ['pair', 'account', 'address'] as const) expect(backoffMs(1_000, p[scope])).toBe(15 * MIN);
  });

  it('forgets an address after an hour and an e-mail after a day', () => {
    expect([p.address.forgetMs, p.pair.forgetMs, p.account.forgetMs]).toEqual([HOUR, 24 * HOUR, 24 * HOUR]);
    expect(longestMemoryMs(p)).toBe(24 * HOUR);
  });
});
