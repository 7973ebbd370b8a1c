import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * SQLite through better-sqlite3 is ONE connection shared by everything in the process. Two
 * transactions at once (a request and an in-process job) would interleave on it ("cannot start a
 * transaction within a transaction"), and a plain query issued while someone else's transaction is
 * open would silently become part of it. This makes the connection serial: a transaction holds it
 * until it ends, and queries from outside that transaction wait their turn. better-sqlite3 runs
 * every statement synchronously anyway, so nothing is lost in throughput.
 */
export function serializeSqlite(dataSource: DataSource): void {
  const inside = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };

  const manager = dataSource.manager as EntityManager & { __serial?: true };
  if (manager.__serial) return;
  manager.__serial = true;

  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (...args: unknown[]) =>
    inside.getStore() ? transaction(...args) : exclusive(() => inside.run(true, () => transaction(...args)));

  const runner = dataSource.driver.createQueryRunner('master') as QueryRunner;
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) =>
    inside.getStore() ? query(...args) : exclusive(() => query(...args));
}
