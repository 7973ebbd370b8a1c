import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { mysqlMigrations } from '../../migrations/mysql/index.js';
import { sqliteMigrations } from '../../migrations/sqlite/index.js';
import { DepartmentsService } from '../../src/accounts/departments.service.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { buildCli } from '../../src/cli/cli.js';
import { ConflictError, ValidationFailedError } from '../../src/common/errors/domain-error.js';
import { PROJECT_ROOT } from '../../src/common/project-root.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createScratchDatabase } from '../../src/database/migration-generator.js';
import { DEMO_ACCOUNTS, DEMO_TENANTS } from '../../src/demo/demo-data.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { createTenant, createTestApp, login, TEST_MYSQL_TYPE, TEST_MYSQL_URL, testDb, type TestApp } from '../support/test-app.js';

jest.setTimeout(30_000);

interface Run {
  /** Everything written to process.stdout (token:create writes there directly). */
  stdout: string;
  /** console.log lines. */
  log: string[];
  /** console.error lines. */
  err: string[];
  /** Commander's own error output. */
  commanderErr: string;
  exitCode: number | undefined;
  error: unknown;
}

/** Runs one CLI command in-process, as `parktrust <args…>` would, capturing its output and exit code. */
async function cli(config: AppConfig, args: string[]): Promise<Run> {
  const program: Command = buildCli(config);
  let commanderErr = '';
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({ writeErr: (s) => { commanderErr += s; }, writeOut: () => undefined });
  }
  const log: string[] = [];
  const err: string[] = [];
  let stdout = '';
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { log.push(a.join(' ')); }),
    jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(a.join(' ')); }),
    jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as never),
  ];
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  let error: unknown;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    error = e;
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = previousExitCode;
  return { stdout, log, err, commanderErr, exitCode, error };
}

