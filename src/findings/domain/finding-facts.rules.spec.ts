import { findingFacts, overdueOn, rectifyWhatIf, windowFrom, type FactAnnualReport, type FactFinding, type FindingFactsInput } from './finding-facts.rules.js';

const finding = (over: Partial<FactFinding> = {}): FactFinding => ({
  id: 1, tenantId: 1, type: 'penalty', severity: 'general', title: '罚款', decisionNo: '沪市监罚〔2026〕1号', department: 'market',
  decisionDate: '2026-03-01', publicityEndsOn: '2027-03-01', repairedOn: null,
  rectificationRequired: false, rectifyBy: null, rectificationStatus: 'none', rectifiedOn: null, verifiedOn: null, pendingSubmittedOn: null,
  substantiated: null, endedOn: null, ...over,
});
const report = (over: Partial<FactAnnualReport> = {}): FactAnnualReport => ({ id: 70, tenantId: 1, year: 2025, filedOn: '2026-05-20', ...over });
const input = (over: Partial<FindingFactsInput> = {}): FindingFactsInput => ({
  tenantIds: [1], asOf: '2026-09-01', findings: [], annualReports: [], windows: { P03: 12, P05: 12, N08: 12 }, annualReportDue: '06-30', ...over,
});
const facts = (over: Partial<FindingFactsInput>) => findingFacts(input(over)).get(1)!.map((f) => `${f.rule}:${f.recordType}:${f.recordId}`);

describe('windowFrom', () => {
  it.each([
    ['2026-09-01', 12, '2025-09-02'],
    ['2024-02-29', 12, '2023-03-01'],
    ['2026-03-31', 1, '2026-03-01'],
  ])('12-month window ending %s starts %s', (asOf, months, from) => {
    expect(windowFrom(asOf, months)).toBe(from);
  });
});

