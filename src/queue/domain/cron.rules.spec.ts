import { nextOccurrence } from './cron.rules.js';

describe('nextOccurrence', () => {
  it.each([
    // month end 23:30 Asia/Shanghai = 15:30 UTC on the last day
    ['30 23 L * *', '2026-11-10T00:00:00Z', '2026-11-30T15:30:00.000Z'],
    ['30 23 L * *', '2026-11-30T15:30:00Z', '2026-12-31T15:30:00.000Z'],
    ['30 23 L * *', '2028-02-01T00:00:00Z', '2028-02-29T15:30:00.000Z'],
    ['30 23 L * *', '2027-02-01T00:00:00Z', '2027-02-28T15:30:00.000Z'],
    // 09:00 park time is 01:00 UTC
    ['0 9 * * *', '2026-11-27T00:59:00Z', '2026-11-27T01:00:00.000Z'],
    ['0 9 * * *', '2026-11-27T01:00:00Z', '2026-11-28T01:00:00.000Z'],
    ['*/5 * * * *', '2026-11-27T01:02:00Z', '2026-11-27T01:05:00.000Z'],
  ])('%s after %s → %s', (cron, after, expected) => {
    expect(nextOccurrence(cron, 'Asia/Shanghai', new Date(after))?.toISOString()).toBe(expected);
  });

  it('returns null for a malformed rule', () => {
    expect(nextOccurrence('not a cron', 'Asia/Shanghai', new Date())).toBeNull();
  });
});
