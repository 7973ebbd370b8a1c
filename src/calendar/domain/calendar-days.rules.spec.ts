import { CALENDAR_RANGE_MAX, isCalendarDay, kindProblems, rangeDays, yearBounds, yearsMissing } from './calendar-days.rules.js';

describe('calendar days', () => {
  it.each([
    ['2026-10-01', true], ['2028-02-29', true], ['2027-02-29', false], ['2026-13-01', false], ['2026-1-01', false], ['', false], [20261001, false], [null, false],
  ])('%s is a day: %s', (value, expected) => {
    expect(isCalendarDay(value)).toBe(expected);
  });

  it.each([
    ['a 调休 Saturday', ['2026-02-14'], 'workday', []],
    ['a 调休 Sunday', ['2026-01-04'], 'workday', []],
    ['a workday on a weekday is refused', ['2026-02-13'], 'workday', ['2026-02-13']],
    ['a range of workdays names each weekday', ['2026-02-13', '2026-02-14', '2026-02-16'], 'workday', ['2026-02-13', '2026-02-16']],
    ['a holiday on a weekday', ['2026-10-01'], 'holiday', []],
    ['a holiday on a weekend is allowed', ['2026-02-22'], 'holiday', []],
  ] as const)('%s', (_name, days, kind, expected) => {
    expect(kindProblems(days, kind)).toEqual(expected);
  });

  it.each([
    ['Spring Festival 2027 (7 days)', '2027-02-06', '2027-02-12', 7, null],
    ['one day', '2027-01-01', '2027-01-01', 1, null],
    ['across a year end', '2026-12-31', '2027-01-02', 3, null],
    ['over a leap day', '2028-02-28', '2028-03-01', 3, null],
    ['the longest allowed', '2027-01-01', '2027-01-31', CALENDAR_RANGE_MAX, null],
    ['one day too long', '2027-01-01', '2027-02-01', 0, { field: 'to', code: 'max', params: { limit: CALENDAR_RANGE_MAX } }],
    ['backwards', '2027-02-12', '2027-02-06', 0, { field: 'to', code: 'notBefore', params: { limit: '2027-02-12' } }],
  ])('a range: %s', (_name, from, to, count, problem) => {
    const r = rangeDays(from, to);
    if (problem) expect(r).toEqual({ problem });
    else expect('days' in r ? r.days.length : -1).toBe(count);
  });

  it.each([
    ['both on file', '2026-11-30', [2026, 2027], []],
    ['next year missing', '2026-11-30', [2025, 2026], [2027]],
    ['nothing on file', '2026-01-01', [], [2026, 2027]],
    ['on New Year\'s Eve', '2026-12-31', [2026], [2027]],
    ['on New Year\'s Day', '2027-01-01', [2026], [2027, 2028]],
  ])('years missing: %s', (_name, today, years, expected) => {
    expect(yearsMissing(today, years)).toEqual(expected);
  });

  it('bounds a year', () => {
    expect(yearBounds(2028)).toEqual({ from: '2028-01-01', to: '2028-12-31' });
  });
});
