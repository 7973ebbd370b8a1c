import type { DataSource, FindOneOptions } from 'typeorm';

/**
 * A Date as a parameter of a raw statement, for a `datetime` column on either driver: UTC text
 * 'YYYY-MM-DD HH:MM:SS.mmm', which is what TypeORM writes for SQLite and what mysql2 sends for a
 * Date with timezone 'Z'. better-sqlite3 cannot bind a Date at all.
 */
export function datetimeParam(d: Date | null): string | null {
  return d ? d.toISOString().replace('T', ' ').slice(0, 23) : null;
}

/**
 * A `date` column's midnight in a zone `offsetMinutes` east of UTC, as a UTC datetime expression
 * comparable with `datetime` columns on either driver (a park day's start, for a fixed-offset zone).
 */
export function zoneMidnightSql(dataSource: DataSource, dateColumn: string, offsetMinutes: number): string {
  const minutes = Math.trunc(-offsetMinutes);
  return dataSource.options.type === 'better-sqlite3'
    ? `datetime(${dateColumn}, '${minutes >= 0 ? '+' : ''}${minutes} minutes')`
    : `TIMESTAMPADD(MINUTE, ${minutes}, ${dateColumn})`;
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

/**
 * What follows `INSERT … VALUES (…)` so that an existing `key` is updated instead: then the assignments, whose bare
 * column names read the existing row. Write each assignment so it does not read a column assigned before it
 * (MySQL applies them in order, SQLite all from the old row).
 */
export function onConflictUpdate(dataSource: DataSource, key: string): string {
  return dataSource.options.type === 'better-sqlite3' ? `ON CONFLICT(${key}) DO UPDATE SET` : 'ON DUPLICATE KEY UPDATE';
}

/** A `date` column as YYYY-MM-DD, whichever form the driver hands back in a raw row. */
export function dateText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** A `datetime` column from a raw row: a Date (mysql2) or UTC text (SQLite). */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/**
 * The lock a read-then-write inside a transaction takes on its row: SELECT … FOR UPDATE on
 * MySQL/MariaDB; none on SQLite, whose single serialised connection already excludes other writers.
 */
export function writeLock(dataSource: DataSource): FindOneOptions['lock'] {
  return dataSource.options.type === 'better-sqlite3' ? undefined : { mode: 'pessimistic_write' };
}

/** A value as the driver stores it in an entity's column, for raw INSERT … SELECT statements. */
export function persistedValue(dataSource: DataSource, entity: Function, property: string, value: unknown): unknown {
  const column = dataSource.getMetadata(entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`${dataSource.getMetadata(entity).tableName}.${property} is not mapped`);
  return dataSource.driver.preparePersistentValue(value, column);
}
