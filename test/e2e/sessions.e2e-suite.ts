import { jest } from '@jest/globals';
import request from 'supertest';
import { PrincipalLookup } from '../../src/accounts/auth/principal-lookup.js';
import { ANONYMOUS_SESSION_MS, RENEW_EVERY_MS } from '../../src/accounts/auth/typeorm-session-store.js';
import { PruneSessionsJob } from '../../src/accounts/jobs/prune-sessions.job.js';
import { SessionEntity } from '../../src/accounts/entities/session.entity.js';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { cookieNamed, sessionIdOf } from '../support/http-helpers.js';
import { createTestApp, createUser, csrfFrom, login, TEST_PASSWORD, tokenFor, type TestApp } from '../support/test-app.js';

describe('login sessions in the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const sessions = () => t.dataSource.getRepository(SessionEntity);

  it('the daily maintenance job deletes expired sessions and keeps live ones', async () => {
    const user = await createUser(t, 'park_staff');
    const live = await login(t, user.email);
    await sessions().insert({ id: 'expired-session', expiresAt: String(Date.now() - 60_000), data: '{}' });
    const before = await sessions().count();

    const result = await t.get(PruneSessionsJob).run();

    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(await sessions().findOneBy({ id: 'expired-session' })).toBeNull();
    expect(await sessions().count()).toBe(before - result.deleted);
    // The logged-in browser still works.
    await live.agent.get('/notifications').expect(200);
  });

  it('renews a session in use at most once a minute: its cookie and its row get the new expiry then, not on every page', async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    // login() opened a page, which renewed the new session: the next pages within the minute send no cookie.
    for (let i = 0; i < 2; i++) expect(cookieNamed(await b.agent.get('/notifications').expect(200), 'pt_sid')).toBeUndefined();
    const row = async () => (await sessions().findOneByOrFail({ userId: user.id }));
    const before = await row();
    const data = JSON.parse(before.data) as { renewedAt: number };
    expect(Date.now() - data.renewedAt).toBeLessThan(RENEW_EVERY_MS);
    // A minute and more later (its mark moved back, and the row's expiry with it):
    const earlier = Number(before.expiresAt) - 2 * RENEW_EVERY_MS;
    await sessions().update({ id: before.id }, { data: JSON.stringify({ ...data, renewedAt: data.renewedAt - 2 * RENEW_EVERY_MS }), expiresAt: String(earlier) });
    const renewed = await b.agent.get('/notifications').expect(200);
    const cookie = cookieNamed(renewed, 'pt_sid');
    expect(cookie).toBeDefined();
    expect(sessionIdOf(cookie!.value)).toBe(before.id);
    const after = await row();
    expect(Number(after.expiresAt)).toBeGreaterThan(earlier + RENEW_EVERY_MS);
    expect(Math.abs(Number(after.expiresAt) - new Date(String(cookie!.attributes.expires)).getTime())).toBeLessThan(2_000);
    // And quiet again.
    expect(cookieNamed(await b.agent.get('/notifications').expect(200), 'pt_sid')).toBeUndefined();
  });

  it('lets no cache keep a page or an API answer (nothing to see going back after logging out), and hashes no body for an ETag', async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    for (const res of [
      await b.agent.get('/tenants').expect(200),
      await b.agent.get('/notifications').expect(200),
      await t.http().get('/api/v1/tenants').set('Authorization', `Bearer ${await tokenFor(t, user.id)}`).expect(200),
      await t.http().get('/login').expect(200),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    }
    // The public disclosure pages say for themselves that a shared cache may keep them a minute.
    const open = await t.http().get('/public').expect(200);
    expect(open.headers['cache-control']).toBe('public, max-age=60');
  });

  it("gives a session's forms a CSRF token of 32 random bytes, the same on every page of the session", async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    expect(b.csrf).toMatch(/^[0-9a-f]{64}$/);
    expect(csrfFrom((await b.agent.get('/tenants').expect(200)).text)).toBe(b.csrf);
    const other = await login(t, user.email);
    expect(other.csrf).not.toBe(b.csrf);
  });

  it('an expired session no longer logs anyone in, even before the job removes it', async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    await sessions().createQueryBuilder().update().set({ expiresAt: String(Date.now() - 1_000) }).execute();
    const res = await b.agent.get('/notifications');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  it('reads the session and its user in one statement: the guard does not ask again', async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    const lookup = t.get(PrincipalLookup);
    const read = jest.spyOn(lookup, 'forSessionId');
    const again = jest.spyOn(lookup, 'forSession');
    try {
      const page = await b.agent.get('/notifications').expect(200);
      expect(page.text).toContain('class="bell has-unread"'); // the "account created" notice
      await b.agent.get('/api/v1/me').expect(200);
      expect(read).toHaveBeenCalledTimes(2);
      expect(again).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
      again.mockRestore();
    }
  });

  it('logs a disabled account out on its next request, for good', async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    await t.dataSource.getRepository(UserEntity).update({ id: user.id }, { active: false });
    const res = await b.agent.get('/notifications').expect(303);
    expect(res.headers.location).toMatch(/^\/login/);
    // Enabling the account again does not bring the old session back.
    await t.dataSource.getRepository(UserEntity).update({ id: user.id }, { active: true });
    expect((await b.agent.get('/notifications')).status).toBe(303);
  });

  it('treats a session row whose data is not JSON as no session, without an error', async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    for (const data of ['{"userId": 1, broken', '"a string"', 'null', '[1]']) {
      const b2 = await login(t, user.email);
      await sessions().createQueryBuilder().update().set({ data }).execute();
      const res = await b2.agent.get('/notifications');
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login/);
      expect((await b2.agent.get('/api/v1/me')).status).toBe(401);
    }
    expect((await b.agent.get('/api/v1/me')).status).toBe(401);
  });

  describe('anonymous visitors', () => {
    const FORMLESS = ['/', '/tenants', '/verify', '/verify?code=NOPE', '/health', '/no-such-page', '/locale/en', '/api/v1/me', '/assets/parktrust.css'];

    it('store no session for pages without a form, however many requests', async () => {
      const before = await sessions().count();
      const cookies: string[] = [];
      for (let i = 0; i < 20; i++) {
        for (const path of FORMLESS) {
          const res = await t.http().get(path);
          expect(res.status).toBeLessThan(500);
          if (cookieNamed(res, 'pt_sid')) cookies.push(path);
        }
      }
      expect(cookies).toEqual([]);
      expect(await sessions().count()).toBe(before);
    });

    it('get a short-lived session from the login page, and the login form works end to end', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      const page = await agent.get('/login').expect(200);
      const anonymous = await sessions().findOneByOrFail({ id: sessionIdOf(cookieNamed(page, 'pt_sid')!.value) });
      // Far shorter than a login's SESSION_MAX_AGE_MINUTES.
      expect(Number(anonymous.expiresAt) - Date.now()).toBeLessThanOrEqual(ANONYMOUS_SESSION_MS + 5_000);
      expect(Number(anonymous.expiresAt) - Date.now()).toBeGreaterThan(ANONYMOUS_SESSION_MS - 60_000);
      // Browsing on with that cookie writes nothing new.
      const count = await sessions().count();
      for (const path of FORMLESS) await agent.get(path);
      expect(await sessions().count()).toBe(count);

      const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: user.email, password: TEST_PASSWORD }).expect(303);
      const loggedIn = await sessions().findOneByOrFail({ id: sessionIdOf(cookieNamed(res, 'pt_sid')!.value) });
      expect(Number(loggedIn.expiresAt) - Date.now()).toBeGreaterThan(t.config.SESSION_MAX_AGE_MINUTES * 60_000 - 60_000);
      await agent.get('/notifications').expect(200);
    });

    it('the maintenance job removes an anonymous session once it is past its short life', async () => {
      const page = await t.http().get('/login').expect(200);
      const id = sessionIdOf(cookieNamed(page, 'pt_sid')!.value);
      const now = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(now + ANONYMOUS_SESSION_MS + 1_000);
      try {
        await t.get(PruneSessionsJob).run();
      } finally {
        clock.mockRestore();
      }
      expect(await sessions().existsBy({ id })).toBe(false);
    });
  });
});
