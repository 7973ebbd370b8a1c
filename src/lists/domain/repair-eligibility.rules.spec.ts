import { addMonths, entryRepairEligibility, findingRepairEligibility, trainingProblem, type RepairableFindingFacts } from './repair-eligibility.rules.js';

const finding = (over: Partial<RepairableFindingFacts> = {}): RepairableFindingFacts => ({
  type: 'penalty', decisionDate: '2026-01-15', publicityEndsOn: '2027-01-15', repairEligibleOn: '2026-04-15', repairedOn: null,
  rectificationRequired: false, rectificationStatus: 'none', verifiedOn: null, ...over,
});

describe('repair eligibility of a finding', () => {
  it.each([
    ['general: the day before the 3 months', finding(), '2026-04-14', { eligible: false, eligibleOn: '2026-04-15', reasons: [{ code: 'periodNotPassed', params: { date: '2026-04-15' } }] }],
    ['general: the first day', finding(), '2026-04-15', { eligible: true, eligibleOn: '2026-04-15', reasons: [] }],
    ['general: later in publicity', finding(), '2026-12-31', { eligible: true, eligibleOn: '2026-04-15', reasons: [] }],
    ['publicity ended: nothing to repair', finding(), '2027-01-15', { eligible: false, eligibleOn: null, reasons: [{ code: 'notCounting', params: { date: '2027-01-15' } }] }],
    ['already repaired', finding({ repairedOn: '2026-05-01' }), '2026-06-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'alreadyRepaired', params: { date: '2026-05-01' } }] }],
    ['a complaint is not repaired by application', finding({ type: 'complaint' }), '2026-06-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'notRepairable' }] }],
    ['an abnormal-operations listing is cured at the source', finding({ type: 'abnormal_operations' }), '2026-06-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'notRepairable' }] }],
    ['minor (no date): from the decision when no rectification is ordered', finding({ repairEligibleOn: null, publicityEndsOn: '2026-04-15' }), '2026-01-15', { eligible: true, eligibleOn: '2026-01-15', reasons: [] }],
    ['minor: rectification pending', finding({ repairEligibleOn: null, publicityEndsOn: '2026-04-15', rectificationRequired: true, rectificationStatus: 'submitted' }), '2026-02-01', { eligible: false, eligibleOn: '2026-01-15', reasons: [{ code: 'rectificationPending' }] }],
    ['minor: from the verification', finding({ repairEligibleOn: null, publicityEndsOn: '2026-04-15', rectificationRequired: true, rectificationStatus: 'verified', verifiedOn: '2026-02-10' }), '2026-02-09', { eligible: false, eligibleOn: '2026-02-10', reasons: [{ code: 'periodNotPassed', params: { date: '2026-02-10' } }] }],
    ['general: verified early, the period still decides', finding({ rectificationRequired: true, rectificationStatus: 'verified', verifiedOn: '2026-02-10' }), '2026-04-15', { eligible: true, eligibleOn: '2026-04-15', reasons: [] }],
    ['general: verified after the period, the verification decides', finding({ rectificationRequired: true, rectificationStatus: 'verified', verifiedOn: '2026-05-02' }), '2026-05-01', { eligible: false, eligibleOn: '2026-05-02', reasons: [{ code: 'periodNotPassed', params: { date: '2026-05-02' } }] }],
    ['both missing: period and rectification', finding({ rectificationRequired: true, rectificationStatus: 'open' }), '2026-03-01', { eligible: false, eligibleOn: '2026-04-15', reasons: [{ code: 'rectificationPending' }, { code: 'periodNotPassed', params: { date: '2026-04-15' } }] }],
    ['serious, leap day: one year after 2028-02-29', finding({ severity: 'serious', decisionDate: '2028-02-29', repairEligibleOn: '2029-02-28', publicityEndsOn: '2031-02-28' } as Partial<RepairableFindingFacts>), '2029-02-27', { eligible: false, eligibleOn: '2029-02-28', reasons: [{ code: 'periodNotPassed', params: { date: '2029-02-28' } }] }],
    ['the first day is the end of publicity: it ends by itself', finding({ repairEligibleOn: '2027-01-15' }), '2026-06-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'notCounting', params: { date: '2027-01-15' } }] }],
  ])('%s', (_name, f, today, expected) => {
    expect(findingRepairEligibility(f, today)).toEqual(expected);
  });
});

describe('repair eligibility of a list entry', () => {
  const black = { repairAfterMonths: 12 };
  const watch = { repairAfterMonths: 3 };
  it.each([
    ['black: the day before 12 months', { list: 'black', status: 'active', startsOn: '2026-03-01', plannedEndOn: '2029-03-01' }, black, '2027-02-28', { eligible: false, eligibleOn: '2027-03-01', reasons: [{ code: 'periodNotPassed', params: { date: '2027-03-01', months: 12 } }] }],
    ['black: on the day', { list: 'black', status: 'active', startsOn: '2026-03-01', plannedEndOn: '2029-03-01' }, black, '2027-03-01', { eligible: true, eligibleOn: '2027-03-01', reasons: [] }],
    ['black from a leap day: 28 February next year', { list: 'black', status: 'active', startsOn: '2028-02-29', plannedEndOn: '2031-02-28' }, black, '2029-02-28', { eligible: true, eligibleOn: '2029-02-28', reasons: [] }],
    ['watch from a month end (Nov 30 + 3 = Feb 28)', { list: 'watch', status: 'active', startsOn: '2026-11-30', plannedEndOn: '2027-11-30' }, watch, '2027-02-27', { eligible: false, eligibleOn: '2027-02-28', reasons: [{ code: 'periodNotPassed', params: { date: '2027-02-28', months: 3 } }] }],
    ['watch from a month end in a leap year (Nov 30 2027 + 3 = Feb 29 2028)', { list: 'watch', status: 'active', startsOn: '2027-11-30', plannedEndOn: '2028-11-30' }, watch, '2028-02-29', { eligible: true, eligibleOn: '2028-02-29', reasons: [] }],
    ['the red list is not repaired', { list: 'red', status: 'active', startsOn: '2026-03-01', plannedEndOn: '2027-03-01' }, { repairAfterMonths: null }, '2026-12-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'notRepairable' }] }],
    ['a proposed entry does not count yet', { list: 'black', status: 'proposed', startsOn: null, plannedEndOn: null }, black, '2027-12-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'notCounting' }] }],
    ['an ended entry', { list: 'watch', status: 'ended', startsOn: '2026-01-01', plannedEndOn: '2027-01-01' }, watch, '2026-12-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'notCounting' }] }],
    ['past its planned end', { list: 'watch', status: 'active', startsOn: '2026-01-01', plannedEndOn: '2027-01-01' }, watch, '2027-01-01', { eligible: false, eligibleOn: null, reasons: [{ code: 'notCounting', params: { date: '2027-01-01' } }] }],
  ])('%s', (_name, e, rule, today, expected) => {
    expect(entryRepairEligibility(e, rule, today)).toEqual(expected);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-03-15', 0, '2026-03-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', 36, '2029-01-15'],
  ])('%s + %i months = %s', (day, n, expected) => {
    expect(addMonths(day, n)).toBe(expected);
  });
  it('refuses a malformed day', () => {
    expect(() => addMonths('2026-3-1', 1)).toThrow();
  });
});

describe('training certificate', () => {
  const records = [
    { sessionId: 1, day: '2026-05-10', mark: 'present' },
    { sessionId: 2, day: '2026-06-10', mark: 'late' },
    { sessionId: 3, day: '2026-07-10', mark: 'absent' },
    { sessionId: 4, day: '2026-01-10', mark: 'present' },
  ];
  it.each([
    ['needed and none chosen', true, [], { code: 'required' }],
    ['not needed and none chosen', false, [], null],
    ['a present record after the start', true, [1], null],
    ['a late record counts as attended', true, [2], null],
    ['an absence is no certificate', true, [3], { code: 'notAttended', sessionId: 3 }],
    ['before the start', true, [4], { code: 'notAttended', sessionId: 4 }],
    ['not the tenant\'s record', true, [99], { code: 'notAttended', sessionId: 99 }],
    ['optional but wrong', false, [3], { code: 'notAttended', sessionId: 3 }],
  ])('%s', (_name, needs, chosen, expected) => {
    expect(trainingProblem(needs, chosen, records, '2026-03-01')).toEqual(expected);
  });
});
