/*
 * Migrated template databases, so a test application does not run every migration on its fresh
 * database (on MariaDB that was 3–6 s of DDL per test file, on SQLite ~0.3 s per app).
 *
 * The first test app of a jest run that wants a database builds the template with the real migrations
 * (the same runMigrations the application runs at start) and later ones copy it:
 *  - SQLite: a migrated database file, copied per app (a file copy is the same bytes), opened from a
 *    memory-backed folder (/dev/shm when there is one) so commits cost what they cost in memory;
 *  - MariaDB/MySQL: a template database `pt_tpl_<run>`; a clone is a new database with the template's
 *    own CREATE TABLE statements (SHOW CREATE TABLE: the same columns, indexes, foreign keys, names and
 *    AUTO_INCREMENT) and its rows (reference data, the `migrations` table), in one batch.
 * The application still starts with DB_MIGRATE_ON_START, so it finds every migration applied.
 *
 * Needs the run folder that test/support/global-setup.js creates (PARKTRUST_TEST_TEMPLATES); without it,
 * or for a schema with views, triggers or routines (not cloned here), templateDatabase() returns null
 * and the caller migrates a fresh database as before.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/migrate.js';

/** A copy of the migrated template: where it is (DB_TYPE/DATABASE_URL) and how to drop it. */
export interface TemplateCopy {
  env: { DB_TYPE: string; DATABASE_URL: string };
  drop: () => Promise<void>;
}

interface MysqlTemplate {
  server: string;
  name: string;
  /** false: the schema has objects a clone does not copy; migrate each database instead. */
  cloneable: boolean;
  /** CREATE TABLE statements, then INSERT … SELECT for the tables that have rows. */
  statements: string[];
}

