import { changeConcernsAttendees, isUpcoming, parkLocalToUtc, sessionProblems, utcToParkLocal } from './session.rules.js';

const Z = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('park-local times', () => {
  it.each([
    ['2026-03-05T09:30', '2026-03-05T01:30:00.000Z'],
    ['2026-01-01T00:00', '2025-12-31T16:00:00.000Z'],
    ['2026-13-01T00:00', null],
    ['2026-03-05 09:30', null],
    ['', null],
  ])('%s in the park is %s UTC', (local, utc) => {
    expect(parkLocalToUtc(local, Z)?.toISOString() ?? null).toBe(utc);
  });

  it('shows an instant as the park-local input value', () => {
    expect(utcToParkLocal(at('2026-03-05T01:30:00Z'), Z)).toBe('2026-03-05T09:30');
  });
});

describe('sessionProblems', () => {
  const s = at('2026-03-05T01:00:00Z');
  const e = at('2026-03-05T03:00:00Z');
  it.each([
    ['sound', { startsAt: s, endsAt: e, capacity: 30 }, {}],
    ['no limit', { startsAt: s, endsAt: e, capacity: null }, {}],
    ['end before start', { startsAt: e, endsAt: s }, { endsAt: [{ code: 'endBeforeStart' }] }],
    ['end at start', { startsAt: s, endsAt: s }, { endsAt: [{ code: 'endBeforeStart' }] }],
    ['capacity below zero', { startsAt: s, endsAt: e, capacity: -1 }, { capacity: [{ code: 'min', params: { limit: 1 } }] }],
    ['capacity zero', { startsAt: s, endsAt: e, capacity: 0 }, { capacity: [{ code: 'min', params: { limit: 1 } }] }],
    ['capacity one', { startsAt: s, endsAt: e, capacity: 1 }, {}],
    ['no times', { startsAt: null, endsAt: null }, { startsAt: [{ code: 'dateTime' }], endsAt: [{ code: 'dateTime' }] }],
  ])('%s', (_name, input, expected) => {
    expect(sessionProblems(input)).toEqual(expected);
  });
});

describe('isUpcoming', () => {
  const now = at('2026-03-05T00:00:00Z');
  it.each([
    ['scheduled, later', 'scheduled', '2026-03-05T00:00:01Z', true],
    ['scheduled, started', 'scheduled', '2026-03-05T00:00:00Z', false],
    ['cancelled, later', 'cancelled', '2026-03-06T00:00:00Z', false],
  ] as const)('%s', (_n, status, startsAt, expected) => {
    expect(isUpcoming({ status, startsAt: at(startsAt) }, now)).toBe(expected);
  });
});

describe('changeConcernsAttendees', () => {
  const base = { title: 'T', startsAt: at('2026-03-05T01:00:00Z'), endsAt: at('2026-03-05T02:00:00Z'), location: 'A' };
  it.each([
    ['nothing', {}, false],
    ['start', { startsAt: at('2026-03-05T01:30:00Z') }, true],
    ['end', { endsAt: at('2026-03-05T03:00:00Z') }, true],
    ['place', { location: 'B' }, true],
    ['title', { title: 'U' }, true],
  ])('%s', (_n, change, expected) => {
    expect(changeConcernsAttendees(base, { ...base, ...change })).toBe(expected);
  });
});
