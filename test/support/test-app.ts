import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiTokensService } from '../../src/accounts/api-tokens.service.js';
import { UsersService } from '../../src/accounts/users.service.js';
import type { Role } from '../../src/accounts/domain/roles.js';
import { createWebApp } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { createScratchDatabase } from '../../src/database/migration-generator.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import type { Actor } from '../../src/common/principal.js';

declare const TEST_DB: 'sqlite' | 'mysql' | undefined;

/** Which database this jest project runs on: `sqlite` (default) or `mysql` (MariaDB/MySQL at TEST_MYSQL_URL). */
export const testDb: 'sqlite' | 'mysql' = typeof TEST_DB === 'undefined' ? 'sqlite' : TEST_DB;
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
/** `mariadb` or `mysql`: TypeORM's driver type for the server behind TEST_MYSQL_URL. */
export const TEST_MYSQL_TYPE = (process.env.TEST_MYSQL_TYPE ?? 'mariadb') as 'mariadb' | 'mysql';

export const TEST_PASSWORD = 'Correct-Horse-9';
export const TEST_ACTOR: Actor = { userId: null, label: 'test', ip: null };

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  get<T>(cls: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Boots the real application with the real migrations on a fresh database: an in-memory SQLite
 * file, or a randomly named MySQL/MariaDB database that close() drops.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parktrust-test-'));
  let drop: (() => Promise<void>) | undefined;
  const base: Record<string, string> = { NODE_ENV: 'test', DATA_DIR: dataDir, DEMO_SEED: 'false', DB_MIGRATE_ON_START: 'true' };
  if (testDb === 'mysql') {
    const scratch = await createScratchDatabase(TEST_MYSQL_URL);
    drop = scratch.drop;
    Object.assign(base, { DB_TYPE: TEST_MYSQL_TYPE, DATABASE_URL: scratch.url });
  } else {
    Object.assign(base, { DB_TYPE: 'sqlite', DATABASE_URL: ':memory:' });
  }
  const config = loadConfig({ ...base, ...env });
  let app: INestApplication;
  try {
    app = await createWebApp(config, { logger: false });
  } catch (err) {
    await drop?.();
    throw err;
  }
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    http: () => request(app.getHttpServer()),
    get: (cls) => app.get(cls),
    close: async () => {
      await app.close();
      await drop?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A valid, unique USCC for tests. */
export function testUscc(n = ++counter + Math.floor(Math.random() * 1e6)): string {
  const body = `91440300${String(n).padStart(9, '0')}`;
  return body + usccCheckCharacter(body);
}

export async function createTenant(t: TestApp, overrides: Partial<{ uscc: string; name: string; industry: string; building: string; movedInAt: string }> = {}) {
  return t.get(TenantsService).create({
    uscc: overrides.uscc ?? testUscc(),
    name: overrides.name ?? `测试企业${++counter}有限公司`,
    legalRepresentative: '测试',
    industry: overrides.industry ?? '电子信息',
    building: overrides.building ?? 'A1',
    movedInAt: overrides.movedInAt ?? '2024-01-01',
  }, TEST_ACTOR);
}

export async function createUser(t: TestApp, role: Role, extra: { tenantId?: number; departmentId?: number; email?: string; password?: string } = {}) {
  const email = extra.email ?? `${role}.${++counter}.${Date.now()}@test.parktrust.cn`;
  const departmentId = role === 'regulator' ? (extra.departmentId ?? 1) : undefined;
  return t.get(UsersService).create({
    email, name: `${role} ${counter}`, role, password: extra.password ?? TEST_PASSWORD,
    tenantId: extra.tenantId, departmentId, mustChangePassword: false,
  }, TEST_ACTOR);
}

export async function tokenFor(t: TestApp, userId: number): Promise<string> {
  return (await t.get(ApiTokensService).issue(userId, 'test', TEST_ACTOR)).token;
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** A logged-in browser: cookie jar plus the session's CSRF token. */
export interface Browser {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
}

export async function login(t: TestApp, email: string, password = TEST_PASSWORD): Promise<Browser> {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get('/login').expect(200);
  const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password });
  if (res.status !== 303) throw new Error(`login of ${email} failed with ${res.status}`);
  const home = await agent.get('/account/password');
  return { agent, csrf: csrfFrom(home.text) };
}
