import {
  claimRefusal, claimTransition, inForce, measureApplies, measureDraftProblems, restrictionRefusal, unmetConditions,
  type ClaimableMeasure, type CreditStatus, type MeasureEligibility,
} from './measure-eligibility.rules.js';

const status = (over: Partial<CreditStatus> = {}): CreditStatus => ({ lists: [], grade: null, openFindings: 0, ...over });

describe('measure eligibility', () => {
  it.each<[string, MeasureEligibility, CreditStatus, string[]]>([
    ['no conditions: everyone', {}, status(), []],
    ['red list: on it', { lists: ['red'] }, status({ lists: ['red'] }), []],
    ['red list: not on it', { lists: ['red'] }, status({ lists: ['watch'] }), ['lists']],
    ['any of two lists', { lists: ['red', 'watch'] }, status({ lists: ['watch'] }), []],
    ['an empty list of lists is no condition', { lists: [] }, status(), []],
    ['min grade A: A', { minGrade: 'A' }, status({ grade: 'A' }), []],
    ['min grade A: B', { minGrade: 'A' }, status({ grade: 'B' }), ['grade']],
    ['min grade B: A is better', { minGrade: 'B' }, status({ grade: 'A' }), []],
    ['min grade B: M counts as B', { minGrade: 'B' }, status({ grade: 'M' }), []],
    ['min grade A: M is not A', { minGrade: 'A' }, status({ grade: 'M' }), ['grade']],
    ['min grade C: D', { minGrade: 'C' }, status({ grade: 'D' }), ['grade']],
    ['min grade D: D', { minGrade: 'D' }, status({ grade: 'D' }), []],
    ['min grade: never published', { minGrade: 'D' }, status({ grade: null }), ['grade']],
    ['min grade: unknown grade letter', { minGrade: 'D' }, status({ grade: 'X' }), ['grade']],
    ['no open finding: none', { noOpenFinding: true }, status({ openFindings: 0 }), []],
    ['no open finding: one', { noOpenFinding: true }, status({ openFindings: 1 }), ['open_finding']],
    ['noOpenFinding false ignores findings', { noOpenFinding: false }, status({ openFindings: 3 }), []],
    ['all three fail, in order', { lists: ['red'], minGrade: 'A', noOpenFinding: true }, status({ grade: 'C', openFindings: 2 }), ['lists', 'grade', 'open_finding']],
    ['all three hold', { lists: ['red'], minGrade: 'A', noOpenFinding: true }, status({ lists: ['red'], grade: 'A' }), []],
  ])('%s', (_name, e, s, expected) => {
    expect(unmetConditions(e, s)).toEqual(expected);
  });

  it.each([
    ['first valid day', { validFrom: '2026-01-01', validTo: null, active: true }, '2026-01-01', true],
    ['the day before', { validFrom: '2026-01-01', validTo: null, active: true }, '2025-12-31', false],
    ['last valid day', { validFrom: '2026-01-01', validTo: '2026-12-31', active: true }, '2026-12-31', true],
    ['the day after (a year end)', { validFrom: '2026-01-01', validTo: '2026-12-31', active: true }, '2027-01-01', false],
    ['a leap day inside', { validFrom: '2028-02-29', validTo: '2028-02-29', active: true }, '2028-02-29', true],
    ['inactive', { validFrom: '2026-01-01', validTo: null, active: false }, '2026-06-01', false],
  ])('in force: %s', (_name, w, on, expected) => {
    expect(inForce(w, on)).toBe(expected);
    expect(measureApplies({ ...w, eligibility: {} }, status(), on)).toBe(expected);
  });

  it('applies only when in force and eligible', () => {
    const m = { validFrom: '2026-01-01', validTo: null, active: true, eligibility: { lists: ['black'] } as MeasureEligibility };
    expect(measureApplies(m, status({ lists: ['black'] }), '2026-05-01')).toBe(true);
    expect(measureApplies(m, status({ lists: ['red'] }), '2026-05-01')).toBe(false);
  });
});

