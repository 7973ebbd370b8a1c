import { cancellationRefusal, moveUps, placeFor, registrationRefusal, seatsGrew, waitlistPosition, type RegistrationStatus, type SeatRow } from './registration.rules.js';

const t = (minute: number) => new Date(Date.UTC(2026, 5, 1, 8, minute));
const row = (id: number, tenantId: number, status: RegistrationStatus, minute: number): SeatRow => ({ id, tenantId, status, createdAt: t(minute) });

describe('placeFor', () => {
  it.each<[number | null, number, string]>([
    [null, 0, 'registered'],
    [null, 10_000, 'registered'],
    [1, 0, 'registered'],
    [2, 1, 'registered'],
    [2, 2, 'waitlisted'],
    [2, 3, 'waitlisted'], // capacity lowered below the seats taken
  ])('capacity %p with %i registered → %s', (capacity, registered, expected) => {
    expect(placeFor(capacity, registered)).toBe(expected);
  });
});

describe('moveUps', () => {
  const rows = [
    row(1, 101, 'registered', 0),
    row(2, 102, 'cancelled', 1),
    row(5, 105, 'waitlisted', 3),
    row(4, 104, 'waitlisted', 3), // same instant: the lower id first
    row(3, 103, 'waitlisted', 2),
  ];

  it.each<[string, number | null, SeatRow[], number[]]>([
    ['one seat free → the first waiting', 2, rows, [3]],
    ['two seats free → the first two, createdAt then id', 3, rows, [3, 4]],
    ['more seats than waiting → all of them in order', 10, rows, [3, 4, 5]],
    ['no limit → everyone waiting', null, rows, [3, 4, 5]],
    ['full → nobody', 1, rows, []],
    ['over-full (capacity lowered) → nobody', 0, rows, []],
    ['nobody waiting', 5, [row(1, 101, 'registered', 0)], []],
    ['empty', 1, [], []],
  ])('%s', (_label, capacity, input, ids) => {
    expect(moveUps(capacity, input).map((r) => r.id)).toEqual(ids);
  });
});

describe('seatsGrew', () => {
  it.each<[number | null, number | null, boolean]>([
    [10, 12, true],
    [10, 10, false],
    [10, 8, false],
    [10, null, true],
    [null, null, false],
    [null, 50, false],
  ])('%p → %p: %p', (before, after, expected) => {
    expect(seatsGrew(before, after)).toBe(expected);
  });
});

describe('waitlistPosition', () => {
  const rows = [row(1, 101, 'registered', 0), row(4, 104, 'waitlisted', 3), row(3, 103, 'waitlisted', 3), row(9, 109, 'cancelled', 1)];
  it.each<[number, number | null]>([
    [103, 1],
    [104, 2],
    [101, null],
    [109, null],
    [999, null],
  ])('tenant %i → %p', (tenantId, position) => {
    expect(waitlistPosition(rows, tenantId)).toBe(position);
  });
});

describe('registrationRefusal', () => {
  const base = { now: t(0), startsAt: t(30), sessionStatus: 'scheduled', optional: false, invited: true, current: null as RegistrationStatus | null, tenantActive: undefined as boolean | undefined };
  it.each<[string, Partial<typeof base>, string | null]>([
    ['an invited tenant before the start', {}, null],
    ['any tenant of an optional session', { optional: true, invited: false }, null],
    ['a required session it is not invited to', { invited: false }, 'notInvited'],
    ['a cancelled session', { sessionStatus: 'cancelled' }, 'sessionCancelled'],
    ['at the start', { now: t(30) }, 'sessionStarted'],
    ['after the start', { now: t(31) }, 'sessionStarted'],
    ['already registered', { current: 'registered' }, 'alreadyRegistered'],
    ['already waiting', { current: 'waitlisted' }, 'alreadyRegistered'],
    ['cancelled before: may register again', { current: 'cancelled' }, null],
    ['a suspended or moved-out tenant', { optional: true, tenantActive: false }, 'tenantInactive'],
    ['an active tenant', { tenantActive: true }, null],
  ])('%s', (_label, change, expected) => {
    expect(registrationRefusal({ ...base, ...change })).toBe(expected);
  });
});

describe('cancellationRefusal', () => {
  it.each<[RegistrationStatus | null, number, string | null]>([
    ['registered', 0, null],
    ['waitlisted', 29, null],
    ['registered', 30, 'sessionStarted'],
    ['cancelled', 0, 'notRegistered'],
    [null, 0, 'notRegistered'],
  ])('%p at minute %i → %p', (current, minute, expected) => {
    expect(cancellationRefusal({ now: t(minute), startsAt: t(30), current })).toBe(expected);
  });
});
