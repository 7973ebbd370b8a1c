import type { QueryRunner } from 'typeorm';

/** Inserts seed rows (objects with the same keys) into a table, quoting names for the migration's dialect. */
export async function insertRows(queryRunner: QueryRunner, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const q = queryRunner.connection.options.type === 'better-sqlite3' ? '"' : '`';
  const keys = Object.keys(rows[0]);
  const cols = keys.map((k) => `${q}${k}${q}`).join(', ');
  for (const row of rows) {
    await queryRunner.query(`INSERT INTO ${q}${table}${q} (${cols}) VALUES (${keys.map(() => '?').join(', ')})`,
      keys.map((k) => { const v = row[k]; return typeof v === 'boolean' ? (v ? 1 : 0) : v; }));
  }
}

/** Now as the migration stores datetimes (UTC, second precision). */
export function seedNow(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}
