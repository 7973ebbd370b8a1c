import {
  addMonths, approvalBlockers, earlyExitBlocker, entryPeriod, expiresBy, objectionClosesOn, objectionInTime, onListOn, ruleInForce, type ListPeriodRule,
} from './list-periods.rules.js';

const BLACK: ListPeriodRule = { list: 'black', effectiveFrom: '2020-01-01', durationMonths: 36, earlyExitAfterMonths: 12, objectionWorkingDays: 10 };
const RED: ListPeriodRule = { list: 'red', effectiveFrom: '2020-01-01', durationMonths: 12, earlyExitAfterMonths: null, objectionWorkingDays: 0 };
const WATCH: ListPeriodRule = { list: 'watch', effectiveFrom: '2020-01-01', durationMonths: 12, earlyExitAfterMonths: null, objectionWorkingDays: 10 };

/** 2026 public holidays and 调休 working weekend days around the Spring Festival and National Day (as seeded). */
const CAL = {
  holidays: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23', '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'],
};

describe('addMonths', () => {
  it.each([
    ['plain', '2026-03-15', 1, '2026-04-15'],
    ['month end clamps (Jan 31 + 1)', '2026-01-31', 1, '2026-02-28'],
    ['into a leap February', '2028-01-31', 1, '2028-02-29'],
    ['leap day + 12 months', '2028-02-29', 12, '2029-02-28'],
    ['leap day + 48 months', '2028-02-29', 48, '2032-02-29'],
    ['across a year end', '2026-12-31', 1, '2027-01-31'],
    ['3 years', '2026-05-20', 36, '2029-05-20'],
    ['30th into February', '2027-11-30', 3, '2028-02-29'],
    ['zero', '2026-07-07', 0, '2026-07-07'],
  ])('%s: %s + %i → %s', (_n, day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it('refuses a day that does not exist', () => {
    expect(() => addMonths('2026-02-30', 1)).toThrow('not a day');
  });
});

describe('ruleInForce', () => {
  const later = { ...BLACK, effectiveFrom: '2026-04-01', durationMonths: 24 };
  it.each([
    ['before the newer rule', '2026-03-31', 36],
    ['on its first day', '2026-04-01', 24],
    ['after', '2027-01-01', 24],
  ])('%s (%s) → %i months', (_n, day, months) => {
    expect(ruleInForce([BLACK, later, RED], 'black', day)?.durationMonths).toBe(months);
  });
  it('none before the first rule, none for another list', () => {
    expect(ruleInForce([BLACK], 'black', '2019-12-31')).toBeNull();
    expect(ruleInForce([BLACK], 'watch', '2026-01-01')).toBeNull();
  });
});

describe('objectionClosesOn', () => {
  it.each([
    ['red: no window', RED, '2026-05-11', null],
    ['plain two weeks (Mon → Mon + 10)', BLACK, '2026-05-11', '2026-05-25'],
    ['over the Spring Festival, with 调休 Saturday 02-28 worked', WATCH, '2026-02-12', '2026-03-04'],
    ['over National Day, 10-10 worked', BLACK, '2026-09-30', '2026-10-20'],
    ['from a Saturday', BLACK, '2026-05-16', '2026-05-29'],
    ['across the year end', BLACK, '2026-12-24', '2027-01-07'],
  ])('%s', (_n, rule, from, expected) => {
    expect(objectionClosesOn(rule, from, CAL)).toBe(expected);
  });
});

describe('entryPeriod', () => {
  it.each([
    ['black: 3 years, exit after 1', BLACK, '2026-06-01', { startsOn: '2026-06-01', plannedEndOn: '2029-06-01', earliestExitOn: '2027-06-01' }],
    ['red: 12 months, exit any time', RED, '2026-01-31', { startsOn: '2026-01-31', plannedEndOn: '2027-01-31', earliestExitOn: null }],
    ['black from a leap day', BLACK, '2028-02-29', { startsOn: '2028-02-29', plannedEndOn: '2031-02-28', earliestExitOn: '2029-02-28' }],
    ['watch from a month end', WATCH, '2026-08-31', { startsOn: '2026-08-31', plannedEndOn: '2027-08-31', earliestExitOn: null }],
  ])('%s', (_n, rule, start, expected) => {
    expect(entryPeriod(rule, start)).toEqual(expected);
  });
});

describe('onListOn', () => {
  const active = { status: 'active', startsOn: '2026-06-01', plannedEndOn: '2027-06-01', endedOn: null };
  it.each([
    ['the day before the start', active, '2026-05-31', false],
    ['the start', active, '2026-06-01', true],
    ['the last day', active, '2027-05-31', true],
    ['the planned end (exclusive)', active, '2027-06-01', false],
    ['ended early: the day before', { ...active, status: 'ended', endedOn: '2026-09-01' }, '2026-08-31', true],
    ['ended early: on the end', { ...active, status: 'ended', endedOn: '2026-09-01' }, '2026-09-01', false],
    ['ended: earlier days still count (history)', { ...active, status: 'ended', endedOn: '2026-09-01' }, '2026-07-01', true],
    ['proposed', { status: 'proposed', startsOn: null, plannedEndOn: null, endedOn: null }, '2026-07-01', false],
    ['rejected', { ...active, status: 'rejected' }, '2026-07-01', false],
    ['withdrawn', { ...active, status: 'withdrawn' }, '2026-07-01', false],
  ])('%s', (_n, entry, day, expected) => {
    expect(onListOn(entry, day)).toBe(expected);
  });
});

describe('objectionInTime', () => {
  it.each([
    ['before the last day', '2026-05-25', '2026-05-20', true],
    ['on the last day', '2026-05-25', '2026-05-25', true],
    ['the day after', '2026-05-25', '2026-05-26', false],
    ['no window (red)', null, '2026-05-20', false],
  ])('%s', (_n, closes, day, expected) => {
    expect(objectionInTime(closes, day)).toBe(expected);
  });
});

describe('approvalBlockers', () => {
  const proposed = { status: 'proposed', objectionClosesOn: '2026-05-25' };
  it.each([
    ['window open on its last day', proposed, '2026-05-25', 0, [{ kind: 'windowOpen', closesOn: '2026-05-25' }]],
    ['window closed, nothing open', proposed, '2026-05-26', 0, []],
    ['window closed, an objection unanswered', proposed, '2026-05-26', 1, [{ kind: 'openObjections', count: 1 }]],
    ['both', proposed, '2026-05-20', 2, [{ kind: 'windowOpen', closesOn: '2026-05-25' }, { kind: 'openObjections', count: 2 }]],
    ['red: no window, at once', { status: 'proposed', objectionClosesOn: null }, '2026-05-11', 0, []],
    ['already decided', { status: 'active', objectionClosesOn: null }, '2026-05-11', 0, [{ kind: 'notProposed' }]],
  ])('%s', (_n, entry, day, open, expected) => {
    expect(approvalBlockers(entry, day, open)).toEqual(expected);
  });
});

describe('earlyExitBlocker', () => {
  it.each([
    ['black before a year', { status: 'active', earliestExitOn: '2027-06-01' }, '2027-05-31', { kind: 'tooEarly', earliestExitOn: '2027-06-01' }],
    ['black on the day', { status: 'active', earliestExitOn: '2027-06-01' }, '2027-06-01', null],
    ['red: any time', { status: 'active', earliestExitOn: null }, '2026-06-02', null],
    ['not active', { status: 'ended', earliestExitOn: null }, '2026-06-02', { kind: 'notActive' }],
  ])('%s', (_n, entry, day, expected) => {
    expect(earlyExitBlocker(entry, day)).toEqual(expected);
  });
});

describe('expiresBy', () => {
  it.each([
    ['before the planned end', { status: 'active', plannedEndOn: '2027-06-01' }, '2027-05-31', false],
    ['on it', { status: 'active', plannedEndOn: '2027-06-01' }, '2027-06-01', true],
    ['after it (the job missed days)', { status: 'active', plannedEndOn: '2027-06-01' }, '2027-06-09', true],
    ['already ended', { status: 'ended', plannedEndOn: '2027-06-01' }, '2027-06-09', false],
  ])('%s', (_n, entry, day, expected) => {
    expect(expiresBy(entry, day)).toBe(expected);
  });
});
