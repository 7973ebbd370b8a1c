import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource, MigrationInterface } from 'typeorm';
import { mysqlMigrations } from '../../migrations/mysql/index.js';
import { sqliteMigrations } from '../../migrations/sqlite/index.js';
import { ApiTokensService } from '../../src/accounts/api-tokens.service.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { PROJECT_ROOT } from '../../src/common/project-root.js';
import { runMigrations } from '../../src/database/migrate.js';
import { pendingSchemaSql } from '../../src/database/migration-generator.js';
import { createTenant, createTestContext, createUser, TEST_ACTOR, testDb, type TestContext } from '../support/test-context.js';

type MigrationClass = new () => MigrationInterface;

const stamp = /^(.*?)(\d{13})$/;
const split = (name: string) => {
  const m = stamp.exec(name);
  if (!m) throw new Error(`migration ${name} does not end in a 13-digit timestamp`);
  return { base: m[1], time: Number(m[2]) };
};
const instanceName = (cls: MigrationClass) => new cls().name as string;
const files = (dialect: 'mysql' | 'sqlite') =>
  readdirSync(join(PROJECT_ROOT, 'migrations', dialect)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();

describe('migration lists', () => {
  it('have the same changes, by name, in the same order on both dialects', () => {
    expect(mysqlMigrations.length).toBeGreaterThanOrEqual(2);
    expect(mysqlMigrations.map((m) => split(instanceName(m)).base)).toEqual(sqliteMigrations.map((m) => split(instanceName(m)).base));
  });

  it('give each change the same full name (timestamp included) on both dialects', () => {
    expect(mysqlMigrations.map(instanceName)).toEqual(sqliteMigrations.map(instanceName));
  });

  it.each([['mysql', mysqlMigrations], ['sqlite', sqliteMigrations]] as const)('%s: each class is named as it records itself, in time order, once', (_dialect, list) => {
    for (const cls of list) expect(instanceName(cls)).toBe(cls.name);
    const times = list.map((m) => split(instanceName(m)).time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
  });

  it('have the same files in both folders', () => {
    expect(files('mysql')).toEqual(files('sqlite'));
  });

  it.each([['mysql', mysqlMigrations], ['sqlite', sqliteMigrations]] as const)('%s: every file is in the list, in file-name order', (dialect, list) => {
    // File `<time>-<Name>.ts` holds class `<Name><time>`.
    const fromFiles = files(dialect).map((f) => {
      const m = /^(\d{13})-(\w+)\.ts$/.exec(f);
      if (!m) throw new Error(`migrations/${dialect}/${f} is not named <13-digit time>-<Name>.ts`);
      return `${m[2]}${m[1]}`;
    });
    expect(list.map(instanceName)).toEqual(fromFiles);
  });
});

/** The application's tables (not TypeORM's `migrations`, not SQLite's own). */
async function tablesOf(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] = testDb === 'sqlite'
    ? await ds.query("SELECT name FROM sqlite_master WHERE type = 'table'")
    : await ds.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
  return rows.map((r) => r.name).filter((n) => n !== 'migrations' && !n.startsWith('sqlite_')).sort();
}

describe(`schema on ${testDb}`, () => {
  let t: TestContext;
  beforeAll(async () => {
    // Migrated from empty by the application itself, not copied from the run's template (test/support/db-template.ts).
    t = await createTestContext({ TEST_DB_FROM_EMPTY: 'true' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const applied = async () => (await t.dataSource.query('SELECT name FROM migrations ORDER BY id')).map((r: { name: string }) => r.name);

  it('has applied every migration of its dialect', async () => {
    const list = testDb === 'sqlite' ? sqliteMigrations : mysqlMigrations;
    expect(await applied()).toEqual(list.map(instanceName));
  });

  it('matches the entities exactly after migrating an empty database', async () => {
    expect(await pendingSchemaSql(t.dataSource)).toEqual({ up: [], down: [] });
  });

  it('seeds the reference data', async () => {
    const codes = (await t.dataSource.query('SELECT code FROM departments ORDER BY code')).map((r: { code: string }) => r.code);
    expect(codes).toEqual(['ecology', 'emergency', 'hrss', 'market', 'police', 'tax']);
    const [head] = await t.dataSource.query('SELECT lastEntryId, lastHash FROM audit_head WHERE id = 1');
    expect(Number(head.lastEntryId)).toBe(0);
    expect(head.lastHash).toBe('0'.repeat(64));
  });

  it('enforces foreign keys', async () => {
    const user = await createUser(t, 'park_staff');
    await expect(t.dataSource.query('UPDATE users SET tenantId = 987654 WHERE id = ?', [user.id])).rejects.toThrow();
    await expect(t.dataSource.query('UPDATE users SET departmentId = 987654 WHERE id = ?', [user.id])).rejects.toThrow();
  });

  it('reverts every migration cleanly, then applies them again', async () => {
    // On its own fresh database: reverting reference data under live references is not the point here.
    const fresh = await createTestContext();
    try {
      const ds = fresh.dataSource;
      const list = testDb === 'sqlite' ? sqliteMigrations : mysqlMigrations;
      const appliedNames = async () => (await ds.query('SELECT name FROM migrations ORDER BY id')).map((r: { name: string }) => r.name);
      const before = await tablesOf(ds);
      expect(before).toEqual(expect.arrayContaining(['api_tokens', 'audit_entries', 'audit_head', 'departments', 'sessions', 'tenants', 'users']));

      for (let i = list.length; i > 0; i--) {
        await ds.undoLastMigration({ transaction: 'each' });
        expect(await appliedNames()).toEqual(list.slice(0, i - 1).map(instanceName));
      }
      expect(await tablesOf(ds)).toEqual([]);

      expect(await runMigrations(ds)).toEqual(list.map(instanceName));
      expect(await tablesOf(ds)).toEqual(before);
      expect(await pendingSchemaSql(ds)).toEqual({ up: [], down: [] });
      if (testDb === 'sqlite') {
        // Table rebuilds must leave every foreign key pointing at a real table, not at a renamed temporary one.
        const fks: { tbl: string; target: string }[] = await ds.query("SELECT m.name AS tbl, p.\"table\" AS target FROM sqlite_master m, pragma_foreign_key_list(m.name) p WHERE m.type = 'table' ORDER BY 1, 2");
        expect(fks).toEqual(expect.arrayContaining([{ tbl: 'api_tokens', target: 'users' }, { tbl: 'users', target: 'departments' }, { tbl: 'users', target: 'tenants' }]));
        for (const fk of fks) expect([fk.tbl, before.includes(fk.target)]).toEqual([fk.tbl, true]);
        expect(await ds.query('PRAGMA foreign_key_check')).toEqual([]);
      }

      // And the application works on the re-created schema.
      const tenant = await createTenant(fresh);
      const officer = await createUser(fresh, 'tenant_officer', { tenantId: tenant.id });
      await fresh.get(ApiTokensService).issue(officer.id, 'after-revert', TEST_ACTOR);
      const entries = Number((await ds.query('SELECT COUNT(*) AS n FROM audit_entries'))[0].n);
      expect(entries).toBeGreaterThanOrEqual(3);
      expect(await fresh.get(AuditService).verify()).toEqual({ ok: true, checked: entries, anchoredAt: null });
    } finally {
      await fresh.close();
    }
  }, 30_000);
});
