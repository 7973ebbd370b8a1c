import { checkinMark, checkinRefusal, checkinReplaces, checkinWindow, insideCheckinWindow, CHECKIN_POLICY, type AttendanceMark } from './checkin.rules.js';

const at = (h: number, m: number, s = 0) => new Date(Date.UTC(2026, 5, 1, h, m, s));
const session = { startsAt: at(9, 0), endsAt: at(11, 0) };

describe('check-in window (opens 30 min before, closes at the end)', () => {
  it('is the policy data applied to the session', () => {
    expect(checkinWindow(session)).toEqual({ opens: at(8, 30), closes: at(11, 0) });
    expect(checkinWindow(session, { ...CHECKIN_POLICY, opensBeforeStartMinutes: 0, closesAfterEndMinutes: 15 })).toEqual({ opens: at(9, 0), closes: at(11, 15) });
  });

  it.each<[string, Date, boolean]>([
    ['31 min before', at(8, 29), false],
    ['one second before it opens', at(8, 29, 59), false],
    ['30 min before', at(8, 30), true],
    ['at the start', at(9, 0), true],
    ['during', at(10, 0), true],
    ['last second', at(10, 59, 59), true],
    ['at the end', at(11, 0), false],
    ['after', at(12, 0), false],
  ])('%s → %p', (_label, now, inside) => {
    expect(insideCheckinWindow(session, now)).toBe(inside);
  });
});

describe('checkinMark (late after 10 min)', () => {
  it.each<[Date, string]>([
    [at(8, 30), 'present'],
    [at(9, 0), 'present'],
    [at(9, 10), 'present'],
    [at(9, 10, 1), 'late'],
    [at(10, 59), 'late'],
  ])('%p → %s', (now, mark) => {
    expect(checkinMark(session, now)).toBe(mark);
  });
});

describe('checkinRefusal', () => {
  const base = { session: { ...session, status: 'scheduled', optional: false }, now: at(9, 5), invited: true, registered: false, codeMatches: true };
  it.each<[string, Partial<typeof base>, string | null]>([
    ['invited, right code, in the window', {}, null],
    ['registered but not invited (required session)', { invited: false, registered: true }, null],
    ['optional session, registered', { session: { ...base.session, optional: true }, invited: false, registered: true }, null],
    ['optional session, not registered', { session: { ...base.session, optional: true }, invited: false }, 'notInvited'],
    ['neither invited nor registered', { invited: false }, 'notInvited'],
    ['wrong code', { codeMatches: false }, 'wrongCode'],
    ['before the window (the code is not even looked at)', { now: at(8, 0), codeMatches: false }, 'outsideWindow'],
    ['after the end', { now: at(11, 0) }, 'outsideWindow'],
    ['cancelled session', { session: { ...base.session, status: 'cancelled' } }, 'sessionCancelled'],
    ['not invited and wrong code → not invited first', { invited: false, codeMatches: false }, 'notInvited'],
  ])('%s → %p', (_label, change, expected) => {
    expect(checkinRefusal({ ...base, ...change })).toBe(expected);
  });
});

describe('checkinReplaces', () => {
  it.each<[AttendanceMark | null, boolean]>([
    [null, true],
    ['absent', true],
    ['excused', true],
    ['present', false],
    ['late', false],
  ])('%p → %p', (existing, replaces) => {
    expect(checkinReplaces(existing)).toBe(replaces);
  });
});