const runDir = () => {
  const dir = process.env.PARKTRUST_TEST_TEMPLATES;
  return dir && existsSync(dir) ? dir : null;
};
const unique = () => `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** A fresh, migrated database for one test app, copied from the run's template; null when there is no template to copy. */
export async function templateDatabase(db: 'sqlite' | 'mysql', mysql: { url: string; type: string }): Promise<TemplateCopy | null> {
  const dir = runDir();
  if (!dir) return null;
  return db === 'sqlite' ? sqliteCopy(dir) : mysqlClone(dir, mysql);
}

// ---- SQLite ---------------------------------------------------------------------------------------

/** Memory-backed when possible: SQLite syncs the file on commit, which a disk makes slow. */
function scratchFolder(): string {
  for (const base of ['/dev/shm', tmpdir()]) {
    try {
      return mkdtempSync(join(base, 'parktrust-db-'));
    } catch {
      // not writable here: try the next
    }
  }
  throw new Error('no writable folder for a test database');
}

async function sqliteTemplate(dir: string): Promise<string> {
  const file = join(dir, 'sqlite-template.sqlite');
  if (existsSync(file)) return file;
  // Built under a name of its own, then renamed into place: a worker copying it never sees half a file,
  // and two workers building at once both publish a complete template.
  const building = join(dir, `sqlite-${process.pid}-${unique()}.sqlite`);
  const ds = await new DataSource(buildDataSourceOptions(loadConfig({ NODE_ENV: 'test', DB_TYPE: 'sqlite', DATABASE_URL: building, DEMO_SEED: 'false' }))).initialize();
  try {
    await runMigrations(ds);
    // One self-contained file (no -wal beside it); the app turns WAL back on when it opens its copy.
    await ds.query('PRAGMA journal_mode = DELETE');
  } finally {
    await ds.destroy();
  }
  renameSync(building, file);
  return file;
}

async function sqliteCopy(dir: string): Promise<TemplateCopy> {
  const template = await sqliteTemplate(dir);
  const folder = scratchFolder();
  const file = join(folder, 'test.sqlite');
  copyFileSync(template, file);
  return {
    env: { DB_TYPE: 'sqlite', DATABASE_URL: file },
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

// ---- MariaDB / MySQL ------------------------------------------------------------------------------

async function rows<T>(conn: Connection, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await conn.query(sql, params);
  return result as T[];
}

/** Migrates the run's template database once (the first worker to get the lock does it) and records how to clone it. */
async function mysqlTemplate(dir: string, server: string, type: string): Promise<MysqlTemplate> {
  const file = join(dir, 'mysql.json');
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as MysqlTemplate;
  if (existsSync(file)) return read();
  const lock = `parktrust_tpl_${process.env.PARKTRUST_TEST_RUN ?? dir}`.slice(0, 64);
  const conn = await createConnection(server);
  try {
    const [got] = await rows<{ ok: number | null }>(conn, 'SELECT GET_LOCK(?, 600) AS ok', [lock]);
    if (got?.ok !== 1) throw new Error(`could not get the template lock ${lock}`);
    if (existsSync(file)) return read();
    const name = `pt_tpl_${process.env.PARKTRUST_TEST_RUN ?? unique()}`;
    // Recorded before it exists, so global-teardown drops it even if the migrations fail half-way.
    writeFileSync(join(dir, 'mysql-db.json'), JSON.stringify({ server, name }));
    await conn.query(`DROP DATABASE IF EXISTS ${q(name)}`);
    await conn.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    const ds = await new DataSource(buildDataSourceOptions(loadConfig({ NODE_ENV: 'test', DB_TYPE: type, DATABASE_URL: url.toString(), DEMO_SEED: 'false' }))).initialize();
    try {
      await runMigrations(ds);
    } finally {
      await ds.destroy();
    }
    const template = { server, name, ...(await cloneStatements(conn, name)) };
    writeFileSync(`${file}.tmp`, JSON.stringify(template));
    renameSync(`${file}.tmp`, file);
    return template;
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
    await conn.end();
  }
}

async function cloneStatements(conn: Connection, schema: string): Promise<{ cloneable: boolean; statements: string[] }> {
  const others = await rows<{ n: number }>(conn, `
    SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'BASE TABLE')
         + (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?)
         + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?)
         + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?) AS n`, [schema, schema, schema, schema]);
  if (Number(others[0].n) > 0) return { cloneable: false, statements: [] };
  const tables = (await rows<{ name: string }>(conn,
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", [schema])).map((r) => r.name);
  const columns = await rows<{ tbl: string; col: string }>(conn,
    "SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND IS_GENERATED = 'NEVER' ORDER BY TABLE_NAME, ORDINAL_POSITION", [schema]);
  const creates: string[] = [];
  const inserts: string[] = [];
  for (const table of tables) {
    const [shown] = await rows<Record<string, string>>(conn, `SHOW CREATE TABLE ${q(schema)}.${q(table)}`);
    creates.push(shown['Create Table']);
    const [any] = await rows<{ one: number }>(conn, `SELECT 1 AS one FROM ${q(schema)}.${q(table)} LIMIT 1`);
    if (any) {
      const cols = columns.filter((c) => c.tbl === table).map((c) => q(c.col)).join(', ');
      inserts.push(`INSERT INTO ${q(table)} (${cols}) SELECT ${cols} FROM ${q(schema)}.${q(table)}`);
    }
  }
  return { cloneable: true, statements: [...creates, ...inserts] };
}

async function mysqlClone(dir: string, mysql: { url: string; type: string }): Promise<TemplateCopy | null> {
  const template = await mysqlTemplate(dir, mysql.url, mysql.type);
  if (!template.cloneable) return null;
  const name = `pt_${unique()}`;
  const conn = await createConnection({ uri: mysql.url, multipleStatements: true });
  const drop = async () => {
    const c = await createConnection(mysql.url);
    await c.query(`DROP DATABASE IF EXISTS ${q(name)}`);
    await c.end();
  };
  try {
    await conn.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    try {
      await conn.query([`USE ${q(name)}`, 'SET FOREIGN_KEY_CHECKS = 0', ...template.statements, 'SET FOREIGN_KEY_CHECKS = 1'].join(';\n'));
    } catch (err) {
      await drop();
      throw err;
    }
  } finally {
    await conn.end();
  }
  const url = new URL(mysql.url);
  url.pathname = `/${name}`;
  return { env: { DB_TYPE: mysql.type, DATABASE_URL: url.toString() }, drop };
}
