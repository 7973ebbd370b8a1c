import { addMonths, countsOn, publicityOf, ruleInForce, type PublicityRuleRow } from './publicity.rules.js';

/** The rows the FindingsCore migration seeds (migrations/seed-publicity-rules.ts), with ids 1–7. */
const SEEDED: PublicityRuleRow[] = [
  { id: 1, effectiveFrom: '2021-12-01', severity: 'minor', penaltyKind: null, published: false, minMonths: 0, maxMonths: 0, repairAfterMonths: null },
  { id: 2, effectiveFrom: '2021-12-01', severity: 'general', penaltyKind: null, published: true, minMonths: 3, maxMonths: 12, repairAfterMonths: 3 },
  { id: 3, effectiveFrom: '2021-12-01', severity: 'serious', penaltyKind: null, published: true, minMonths: 12, maxMonths: 36, repairAfterMonths: 12 },
  { id: 4, effectiveFrom: '2026-04-01', severity: 'minor', penaltyKind: null, published: true, minMonths: 0, maxMonths: 3, repairAfterMonths: null },
  { id: 5, effectiveFrom: '2026-04-01', severity: 'minor', penaltyKind: 'warning', published: false, minMonths: 0, maxMonths: 0, repairAfterMonths: null },
  { id: 6, effectiveFrom: '2026-04-01', severity: 'general', penaltyKind: null, published: true, minMonths: 3, maxMonths: 12, repairAfterMonths: 3 },
  { id: 7, effectiveFrom: '2026-04-01', severity: 'serious', penaltyKind: null, published: true, minMonths: 12, maxMonths: 36, repairAfterMonths: 12 },
];

