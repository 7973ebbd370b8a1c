import { occurrences, seriesProblems, type Recurrence } from './series.rules.js';

const Z = 'Asia/Shanghai';
const first = { startsAt: new Date('2026-01-31T01:00:00Z'), endsAt: new Date('2026-01-31T03:00:00Z') };

describe('occurrences', () => {
  it.each<[Recurrence, string, string[]]>([
    ['weekly', '2026-02-14', ['2026-01-31', '2026-02-07', '2026-02-14']],
    ['weekly', '2026-02-13', ['2026-01-31', '2026-02-07']],
    ['biweekly', '2026-02-28', ['2026-01-31', '2026-02-14', '2026-02-28']],
    ['monthly', '2026-04-30', ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']],
    ['weekly', '2026-01-31', ['2026-01-31']],
  ])('%s until %s', (recurrence, until, dates) => {
    const list = occurrences(first, recurrence, until, Z);
    expect(list.map((o) => o.startsAt.toISOString().slice(0, 10))).toEqual(dates);
    for (const o of list) expect(o.endsAt.getTime() - o.startsAt.getTime()).toBe(2 * 3600_000);
    for (const o of list) expect(o.startsAt.toISOString().slice(11)).toBe('01:00:00.000Z');
  });

  it('uses the park date: 23:30 in the park on the until date counts', () => {
    const late = { startsAt: new Date('2026-01-01T15:30:00Z'), endsAt: new Date('2026-01-01T16:00:00Z') }; // 2026-01-01 23:30 park time
    expect(occurrences(late, 'weekly', '2026-01-08', Z)).toHaveLength(2);
  });

  it('stops one past the maximum', () => {
    expect(occurrences(first, 'weekly', '2030-01-01', Z, 52)).toHaveLength(53);
  });
});

describe('seriesProblems', () => {
  it.each([
    ['a series with no end', null, { untilDate: [{ code: 'seriesNeedsEnd' }] }],
    ['an empty end', '', { untilDate: [{ code: 'seriesNeedsEnd' }] }],
    ['not a date', '2026-02-30', { untilDate: [{ code: 'date' }] }],
    ['before the first session', '2026-01-30', { untilDate: [{ code: 'notBefore', params: { limit: '2026-01-31' } }] }],
    ['too long', '2027-06-01', { untilDate: [{ code: 'seriesTooLong', params: { limit: 52 } }] }],
    ['sound', '2026-06-01', {}],
  ])('%s', (_n, untilDate, expected) => {
    expect(seriesProblems({ recurrence: 'weekly', untilDate, first }, Z)).toEqual(expected);
  });
});
