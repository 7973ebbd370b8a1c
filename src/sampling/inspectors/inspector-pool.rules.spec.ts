import { absentDaysByMonth, INSPECTOR_CODE, suggestInspectorCode } from './inspector-pool.rules.js';

describe('inspector pool rules', () => {
  it.each([
    ['first of a department', 'market', [], 'MARKET-001'],
    ['after the highest, not the count', 'market', ['MARKET-001', 'MARKET-007'], 'MARKET-008'],
    ['other prefixes ignored', 'tax', ['MARKET-003', 'TAXI-009', 'TAX-X'], 'TAX-001'],
    ['beyond three digits', 'hrss', ['HRSS-999'], 'HRSS-1000'],
    ['characters a code cannot hold dropped', 'eco_env', [], 'ECOENV-001'],
    ['nothing left of the prefix', '市场', [], 'INSP-001'],
  ])('suggests a code: %s', (_name, dept, existing, expected) => {
    expect(suggestInspectorCode(dept, existing)).toBe(expected);
    expect(INSPECTOR_CODE.test(expected)).toBe(true);
  });

  it.each([
    ['SCJG-007', true], ['MARKET-001', true], ['a-1', false], ['X', false], ['-AB', false], ['AB CD', false], [`A${'1'.repeat(31)}`, true], [`A${'1'.repeat(32)}`, false],
  ])('code %s: %s', (code, ok) => {
    expect(INSPECTOR_CODE.test(code)).toBe(ok);
  });

  const days = (r: Record<string, number>) => Object.entries(r).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));

  it.each([
    ['none', [], []],
    ['one day', [['2026-03-10', '2026-03-10']], [['03', 1]]],
    ['across a month end, both ends inclusive', [['2026-01-30', '2026-02-02']], [['01', 2], ['02', 2]]],
    ['overlaps counted once', [['2026-05-01', '2026-05-10'], ['2026-05-05', '2026-05-12'], ['2026-05-11', '2026-05-11']], [['05', 12]]],
    ['a period inside another', [['2026-06-01', '2026-06-30'], ['2026-06-10', '2026-06-12']], [['06', 30]]],
    ['clipped to the year', [['2025-12-20', '2026-01-03'], ['2026-12-30', '2027-01-10']], [['01', 3], ['12', 2]]],
    ['leap February', [['2028-02-01', '2028-03-01']], [['02', 29], ['03', 1]]],
    ['to before from counts nothing', [['2026-04-10', '2026-04-01']], []],
    ['another year only', [['2025-01-01', '2025-12-31']], []],
    ['the whole year', [['2026-01-01', '2026-12-31']], [['01', 31], ['02', 28], ['03', 31], ['04', 30], ['05', 31], ['06', 30], ['07', 31], ['08', 31], ['09', 30], ['10', 31], ['11', 30], ['12', 31]]],
  ])('absent days by month: %s', (_name, periods, expected) => {
    const year = periods.some(([f]) => f.startsWith('2028')) ? 2028 : 2026;
    const result = absentDaysByMonth(periods.map(([fromDate, toDate]) => ({ fromDate, toDate })), year);
    expect(Object.keys(result)).toHaveLength(12);
    expect(days(result)).toEqual(expected);
  });
});
