import {
  BREACH_EVENTS, BREACH_STATUSES, breachTransition, isOpenBreach, rectificationState, rectifyByProblem, statusesAllowing,
  type BreachEvent, type BreachStatus,
} from './breach-lifecycle.rules.js';

describe('breach lifecycle', () => {
  const table: [BreachStatus, BreachEvent, BreachStatus | 'breachClosed'][] = [
    ['recorded', 'respond', 'responded'],
    ['recorded', 'confirm', 'confirmed'],
    ['recorded', 'withdraw', 'withdrawn'],
    ['responded', 'respond', 'responded'],
    ['responded', 'confirm', 'confirmed'],
    ['responded', 'withdraw', 'withdrawn'],
    ['confirmed', 'respond', 'breachClosed'],
    ['confirmed', 'confirm', 'breachClosed'],
    ['confirmed', 'withdraw', 'breachClosed'],
    ['withdrawn', 'respond', 'breachClosed'],
    ['withdrawn', 'confirm', 'breachClosed'],
    ['withdrawn', 'withdraw', 'breachClosed'],
  ];

  it('the table covers every status and event', () => {
    expect(table.map(([s, e]) => `${s}:${e}`).sort()).toEqual(BREACH_STATUSES.flatMap((s) => BREACH_EVENTS.map((e) => `${s}:${e}`)).sort());
  });

  it.each(table)('%s + %s → %s', (from, event, expected) => {
    const result = breachTransition(from, event);
    expect(result).toEqual(expected === 'breachClosed' ? { ok: false, code: 'breachClosed' } : { ok: true, to: expected });
  });

  it.each([
    ['respond', ['recorded', 'responded']],
    ['confirm', ['recorded', 'responded']],
    ['withdraw', ['recorded', 'responded']],
  ] as const)('%s is allowed from %j', (event, statuses) => {
    expect(statusesAllowing(event)).toEqual(statuses);
  });

  it.each([
    ['recorded', true], ['responded', true], ['confirmed', false], ['withdrawn', false],
  ] as const)('%s is open: %s', (status, open) => {
    expect(isOpenBreach(status)).toBe(open);
  });

  it.each([
    ['no deadline', null, '2026-03-01', '2026-03-10', null],
    ['empty deadline', '', '2026-03-01', '2026-03-10', null],
    ['today', '2026-03-10', '2026-03-01', '2026-03-10', null],
    ['after today', '2026-04-30', '2026-03-01', '2026-03-10', null],
    ['yesterday', '2026-03-09', '2026-03-01', '2026-03-10', { code: 'notBefore', params: { limit: '2026-03-10' } }],
    ['before the breach', '2026-02-28', '2026-03-01', '2026-03-10', { code: 'notBefore', params: { limit: '2026-03-10' } }],
    ['leap day', '2028-02-29', '2028-02-01', '2028-02-28', null],
  ])('rectification deadline %s', (_label, rectifyBy, occurredOn, today, expected) => {
    expect(rectifyByProblem(rectifyBy, occurredOn, today)).toEqual(expected);
  });

  it.each([
    [null, 'recorded', 'none'],
    ['2026-03-10', 'recorded', 'due'],
    ['2026-03-09', 'responded', 'overdue'],
    ['2026-03-09', 'confirmed', 'overdue'],
    ['2026-03-09', 'withdrawn', 'none'],
  ] as const)('deadline %s of a %s breach, as of 2026-03-10: %s', (rectifyBy, status, expected) => {
    expect(rectificationState(rectifyBy, status, '2026-03-10')).toBe(expected);
  });
});
