import request from 'supertest';
import { SessionEntity } from '../../src/accounts/entities/session.entity.js';
import { sessionHandle } from '../../src/accounts/sessions.service.js';
import { createTestApp, createUser, csrfFrom, login, TEST_PASSWORD, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { auditEntries, bearer, cookieNamed, loginAs, postForm, sessionIdOf } from '../support/http-helpers.js';

const NEW_PASSWORD = 'Brand-New-Secret-42';
const CHROME_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe("a user's sessions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const sessions = () => t.dataSource.getRepository(SessionEntity);
  const alive = async (b: Browser) => (await b.agent.get('/api/v1/me')).status === 200;

  /** Logs in through the form with a browser's User-Agent; returns the browser and its session id. */
  async function loginWith(email: string, userAgent: string, password = TEST_PASSWORD): Promise<Browser & { sid: string }> {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login').set('User-Agent', userAgent).expect(200);
    const res = await agent.post('/login').set('User-Agent', userAgent).type('form').send({ _csrf: csrfFrom(page.text), email, password }).expect(303);
    const sid = sessionIdOf(cookieNamed(res, 'pt_sid')!.value);
    const form = await agent.get('/account/password').set('User-Agent', userAgent).expect(200);
    return { agent, csrf: csrfFrom(form.text), sid };
  }

  /** The end-form handles on a session list page, in page order. */
  const handlesOn = (html: string) => [...html.matchAll(/action="\/account\/sessions\/([0-9a-f]{32})\/end"/g)].map((m) => m[1]);

  describe('changing the password', () => {
    it("ends the user's other sessions, keeps the current one, and leaves other users alone", async () => {
      const user = await createUser(t, 'park_staff');
      const here = await login(t, user.email);
      const laptop = await login(t, user.email);
      const phone = await login(t, user.email);
      const { browser: someoneElse } = await loginAs(t, 'park_staff');
      const token = await tokenFor(t, user.id);

      const res = await postForm(here, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      expect(res.status).toBe(303);
      const home = await here.agent.get('/').expect(200);
      expect(home.text).toContain('密码已修改。');
      expect(home.text).toContain('您在其他地方的 2 个登录会话已结束。');

      expect(await alive(here)).toBe(true);
      expect(await alive(laptop)).toBe(false);
      expect(await alive(phone)).toBe(false);
      await laptop.agent.get('/').expect(303).expect('location', '/login?next=%2F');
      expect(await alive(someoneElse)).toBe(true);
      // Without the box ticked, API tokens keep working.
      await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
      expect(await sessions().countBy({ userId: user.id })).toBe(1);

      const audit = await auditEntries(t, { action: 'user.changePassword', entityId: String(user.id) });
      expect(JSON.parse(audit[0].after as string)).toEqual({ sessionsEnded: 2, tokensRevoked: 0 });
    });

    it("revokes the user's API tokens too when the box is ticked, and only theirs", async () => {
      const user = await createUser(t, 'park_staff');
      const other = await createUser(t, 'park_staff');
      const here = await login(t, user.email);
      const [first, second] = [await tokenFor(t, user.id), await tokenFor(t, user.id)];
      const othersToken = await tokenFor(t, other.id);

      const form = await here.agent.get('/account/password').expect(200);
      expect(form.text).toMatch(/<input id="f-revokeTokens" type="checkbox" name="revokeTokens"/);
      expect(form.text).toContain('同时吊销我的全部 API 令牌');

      await postForm(here, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD, revokeTokens: 'true' }).expect(303);
      await t.http().get('/api/v1/me').set(bearer(first)).expect(401);
      await t.http().get('/api/v1/me').set(bearer(second)).expect(401);
      await t.http().get('/api/v1/me').set(bearer(othersToken)).expect(200);
      expect((await here.agent.get('/').expect(200)).text).toContain('已吊销 2 个 API 令牌。');
      expect(await auditEntries(t, { action: 'token.revoke', actorId: user.id })).toHaveLength(2);
    });

    it('revokes nothing for any other revokeTokens value (an unticked box)', async () => {
      const user = await createUser(t, 'park_staff');
      const here = await login(t, user.email);
      const token = await tokenFor(t, user.id);
      const res = await postForm(here, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD, revokeTokens: 'maybe' });
      expect(res.status).toBe(303);
      await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
    });
  });

  describe('an admin resetting a password', () => {
    it("ends every session of that user, and none of the admin's", async () => {
      const { browser: admin } = await loginAs(t, 'admin');
      const user = await createUser(t, 'park_staff');
      const a = await login(t, user.email);
      const b = await login(t, user.email);
      await postForm(admin, `/admin/users/${user.id}/password`, { password: 'Temporary-Pass-77' }).expect(303);
      expect(await alive(a)).toBe(false);
      expect(await alive(b)).toBe(false);
      expect(await alive(admin)).toBe(true);
      expect(await sessions().countBy({ userId: user.id })).toBe(0);
    });

    it('keeps the current session when admins reset their own password', async () => {
      const adminUser = await createUser(t, 'admin');
      const here = await login(t, adminUser.email);
      const elsewhere = await login(t, adminUser.email);
      await postForm(here, `/admin/users/${adminUser.id}/password`, { password: 'Temporary-Pass-77' }).expect(303);
      expect(await alive(elsewhere)).toBe(false);
      // Still logged in, now asked for a new password.
      await here.agent.get('/').expect(303).expect('location', '/account/password');
    });
  });

  describe('the session list', () => {
    it('lists each live session with browser, address, login and last use, marks the current one and never shows a session id', async () => {
      const user = await createUser(t, 'park_staff');
      const here = await loginWith(user.email, CHROME_ON_WINDOWS);
      const there = await loginWith(user.email, 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0');
      await login(t, (await createUser(t, 'park_staff')).email); // someone else's session is not listed

      const page = await here.agent.get('/account/sessions').expect(200);
      expect(page.text).toContain('<h1>登录会话</h1>');
      expect(page.text).toContain('Chrome 131 · Windows');
      expect(page.text).toContain('Firefox 133 · Linux');
      expect(page.text).toMatch(/127\.0\.0\.1/);
      expect(page.text).toContain('当前会话');
      expect(page.text).not.toContain(here.sid);
      expect(page.text).not.toContain(there.sid);
      // Only the other session can be ended from here; the current one has no end button.
      expect(handlesOn(page.text)).toEqual([sessionHandle(there.sid)]);
      expect(page.text).toContain('action="/account/sessions/end-others"');

      const row = await sessions().findOneByOrFail({ id: here.sid });
      expect(row).toEqual(expect.objectContaining({ userId: user.id, userAgent: CHROME_ON_WINDOWS }));
      expect(Number(row.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Number(row.lastSeenAt)).toBeGreaterThanOrEqual(Number(row.createdAt));
      expect(row.ip).toMatch(/127\.0\.0\.1/);

      const en = await here.agent.get('/account/sessions?lang=en').expect(200);
      expect(en.text).toContain('This session');
    });

    it('ends one session by its handle; the current one, another user\'s or an unknown handle is a 404', async () => {
      const user = await createUser(t, 'park_staff');
      const here = await loginWith(user.email, CHROME_ON_WINDOWS);
      const there = await loginWith(user.email, CHROME_ON_WINDOWS);
      const { browser: stranger } = await loginAs(t, 'park_staff');

      await postForm(stranger, `/account/sessions/${sessionHandle(there.sid)}/end`).expect(404);
      await postForm(here, `/account/sessions/${sessionHandle(here.sid)}/end`).expect(404);
      for (const bad of ['0'.repeat(32), 'not-a-handle', `${'a'.repeat(31)}G`]) await postForm(here, `/account/sessions/${bad}/end`).expect(404);
      expect(await alive(there)).toBe(true);

      // Without the form's token nothing happens.
      await here.agent.post(`/account/sessions/${sessionHandle(there.sid)}/end`).type('form').send({}).expect(403);
      expect(await alive(there)).toBe(true);

      const res = await postForm(here, `/account/sessions/${sessionHandle(there.sid)}/end`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account/sessions');
      expect(await alive(there)).toBe(false);
      expect(await alive(here)).toBe(true);
      expect((await here.agent.get('/account/sessions').expect(200)).text).toContain('会话已结束。');
    });

    it('ends all other sessions at once, keeping the current one', async () => {
      const user = await createUser(t, 'park_staff');
      const here = await login(t, user.email);
      const others = [await login(t, user.email), await login(t, user.email), await login(t, user.email)];
      await postForm(here, '/account/sessions/end-others').expect(303).expect('location', '/account/sessions');
      for (const b of others) expect(await alive(b)).toBe(false);
      const page = await here.agent.get('/account/sessions').expect(200);
      expect(page.text).toContain('已结束 3 个其他会话。');
      expect(page.text).toContain('没有其他会话。');
      expect(handlesOn(page.text)).toEqual([]);
    });

    it('is linked from the account menu and the password page', async () => {
      const { browser } = await loginAs(t, 'evaluator');
      const page = await browser.agent.get('/account/password').expect(200);
      expect(page.text.match(/href="\/account\/sessions"/g)?.length).toBeGreaterThanOrEqual(2);
    });
  });
});
