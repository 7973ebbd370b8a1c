import {
  accreditationLapsed, correctionDiff, coveringEngagement, engagementDue, engagementProblems, evaluationTransition, institutionProblems,
  nextDay, normalizedScores, periodProblems, scoreProblems, type EngagementLike, type EvaluationEvent, type EvaluationStatus,
} from './evaluation.rules.js';

const DIMS = [
  { code: 'governance', active: true }, { code: 'tax', active: true }, { code: 'old', active: false },
];

describe('scoreProblems', () => {
  it.each<[string, unknown, Record<string, string[]>]>([
    ['all present and in range', { governance: 0, tax: 100 }, {}],
    ['numeric strings from a form', { governance: '75', tax: ' 80 ' }, {}],
    ['a missing dimension', { governance: 50 }, { 'scores.tax': ['required'] }],
    ['an empty form field', { governance: 50, tax: '' }, { 'scores.tax': ['required'] }],
    ['below 0', { governance: -1, tax: 10 }, { 'scores.governance': ['range'] }],
    ['above 100', { governance: 101, tax: 10 }, { 'scores.governance': ['range'] }],
    ['a fraction', { governance: 50.5, tax: 10 }, { 'scores.governance': ['integer'] }],
    ['text', { governance: 'high', tax: 10 }, { 'scores.governance': ['integer'] }],
    ['a boolean', { governance: true, tax: 10 }, { 'scores.governance': ['integer'] }],
    ['an unknown code', { governance: 1, tax: 1, bogus: 5 }, { 'scores.bogus': ['unknownDimension'] }],
    ['an inactive code', { governance: 1, tax: 1, old: 5 }, { 'scores.old': ['unknownDimension'] }],
    ['not an object', [1, 2], { scores: ['scoresObject'] }],
    ['missing altogether', undefined, { scores: ['scoresObject'] }],
  ])('%s', (_name, scores, expected) => {
    const got = Object.fromEntries(Object.entries(scoreProblems(scores, DIMS)).map(([k, v]) => [k, v.map((x) => x.code)]));
    expect(got).toEqual(expected);
  });

  it.each<[string, unknown, string[]]>([
    ['a correction may leave dimensions out', { tax: 60 }, []],
    ['a correction may give no scores', undefined, []],
    ['a correction is still checked', { tax: 160 }, ['scores.tax']],
  ])('%s', (_name, scores, fields) => {
    expect(Object.keys(scoreProblems(scores, DIMS, true))).toEqual(fields);
  });

  it('normalises form strings to integers', () => {
    expect(normalizedScores({ governance: '75', tax: 80, x: '' })).toEqual({ governance: 75, tax: 80 });
  });
});

describe('nextDay', () => {
  it.each([['2026-03-31', '2026-04-01'], ['2024-02-28', '2024-02-29'], ['2026-12-31', '2027-01-01']])('%s → %s', (d, next) => {
    expect(nextDay(d)).toBe(next);
  });
});

describe('periodProblems', () => {
  const today = '2026-06-15';
  it.each<[string, { periodFrom: string; periodTo: string; validUntil: string }, string[]]>([
    ['a normal submission', { periodFrom: '2026-01-01', periodTo: '2026-03-31', validUntil: '2027-03-31' }, []],
    ['a one-day period', { periodFrom: '2026-01-01', periodTo: '2026-01-01', validUntil: '2026-01-02' }, []],
    ['period reversed', { periodFrom: '2026-04-01', periodTo: '2026-03-31', validUntil: '2027-03-31' }, ['periodTo']],
    ['valid until the period end', { periodFrom: '2026-01-01', periodTo: '2026-03-31', validUntil: '2026-03-31' }, ['validUntil']],
    ['valid until before the period end', { periodFrom: '2026-01-01', periodTo: '2026-03-31', validUntil: '2026-02-01' }, ['validUntil']],
    ['period starting tomorrow', { periodFrom: '2026-06-16', periodTo: '2026-12-31', validUntil: '2027-12-31' }, ['periodFrom']],
    ['period starting today', { periodFrom: '2026-06-15', periodTo: '2026-12-31', validUntil: '2027-12-31' }, []],
  ])('%s', (_name, s, fields) => {
    expect(Object.keys(periodProblems(s, today)).sort()).toEqual(fields);
  });

  it('asks for a validity from the day after the period', () => {
    expect(periodProblems({ periodFrom: '2026-01-01', periodTo: '2026-03-31', validUntil: '2026-03-31' }, today).validUntil).toEqual([{ code: 'notBefore', params: { limit: '2026-04-01' } }]);
  });
});

describe('accreditationLapsed', () => {
  const inst = { active: true, validFrom: '2026-01-01', validTo: '2026-12-31' };
  it.each<[string, typeof inst, string, boolean]>([
    ['inside', inst, '2026-06-01', false],
    ['on the first day', inst, '2026-01-01', false],
    ['on the last day', inst, '2026-12-31', false],
    ['the day after', inst, '2027-01-01', true],
    ['the day before', inst, '2025-12-31', true],
    ['inactive', { ...inst, active: false }, '2026-06-01', true],
  ])('%s', (_name, i, today, lapsed) => {
    expect(accreditationLapsed(i, today)).toBe(lapsed);
  });
});

