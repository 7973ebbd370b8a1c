import { parseAsOf } from './as-of.rules.js';

const TODAY = '2026-11-29';

describe('parseAsOf', () => {
  it.each<[unknown, string]>([
    [undefined, TODAY], ['', TODAY], [null, TODAY],
    ['2026-11-29', '2026-11-29'], ['2024-02-29', '2024-02-29'], ['2000-01-01', '2000-01-01'],
  ])('%p → %p', (raw, asOf) => expect(parseAsOf(raw, TODAY)).toEqual({ ok: true, asOf }));

  it.each<[unknown, string, Record<string, string> | undefined]>([
    ['2026-11-30', 'notFuture', { limit: TODAY }],
    ['2099-01-01', 'notFuture', { limit: TODAY }],
    ['1999-12-31', 'notBefore', { limit: '2000-01-01' }],
    ['2025-02-29', 'date', undefined],
    ['2026-13-01', 'date', undefined],
    ['2026-04-31', 'date', undefined],
    ['2026-4-1', 'date', undefined],
    ['yesterday', 'date', undefined],
    ['2026-11-29T00:00:00Z', 'date', undefined],
    [['2026-11-01'], 'date', undefined],
    [20261101, 'date', undefined],
  ])('%p is refused: %s', (raw, code, params) => {
    expect(parseAsOf(raw, TODAY)).toEqual({ ok: false, problem: params ? { code, params } : { code } });
  });
});
