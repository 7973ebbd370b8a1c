import { addWorkingDays, daysFromTo, isWeekend, isWorkingDay, weekdayOf, workingDaysBetween } from './working-days.rules.js';

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

/** The State Council's 2026 notice as the migration seeds it (国务院办公厅关于2026年部分节假日安排的通知). */
const CAL_2026 = {
  holidays: [
    '2026-01-01', '2026-01-02', '2026-01-03',
    ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => `2026-02-${d}`),
    '2026-04-04', '2026-04-05', '2026-04-06',
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    '2026-06-19', '2026-06-20', '2026-06-21',
    '2026-09-25', '2026-09-26', '2026-09-27',
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

describe('working days in the 2026 calendar', () => {
  it.each([
    ['Spring Festival eve working Saturday (2026-02-14)', '2026-02-14', true],
    ['Spring Festival Monday (2026-02-16)', '2026-02-16', false],
    ['Spring Festival Sunday (2026-02-22, a holiday on a weekend)', '2026-02-22', false],
    ['the day after Spring Festival (Tuesday 2026-02-24)', '2026-02-24', true],
    ['Spring Festival 调休 Saturday (2026-02-28)', '2026-02-28', true],
    ['an ordinary Saturday (2026-03-07)', '2026-03-07', false],
    ['New Year working Sunday (2026-01-04)', '2026-01-04', true],
    ['National Day Wednesday (2026-10-07)', '2026-10-07', false],
  ])('%s', (_name, day, expected) => {
    expect(isWorkingDay(day, CAL_2026)).toBe(expected);
  });

  it.each([
    // Friday 2026-02-13 + 1: Saturday 02-14 is worked.
    ['into the Spring Festival 调休 Saturday', '2026-02-13', 1, '2026-02-14'],
    // Saturday 02-14 + 1: the whole break 02-15..02-23 is off, then Tuesday 02-24.
    ['across the Spring Festival break', '2026-02-14', 1, '2026-02-24'],
    // 10 working days from Thursday 02-12: 13, 14(Sat, worked), 24, 25, 26, 27, 28(Sat, worked), 03-02, 03, 04.
    ['10 working days across Spring Festival (an objection window)', '2026-02-12', 10, '2026-03-04'],
    // Month end: Friday 2026-04-30 + 1 skips 05-01..05-05, lands on Wednesday 05-06.
    ['a month end into the Labour Day break', '2026-04-30', 1, '2026-05-06'],
    // Wednesday 05-06 + 3: 07, 08, Saturday 05-09 (worked).
    ['onto the Labour Day 调休 Saturday', '2026-05-06', 3, '2026-05-09'],
    ['across the National Day break', '2026-09-30', 1, '2026-10-08'],
    ['National Day 调休 Saturday counts', '2026-10-09', 1, '2026-10-10'],
    ['a month end: 2026-01-30 (Friday) + 1', '2026-01-30', 1, '2026-02-02'],
    // Year end: Thursday 2026-12-31 + 10 with New Year 2027-01-01 off (as listed).
    ['across a year end with a listed New Year', '2026-12-31', 10, '2027-01-15'],
  ])('%s', (_name, from, n, expected) => {
    expect(addWorkingDays(from, n, { holidays: [...CAL_2026.holidays, '2027-01-01'], workdays: CAL_2026.workdays })).toBe(expected);
  });
});

describe('working days between two days', () => {
  it.each([
    ['the same day', '2026-11-30', '2026-11-30', {}, 0],
    ['Monday to Friday', '2026-11-30', '2026-12-04', {}, 4],
    ['Friday to Monday', '2026-11-27', '2026-11-30', {}, 1],
    ['Friday to Sunday: the weekend is not worked', '2026-11-27', '2026-11-29', {}, 0],
    ['backwards: overdue by 1', '2026-11-30', '2026-11-27', {}, -1],
    ['across a year end', '2026-12-31', '2027-01-05', { holidays: ['2027-01-01'] }, 2],
    ['over the 2026 Spring Festival', '2026-02-13', '2026-02-24', CAL_2026, 2],
    ['over a leap day', '2028-02-28', '2028-03-01', {}, 2],
    ['to a leap day', '2028-02-28', '2028-02-29', {}, 1],
    ['a holiday due day counts nothing more', '2026-09-30', '2026-10-01', CAL_2026, 0],
  ])('%s', (_name, from, to, calendar, expected) => {
    expect(workingDaysBetween(from, to, calendar)).toBe(expected);
  });

  it.each([
    ['2026-11-30', 0], ['2026-11-27', 1], ['2026-11-28', 5], ['2026-12-31', 10], ['2028-02-28', 2], ['2026-02-12', 10],
  ])('inverts addWorkingDays from %s + %i', (from, n) => {
    expect(workingDaysBetween(from, addWorkingDays(from, n, CAL_2026), CAL_2026)).toBe(n);
  });

  it('refuses a malformed day', () => {
    expect(() => workingDaysBetween('2026-11-31', '2026-12-01')).toThrow();
  });
});

describe('weekends and ranges', () => {
  it.each([
    ['2026-11-28', true, 6], ['2026-11-29', true, 0], ['2026-11-30', false, 1], ['2028-02-29', false, 2], ['2026-12-31', false, 4],
  ])('%s: weekend %s, weekday %i', (day, weekend, weekday) => {
    expect(isWeekend(day)).toBe(weekend);
    expect(weekdayOf(day)).toBe(weekday);
  });

  it.each([
    ['one day', '2026-10-01', '2026-10-01', ['2026-10-01']],
    ['across a month end', '2026-01-30', '2026-02-02', ['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']],
    ['across a year end', '2026-12-31', '2027-01-01', ['2026-12-31', '2027-01-01']],
    ['over a leap day', '2028-02-28', '2028-03-01', ['2028-02-28', '2028-02-29', '2028-03-01']],
    ['backwards is empty', '2026-10-02', '2026-10-01', []],
  ])('%s', (_name, from, to, expected) => {
    expect(daysFromTo(from, to)).toEqual(expected);
  });
});