describe('addMonths', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-03-31', 3, '2026-06-30'],
    ['2026-04-01', 36, '2029-04-01'],
    ['2026-05-15', 0, '2026-05-15'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('publicityOf (the seeded regimes)', () => {
  it.each<[string, PublicityRuleRow['severity'], PublicityRuleRow['penaltyKind'], string, { ruleId: number; published: boolean; publicityEndsOn: string; repairEligibleOn: string | null }]>([
    // Before 2026-04-01: minor findings are not published at all, whatever was imposed.
    ['old regime, minor fine: not published', 'minor', 'fine', '2026-03-31', { ruleId: 1, published: false, publicityEndsOn: '2026-03-31', repairEligibleOn: null }],
    ['old regime, minor warning: not published', 'minor', 'warning', '2026-03-31', { ruleId: 1, published: false, publicityEndsOn: '2026-03-31', repairEligibleOn: null }],
    // From 2026-04-01: minor up to 3 months, warnings not published, repair once obligations are met.
    ['new regime on its first day, minor fine: 3 months', 'minor', 'fine', '2026-04-01', { ruleId: 4, published: true, publicityEndsOn: '2026-07-01', repairEligibleOn: null }],
    ['new regime, minor without a kind: 3 months', 'minor', null, '2026-04-01', { ruleId: 4, published: true, publicityEndsOn: '2026-07-01', repairEligibleOn: null }],
    ['new regime, warning: not published', 'minor', 'warning', '2026-04-01', { ruleId: 5, published: false, publicityEndsOn: '2026-04-01', repairEligibleOn: null }],
    ['old regime, general: 1 year, repair after 3 months', 'general', 'fine', '2026-03-31', { ruleId: 2, published: true, publicityEndsOn: '2027-03-31', repairEligibleOn: '2026-06-30' }],
    ['new regime, general: 1 year, repair after 3 months', 'general', 'fine', '2026-04-01', { ruleId: 6, published: true, publicityEndsOn: '2027-04-01', repairEligibleOn: '2026-07-01' }],
    ['old regime, serious: 3 years, repair after 1 year', 'serious', 'revocation', '2025-06-15', { ruleId: 3, published: true, publicityEndsOn: '2028-06-15', repairEligibleOn: '2026-06-15' }],
    ['new regime, serious: 3 years, repair after 1 year', 'serious', 'closure', '2026-11-30', { ruleId: 7, published: true, publicityEndsOn: '2029-11-30', repairEligibleOn: '2027-11-30' }],
    ['before every regime: the earliest regime', 'general', 'fine', '2019-01-31', { ruleId: 2, published: true, publicityEndsOn: '2020-01-31', repairEligibleOn: '2019-04-30' }],
    ['month end clamps (31 Jan + 3 months = 30 Apr)', 'general', 'fine', '2027-01-31', { ruleId: 6, published: true, publicityEndsOn: '2028-01-31', repairEligibleOn: '2027-04-30' }],
    ['leap day + 12 months = 28 Feb', 'serious', null, '2028-02-29', { ruleId: 7, published: true, publicityEndsOn: '2031-02-28', repairEligibleOn: '2029-02-28' }],
  ])('%s', (_name, severity, penaltyKind, decisionDate, expected) => {
    expect(publicityOf(SEEDED, { severity, penaltyKind, decisionDate })).toEqual(expected);
  });

  it('a penalty kind row of an earlier regime does not beat a later general row', () => {
    const rules: PublicityRuleRow[] = [
      { id: 10, effectiveFrom: '2020-01-01', severity: 'general', penaltyKind: 'fine', published: true, minMonths: 3, maxMonths: 6, repairAfterMonths: 3 },
      { id: 11, effectiveFrom: '2024-01-01', severity: 'general', penaltyKind: null, published: true, minMonths: 3, maxMonths: 12, repairAfterMonths: 3 },
    ];
    expect(ruleInForce(rules, { severity: 'general', penaltyKind: 'fine', decisionDate: '2025-01-01' })?.id).toBe(11);
    expect(ruleInForce(rules, { severity: 'general', penaltyKind: 'fine', decisionDate: '2023-12-31' })?.id).toBe(10);
  });

  it('a later regime with only another kind’s row leaves the general row of the earlier regime in force', () => {
    const rules: PublicityRuleRow[] = [
      SEEDED[3],
      { id: 12, effectiveFrom: '2027-01-01', severity: 'minor', penaltyKind: 'warning', published: true, minMonths: 0, maxMonths: 1, repairAfterMonths: null },
    ];
    expect(ruleInForce(rules, { severity: 'minor', penaltyKind: 'fine', decisionDate: '2027-06-01' })?.id).toBe(4);
    expect(ruleInForce(rules, { severity: 'minor', penaltyKind: 'warning', decisionDate: '2027-06-01' })?.id).toBe(12);
  });

  it('no row for the severity: null', () => {
    expect(publicityOf(SEEDED.filter((r) => r.severity !== 'serious'), { severity: 'serious', penaltyKind: null, decisionDate: '2026-05-01' })).toBeNull();
    expect(publicityOf([], { severity: 'minor', penaltyKind: null, decisionDate: '2026-05-01' })).toBeNull();
  });
});

describe('countsOn', () => {
  const f = { decisionDate: '2026-04-10', publicityEndsOn: '2027-04-10', repairedOn: null as string | null };
  it.each([
    ['the day before the decision', f, '2026-04-09', false],
    ['the decision day', f, '2026-04-10', true],
    ['the last day of the period', f, '2027-04-09', true],
    ['the end day (exclusive)', f, '2027-04-10', false],
    ['not published (end = decision date): never', { ...f, publicityEndsOn: '2026-04-10' }, '2026-04-10', false],
    ['repaired on the day: no longer', { ...f, repairedOn: '2026-08-01' }, '2026-08-01', false],
    ['repaired later: still counts the day before', { ...f, repairedOn: '2026-08-01' }, '2026-07-31', true],
  ])('%s', (_name, finding, asOf, expected) => {
    expect(countsOn(finding, asOf)).toBe(expected);
  });
});