describe(`CLI on ${testDb}`, () => {
  let dataDir: string;
  let dropScratch: (() => Promise<void>) | undefined;
  let config: AppConfig;
  let firstMigration: Run;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parktrust-cli-'));
    let db: Record<string, string>;
    if (testDb === 'mysql') {
      const scratch = await createScratchDatabase(TEST_MYSQL_URL);
      dropScratch = scratch.drop;
      db = { DB_TYPE: TEST_MYSQL_TYPE, DATABASE_URL: scratch.url };
    } else {
      db = { DB_TYPE: 'sqlite', DATABASE_URL: join(dataDir, 'cli.sqlite') };
    }
    config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DEMO_SEED: 'false', PASSWORD_HASH_COST: 'minimal', ...db });
    firstMigration = await cli(config, ['migration:run']);
    // The web application on the same database, to check what the commands did through HTTP.
    t = await createTestApp(db);
  });
  afterAll(async () => {
    await t?.close();
    await dropScratch?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const users = () => t.get(UsersService);

  describe('migration:run', () => {
    it('applies the migrations of its dialect to an empty database, on stderr', () => {
      const list = testDb === 'sqlite' ? sqliteMigrations : mysqlMigrations;
      expect(firstMigration.error).toBeUndefined();
      expect(firstMigration.err).toEqual([`applied: ${list.map((m) => new m().name).join(', ')}`]);
      expect(firstMigration.log).toEqual([]);
      expect(firstMigration.stdout).toBe('');
    });

    it('then says the database is up to date', async () => {
      const run = await cli(config, ['migration:run']);
      expect(run.error).toBeUndefined();
      expect(run.err).toEqual(['database is up to date']);
    });
  });

  describe('user:create', () => {
    it('creates an account with the given password, e-mail lower-cased, audited as the CLI', async () => {
      const run = await cli(config, ['user:create', '--email', ' Staff.CLI@Example.com ', '--name', '园区 CLI 员工', '--role', 'park_staff', '--password', 'Cli-Password-2026']);
      expect(run.error).toBeUndefined();
      const user = await users().findByEmail('staff.cli@example.com');
      expect(user).toMatchObject({ email: 'staff.cli@example.com', name: '园区 CLI 员工', role: 'park_staff', mustChangePassword: false, tenantId: null, departmentId: null });
      expect(run.log).toEqual([`created user ${user!.id} staff.cli@example.com (park_staff)`]);
      const [audit] = await t.dataSource.getRepository(AuditEntryEntity).findBy({ entityType: 'user', entityId: String(user!.id) });
      expect(audit).toMatchObject({ action: 'user.create', actorLabel: 'cli', actorId: null, ip: null });
      // The password works.
      const b = await login(t, 'staff.cli@example.com', 'Cli-Password-2026');
      await b.agent.get('/tenants').expect(200);
    });

    it('generates and prints a temporary password that must be changed at first login', async () => {
      const run = await cli(config, ['user:create', '--email', 'temp.cli@example.com', '--name', '临时密码', '--role', 'admin']);
      expect(run.error).toBeUndefined();
      expect(run.log).toHaveLength(2);
      const password = /^temporary password: (\S+)$/.exec(run.log[1])?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(await users().findByEmail('temp.cli@example.com')).toMatchObject({ role: 'admin', mustChangePassword: true });
      const b = await login(t, 'temp.cli@example.com', password);
      const res = await b.agent.get('/').expect(303);
      expect(res.headers.location).toBe('/account/password');
    });

    it('binds a tenant officer to the tenant named by its USCC, in any spelling', async () => {
      const tenant = await createTenant(t);
      const run = await cli(config, ['user:create', '--email', 'officer.cli@example.com', '--name', '合规专员', '--role', 'tenant_officer', '--tenant', ` ${tenant.uscc.toLowerCase()} `, '--password', 'Officer-Pass-2026']);
      expect(run.error).toBeUndefined();
      expect(await users().findByEmail('officer.cli@example.com')).toMatchObject({ role: 'tenant_officer', tenantId: tenant.id });
    });

    it('binds a regulator to a department by code', async () => {
      const run = await cli(config, ['user:create', '--email', 'regulator.cli@example.com', '--name', '市场监管', '--role', 'regulator', '--department', 'tax', '--password', 'Regulator-Pass-2026']);
      expect(run.error).toBeUndefined();
      const tax = await t.get(DepartmentsService).findByCode('tax');
      expect(await users().findByEmail('regulator.cli@example.com')).toMatchObject({ role: 'regulator', departmentId: tax!.id });
    });

    it('refuses a tenant officer without a tenant, and a regulator without a department', async () => {
      const officer = await cli(config, ['user:create', '--email', 'unbound.officer@example.com', '--name', 'x', '--role', 'tenant_officer', '--password', 'Unbound-Pass-2026']);
      expect(officer.error).toBeInstanceOf(ValidationFailedError);
      expect((officer.error as ValidationFailedError).fields.tenantId[0].code).toBe('required');
      const regulator = await cli(config, ['user:create', '--email', 'unbound.regulator@example.com', '--name', 'x', '--role', 'regulator', '--password', 'Unbound-Pass-2026']);
      expect((regulator.error as ValidationFailedError).fields.departmentId[0].code).toBe('required');
      expect(await users().findByEmail('unbound.officer@example.com')).toBeNull();
      expect(await users().findByEmail('unbound.regulator@example.com')).toBeNull();
    });

    it('refuses an unknown tenant or department by name', async () => {
      const tenant = await cli(config, ['user:create', '--email', 'x1@example.com', '--name', 'x', '--role', 'tenant_officer', '--tenant', '91440300000000000X', '--password', 'Whatever-Pass-2026']);
      expect((tenant.error as Error).message).toBe('no tenant with USCC 91440300000000000X');
      const department = await cli(config, ['user:create', '--email', 'x2@example.com', '--name', 'x', '--role', 'regulator', '--department', 'weather', '--password', 'Whatever-Pass-2026']);
      expect((department.error as Error).message).toBe('no department with code weather');
    });

    it('refuses an unknown role before touching the database', async () => {
      const run = await cli(config, ['user:create', '--email', 'king@example.com', '--name', 'x', '--role', 'king']);
      expect(run.error).toBeInstanceOf(CommanderError);
      expect((run.error as CommanderError).code).toBe('commander.invalidArgument');
      expect(run.commanderErr).toContain('one of admin, park_staff, tenant_officer, evaluator, regulator');
      expect(await users().findByEmail('king@example.com')).toBeNull();
    });

    it('refuses a missing mandatory option', async () => {
      const run = await cli(config, ['user:create', '--name', 'x', '--role', 'admin']);
      expect((run.error as CommanderError).code).toBe('commander.missingMandatoryOptionValue');
      expect(run.commanderErr).toContain('--email');
    });

    it('refuses an e-mail that is taken', async () => {
      await cli(config, ['user:create', '--email', 'taken.cli@example.com', '--name', 'x', '--role', 'evaluator', '--password', 'Taken-Pass-2026']);
      const run = await cli(config, ['user:create', '--email', 'TAKEN.cli@example.com', '--name', 'y', '--role', 'evaluator', '--password', 'Taken-Pass-2026']);
      expect(run.error).toBeInstanceOf(ConflictError);
      expect((run.error as ConflictError).messageKey).toBe('users.emailTaken');
    });

    // The CLI creates the most powerful accounts; it must apply the rules the admin pages apply.
    it('refuses a password shorter than the minimum', async () => {
      const run = await cli(config, ['user:create', '--email', 'weak.cli@example.com', '--name', 'x', '--role', 'admin', '--password', 'admin']);
      expect(run.error).toBeInstanceOf(ValidationFailedError);
      expect((run.error as ValidationFailedError).fields.password[0].code).toBe('minLength');
      expect(await users().findByEmail('weak.cli@example.com')).toBeNull();
    });

    it('refuses an e-mail address that is not one', async () => {
      const run = await cli(config, ['user:create', '--email', 'not-an-email', '--name', 'x', '--role', 'park_staff', '--password', 'Valid-Pass-2026']);
      expect(run.error).toBeInstanceOf(ValidationFailedError);
      expect((run.error as ValidationFailedError).fields.email[0].code).toBe('email');
      expect(await users().findByEmail('not-an-email')).toBeNull();
    });
  });

  describe('token:create', () => {
    it('prints only the token on stdout, and the token works', async () => {
      await cli(config, ['user:create', '--email', 'token.cli@example.com', '--name', 'x', '--role', 'regulator', '--department', 'market', '--password', 'Token-Pass-2026']);
      const run = await cli(config, ['token:create', '--email', 'Token.CLI@example.com', '--label', 'joint-check']);
      expect(run.error).toBeUndefined();
      expect(run.stdout).toMatch(/^pt_[A-Za-z0-9_-]{43}\n$/);
      expect(run.log).toEqual([]);
      const token = run.stdout.trim();
      await t.http().get('/api/v1/tenants').set('Authorization', `Bearer ${token}`).expect(200);
      const [issued] = await t.dataSource.getRepository(AuditEntryEntity).find({ where: { action: 'token.issue' }, order: { id: 'DESC' }, take: 1 });
      expect(issued).toMatchObject({ actorLabel: 'cli' });
      expect(JSON.parse(issued.after as string)).toMatchObject({ label: 'joint-check', prefix: token.slice(0, 10) });
    });

    it('refuses an unknown user and prints nothing on stdout', async () => {
      const run = await cli(config, ['token:create', '--email', 'nobody@example.com']);
      expect((run.error as Error).message).toBe('no user with e-mail nobody@example.com');
      expect(run.stdout).toBe('');
    });
  });

  describe('audit:verify', () => {
    it('exits 0 on an intact chain and 1 after tampering, naming the entry', async () => {
      await createTenant(t);
      const entries = t.dataSource.getRepository(AuditEntryEntity);
      const count = await entries.count();
      const ok = await cli(config, ['audit:verify']);
      expect(ok.error).toBeUndefined();
      expect(ok.exitCode ?? 0).toBe(0);
      expect(ok.log).toHaveLength(1);
      expect(Number(/^audit log intact: (\d+) entries \(no checkpoint yet\)$/.exec(ok.log[0])?.[1])).toBeGreaterThanOrEqual(count);

      const [victim] = await entries.find({ order: { id: 'ASC' }, take: 1 });
      await entries.update({ id: victim.id }, { actorLabel: 'someone-else' });
      try {
        const broken = await cli(config, ['audit:verify']);
        expect(broken.error).toBeUndefined();
        expect(broken.exitCode).toBe(1);
        expect(broken.log).toEqual([`audit log BROKEN at entry ${victim.id} (hash); 0 entries before it are intact`]);
      } finally {
        await entries.update({ id: victim.id }, { actorLabel: victim.actorLabel });
      }
      expect((await cli(config, ['audit:verify'])).exitCode ?? 0).toBe(0);
    });

    it('catches a rewound log (last rows deleted, head reset) against the signed checkpoint, and a forged checkpoint file', async () => {
      await createTenant(t);
      const taken = await cli(config, ['audit:checkpoint']);
      const line = /^checkpoint (\d+:[0-9a-f]{64})$/.exec(taken.log[0] ?? '')?.[1];
      expect(line).toBeDefined();
      expect((await cli(config, ['audit:checkpoint'])).log).toEqual(['the newest checkpoint already covers the head']);
      const [entryId] = line!.split(':').map(Number);
      expect((await cli(config, ['audit:verify'])).log[0]).toMatch(new RegExp(`, reaching checkpoint entry ${entryId}$`));

      // The attack: delete the last entry and rewind the head to the entry before it.
      const entries = t.dataSource.getRepository(AuditEntryEntity);
      const [last, previous] = await entries.find({ order: { id: 'DESC' }, take: 2 });
      expect(last.id).toBe(entryId);
      await entries.delete({ id: last.id });
      await t.dataSource.query('UPDATE audit_head SET lastEntryId = ?, lastHash = ? WHERE id = 1', [previous.id, previous.hash]);
      try {
        const rewound = await cli(config, ['audit:verify']);
        expect(rewound.exitCode).toBe(1);
        expect(rewound.log).toEqual([expect.stringMatching(new RegExp(`^audit log BROKEN at entry ${entryId} \\(truncated\\)`))]);
        // The same against the line an admin got by e-mail.
        const byLine = await cli(config, ['audit:verify', '--checkpoint', line!]);
        expect(byLine.exitCode).toBe(1);
        expect(byLine.log[0]).toContain('(truncated)');
        expect((await cli(config, ['audit:verify', '--checkpoint', 'nonsense'])).exitCode).toBe(2);
      } finally {
        await entries.insert(last);
        await t.dataSource.query('UPDATE audit_head SET lastEntryId = ?, lastHash = ? WHERE id = 1', [last.id, last.hash]);
      }
      expect((await cli(config, ['audit:verify'])).exitCode ?? 0).toBe(0);

      // A checkpoint file not signed with the key is a finding, not a trusted anchor.
      const dir = config.auditCheckpointDir;
      const forged = join(dir, 'checkpoint-999999999999.json');
      writeFileSync(forged, JSON.stringify({ entryId: 999999999999, hash: 'a'.repeat(64), at: new Date().toISOString(), mac: 'b'.repeat(64) }));
      try {
        const run = await cli(config, ['audit:verify']);
        expect(run.exitCode).toBe(1);
        expect(run.log[0]).toContain('checkpoint-999999999999.json');
      } finally {
        rmSync(forged);
      }
    });
  });

  describe('demo:seed', () => {
    it('seeds the demo park once and is idempotent', async () => {
      const tenantsBefore = await t.dataSource.getRepository(TenantEntity).count();
      const first = await cli(config, ['demo:seed']);
      expect(first.error).toBeUndefined();
      expect(first.log).toEqual([`seeded ${DEMO_TENANTS.length} tenants and ${DEMO_ACCOUNTS.length} accounts`]);
      const second = await cli(config, ['demo:seed']);
      expect(second.log).toEqual(['demo data already present']);
      expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(tenantsBefore + DEMO_TENANTS.length);
      for (const a of DEMO_ACCOUNTS) expect(await users().findByEmail(a.email)).toMatchObject({ role: a.role });
    });
  });

  it('sampling:verify recomputes a draw bundle without the database and says OK (exit code untouched)', async () => {
    const run = await cli(config, ['sampling:verify', join(PROJECT_ROOT, 'test', 'fixtures', 'draw-vectors', 'small-bundle.json')]);
    expect(run.error).toBeUndefined();
    expect(run.log).toEqual(['OK: draw 1 — frame hash, commitment, selection (6) and assignment (8 tasks) recomputed']);
    expect(run.exitCode).toBeUndefined();
  });

  it('refuses an unknown command', async () => {
    const run = await cli(config, ['tenant:delete']);
    expect((run.error as CommanderError).code).toBe('commander.unknownCommand');
  });
});