describe('findingFacts', () => {
  it.each<[string, Partial<FindingFactsInput>, string[]]>([
    ['nothing on file: P03 only', {}, ['P03:tenant:1']],
    ['a general fine in its period: N04, no P03', { findings: [finding()] }, ['N04:finding:1']],
    ['decided after the as-of date: nothing yet', { findings: [finding({ decisionDate: '2026-09-02' })] }, ['P03:tenant:1']],
    ['decided on the first day of the window: breaks P03', { findings: [finding({ decisionDate: '2025-09-02', publicityEndsOn: '2025-09-02' })] }, []],
    ['decided the day before the window: P03', { findings: [finding({ decisionDate: '2025-09-01', publicityEndsOn: '2025-09-01' })] }, ['P03:tenant:1']],
    ['a warning (not published) still breaks P03 but is no N04', { findings: [finding({ severity: 'minor', publicityEndsOn: '2026-03-01' })] }, []],
    ['period ended on the as-of date: no N04', { findings: [finding({ decisionDate: '2025-06-01', publicityEndsOn: '2026-09-01' })] }, ['P03:tenant:1']],
    ['last day of the period: N04', { findings: [finding({ decisionDate: '2025-06-01', publicityEndsOn: '2026-09-02' })] }, ['N04:finding:1', 'P03:tenant:1']],
    ['repaired on the as-of date: neither N04 nor a break of P03', { findings: [finding({ repairedOn: '2026-09-01' })] }, ['P03:tenant:1']],
    ['repaired after the as-of date: N04', { findings: [finding({ repairedOn: '2026-09-02' })] }, ['N04:finding:1']],
    ['an inspection result and an "other": N04 each', { findings: [finding({ type: 'inspection' }), finding({ id: 2, type: 'other' })] }, ['N04:finding:1', 'N04:finding:2']],
    ['complaint undecided: no break, no N08', { findings: [finding({ type: 'complaint', severity: 'minor' })] }, ['P03:tenant:1']],
    ['complaint not substantiated: no break, no N08', { findings: [finding({ type: 'complaint', substantiated: false })] }, ['P03:tenant:1']],
    ['complaint substantiated in the window: N08, no P03, no N04', { findings: [finding({ type: 'complaint', substantiated: true })] }, ['N08:finding:1']],
    ['complaint substantiated before the window: nothing', { findings: [finding({ type: 'complaint', substantiated: true, decisionDate: '2025-09-01' })] }, ['P03:tenant:1']],
    ['abnormal listing open: N06', { findings: [finding({ type: 'abnormal_operations', decisionDate: '2023-01-01', publicityEndsOn: '2023-01-01' })] }, ['N06:finding:1', 'P03:tenant:1']],
    ['abnormal listing ended after the as-of date: N06', { findings: [finding({ type: 'abnormal_operations', endedOn: '2026-09-02' })] }, ['N06:finding:1']],
    ['abnormal listing ended on the as-of date: no N06', { findings: [finding({ type: 'abnormal_operations', endedOn: '2026-09-01' })] }, []],
    ['report for last year filed on the due date: P04', { annualReports: [report({ filedOn: '2026-06-30' })] }, ['P03:tenant:1', 'P04:annual_report:70']],
    ['filed a day late: no P04', { annualReports: [report({ filedOn: '2026-07-01' })] }, ['P03:tenant:1']],
    ['filed after the as-of date: not yet', { asOf: '2026-05-01', annualReports: [report({ filedOn: '2026-05-20' })] }, ['P03:tenant:1']],
    ['report of another year: no P04', { annualReports: [report({ year: 2024, filedOn: '2025-06-01' })] }, ['P03:tenant:1']],
    ['another due date from the rulebook', { annualReports: [report({ filedOn: '2026-05-20' })], annualReportDue: '04-30' }, ['P03:tenant:1']],
  ])('%s', (_name, over, expected) => {
    expect(facts(over)).toEqual(expected);
  });

  const rect = (over: Partial<FactFinding>) => finding({ severity: 'minor', publicityEndsOn: '2026-03-01', rectificationRequired: true, rectifyBy: '2026-04-30', rectificationStatus: 'open', ...over });
  it.each<[string, FactFinding, string[]]>([
    ['verified, evidence on time, in the window: P05', rect({ rectificationStatus: 'verified', rectifiedOn: '2026-04-30', verifiedOn: '2026-05-10' }), ['P05:finding:1']],
    ['verified, evidence late: no P05', rect({ rectificationStatus: 'verified', rectifiedOn: '2026-05-01', verifiedOn: '2026-05-10' }), []],
    ['verified after the as-of date: not yet P05', rect({ rectificationStatus: 'verified', rectifiedOn: '2026-04-30', verifiedOn: '2026-09-02' }), []],
    ['open, deadline passed: N05', rect({}), ['N05:finding:1']],
    ['open, as-of on the deadline: not overdue', rect({ rectifyBy: '2026-09-01' }), []],
    ['evidence submitted on time, awaiting verification: not overdue', rect({ rectificationStatus: 'submitted', pendingSubmittedOn: '2026-04-29' }), []],
    ['evidence submitted late, awaiting verification: overdue', rect({ rectificationStatus: 'submitted', pendingSubmittedOn: '2026-05-02' }), ['N05:finding:1']],
    ['verified late, as of before the verification: overdue', rect({ rectificationStatus: 'verified', rectifiedOn: '2026-05-02', verifiedOn: '2026-09-05' }), ['N05:finding:1']],
    ['repaired: no N05', rect({ repairedOn: '2026-08-01' }), []],
  ])('%s', (_name, f, expected) => {
    expect(facts({ findings: [f] }).filter((x) => !x.startsWith('P03'))).toEqual(expected);
  });

  it('P05 is dated at the verification, N05 the day after the deadline, N04 at the decision', () => {
    const list = findingFacts(input({ findings: [
      finding({ id: 1, rectificationRequired: true, rectifyBy: '2026-04-30', rectificationStatus: 'verified', rectifiedOn: '2026-04-01', verifiedOn: '2026-04-03' }),
      finding({ id: 2, decisionNo: 'X2', rectificationRequired: true, rectifyBy: '2026-06-30', rectificationStatus: 'open' }),
    ] })).get(1)!;
    expect(list.map((f) => [f.rule, f.recordId, f.date])).toEqual([['N04', 1, '2026-03-01'], ['N04', 2, '2026-03-01'], ['N05', 2, '2026-07-01'], ['P05', 1, '2026-04-03']]);
    expect(list[0].detail).toMatchObject({ severity: 'general', title: '罚款', department: 'market', publicityEndsOn: '2027-03-01' });
  });

  it('every tenant asked has an entry; findings of tenants not asked are ignored', () => {
    const out = findingFacts(input({ tenantIds: [1, 2], findings: [finding({ tenantId: 3 })] }));
    expect([...out.keys()]).toEqual([1, 2]);
    expect(out.get(2)!.map((f) => f.rule)).toEqual(['P03']);
    expect(out.get(2)![0].detail).toEqual({ windowFrom: '2025-09-02' });
  });

  it('overdueOn needs a required rectification with a deadline', () => {
    expect(overdueOn(finding({ rectificationRequired: false, rectifyBy: '2026-01-01' }), '2026-09-01')).toBe(false);
    expect(overdueOn(finding({ rectificationRequired: true, rectifyBy: null, rectificationStatus: 'open' }), '2026-09-01')).toBe(false);
  });
});

