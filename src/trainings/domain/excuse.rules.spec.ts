import { excuseAfterDecision, excuseRefusal, normalizeReason, EXCUSE_REASON_MAX, type ExcuseDecision, type ExcuseStatus } from './excuse.rules.js';

const t = (minute: number) => new Date(Date.UTC(2026, 5, 1, 8, minute));

describe('excuseRefusal', () => {
  const base = { now: t(0), startsAt: t(30), sessionStatus: 'scheduled', concerned: true, existing: [] as ExcuseStatus[], attended: false };
  it.each<[string, Partial<typeof base>, string | null]>([
    ['before the start', {}, null],
    ['one minute before', { now: t(29) }, null],
    ['at the start', { now: t(30) }, 'sessionStarted'],
    ['after the start', { now: t(45) }, 'sessionStarted'],
    ['cancelled session', { sessionStatus: 'cancelled' }, 'sessionCancelled'],
    ['not invited nor registered', { concerned: false }, 'notConcerned'],
    ['a pending request', { existing: ['pending'] }, 'excusePending'],
    ['an approved request', { existing: ['rejected', 'approved'] }, 'excuseApproved'],
    ['rejected before: may ask again', { existing: ['rejected'] }, null],
    ['already checked in', { attended: true }, 'alreadyAttended'],
  ])('%s', (_label, change, expected) => {
    expect(excuseRefusal({ ...base, ...change })).toBe(expected);
  });
});

describe('excuseAfterDecision', () => {
  it.each<[ExcuseStatus, ExcuseDecision, ExcuseStatus | null]>([
    ['pending', 'approved', 'approved'],
    ['pending', 'rejected', 'rejected'],
    ['approved', 'rejected', null],
    ['approved', 'approved', null],
    ['rejected', 'approved', null],
  ])('%s + %s → %p', (current, decision, expected) => {
    expect(excuseAfterDecision(current, decision)).toBe(expected);
  });
});

describe('normalizeReason', () => {
  it.each<[unknown, string | null]>([
    ['  出差  ', '出差'],
    ['', null],
    ['   ', null],
    [null, null],
    [42, null],
    ['x'.repeat(EXCUSE_REASON_MAX), 'x'.repeat(EXCUSE_REASON_MAX)],
    ['x'.repeat(EXCUSE_REASON_MAX + 1), null],
  ])('%p → %p', (input, expected) => {
    expect(normalizeReason(input)).toBe(expected);
  });
});
