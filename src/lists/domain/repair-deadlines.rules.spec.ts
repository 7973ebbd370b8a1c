import { addWorkingDays } from '../../calendar/domain/working-days.rules.js';
import { currentDue, deadlineState, dueSoon, repairTransition } from './repair-deadlines.rules.js';

/** The 2026 calendar (国务院办公厅通知) as seeded: the National Day week and its worked weekend days. */
const cal2026 = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23', '2027-01-01'],
  workdays: ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28'],
};

describe('repair review deadlines', () => {
  it.each([
    ['reply within 10 working days of a Monday', '2026-11-30', 10, '2026-12-14'],
    ['across the National Day holidays and the worked Saturday 10-10', '2026-09-29', 10, '2026-10-19'],
    ['across Spring Festival 2026 and its worked Saturdays', '2026-02-12', 10, '2026-03-04'],
    ['across the year end', '2026-12-28', 10, '2027-01-12'],
    ['decision within 3 after a Friday reply', '2026-11-27', 3, '2026-12-02'],
    ['decision within 3 across a leap day', '2028-02-28', 3, '2028-03-02'],
  ])('%s', (_name, from, n, expected) => {
    expect(addWorkingDays(from, n, cal2026)).toBe(expected);
  });

  it.each([
    ['due today', '2026-12-14', '2026-12-14', { state: 'today', days: 0 }],
    ['due in a week of working days', '2026-12-14', '2026-12-07', { state: 'left', days: 5 }],
    ['a weekend does not count as left', '2026-11-30', '2026-11-27', { state: 'left', days: 1 }],
    ['overdue by one working day', '2026-12-14', '2026-12-15', { state: 'overdue', days: 1 }],
    ['overdue over a weekend', '2026-12-11', '2026-12-14', { state: 'overdue', days: 1 }],
    ['overdue across the holidays', '2026-09-30', '2026-10-09', { state: 'overdue', days: 2 }],
    ['left across the year end', '2027-01-04', '2026-12-30', { state: 'left', days: 2 }],
    ['due on a Saturday, read on the Saturday', '2026-11-28', '2026-11-28', { state: 'today', days: 0 }],
    ['left across the month end', '2026-12-01', '2026-11-30', { state: 'left', days: 1 }],
  ])('%s', (_name, dueOn, today, expected) => {
    expect(deadlineState(dueOn, today, cal2026)).toEqual(expected);
  });

  it.each([
    ['2 working days left', '2026-12-16', '2026-12-14', true],
    ['3 working days left', '2026-12-17', '2026-12-14', false],
    ['overdue', '2026-12-10', '2026-12-14', true],
    ['today', '2026-12-14', '2026-12-14', true],
  ])('due soon: %s', (_name, dueOn, today, expected) => {
    expect(dueSoon(dueOn, today, cal2026)).toBe(expected);
  });

  it('the deadline that applies', () => {
    expect(currentDue({ status: 'submitted', replyDueOn: '2026-12-14', decisionDueOn: null })).toEqual({ kind: 'reply', dueOn: '2026-12-14' });
    expect(currentDue({ status: 'in_review', replyDueOn: '2026-12-14', decisionDueOn: '2026-12-17' })).toEqual({ kind: 'decision', dueOn: '2026-12-17' });
    expect(currentDue({ status: 'approved', replyDueOn: '2026-12-14', decisionDueOn: '2026-12-17' })).toBeNull();
  });
});

describe('repair state machine', () => {
  it.each([
    ['submitted', 'reply', 'in_review'],
    ['in_review', 'approve', 'approved'],
    ['in_review', 'reject', 'rejected'],
    ['submitted', 'withdraw', 'withdrawn'],
    ['in_review', 'withdraw', 'withdrawn'],
    ['submitted', 'approve', null],
    ['in_review', 'reply', null],
    ['approved', 'withdraw', null],
    ['rejected', 'approve', null],
  ] as const)('%s + %s', (status, event, to) => {
    const r = repairTransition(status, event);
    expect(r.ok ? r.to : null).toBe(to);
  });
});
