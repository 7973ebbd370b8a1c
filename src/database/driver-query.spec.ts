import type { DataSource } from 'typeorm';
import { driverQuery } from './driver-query.js';

/** A DataSource stand-in: its options, a mysql2-like pool that records statements, and DataSource.query. */
function fake(options: Record<string, unknown>, pool: 'ok' | 'fails' | 'none' = 'ok') {
  const viaPool: unknown[][] = [];
  const viaTypeorm: unknown[][] = [];
  const driverError = Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
  const ds = {
    options,
    driver: pool === 'none' ? {} : {
      pool: { query: (sql: string, values: unknown[], cb: (err: Error | null, result: unknown) => void) => { viaPool.push([sql, values]); setImmediate(() => (pool === 'fails' ? cb(driverError, undefined) : cb(null, [{ n: 1 }]))); } },
    },
    query: async (sql: string, params: unknown[]) => { viaTypeorm.push([sql, params]); return [{ n: 2 }]; },
  } as unknown as DataSource;
  return { ds, viaPool, viaTypeorm, driverError };
}

describe('driverQuery (hot statements on the driver\'s pool)', () => {
  it.each(['mysql', 'mariadb'])('on %s, runs the statement on the pool with its parameters and answers the raw rows', async (type) => {
    const f = fake({ type });
    expect(await driverQuery(f.ds)('SELECT ? AS n', [1])).toEqual([{ n: 1 }]);
    expect(f.viaPool).toEqual([['SELECT ? AS n', [1]]]);
    expect(f.viaTypeorm).toEqual([]);
  });

  it('rejects with the driver\'s own error (its code, as TypeORM\'s driverError carries it)', async () => {
    const f = fake({ type: 'mariadb' }, 'fails');
    await expect(driverQuery(f.ds)('INSERT …', [])).rejects.toBe(f.driverError);
  });

  it.each([
    ['SQLite', { type: 'better-sqlite3' }, 'ok'],
    ['query logging on', { type: 'mariadb', logging: true }, 'ok'],
    ['a slow-query threshold', { type: 'mysql', maxQueryExecutionTime: 500 }, 'ok'],
    ['no pool (not connected)', { type: 'mysql' }, 'none'],
  ] as const)('goes through DataSource.query with %s', async (_what, options, pool) => {
    const f = fake(options, pool);
    expect(await driverQuery(f.ds)('SELECT 2 AS n', [])).toEqual([{ n: 2 }]);
    expect(f.viaPool).toEqual([]);
    expect(f.viaTypeorm).toEqual([['SELECT 2 AS n', []]]);
  });
});
