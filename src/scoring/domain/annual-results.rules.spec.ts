import {
  annualScore, isScoreYear, meetsAnnualCriteria, openFindingRules, rankAnnual, rankOrder, yearEnd, yearMonthBounds, type AnnualTotals,
} from './annual-results.rules.js';

const row = (tenantId: number, scoreSum: number, months: number, negativeMonths = 0): AnnualTotals => ({ tenantId, scoreSum, months, negativeMonths });

describe('annualScore', () => {
  it.each<[string, number, number, number]>([
    ['whole mean', 180, 2, 90],
    ['one month', 73, 1, 73],
    ['rounds down below half', 269, 3, 89.67],
    ['rounds half up (x.xx5)', 1001, 8, 125.13],
    ['a third', 250, 3, 83.33],
    ['just under 90', 1079, 12, 89.92],
    ['zero months', 0, 0, 0],
    ['zero scores', 0, 4, 0],
  ])('%s', (_name, sum, months, expected) => {
    expect(annualScore(sum, months)).toBe(expected);
  });
});

describe('rankAnnual', () => {
  it.each<[string, AnnualTotals[], [number, number][]]>([
    ['highest mean first', [row(1, 160, 2), row(2, 190, 2)], [[2, 1], [1, 2]]],
    ['equal means share a rank whatever the months counted', [row(1, 270, 3), row(2, 1080, 12), row(3, 170, 2)], [[1, 1], [2, 1], [3, 2]]],
    ['dense: the rank after a tie is the next number', [row(1, 95, 1), row(2, 95, 1), row(3, 94, 1), row(4, 93, 1)], [[1, 1], [2, 1], [3, 2], [4, 3]]],
    ['ties in tenant id order', [row(9, 80, 1), row(3, 80, 1)], [[3, 1], [9, 1]]],
    ['close means (89.92 and 89.91) rank apart', [row(2, 989, 11), row(1, 1079, 12)], [[1, 1], [2, 2]]],
    ['a row without months is left out', [row(1, 0, 0), row(2, 60, 1)], [[2, 1]]],
    ['empty', [], []],
  ])('%s', (_name, rows, expected) => {
    expect(rankAnnual(rows).map((r) => [r.tenantId, r.rank])).toEqual(expected);
  });

  it('keeps the totals and gives the rounded score', () => {
    expect(rankAnnual([row(5, 269, 3, 1)])).toEqual([{ tenantId: 5, scoreSum: 269, months: 3, negativeMonths: 1, rank: 1, annualScore: 89.67 }]);
  });
});

describe('rankOrder (columns)', () => {
  it('orders indexes and gives dense ranks, skipping rows without months', () => {
    const ids = Int32Array.from([7, 3, 9, 4, 5]);
    const sums = Int32Array.from([180, 95, 0, 270, 93]);
    const months = Int32Array.from([2, 1, 0, 3, 1]);
    const { order, ranks } = rankOrder(ids, sums, months);
    // 95/1 (id 3), 93/1 (id 5), 90 over 3 (id 4) tied with 90 over 2 (id 7): id order.
    expect(Array.from(order)).toEqual([1, 4, 3, 0]);
    expect(Array.from(ranks)).toEqual([1, 2, 3, 3]);
  });

  it('agrees with rankAnnual on a larger park', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(1000 - i, (i * 37) % 1201, 1 + (i % 12), i % 5 === 0 ? 1 : 0));
    const { order, ranks } = rankOrder(rows.map((r) => r.tenantId), rows.map((r) => r.scoreSum), rows.map((r) => r.months));
    expect(rankAnnual(rows).map((r) => [r.tenantId, r.rank])).toEqual(Array.from(order, (i, p) => [rows[i].tenantId, ranks[p]]));
    const ranked = rankAnnual(rows);
    for (let p = 1; p < ranked.length; p++) {
      const [a, b] = [ranked[p - 1], ranked[p]];
      expect(a.scoreSum / a.months).toBeGreaterThanOrEqual(b.scoreSum / b.months);
      expect(b.rank - a.rank).toBe(a.scoreSum * b.months === b.scoreSum * a.months ? 0 : 1);
    }
  });
});

describe('meetsAnnualCriteria', () => {
  it.each<[string, AnnualTotals, number, boolean]>([
    ['exactly the threshold', row(1, 1080, 12), 90, true],
    ['above', row(1, 95, 1), 90, true],
    ['a hair below (89.92) is below', row(1, 1079, 12), 90, false],
    ['one month with a negative item', row(1, 1140, 12, 1), 90, false],
    ['no months counted', row(1, 0, 0), 90, false],
    ['threshold from the rulebook (85)', row(1, 170, 2), 85, true],
    ['threshold 0 still needs a month', row(1, 0, 1), 0, true],
  ])('%s', (_name, totals, minAnnual, expected) => {
    expect(meetsAnnualCriteria(totals, minAnnual)).toBe(expected);
  });
});

describe('openFindingRules', () => {
  it.each<[string, string[], string[]]>([
    ['none', ['P01', 'P03', 'N02', 'N08'], []],
    ['each once, sorted', ['N06', 'N04', 'N04', 'P05'], ['N04', 'N06']],
    ['overdue rectification', ['N05'], ['N05']],
    ['empty', [], []],
  ])('%s', (_name, rules, expected) => {
    expect(openFindingRules(rules.map((rule) => ({ rule })))).toEqual(expected);
  });
});

describe('years', () => {
  it.each<[unknown, boolean]>([[2026, true], [2000, true], [2100, true], [1999, false], [2101, false], [2026.5, false], ['2026', false], [Number.NaN, false]])('isScoreYear(%p) = %p', (value, expected) => {
    expect(isScoreYear(value)).toBe(expected);
  });

  it('bounds and year end', () => {
    expect(yearMonthBounds(2026)).toEqual({ from: '2026-01', to: '2026-12' });
    expect(yearEnd(2024)).toBe('2024-12-31');
  });
});
