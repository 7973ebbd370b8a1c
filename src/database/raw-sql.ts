import type { DataSource } from 'typeorm';

/**
 * A Date as a parameter of a raw statement, for a `datetime` column on either driver: UTC text
 * 'YYYY-MM-DD HH:MM:SS.mmm', which is what TypeORM writes for SQLite and what mysql2 sends for a
 * Date with timezone 'Z'. better-sqlite3 cannot bind a Date at all.
 */
export function datetimeParam(d: Date | null): string | null {
  return d ? d.toISOString().replace('T', ' ').slice(0, 23) : null;
}

/** Runs a raw INSERT/UPDATE/DELETE and returns the number of rows it changed, on either driver. */
export async function execute(dataSource: DataSource, sql: string, params: unknown[]): Promise<number> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return Number(result.affected ?? 0);
  } finally {
    await runner.release();
  }
}
