import { DateTime } from 'luxon';
import { inBreachWindow } from '../../conventions/domain/convention-facts.rules.js';
import { inWindow, windowFrom } from '../../findings/domain/finding-facts.rules.js';
import { endedIn, parkDay, rateWindow } from '../../trainings/domain/attendance-rate.rules.js';
import { addDays, asOfDays, countsOn, factDating, windowStart } from './score-window.js';

/** Every day from `from` to `to`, inclusive. */
const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
/** As-of dates where month arithmetic bites: month ends, leap days, a year end. */
const AS_OFS = ['2024-02-29', '2025-02-28', '2025-03-01', '2024-03-31', '2026-03-31', '2026-01-31', '2026-09-30', '2026-12-31', '2027-01-01', '2028-02-29', '2026-05-31'];
const MONTHS = [1, 3, 6, 12, 24];

describe('windowStart', () => {
  it.each([
    ['2026-09-30', 12, '2025-10-01'],
    ['2024-02-29', 12, '2023-03-01'],
    ['2025-02-28', 12, '2024-02-29'],
    ['2026-03-31', 1, '2026-03-01'],
    ['2026-03-30', 1, '2026-03-01'],
    ['2024-03-28', 1, '2024-02-29'],
    ['2027-01-01', 12, '2026-01-02'],
  ])('%s, %i months: starts %s', (asOf, months, start) => {
    expect(windowStart(asOf, months)).toBe(start);
  });

  it.each(['2026-13-01', '2026-02-30', 'today', ''])('refuses %j', (asOf) => {
    expect(() => windowStart(asOf, 12)).toThrow('not a date');
  });
});

describe('addDays', () => {
  it.each([['2024-02-28', 1, '2024-02-29'], ['2024-03-01', -1, '2024-02-29'], ['2026-12-31', 1, '2027-01-01'], ['2026-03-31', -90, '2025-12-31']])('%s %+i → %s', (d, n, out) => {
    expect(addDays(d, n)).toBe(out);
  });
});

describe('countsOn agrees with the pillars, day by day', () => {
  it.each(AS_OFS.flatMap((asOf) => MONTHS.map((m) => [asOf, m] as const)))('as of %s over %i months: findings (P05, N08) and self-reports exactly', (asOf, months) => {
    const from = windowFrom(asOf, months);
    const differ: string[] = [];
    for (const d of days(addDays(from, -40), addDays(asOf, 5))) {
      const pillar = inWindow(d, from, asOf);
      for (const kind of ['P05', 'N08', 'P09', 'P10', 'P11']) if (countsOn(kind, d, asOf, months) !== pillar) differ.push(`${kind} ${d}`);
    }
    expect(differ).toEqual([]);
  });

  it.each(AS_OFS.flatMap((asOf) => MONTHS.map((m) => [asOf, m] as const)))('as of %s over %i months: conventions N02 exactly', (asOf, months) => {
    const start = windowStart(asOf, months);
    const near = [...days(addDays(start, -40), addDays(start, 40)), ...days(addDays(asOf, -40), addDays(asOf, 5))];
    const differ = near.filter((d) => countsOn('N02', d, asOf, months) !== inBreachWindow(d, asOf, months));
    expect(differ).toEqual([]);
  });

  // Sessions around the window's edges, in park time: every session the trainings pillar keeps
  // (it ended in the window) gives facts dated at its start (N03, P08) and at its end (P07).
  const ZONES = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe'];
  const DURATIONS_MIN = [30, 90, 180, 24 * 60, 3 * 24 * 60 + 30];
  it.each(ZONES.flatMap((zone) => ['2024-02-29', '2025-03-30', '2026-10-25', '2026-11-01', '2026-09-30'].map((asOf) => [zone, asOf] as const)))('%s as of %s: every session the trainings pillar keeps counts', (zone, asOf) => {
    const dropped: string[] = [];
    let kept = 0;
    for (const months of [1, 12]) {
      const window = rateWindow(asOf, months, zone);
      const edges = [window.from, window.to];
      for (const edge of edges) {
        for (let offsetMin = -26 * 60; offsetMin <= 26 * 60; offsetMin += 30) {
          const endsAt = new Date(edge.getTime() + offsetMin * 60_000);
          for (const duration of DURATIONS_MIN) {
            const startsAt = new Date(endsAt.getTime() - duration * 60_000);
            if (!endedIn(endsAt, window)) continue;
            kept += 1;
            const start = parkDay(startsAt, zone);
            const end = parkDay(endsAt, zone);
            if (!countsOn('N03', start, asOf, months)) dropped.push(`N03 ${months}m ${startsAt.toISOString()}–${endsAt.toISOString()}`);
            if (!countsOn('P08', start, asOf, months)) dropped.push(`P08 ${months}m ${startsAt.toISOString()}–${endsAt.toISOString()}`);
            if (!countsOn('P07', end, asOf, months)) dropped.push(`P07 ${months}m ${startsAt.toISOString()}–${endsAt.toISOString()}`);
          }
        }
      }
    }
    expect(kept).toBeGreaterThan(500);
    expect(dropped).toEqual([]);
  });

  it('the trainings window\'s first park day is the window start in every zone', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'America/Santiago', 'Pacific/Apia']) {
      const differ = AS_OFS.flatMap((asOf) => MONTHS.filter((m) => parkDay(rateWindow(asOf, m, zone).from, zone) !== windowStart(asOf, m)).map((m) => `${asOf} ${m}`));
      expect([zone, differ]).toEqual([zone, []]);
    }
  });
});

