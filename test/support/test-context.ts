import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ApiTokensService } from '../../src/accounts/api-tokens.service.js';
import type { Role } from '../../src/accounts/domain/roles.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { createAppContext } from '../../src/bootstrap.js';
import type { Actor } from '../../src/common/principal.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createScratchDatabase } from '../../src/database/migration-generator.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { BuildingEntity } from '../../src/tenants/entities/building.entity.js';
import { templateDatabase } from './db-template.js';
import { testDb, TEST_MYSQL_TYPE, TEST_MYSQL_URL } from './test-db.js';

export { testDb, TEST_MYSQL_TYPE, TEST_MYSQL_URL };

export const TEST_PASSWORD = 'Correct-Horse-9';
export const TEST_ACTOR: Actor = { userId: null, label: 'test', ip: null };

/** What the helpers below need: the application's providers. Both TestApp and TestContext have it. */
export interface TestServices {
  get<T>(cls: abstract new (...args: never[]) => T): T;
}

/** The application's modules on a fresh database, without HTTP: no server, sessions, views or logins. */
export interface TestContext extends TestServices {
  app: INestApplicationContext;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The configuration of a test application on a fresh database: a SQLite file, or a randomly named
 * MySQL/MariaDB database; `dispose` drops it and the data folder. Passwords are
 * hashed at argon2id's least cost (the tests check the algorithm, not the cost).
 *
 * The database is a copy of the run's migrated template (see db-template.ts: the real migrations,
 * run once per jest run; a SQLite file in a memory-backed folder, a cloned MariaDB database), which
 * the application finds fully migrated. Pass `TEST_DB_FROM_EMPTY: 'true'` in `env` for a database that
 * the application migrates from empty itself, as without a template (the schema tests do).
 */
export async function openTestDatabase(env: Record<string, string> = {}): Promise<{ config: AppConfig; dispose: () => Promise<void> }> {
  const { TEST_DB_FROM_EMPTY: fromEmpty, ...rest } = env;
  const dataDir = mkdtempSync(join(tmpdir(), 'parktrust-test-'));
  let drop: (() => Promise<void>) | undefined;
  const base: Record<string, string> = { NODE_ENV: 'test', DATA_DIR: dataDir, DEMO_SEED: 'false', DB_MIGRATE_ON_START: 'true', PASSWORD_HASH_COST: 'minimal' };
  const dispose = async () => {
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // A test that names its own database gets it as given.
    const copy = fromEmpty === 'true' || rest.DATABASE_URL ? null : await templateDatabase(testDb, { url: TEST_MYSQL_URL, type: TEST_MYSQL_TYPE });
    if (copy) {
      drop = copy.drop;
      Object.assign(base, copy.env);
    } else if (testDb === 'mysql') {
      const scratch = await createScratchDatabase(TEST_MYSQL_URL);
      drop = scratch.drop;
      Object.assign(base, { DB_TYPE: TEST_MYSQL_TYPE, DATABASE_URL: scratch.url });
    } else {
      Object.assign(base, { DB_TYPE: 'sqlite', DATABASE_URL: ':memory:' });
    }
    return { config: loadConfig({ ...base, ...rest }), dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

/**
 * Boots the application's modules with the real migrations on a fresh database (see openTestDatabase),
 * as a Nest application context: for tests of services, jobs and queries that need no HTTP.
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const { config, dispose } = await openTestDatabase(env);
  let app: INestApplicationContext;
  try {
    app = await createAppContext(config, { logger: false });
  } catch (err) {
    await dispose();
    throw err;
  }
  await ensureBuildings({ get: (cls) => app.get(cls) }, TEST_BUILDINGS);
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    get: (cls) => app.get(cls),
    close: async () => {
      await app.close();
      await dispose();
    },
  };
}

let counter = 0;

/** Buildings every test database starts with (tenants must be in a building of the list staff keep). */
export const TEST_BUILDINGS = ['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3', 'D1', 'D2', 'E1', 'E2'];

/** Adds the buildings of these names that are missing, in service (a fixture: not audited). */
export async function ensureBuildings(t: TestServices, names: readonly string[]): Promise<void> {
  const repo = t.get(DataSource).getRepository(BuildingEntity);
  const existing = new Set((await repo.find()).map((b) => b.name));
  const missing = [...new Set(names)].filter((n) => !existing.has(n));
  if (missing.length) await repo.insert(missing.map((name) => ({ name, retired: false })));
}

/** A valid, unique USCC for tests. */
export function testUscc(n = ++counter + Math.floor(Math.random() * 1e6)): string {
  const body = `91440300${String(n).padStart(9, '0')}`;
  return body + usccCheckCharacter(body);
}

/** Registers a tenant through TenantsService (audited, hooks run), with unique defaults. */
export async function createTenant(t: TestServices, overrides: Partial<{ uscc: string; name: string; industry: string; building: string; movedInAt: string }> = {}) {
  await ensureBuildings(t, [overrides.building ?? 'A1']);
  return t.get(TenantsService).create({
    uscc: overrides.uscc ?? testUscc(),
    name: overrides.name ?? `测试企业${++counter}有限公司`,
    legalRepresentative: '测试',
    industry: overrides.industry ?? '电子信息',
    building: overrides.building ?? 'A1',
    movedInAt: overrides.movedInAt ?? '2024-01-01',
  }, TEST_ACTOR);
}

/** Creates an account of `role` through UsersService, with password TEST_PASSWORD unless given. */
export async function createUser(t: TestServices, role: Role, extra: { tenantId?: number; departmentId?: number; email?: string; password?: string } = {}) {
  const email = extra.email ?? `${role}.${++counter}.${Date.now()}@test.parktrust.cn`;
  const departmentId = role === 'regulator' ? (extra.departmentId ?? 1) : undefined;
  return t.get(UsersService).create({
    email, name: `${role} ${counter}`, role, password: extra.password ?? TEST_PASSWORD,
    tenantId: extra.tenantId, departmentId, mustChangePassword: false,
  }, TEST_ACTOR);
}

/** Issues an API token for `userId`; returns the token text. */
export async function tokenFor(t: TestServices, userId: number): Promise<string> {
  return (await t.get(ApiTokensService).issue(userId, 'test', TEST_ACTOR)).token;
}