describe('rectifyWhatIf (the rectification verified on the as-of date)', () => {
  const W = { P03: 12, P05: 12, N08: 12 };
  const due = (over: Partial<FactFinding> = {}) => finding({ rectificationRequired: true, rectifyBy: '2026-04-30', rectificationStatus: 'open', ...over });
  const keys = (r: ReturnType<typeof rectifyWhatIf>) => r && { remove: r.remove.map((k) => `${k.rule}:${k.recordType}:${k.recordId}`), add: r.add.map((f) => `${f.rule}:${f.recordId}@${f.date}`) };

  it.each<[string, FactFinding, string, { remove: string[]; add: string[] } | null]>([
    ['open, before the deadline → P05 dated today', due(), '2026-04-15', { remove: [], add: ['P05:1@2026-04-15'] }],
    ['open, on the deadline day → P05 (not yet overdue)', due(), '2026-04-30', { remove: [], add: ['P05:1@2026-04-30'] }],
    ['open, overdue → N05 removed, no P05 (late)', due(), '2026-05-10', { remove: ['N05:finding:1'], add: [] }],
    ['submitted in time, awaiting verification, before the deadline → P05', due({ rectificationStatus: 'submitted', pendingSubmittedOn: '2026-04-20' }), '2026-04-25', { remove: [], add: ['P05:1@2026-04-25'] }],
    ['submitted in time, still unverified after the deadline (no N05 meanwhile) → P05', due({ rectificationStatus: 'submitted', pendingSubmittedOn: '2026-04-20' }), '2026-05-10', { remove: [], add: ['P05:1@2026-05-10'] }],
    ['submitted late, after the deadline → N05 removed, no P05', due({ rectificationStatus: 'submitted', pendingSubmittedOn: '2026-05-05' }), '2026-05-10', { remove: ['N05:finding:1'], add: [] }],
    ['repaired and overdue: nothing counted before, P05 impossible (late) → nothing to offer', due({ repairedOn: '2026-05-01' }), '2026-05-10', null],
    ['already verified → nothing to offer', due({ rectificationStatus: 'verified', rectifiedOn: '2026-04-20', verifiedOn: '2026-04-25' }), '2026-05-10', null],
    ['no rectification required → nothing', finding(), '2026-05-10', null],
    ['decided after the as-of date → nothing', due({ decisionDate: '2026-06-01' }), '2026-05-10', null],
  ])('%s', (_name, f, asOf, expected) => {
    expect(keys(rectifyWhatIf(f, asOf, W))).toEqual(expected);
  });

  it('the P05 it adds is the one findingFacts writes for a verification that day', () => {
    expect(rectifyWhatIf(due(), '2026-04-15', W)!.add[0]).toEqual({
      rule: 'P05', recordType: 'finding', recordId: 1, date: '2026-04-15',
      detail: { type: 'penalty', severity: 'general', title: '罚款', decisionNo: '沪市监罚〔2026〕1号', department: 'market', decisionDate: '2026-03-01', publicityEndsOn: '2027-03-01', rectifyBy: '2026-04-30', rectifiedOn: '2026-04-15', verifiedOn: '2026-04-15' },
    });
  });
});
