import type { DataSource } from 'typeorm';

/** Runs one SQL statement with its parameters and resolves with the driver's raw result (rows for a SELECT). */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

/** The part of a mysql2 pool used here. */
interface Mysql2Pool {
  query(sql: string, values: unknown[], callback: (err: Error | null, result: unknown) => void): unknown;
}

/**
 * Hot statements (who is asking on every request, the joint check's standing read and log INSERT) on MySQL/MariaDB go straight to the driver's own pool (mysql2, the connections and
 * options TypeORM opened: time zone, charset, date strings), past TypeORM's query runner (a runner per statement, the
 * pool hand-over, the query events), which cost about as much as the statement's own packet handling. Same SQL, same
 * parameters, same raw result; a failure rejects with the driver's error (its `code`, as TypeORM's `driverError` has
 * it). With query logging or a slow-query threshold configured, and on other databases (SQLite serialises its
 * statements in TypeORM's runner), statements go through DataSource.query as before.
 */
export function driverQuery(dataSource: DataSource): RunSql {
  const viaTypeorm: RunSql = (sql, params) => dataSource.query(sql, params);
  const { type, logging, maxQueryExecutionTime } = dataSource.options as { type: string; logging?: unknown; maxQueryExecutionTime?: number };
  if ((type !== 'mysql' && type !== 'mariadb') || logging || maxQueryExecutionTime) return viaTypeorm;
  return (sql, params) => {
    // The pool exists once the DataSource is initialised (and is replaced if it reconnects): read it per statement.
    const pool = (dataSource.driver as unknown as { pool?: Mysql2Pool }).pool;
    if (!pool) return viaTypeorm(sql, params);
    return new Promise((resolve, reject) => {
      pool.query(sql, params, (err, result) => (err ? reject(err) : resolve(result)));
    });
  };
}
