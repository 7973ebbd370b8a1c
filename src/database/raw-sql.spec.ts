import { datetimeParam } from './raw-sql.js';

describe('datetimeParam', () => {
  it.each([
    [new Date('2026-11-28T02:30:05.123Z'), '2026-11-28 02:30:05.123'],
    [new Date('2026-01-01T00:00:00Z'), '2026-01-01 00:00:00.000'],
    [new Date('2026-02-28T23:59:59.999Z'), '2026-02-28 23:59:59.999'],
    [null, null],
  ])('%s → %s (UTC, the text TypeORM writes for SQLite)', (input, expected) => {
    expect(datetimeParam(input)).toBe(expected);
  });
});
