import type { Principal } from '../../common/principal.js';
import { rawUtcDate, rememberSessionPrincipal, takeSessionPrincipal } from './principal-lookup.js';

describe('rawUtcDate (a DATETIME as the drivers return it raw)', () => {
  it.each([
    ['SQLite text is UTC', '2026-11-28 02:30:00', '2026-11-28T02:30:00.000Z'],
    ['SQLite text with milliseconds', '2026-11-28 02:30:00.123', '2026-11-28T02:30:00.123Z'],
    ['ISO text with Z', '2026-11-28T02:30:00Z', '2026-11-28T02:30:00.000Z'],
    ['ISO text with an offset', '2026-11-28T10:30:00+08:00', '2026-11-28T02:30:00.000Z'],
  ])('%s', (_name, raw, iso) => {
    expect(rawUtcDate(raw)?.toISOString()).toBe(iso);
  });

  it('passes a Date from mysql2 through and maps null and garbage to null', () => {
    const d = new Date('2026-01-31T16:00:00Z');
    expect(rawUtcDate(d)).toBe(d);
    expect(rawUtcDate(null)).toBeNull();
    expect(rawUtcDate('not a date')).toBeNull();
  });
});

describe('the session read handed to the auth guard', () => {
  const found = { principal: { userId: 7 } as Principal, unread: 3 };

  it('is taken once, for the user the session names', () => {
    const req = {};
    rememberSessionPrincipal(req, 7, found);
    expect(takeSessionPrincipal(req, 7)).toBe(found);
    expect(takeSessionPrincipal(req, 7)).toBeUndefined();
  });

  it('is not used for another user id, nor on another request', () => {
    const req = {};
    rememberSessionPrincipal(req, 7, found);
    expect(takeSessionPrincipal({}, 7)).toBeUndefined();
    expect(takeSessionPrincipal(req, 8)).toBeUndefined();
  });

  it('carries "no such active user" as null, which is not the same as "not looked up"', () => {
    const req = {};
    rememberSessionPrincipal(req, 7, null);
    expect(takeSessionPrincipal(req, 7)).toBeNull();
  });
});