describe('coveringEngagement', () => {
  const e = (id: number, extra: Partial<EngagementLike> = {}): EngagementLike => ({ id, institutionId: 1, tenantId: 7, periodFrom: '2026-01-01', periodTo: '2026-12-31', status: 'active', ...extra });
  it.each<[string, EngagementLike[], [string, string], number | null]>([
    ['covers the period', [e(1)], ['2026-01-01', '2026-06-30'], 1],
    ['exactly the period', [e(1)], ['2026-01-01', '2026-12-31'], 1],
    ['period runs past the engagement', [e(1)], ['2026-06-01', '2027-01-31'], null],
    ['period starts before the engagement', [e(1)], ['2025-12-01', '2026-06-30'], null],
    ['cancelled', [e(1, { status: 'cancelled' })], ['2026-01-01', '2026-06-30'], null],
    ['another institution', [e(1, { institutionId: 2 })], ['2026-01-01', '2026-06-30'], null],
    ['another tenant', [e(1, { tenantId: 8 })], ['2026-01-01', '2026-06-30'], null],
    ['the latest of two', [e(1), e(2, { periodFrom: '2025-01-01', periodTo: '2027-12-31' })], ['2026-01-01', '2026-06-30'], 2],
    ['none', [], ['2026-01-01', '2026-06-30'], null],
  ])('%s', (_name, list, [from, to], id) => {
    expect(coveringEngagement(list, 1, 7, from, to)?.id ?? null).toBe(id);
  });
});

describe('institution and engagement periods', () => {
  it.each<[string, string, string, string[]]>([
    ['ordered', '2026-01-01', '2026-12-31', []],
    ['same day', '2026-01-01', '2026-01-01', []],
    ['reversed', '2026-02-01', '2026-01-31', ['validTo']],
  ])('institution %s', (_n, validFrom, validTo, fields) => {
    expect(Object.keys(institutionProblems({ validFrom, validTo }))).toEqual(fields);
  });
  it.each<[string, string, string[]]>([
    ['2026-01-01', '2026-12-31', []],
    ['2026-02-01', '2026-01-31', ['periodTo']],
  ])('engagement %s … %s', (periodFrom, periodTo, fields) => {
    expect(Object.keys(engagementProblems({ periodFrom, periodTo }))).toEqual(fields);
  });
  it.each<[string, 'due' | 'overdue']>([['2026-12-31', 'due'], ['2027-01-01', 'overdue'], ['2026-06-01', 'due']])('engagement due on %s', (today, state) => {
    expect(engagementDue({ periodTo: '2026-12-31' }, today)).toBe(state);
  });
});

describe('evaluationTransition', () => {
  const plain = { openDispute: false, hasReport: true };
  const disputed = { openDispute: true, hasReport: true };
  const noReport = { openDispute: false, hasReport: false };
  it.each<[EvaluationStatus, EvaluationEvent, typeof plain, string]>([
    ['submitted', 'accept', plain, 'accepted'],
    ['submitted', 'accept', noReport, 'reportMissing'],
    ['submitted', 'accept', disputed, 'disputeOpen'],
    ['accepted', 'accept', plain, 'state'],
    ['voided', 'accept', plain, 'state'],
    ['submitted', 'dispute', plain, 'submitted'],
    ['accepted', 'dispute', plain, 'accepted'],
    ['accepted', 'dispute', disputed, 'disputeOpen'],
    ['voided', 'dispute', plain, 'state'],
    ['submitted', 'uploadReport', noReport, 'submitted'],
    ['accepted', 'uploadReport', plain, 'state'],
    ['submitted', 'upheld', disputed, 'voided'],
    ['accepted', 'upheld', disputed, 'voided'],
    ['accepted', 'upheld', plain, 'noDispute'],
    ['submitted', 'corrected', disputed, 'accepted'],
    ['accepted', 'corrected', disputed, 'accepted'],
    ['submitted', 'rejected', disputed, 'accepted'],
    ['submitted', 'rejected', { openDispute: true, hasReport: false }, 'reportMissing'],
    ['accepted', 'rejected', plain, 'noDispute'],
  ])('%s + %s', (status, event, ctx, expected) => {
    const t = evaluationTransition(status, event, ctx);
    expect(t.ok ? t.to : t.reason).toBe(expected);
  });
});

describe('correctionDiff', () => {
  const before = { grade: 'C' as const, scores: { governance: 50, tax: 60 } };
  it.each<[string, Parameters<typeof correctionDiff>[1], ReturnType<typeof correctionDiff>]>([
    ['grade only', { grade: 'B' }, { grade: { before: 'C', after: 'B' } }],
    ['a score', { scores: { tax: 70 } }, { scores: { tax: { before: 60, after: 70 } } }],
    ['unchanged values', { grade: 'C', scores: { tax: 60 } }, null],
    ['nothing', {}, null],
    ['both', { grade: 'A', scores: { governance: 90 } }, { grade: { before: 'C', after: 'A' }, scores: { governance: { before: 50, after: 90 } } }],
  ])('%s', (_n, after, expected) => {
    expect(correctionDiff(before, after)).toEqual(expected);
  });
});
