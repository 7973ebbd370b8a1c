import { DEFAULT_RULEBOOK } from './rulebook.js';
import type { ScoreContribution, ScoreResult } from './score-engine.js';
import {
  adjustedGrade, adjustedScore, bandOf, capGrade, distributionRows, gradeOfScore, isMonth, monthEnd, monthsBetween, negativeCount, objectionOpen, percentiles,
  previousMonth, publishMissing, readExplanation, storedExplanation, type StoredExplanation,
} from './month-cycle.rules.js';

const contribution = (rule: string, sign: 1 | -1, points: number, tier: string | null = null): ScoreContribution => ({
  rule, fact: rule, sign, category: null, points, uncapped: points, capped: false, tier, source: { type: 'finding', id: 1 }, date: '2026-10-01', detail: {},
});
const explanation = (contributions: ScoreContribution[], extra: Partial<StoredExplanation> = {}): StoredExplanation => ({
  base: 60, total: 60, unclamped: 60, contributions, overrides: [], gradeNote: null, grade: 'C', bandGrade: 'C', rulebookVersion: 'v', ...extra,
});

describe('month cycle rules', () => {
  it.each([
    ['2026-11', true], ['2026-12', true], ['2026-01', true], ['2026-13', false], ['2026-00', false], ['2026-1', false], ['26-11', false], [202611, false],
  ])('isMonth(%p) = %p', (value, expected) => {
    expect(isMonth(value)).toBe(expected);
  });

  it.each([
    ['2026-11', '2026-11-30'], ['2026-12', '2026-12-31'], ['2026-02', '2026-02-28'], ['2028-02', '2028-02-29'], ['2100-02', '2100-02-28'], ['2000-02', '2000-02-29'],
  ])('monthEnd(%s) = %s', (month, day) => {
    expect(monthEnd(month)).toBe(day);
  });

  it('steps months across a year end', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-11', '2026-10')).toEqual([]);
  });

  it.each([
    ['no contributions', [], 0],
    ['positives only', [contribution('P01', 1, 5)], 0],
    ['a negative', [contribution('N03', -1, -2)], 1],
    ['a capped negative with no points does not count', [contribution('N03', -1, -2), contribution('N03', -1, 0)], 1],
    ['several negatives', [contribution('N01', -1, -10), contribution('N05', -1, -5), contribution('P03', 1, 5)], 2],
  ])('negativeCount: %s', (_name, list, n) => {
    expect(negativeCount(list)).toBe(n);
  });

  it.each([
    [69, 0, 69], [69, 5, 74], [69, -10, 59], [98, 5, 100], [3, -5, 0], [0, 0, 0], [100, 0, 100],
  ])('adjustedScore(%i %+i) = %i', (computed, adjustment, score) => {
    expect(adjustedScore(computed, adjustment, DEFAULT_RULEBOOK)).toBe(score);
  });

  it.each([
    [100, 'A'], [85, 'A'], [84, 'B'], [70, 'B'], [69, 'C'], [60, 'C'], [59, 'D'], [0, 'D'],
  ])('bandOf(%i) = %s', (score, grade) => {
    expect(bandOf(score, DEFAULT_RULEBOOK)).toBe(grade);
  });

  it.each([
    ['A', 'C', 'C'], ['B', 'C', 'C'], ['M', 'C', 'C'], ['C', 'C', 'C'], ['D', 'C', 'D'], ['A', 'D', 'D'], ['M', 'B', 'M'], ['A', 'B', 'B'],
  ] as const)('capGrade(%s, at most %s) = %s', (grade, atMost, expected) => {
    expect(capGrade(grade, atMost)).toBe(expected);
  });

  it.each([
    ['the band of the new score', 86, explanation([]), 'A'],
    ['down a band', 69, explanation([]), 'C'],
    ['M is kept for a new tenant', 90, explanation([], { gradeNote: { kind: 'new', reason: 'movedIn' } }), 'M'],
    ['M with an abnormal listing is C', 90, explanation([contribution('N06', -1, -10)], { gradeNote: { kind: 'new', reason: 'noData' } }), 'C'],
    ['a serious finding keeps the grade at most C', 90, explanation([contribution('N04', -1, -20, 'serious')]), 'C'],
    ['a general finding caps nothing', 90, explanation([contribution('N04', -1, -8, 'general')]), 'A'],
    ['the black list is D whatever the score', 95, explanation([contribution('N09', -1, -30)]), 'D'],
    ['an override the engine recorded is kept', 88, explanation([], { overrides: [{ rule: 'N06', tier: null, atMost: 'C', from: 'B', to: 'C', source: { type: 'finding', id: 2 } }] }), 'C'],
    ['a held grade is not kept: the band decides', 71, explanation([], { gradeNote: { kind: 'held', heldGrade: 'C', margin: 2, boundary: 70 } }), 'B'],
  ])('gradeOfScore: %s', (_name, score, e, grade) => {
    expect(gradeOfScore(score, DEFAULT_RULEBOOK, e)).toBe(grade);
  });

  it.each([
    ['no adjustment: the engine’s grade, held or not', 71, 0, explanation([], { grade: 'C', bandGrade: 'B', gradeNote: { kind: 'held', heldGrade: 'C', margin: 2, boundary: 70 } }), { grade: 'C', bandGrade: 'B' }],
    ['an adjustment: the band of the new score', 76, 5, explanation([], { grade: 'C', bandGrade: 'B' }), { grade: 'B', bandGrade: 'B' }],
    ['an adjustment under an override', 90, 20, explanation([contribution('N06', -1, -10)]), { grade: 'C', bandGrade: 'A' }],
  ])('adjustedGrade: %s', (_name, score, adjustment, e, expected) => {
    expect(adjustedGrade(score, adjustment, DEFAULT_RULEBOOK, e)).toEqual(expected);
  });

  it.each([
    ['before the closing day', '2026-12-04', '2026-12-03', true],
    ['on the closing day', '2026-12-04', '2026-12-04', true],
    ['the day after', '2026-12-04', '2026-12-05', false],
    ['no window', null, '2026-12-01', false],
  ])('objectionOpen: %s', (_name, closesOn, today, open) => {
    expect(objectionOpen(closesOn, today)).toBe(open);
  });

  const signed = new Date('2026-12-08T02:00:00Z');
  it.each([
    ['ready', { status: 'countersigned', countersignedAt: signed, objectionClosesOn: '2026-12-07' }, 0, '2026-12-08',
      { ready: true, countersignature: false, openObjections: 0, objectionWindowOpenUntil: null }],
    ['draft, not countersigned', { status: 'draft', countersignedAt: null, objectionClosesOn: '2026-12-07' }, 0, '2026-12-08',
      { ready: false, countersignature: true, openObjections: 0, objectionWindowOpenUntil: null }],
    ['open objections', { status: 'countersigned', countersignedAt: signed, objectionClosesOn: '2026-12-07' }, 3, '2026-12-08',
      { ready: false, countersignature: false, openObjections: 3, objectionWindowOpenUntil: null }],
    ['the window still open (its last day)', { status: 'countersigned', countersignedAt: signed, objectionClosesOn: '2026-12-07' }, 0, '2026-12-07',
      { ready: false, countersignature: false, openObjections: 0, objectionWindowOpenUntil: '2026-12-07' }],
    ['everything missing', { status: 'draft', countersignedAt: null, objectionClosesOn: '2026-12-07' }, 1, '2026-12-01',
      { ready: false, countersignature: true, openObjections: 1, objectionWindowOpenUntil: '2026-12-07' }],
  ] as const)('publishMissing: %s', (_name, month, open, today, expected) => {
    expect(publishMissing(month, open, today)).toEqual(expected);
  });

  it.each([
    ['empty', [], []],
    ['one tenant', [{ score: 70, n: 1 }], [[70, 100]]],
    ['ties share the percentile', [{ score: 60, n: 2 }, { score: 80, n: 2 }], [[60, 50], [80, 100]]],
    ['unsorted input', [{ score: 90, n: 1 }, { score: 50, n: 1 }, { score: 70, n: 1 }], [[50, 33], [70, 67], [90, 100]]],
    ['empty buckets are skipped', [{ score: 90, n: 0 }, { score: 50, n: 4 }], [[50, 100]]],
  ])('percentiles: %s', (_name, histogram, expected) => {
    expect([...percentiles(histogram).entries()]).toEqual(expected);
  });

  it('distribution rows: every grade, shares and bar widths', () => {
    expect(distributionRows({ A: 2, B: 6, C: 1, D: 1 })).toEqual([
      { grade: 'A', n: 2, share: 20, width: 33.3 },
      { grade: 'B', n: 6, share: 60, width: 100 },
      { grade: 'M', n: 0, share: 0, width: 0 },
      { grade: 'C', n: 1, share: 10, width: 16.7 },
      { grade: 'D', n: 1, share: 10, width: 16.7 },
    ]);
    expect(distributionRows({}).every((r) => r.n === 0 && r.width === 0)).toBe(true);
  });

  describe('stored explanations', () => {
    const full = (over: Partial<ScoreContribution>): ScoreContribution => ({ ...contribution('N04', -1, -20, 'serious'), category: 'law', ...over });
    const result = (contributions: ScoreContribution[]): ScoreResult => ({
      tenantId: 7, asOf: '2026-06-30', rulebookVersion: 'v', base: 60, total: 40, unclamped: 40, contributions, overrides: [], gradeNote: null, grade: 'C', bandGrade: 'C',
    } as unknown as ScoreResult);

    it.each([
      ['a plain contribution keeps only what cannot be read back', full({ detail: { title: 'T', decisionNo: 'X-1', department: 'tax' } }),
        { rule: 'N04', points: -20, tier: 'serious', source: { type: 'finding', id: 1 }, date: '2026-10-01', detail: { title: 'T' } }],
      ['a capped one keeps its uncapped points', full({ points: -5, uncapped: -20, capped: true, detail: {} }),
        { rule: 'N04', points: -5, uncapped: -20, capped: true, tier: 'serious', source: { type: 'finding', id: 1 }, date: '2026-10-01' }],
      ['P07 keeps its rate', full({ rule: 'P07', fact: 'P07', sign: 1, points: 6, uncapped: 6, tier: '90', detail: { rate: 91.7, attended: 11, required: 12, threshold: 90 } }),
        { rule: 'P07', points: 6, tier: '90', source: { type: 'finding', id: 1 }, date: '2026-10-01', detail: { rate: 91.7, attended: 11, required: 12 } }],
      ['a sign or category other than the item\'s is kept', full({ sign: 1, category: 'virtue', tier: null, detail: {} }),
        { rule: 'N04', sign: 1, category: 'virtue', points: -20, source: { type: 'finding', id: 1 }, date: '2026-10-01' }],
    ])('%s', (_name, c, stored) => {
      const json = JSON.stringify(storedExplanation(result([c]), DEFAULT_RULEBOOK));
      expect(JSON.parse(json).contributions).toEqual([stored]);
      const back = readExplanation(json).contributions[0];
      expect(back).toMatchObject({ rule: c.rule, fact: c.fact, points: c.points, uncapped: c.uncapped, capped: c.capped, tier: c.tier, source: c.source, date: c.date });
    });

    it('reads an older, full explanation as it is', () => {
      const c = full({ detail: { title: 'T', decisionNo: 'X-1' } });
      expect(readExplanation(JSON.stringify({ ...explanation([c]) })).contributions).toEqual([c]);
    });

    it('without a rulebook keeps sign and category', () => {
      expect(JSON.parse(JSON.stringify(storedExplanation(result([full({})])))).contributions[0]).toMatchObject({ sign: -1, category: 'law' });
    });
  });
});
