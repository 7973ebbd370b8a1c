import { attendanceRate, beforeMoveIn, endedIn, ratePercent, rateWindow, type RequiredSession } from './attendance-rate.rules.js';

const TZ = 'Asia/Shanghai';
/** A UTC instant from a Shanghai wall-clock time (UTC+8, no DST). */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('rateWindow', () => {
  it.each([
    ['2026-05-15', 12, '2025-05-16T00:00:00', '2026-05-16T00:00:00'],
    ['2024-02-29', 12, '2023-03-01T00:00:00', '2024-03-01T00:00:00'], // 2023-02-28 clamps, the window opens after it
    ['2026-03-31', 1, '2026-03-01T00:00:00', '2026-04-01T00:00:00'],
    ['2026-12-31', 12, '2026-01-01T00:00:00', '2027-01-01T00:00:00'],
  ])('as of %s over %i months: (%s, %s] park time', (asOf, months, from, to) => {
    const w = rateWindow(asOf, months, TZ);
    expect(w.from.toISOString()).toBe(sh(from).toISOString());
    expect(w.to.toISOString()).toBe(sh(to).toISOString());
  });

  it('stops at now when now is earlier than the end of the as-of day', () => {
    const now = sh('2026-05-15T10:00:00');
    expect(rateWindow('2026-05-15', 12, TZ, now).to).toEqual(now);
    expect(rateWindow('2026-05-14', 12, TZ, now).to).toEqual(sh('2026-05-15T00:00:00'));
  });

  it('refuses a date that is not one', () => {
    expect(() => rateWindow('2026-02-30', 12, TZ)).toThrow('not a date');
  });
});

describe('endedIn: a session ending exactly at the edges', () => {
  const w = rateWindow('2026-05-15', 12, TZ);
  it.each([
    ['at the window start (midnight closing 2025-05-15, park time)', sh('2025-05-16T00:00:00'), false],
    ['one second after the window start', sh('2025-05-16T00:00:01'), true],
    ['at 23:59:59 on the as-of day', sh('2026-05-15T23:59:59'), true],
    ['at the end of the as-of day (midnight) exactly', sh('2026-05-16T00:00:00'), true],
    ['one second after the end of the as-of day', sh('2026-05-16T00:00:01'), false],
    ['at 07:59 UTC on the day after as-of, which is 15:59 park time', new Date('2026-05-16T07:59:00Z'), false],
    ['at 20:00 UTC on as-of minus one day, which is 04:00 on the as-of day in park time', new Date('2026-05-14T20:00:00Z'), true],
  ])('ending %s → %s', (_name, endsAt, expected) => {
    expect(endedIn(endsAt, w)).toBe(expected);
  });
});

describe('beforeMoveIn (park days)', () => {
  it.each([
    ['no move-in date', sh('2026-01-05T09:00:00'), null, false],
    ['the day before the move-in', sh('2026-01-04T09:00:00'), '2026-01-05', true],
    ['on the move-in day', sh('2026-01-05T09:00:00'), '2026-01-05', false],
    ['00:30 park time on the move-in day (still the day before in UTC)', sh('2026-01-05T00:30:00'), '2026-01-05', false],
    ['23:30 park time the day before (the move-in day in no zone that matters)', sh('2026-01-04T23:30:00'), '2026-01-05', true],
  ])('%s', (_name, startsAt, movedInAt, expected) => {
    expect(beforeMoveIn(startsAt, movedInAt, TZ)).toBe(expected);
  });
});