describe('countsOn', () => {
  it.each<[string, string, string, number | undefined, boolean]>([
    ['P05', '2026-09-30', '2026-09-30', 12, true],
    ['P05', '2026-10-01', '2026-09-30', 12, false],
    ['P05', '2025-09-30', '2026-09-30', 12, false],
    ['N01', '2001-01-01', '2026-09-30', undefined, true],
    ['N01', '2026-10-01', '2026-09-30', undefined, false],
    ['N03', '2020-01-01', '2026-09-30', 12, true], // dated at the session start: the pillar decided by its end
    ['N03', '2026-10-01', '2026-09-30', 12, false],
    ['P07', '2026-10-01', '2026-09-30', 12, true], // a session ending at the midnight that closes the as-of date
    ['P07', '2026-10-02', '2026-09-30', 12, false],
    ['P07', '2025-09-30', '2026-09-30', 12, false],
    ['D02', '2026-10-01', '2026-09-30', undefined, true],
    ['D01', '2026-10-01', '2026-09-30', undefined, false],
  ])('%s dated %s as of %s (window %s): %s', (kind, date, asOf, months, counts) => {
    expect(countsOn(kind, date, asOf, months)).toBe(counts);
  });

  it('dating by kind', () => {
    expect(['P05', 'N03', 'P08', 'P07', 'D02', 'N02'].map(factDating)).toEqual(['day', 'sessionStart', 'sessionStart', 'sessionEnd', 'sessionEnd', 'day']);
  });

  it('luxon and plain arithmetic agree on the window start', () => {
    for (const asOf of AS_OFS) for (const m of MONTHS) expect(windowStart(asOf, m)).toBe(DateTime.fromISO(asOf, { zone: 'utc' }).minus({ months: m }).plus({ days: 1 }).toISODate());
  });
});

describe('asOfDays', () => {
  it('derives each as-of date\'s days, switching dates back and forth', () => {
    const seen = ['2026-09-30', '2024-02-29', '2026-09-30', '2025-02-28'].map((asOf) => {
      const d = asOfDays(asOf);
      return [d.asOf, d.nextDay, d.windowStart(12), d.windowStart(1), d.daysBefore(90)];
    });
    expect(seen).toEqual([
      ['2026-09-30', '2026-10-01', '2025-10-01', '2026-08-31', '2026-07-02'],
      ['2024-02-29', '2024-03-01', '2023-03-01', '2024-01-30', '2023-12-01'],
      ['2026-09-30', '2026-10-01', '2025-10-01', '2026-08-31', '2026-07-02'],
      ['2025-02-28', '2025-03-01', '2024-02-29', '2025-01-29', '2024-11-30'],
    ]);
  });

  it('refuses a malformed date', () => {
    expect(() => asOfDays('2026-9-30')).toThrow('not a date');
  });
});