describe('claim transitions', () => {
  it.each([
    ['claimed', 'approve', 'approved'], ['claimed', 'reject', 'rejected'], ['claimed', 'withdraw', 'withdrawn'],
    ['approved', 'deliver', 'delivered'], ['approved', 'withdraw', 'withdrawn'], ['applied', 'lift', 'lifted'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(claimTransition(from, event)).toEqual({ ok: true, to });
  });

  it.each([
    ['claimed', 'deliver'], ['approved', 'approve'], ['approved', 'reject'], ['delivered', 'withdraw'], ['delivered', 'deliver'],
    ['rejected', 'approve'], ['withdrawn', 'approve'], ['applied', 'withdraw'], ['applied', 'approve'], ['lifted', 'lift'], ['claimed', 'lift'],
  ] as const)('%s cannot %s', (from, event) => {
    expect(claimTransition(from, event)).toEqual({ ok: false });
  });
});

describe('claim and restriction refusals', () => {
  const on = '2026-11-30';
  const incentive = (over: Partial<ClaimableMeasure> = {}): ClaimableMeasure => ({
    kind: 'incentive', claimable: true, eligibility: { minGrade: 'A', noOpenFinding: true }, validFrom: '2026-01-01', validTo: null, active: true, ...over,
  });
  const restriction = (over: Partial<ClaimableMeasure> = {}): ClaimableMeasure => ({
    kind: 'restriction', claimable: false, eligibility: { lists: ['black'] }, validFrom: '2026-01-01', validTo: null, active: true, ...over,
  });

  it.each<[string, ClaimableMeasure, CreditStatus, boolean, string | null]>([
    ['eligible', incentive(), status({ grade: 'A' }), false, null],
    ['already an open claim', incentive(), status({ grade: 'A' }), true, 'already_claimed'],
    ['grade too low', incentive(), status({ grade: 'B' }), false, 'not_eligible'],
    ['an open finding', incentive(), status({ grade: 'A', openFindings: 1 }), false, 'not_eligible'],
    ['not eligible beats an open claim', incentive(), status({ grade: 'C' }), true, 'not_eligible'],
    ['not claimable', incentive({ claimable: false }), status({ grade: 'A' }), false, 'not_claimable'],
    ['a restriction', restriction(), status({ lists: ['black'] }), false, 'not_claimable'],
    ['expired yesterday', incentive({ validTo: '2026-11-29' }), status({ grade: 'A' }), false, 'not_in_force'],
    ['last day', incentive({ validTo: on }), status({ grade: 'A' }), false, null],
    ['starts tomorrow', incentive({ validFrom: '2026-12-01' }), status({ grade: 'A' }), false, 'not_in_force'],
    ['deactivated', incentive({ active: false }), status({ grade: 'A' }), false, 'not_in_force'],
  ])('claim: %s', (_name, m, s, open, expected) => {
    expect(claimRefusal(m, s, on, open)).toBe(expected);
  });

  it.each<[string, ClaimableMeasure, CreditStatus, boolean, string | null]>([
    ['black-listed', restriction(), status({ lists: ['black'] }), false, null],
    ['black-listed and on watch', restriction(), status({ lists: ['watch', 'black'] }), false, null],
    ['not black-listed', restriction(), status({ lists: ['watch'], grade: 'D' }), false, 'not_eligible'],
    ['already applied', restriction(), status({ lists: ['black'] }), true, 'already_applied'],
    ['an incentive', incentive(), status({ grade: 'A' }), false, 'not_restriction'],
    ['expired', restriction({ validTo: '2026-06-30' }), status({ lists: ['black'] }), false, 'not_in_force'],
  ])('restriction: %s', (_name, m, s, applied, expected) => {
    expect(restrictionRefusal(m, s, on, applied)).toBe(expected);
  });
});

describe('measure drafts', () => {
  const draft = { kind: 'incentive' as const, claimable: true, eligibility: { minGrade: 'A' as const }, validFrom: '2026-01-01', validTo: null as string | null };
  it.each([
    ['fine', draft, {}],
    ['one-day validity', { ...draft, validTo: '2026-01-01' }, {}],
    ['ends before it starts', { ...draft, validTo: '2025-12-31' }, { validTo: 'beforeFrom' }],
    ['no condition', { ...draft, eligibility: {} }, { eligibility: 'noCondition' }],
    ['only an empty list of lists', { ...draft, eligibility: { lists: [] } }, { eligibility: 'noCondition' }],
    ['a claimable restriction', { ...draft, kind: 'restriction' as const, eligibility: { lists: ['black' as const] } }, { claimable: 'restrictionClaimable' }],
    ['a restriction on a grade only', { ...draft, kind: 'restriction' as const, claimable: false, eligibility: { minGrade: 'D' as const } }, { lists: 'restrictionNeedsList' }],
    ['a restriction for the black list', { ...draft, kind: 'restriction' as const, claimable: false, eligibility: { lists: ['black' as const] } }, {}],
  ])('%s', (_name, d, expected) => {
    expect(measureDraftProblems(d)).toEqual(expected);
  });
});
