import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createWebApp } from '../../src/bootstrap.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { ensureBuildings, openTestDatabase, TEST_BUILDINGS, TEST_PASSWORD } from './test-context.js';

// The database set-up and the service-level helpers are shared with the HTTP-less test context.
export {
  createTenant, createUser, ensureBuildings, TEST_ACTOR, TEST_BUILDINGS, TEST_MYSQL_TYPE, TEST_MYSQL_URL, TEST_PASSWORD, testDb, testUscc, tokenFor,
} from './test-context.js';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  get<T>(cls: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Boots the real application on a fresh database migrated by the real migrations (a copy of the
 * run's migrated template, see openTestDatabase): a SQLite file, or a randomly named MySQL/MariaDB
 * database, that close() removes. It listens on a free port of 127.0.0.1 (`app.getHttpServer().address()`).
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { config, dispose } = await openTestDatabase(env);
  let app: INestApplication;
  try {
    app = await createWebApp(config, { logger: false });
  } catch (err) {
    await dispose();
    throw err;
  }
  const dataSource = app.get(DataSource);
  await ensureBuildings({ get: (cls) => app.get(cls) }, TEST_BUILDINGS);
  // Listening once: given a server that is not listening, supertest listens on a new port and closes
  // it again for every request (a tenth of the authorization matrix's time, half of body-fuzz's).
  try {
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await app.close();
    await dispose();
    throw err;
  }
  return {
    app,
    config,
    dataSource,
    http: () => request(app.getHttpServer()),
    get: (cls) => app.get(cls),
    close: async () => {
      await app.close();
      await dispose();
    },
  };
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
