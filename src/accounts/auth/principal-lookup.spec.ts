import { rawUtcDate } from './principal-lookup.js';

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