describe('attendanceRate', () => {
  const w = rateWindow('2026-06-30', 12, TZ);
  let nextId = 1;
  const s = (day: string, mark: RequiredSession['mark'], extra: Partial<RequiredSession> = {}): RequiredSession => ({
    sessionId: nextId++, startsAt: sh(`${day}T09:00:00`), endsAt: sh(`${day}T11:00:00`), mark, ...extra,
  });

  it.each<[string, RequiredSession[], string | null, { rate: number | null; attended: number; required: number; excused?: number; absent?: number; unmarked?: number; beforeMoveIn?: number }]>([
    ['no required session → no rate (not 100 %)', [], null, { rate: null, attended: 0, required: 0 }],
    ['all present', [s('2026-01-10', 'present'), s('2026-02-10', 'present')], null, { rate: 1, attended: 2, required: 2 }],
    ['late counts as attended', [s('2026-01-10', 'late'), s('2026-02-10', 'absent')], null, { rate: 0.5, attended: 1, required: 2, absent: 1 }],
    ['an excused mark leaves the session out', [s('2026-01-10', 'present'), s('2026-02-10', 'excused')], null, { rate: 1, attended: 1, required: 1, excused: 1 }],
    ['an approved excuse leaves it out even when marked absent', [s('2026-01-10', 'present'), s('2026-02-10', 'absent', { excuseApproved: true })], null, { rate: 1, attended: 1, required: 1, excused: 1 }],
    ['excused from every session → no rate', [s('2026-01-10', 'excused'), s('2026-02-10', null, { excuseApproved: true })], null, { rate: null, attended: 0, required: 0, excused: 2 }],
    ['an unmarked ended session counts as not attended', [s('2026-01-10', 'present'), s('2026-02-10', null)], null, { rate: 0.5, attended: 1, required: 2, unmarked: 1 }],
    ['sessions before the move-in are left out', [s('2026-01-10', 'absent'), s('2026-03-10', 'present')], '2026-02-01', { rate: 1, attended: 1, required: 1, beforeMoveIn: 1 }],
    ['a session on the move-in day counts', [s('2026-02-01', 'absent'), s('2026-03-10', 'present')], '2026-02-01', { rate: 0.5, attended: 1, required: 2, absent: 1 }],
    ['moved in after every session → no rate', [s('2026-01-10', 'absent')], '2026-06-01', { rate: null, attended: 0, required: 0, beforeMoveIn: 1 }],
    ['sessions outside the window are left out', [s('2025-06-30', 'absent'), s('2025-07-01', 'present'), s('2026-07-01', 'absent')], null, { rate: 1, attended: 1, required: 1 }],
    ['a cancelled session is never required', [s('2026-01-10', 'present'), s('2026-02-10', null, { cancelled: true })], null, { rate: 1, attended: 1, required: 1 }],
    ['two of three', [s('2026-01-10', 'present'), s('2026-02-10', 'late'), s('2026-03-10', 'absent')], null, { rate: 2 / 3, attended: 2, required: 3, absent: 1 }],
    ['the same session twice counts once', (() => { const a = s('2026-01-10', 'present'); return [a, { ...a }]; })(), null, { rate: 1, attended: 1, required: 1 }],
  ])('%s', (_name, sessions, movedInAt, expected) => {
    const r = attendanceRate(sessions, w, movedInAt, TZ);
    expect(r).toMatchObject({ excused: 0, absent: 0, unmarked: 0, beforeMoveIn: 0, ...expected });
    expect(r.counted).toHaveLength(r.required);
  });

  it('an empty window (now at the very start) counts nothing', () => {
    const start = sh('2025-07-01T00:00:00');
    const empty = { from: start, to: start };
    expect(attendanceRate([s('2026-01-10', 'present')], empty, null, TZ)).toMatchObject({ rate: null, required: 0 });
  });

  it('a session still running at now has not ended', () => {
    const now = sh('2026-06-30T10:00:00');
    const r = attendanceRate([s('2026-06-30', null), s('2026-06-01', 'present')], rateWindow('2026-06-30', 12, TZ, now), null, TZ);
    expect(r).toMatchObject({ rate: 1, required: 1 });
  });
});

describe('ratePercent', () => {
  it.each([[null, null], [1, 100], [2 / 3, 66.7], [0.9, 90], [0, 0]])('%p → %p', (rate, pct) => {
    expect(ratePercent(rate)).toBe(pct);
  });
});
