import { addWorkingDays, isWorkingDay } from './working-days.rules.js';

describe('working days', () => {
  // 2026-11-27 is a Friday, 2026-11-28/29 the weekend, 2026-11-30 a Monday.
  it.each([
    ['a weekday', '2026-11-30', {}, true],
    ['a Saturday', '2026-11-28', {}, false],
    ['a Sunday', '2026-11-29', {}, false],
    ['a listed holiday', '2026-10-01', { holidays: ['2026-10-01'] }, false],
    ['a weekend day declared worked', '2026-10-10', { workdays: ['2026-10-10'] }, true],
  ])('%s', (_name, day, calendar, expected) => {
    expect(isWorkingDay(day, calendar)).toBe(expected);
  });

  it.each([
    ['0 days is the day itself', '2026-11-27', 0, {}, '2026-11-27'],
    ['Monday + 5 is the next Monday', '2026-11-30', 5, {}, '2026-12-07'],
    ['Friday + 1 skips the weekend', '2026-11-27', 1, {}, '2026-11-30'],
    ['Friday + 5 is the next Friday', '2026-11-27', 5, {}, '2026-12-04'],
    ['from a Saturday, the first working day is Monday', '2026-11-28', 1, {}, '2026-11-30'],
    ['from a Sunday + 5', '2026-11-29', 5, {}, '2026-12-04'],
    ['month end (Monday 2026-08-31) + 5', '2026-08-31', 5, {}, '2026-09-07'],
    ['a holiday inside the window is skipped', '2026-09-30', 5, { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'] }, '2026-10-14'],
    ['a worked weekend day counts', '2026-09-30', 2, { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-03'] }, '2026-10-05'],
    ['across a year end', '2026-12-31', 2, { holidays: ['2027-01-01'] }, '2027-01-05'],
    ['across a leap day', '2028-02-28', 2, {}, '2028-03-01'],
    ['thirty working days', '2026-11-30', 30, {}, '2027-01-11'],
  ])('%s', (_name, from, n, calendar, expected) => {
    expect(addWorkingDays(from, n, calendar)).toBe(expected);
  });

  it.each([
    ['a malformed day', () => addWorkingDays('2026-02-30', 1)],
    ['a negative count', () => addWorkingDays('2026-11-30', -1)],
    ['a fractional count', () => addWorkingDays('2026-11-30', 1.5)],
  ])('refuses %s', (_name, call) => {
    expect(call).toThrow();
  });
});
