import request from 'supertest';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { SessionEntity } from '../../src/accounts/entities/session.entity.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import {
  createTenant, createTestApp, createUser, csrfFrom, login, TEST_ACTOR, TEST_PASSWORD, testUscc, tokenFor, type TestApp,
} from '../support/test-app.js';
import {
  allAuditText, anonymousBrowser, auditEntries, bearer, cookieNamed, createUserMustChange, fieldError, formError, inputValue,
  loginAs, postForm, sessionIdOf, submitLogin,
} from '../support/http-helpers.js';

const NEW_PASSWORD = 'Brand-New-Secret-42';

describe('authentication (pages and API)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Many logins from one address: lift the per-IP limit here; it has its own app below.
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const users = () => t.dataSource.getRepository(UserEntity);

  describe('login page and language', () => {
    it('renders in zh-CN by default, with a CSRF token', async () => {
      const res = await t.http().get('/login').expect(200);
      expect(res.text).toContain('<html lang="zh-CN">');
      expect(res.text).toContain('<title>登录 · 园区诚信自律平台</title>');
      expect(csrfFrom(res.text)).toMatch(/^[0-9a-f]{32,}$/);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    });

    it('switches to English after GET /locale/en and remembers it in a cookie', async () => {
      const agent = request.agent(t.app.getHttpServer());
      const sw = await agent.get('/locale/en?next=/login').expect(303);
      expect(sw.headers.location).toBe('/login');
      const cookie = cookieNamed(sw, 'pt_lang');
      expect(cookie?.value).toBe('en');
      expect(cookie?.attributes.httponly).toBe(true);
      expect(String(cookie?.attributes.samesite).toLowerCase()).toBe('lax');

      const en = await agent.get('/login').expect(200);
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('<title>Log in · ParkTrust</title>');

      await agent.get('/locale/zh-CN').expect(303);
      const zh = await agent.get('/login').expect(200);
      expect(zh.text).toContain('<html lang="zh-CN">');
    });

    it('ignores an unknown language and an off-site next', async () => {
      const res = await t.http().get('/locale/xx?next=//evil.example').expect(303);
      expect(res.headers.location).toBe('/');
      expect(cookieNamed(res, 'pt_lang')).toBeUndefined();
    });

    it("applies the user's saved language at the next login", async () => {
      const user = await createUser(t, 'park_staff');
      const first = await login(t, user.email);
      await first.agent.get('/locale/en').expect(303);
      expect((await users().findOneByOrFail({ id: user.id })).locale).toBe('en');

      // A new browser without any language cookie.
      const agent = request.agent(t.app.getHttpServer());
      const res = await submitLogin(agent, user.email, TEST_PASSWORD);
      expect(res.status).toBe(303);
      expect(cookieNamed(res, 'pt_lang')?.value).toBe('en');
      const home = await agent.get('/').expect(200);
      expect(home.text).toContain('<html lang="en">');
    });
  });

  describe('credentials', () => {
    it('answers a wrong password with 401, the message, and the e-mail kept in the form', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      const res = await submitLogin(agent, user.email, 'not-the-password');
      expect(res.status).toBe(401);
      expect(formError(res.text)).toBe('邮箱或密码不正确。');
      expect(inputValue(res.text, 'email')).toBe(user.email);
      expect(inputValue(res.text, 'password')).toBe('');
      await agent.get('/').expect(303).expect('location', '/login?next=%2F');
    });

    it('re-renders the failed login form with a CSRF token that works for the next attempt', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      const failed = await submitLogin(agent, user.email, 'not-the-password');
      expect(failed.status).toBe(401);
      const token = inputValue(failed.text, '_csrf');
      expect(token).toMatch(/^[0-9a-f]{32,}$/);
      const retry = await agent.post('/login').type('form').send({ _csrf: token as string, email: user.email, password: TEST_PASSWORD });
      expect(retry.status).toBe(303);
    });

    it('gives an unknown e-mail exactly the response of a wrong password', async () => {
      const user = await createUser(t, 'park_staff');
      const unknown = `nobody.${Date.now()}@test.parktrust.cn`;
      const agentA = request.agent(t.app.getHttpServer());
      const agentB = request.agent(t.app.getHttpServer());
      const wrong = await submitLogin(agentA, user.email, 'not-the-password');
      const missing = await submitLogin(agentB, unknown, 'not-the-password');
      const normalise = (html: string, email: string) => html.split(email).join('EMAIL').replace(/name="_csrf" value="[^"]*"/g, 'CSRF');
      expect(missing.status).toBe(wrong.status);
      expect(missing.status).toBe(401);
      expect(normalise(missing.text, unknown)).toBe(normalise(wrong.text, user.email));
    });

    it('treats the e-mail case-insensitively and trims it', async () => {
      const user = await createUser(t, 'park_staff');
      const res = await submitLogin(request.agent(t.app.getHttpServer()), `  ${user.email.toUpperCase()} `, TEST_PASSWORD);
      expect(res.status).toBe(303);
    });

    it('answers an empty form with 400 and errors beside the fields', async () => {
      const res = await submitLogin(request.agent(t.app.getHttpServer()), '', '');
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'email')).toBe('此项必填。');
      expect(fieldError(res.text, 'password')).toBe('此项必填。');
    });

    it('rejects unexpected form fields and odd bodies without a 500', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      const page = await agent.get('/login').expect(200);
      const csrf = csrfFrom(page.text);
      const extra = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: TEST_PASSWORD, role: 'admin' });
      expect(extra.status).toBe(400);
      const arrays = await agent.post('/login').type('form').send(`_csrf=${csrf}&email=a&email=b&password=x`);
      expect(arrays.status).toBe(400);
      const json = await agent.post('/login').set('x-csrf-token', csrf).send({ email: { $ne: 1 }, password: ['x'] });
      expect([400, 401]).toContain(json.status);
    });
  });

  describe('session cookie', () => {
    it('is HttpOnly and SameSite=Lax, and not Secure over plain HTTP', async () => {
      const res = await t.http().get('/login').expect(200);
      const sid = cookieNamed(res, 'pt_sid');
      expect(sid).toBeDefined();
      expect(sid?.attributes.httponly).toBe(true);
      expect(String(sid?.attributes.samesite).toLowerCase()).toBe('lax');
      expect(sid?.attributes.secure).toBeUndefined();
    });

    it('does not trust X-Forwarded-Proto without TRUST_PROXY', async () => {
      const res = await t.http().get('/login').set('X-Forwarded-Proto', 'https').expect(200);
      expect(cookieNamed(res, 'pt_sid')?.attributes.secure).toBeUndefined();
    });

    it('changes the session id at login (no session fixation)', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      const page = await agent.get('/login').expect(200);
      const before = cookieNamed(page, 'pt_sid');
      expect(before).toBeDefined();
      const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: user.email, password: TEST_PASSWORD }).expect(303);
      const after = cookieNamed(res, 'pt_sid');
      expect(after).toBeDefined();
      expect(sessionIdOf(after!.value)).not.toBe(sessionIdOf(before!.value));

      // The pre-login cookie is not logged in; the new one is.
      await t.http().get('/').set('Cookie', `pt_sid=${before!.value}`).expect(303).expect('location', '/login?next=%2F');
      await t.http().get('/').set('Cookie', `pt_sid=${after!.value}`).expect(200);
      expect(await t.dataSource.getRepository(SessionEntity).existsBy({ id: sessionIdOf(before!.value) })).toBe(false);
    });

    it('logout destroys the session: the old cookie no longer works', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      const page = await agent.get('/login').expect(200);
      const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: user.email, password: TEST_PASSWORD }).expect(303);
      const cookie = `pt_sid=${cookieNamed(res, 'pt_sid')!.value}`;
      const sid = sessionIdOf(cookieNamed(res, 'pt_sid')!.value);
      await t.http().get('/api/v1/me').set('Cookie', cookie).expect(200);

      const home = await agent.get('/').expect(200);
      const out = await agent.post('/logout').type('form').send({ _csrf: csrfFrom(home.text) }).expect(303);
      expect(out.headers.location).toBe('/login');
      const cleared = cookieNamed(out, 'pt_sid');
      expect(cleared?.value ?? '').toBe('');

      expect(await t.dataSource.getRepository(SessionEntity).existsBy({ id: sid })).toBe(false);
      await t.http().get('/').set('Cookie', cookie).expect(303).expect('location', '/login?next=%2F');
      await t.http().get('/api/v1/me').set('Cookie', cookie).expect(401);
    });

    it('is Secure when the request arrives over TLS behind a trusted proxy', async () => {
      const tls = await createTestApp({ TRUST_PROXY: '1', LOGIN_RATE_PER_MINUTE: '1000' });
      try {
        const user = await createUser(tls, 'park_staff');
        const page = await tls.http().get('/login').set('X-Forwarded-Proto', 'https').expect(200);
        const first = cookieNamed(page, 'pt_sid');
        expect(first?.attributes.secure).toBe(true);
        expect(first?.attributes.httponly).toBe(true);
        expect(String(first?.attributes.samesite).toLowerCase()).toBe('lax');

        const res = await tls.http().post('/login').set('X-Forwarded-Proto', 'https').set('Cookie', `pt_sid=${first!.value}`)
          .type('form').send({ _csrf: csrfFrom(page.text), email: user.email, password: TEST_PASSWORD });
        expect(res.status).toBe(303);
        const sid = cookieNamed(res, 'pt_sid');
        expect(sid?.attributes.secure).toBe(true);
        expect(sid?.attributes.httponly).toBe(true);

        // The same app over plain HTTP hands out a cookie without Secure.
        const plain = await tls.http().get('/login').set('X-Forwarded-Proto', 'http').expect(200);
        expect(cookieNamed(plain, 'pt_sid')?.attributes.secure).toBeUndefined();
      } finally {
        await tls.close();
      }
    });
  });

  describe('CSRF', () => {
    it('refuses a password change without a token or with a wrong one, and changes nothing', async () => {
      const { user, browser } = await loginAs(t, 'park_staff');
      const before = (await users().findOneByOrFail({ id: user.id })).passwordHash;
      const body = { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };

      const none = await browser.agent.post('/account/password').type('form').send(body);
      expect(none.status).toBe(403);
      expect(none.text).toContain('表单已过期或来源无效');
      const wrong = await browser.agent.post('/account/password').type('form').send({ ...body, _csrf: 'a'.repeat(64) });
      expect(wrong.status).toBe(403);
      const header = await browser.agent.post('/account/password').set('x-csrf-token', 'nope').type('form').send(body);
      expect(header.status).toBe(403);

      expect((await users().findOneByOrFail({ id: user.id })).passwordHash).toBe(before);
      expect(await auditEntries(t, { action: 'user.changePassword', entityId: String(user.id) })).toHaveLength(0);
      // The session itself is still fine.
      await browser.agent.get('/').expect(200);
    });

    it("refuses another session's token", async () => {
      const { browser } = await loginAs(t, 'park_staff');
      const other = await anonymousBrowser(t);
      const res = await browser.agent.post('/tenants').type('form').send({ _csrf: other.csrf, uscc: testUscc(), name: '跨会话令牌有限公司' });
      expect(res.status).toBe(403);
    });

    it('refuses a tenant form without a valid token and accepts it with one', async () => {
      const { browser } = await loginAs(t, 'park_staff');
      const repo = t.dataSource.getRepository(TenantEntity);
      const form = (uscc: string, name: string) => ({ uscc, name, legalRepresentative: '张三', industry: '电子信息', building: 'A1', movedInAt: '2024-03-01' });

      const usccA = testUscc();
      const none = await browser.agent.post('/tenants').type('form').send(form(usccA, 'CSRF缺失有限公司'));
      expect(none.status).toBe(403);
      const wrong = await browser.agent.post('/tenants').type('form').send({ ...form(usccA, 'CSRF错误有限公司'), _csrf: `${browser.csrf}x` });
      expect(wrong.status).toBe(403);
      expect(await repo.existsBy({ uscc: usccA })).toBe(false);

      // Same form with the right token in each accepted place.
      const ok = await postForm(browser, '/tenants', form(usccA, 'CSRF正确有限公司'));
      expect(ok.status).toBe(303);
      expect(await repo.existsBy({ uscc: usccA })).toBe(true);
      const usccB = testUscc();
      await browser.agent.post('/tenants').set('x-csrf-token', browser.csrf).type('form').send(form(usccB, 'CSRF头有限公司')).expect(303);
      // Never in the URL: a token there lands in the address bar, the history and logs.
      const usccC = testUscc();
      await browser.agent.post(`/tenants?_csrf=${browser.csrf}`).type('form').send(form(usccC, 'CSRF查询有限公司')).expect(403);
      expect(await repo.existsBy({ uscc: usccC })).toBe(false);
    });

    it('protects login and logout too', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      await agent.get('/login').expect(200);
      const res = await agent.post('/login').type('form').send({ email: user.email, password: TEST_PASSWORD });
      expect(res.status).toBe(403);
      await agent.get('/').expect(303);

      const { browser } = await loginAs(t, 'park_staff');
      await browser.agent.post('/logout').type('form').send({}).expect(403);
      await browser.agent.get('/').expect(200);
    });

    it('does not skip CSRF for a Bearer header whose token authenticates nobody (login, logout)', async () => {
      const user = await createUser(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      await agent.get('/login').expect(200);
      for (const header of ['Bearer nonsense', 'Bearer pt_not-a-real-token', `Bearer pt_${'x'.repeat(43)}`]) {
        const res = await agent.post('/login').set('Authorization', header).type('form').send({ email: user.email, password: TEST_PASSWORD });
        expect({ header, status: res.status }).toEqual({ header, status: 403 });
      }
      await agent.get('/').expect(303);

      const { browser } = await loginAs(t, 'park_staff');
      await browser.agent.post('/logout').set('Authorization', 'Bearer nonsense').type('form').send({}).expect(403);
      await browser.agent.get('/').expect(200);
      // A token that does authenticate still needs no CSRF token.
      const token = await tokenFor(t, user.id);
      await t.http().post('/api/v1/notifications/read-all').set(bearer(token)).expect(200);
    });

    it('needs no CSRF token for the API with a Bearer token, but does with a session cookie', async () => {
      const staff = await createUser(t, 'park_staff');
      const token = await tokenFor(t, staff.id);
      const body = { uscc: testUscc(), name: 'API令牌有限公司', legalRepresentative: '李四', industry: '电子信息', building: 'B2', movedInAt: '2024-05-01' };
      const created = await t.http().post('/api/v1/tenants').set(bearer(token)).send(body).expect(201);
      expect(created.body).toEqual(expect.objectContaining({ uscc: body.uscc, name: body.name }));

      const { browser } = await loginAs(t, 'park_staff');
      const viaCookie = await browser.agent.post('/api/v1/tenants').send({ ...body, uscc: testUscc() });
      expect(viaCookie.status).toBe(403);
      expect(viaCookie.body).toEqual(expect.objectContaining({ statusCode: 403, error: 'csrf' }));
      const withHeader = await browser.agent.post('/api/v1/tenants').set('x-csrf-token', browser.csrf).send({ ...body, uscc: testUscc() });
      expect(withHeader.status).toBe(201);
    });
  });

  describe('change password', () => {
    const change = (b: Awaited<ReturnType<typeof loginAs>>['browser'], body: Record<string, string>) => postForm(b, '/account/password', body);

    it('refuses a wrong current password with the error beside that field', async () => {
      const { browser } = await loginAs(t, 'park_staff');
      const res = await change(browser, { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'currentPassword')).toBe('当前密码不正确。');
      expect(fieldError(res.text, 'newPassword')).toBeNull();
      expect(inputValue(res.text, 'currentPassword')).toBe('');
    });

    it('refuses a confirmation that does not match', async () => {
      const { browser } = await loginAs(t, 'park_staff');
      const res = await change(browser, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'confirmPassword')).toBe('两次输入的密码不一致。');
    });

    it('refuses a new password that is too short, and one equal to the current', async () => {
      const { browser } = await loginAs(t, 'park_staff');
      const short = await change(browser, { currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' });
      expect(short.status).toBe(400);
      expect(fieldError(short.text, 'newPassword')).toBe('至少 10 个字符。');
      const same = await change(browser, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
      expect(same.status).toBe(400);
      expect(fieldError(same.text, 'newPassword')).toBe('新密码不能与当前密码相同。');
    });

    it('keeps a usable CSRF token on the re-rendered form', async () => {
      const { browser } = await loginAs(t, 'park_staff');
      const failed = await change(browser, { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      expect(failed.status).toBe(400);
      const token = inputValue(failed.text, '_csrf');
      expect(token).toBe(browser.csrf);
    });

    it('changes the password: the old one stops working, the new one works, and it is audited', async () => {
      const { user, browser } = await loginAs(t, 'park_staff');
      const res = await change(browser, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/');
      const home = await browser.agent.get('/').expect(200);
      expect(home.text).toContain('密码已修改。');

      const row = await users().findOneByOrFail({ id: user.id });
      expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);
      expect((await submitLogin(request.agent(t.app.getHttpServer()), user.email, TEST_PASSWORD)).status).toBe(401);
      expect((await submitLogin(request.agent(t.app.getHttpServer()), user.email, NEW_PASSWORD)).status).toBe(303);
      const audit = await auditEntries(t, { action: 'user.changePassword', entityId: String(user.id) });
      expect(audit).toHaveLength(1);
      expect(await allAuditText(t)).not.toContain(row.passwordHash);
      expect(await allAuditText(t)).not.toContain(NEW_PASSWORD);
    });
  });

  describe('temporary passwords', () => {
    it('sends a user who must change the password to /account/password from every page until done', async () => {
      const tenant = await createTenant(t);
      const user = await createUserMustChange(t, 'admin');
      const agent = request.agent(t.app.getHttpServer());
      const res = await submitLogin(agent, user.email, TEST_PASSWORD, { next: '/tenants' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/account/password');

      for (const path of ['/', '/tenants', '/tenants/new', `/tenants/${tenant.id}`, '/admin/users', '/admin/departments', '/admin/audit']) {
        const page = await agent.get(path);
        expect({ path, status: page.status, location: page.headers.location }).toEqual({ path, status: 303, location: '/account/password' });
      }
      const api = await agent.get('/api/v1/me');
      expect(api.status).toBe(403);
      expect(api.body).toEqual(expect.objectContaining({ statusCode: 403, error: 'auth.mustChangePassword' }));

      const form = await agent.get('/account/password').expect(200);
      expect(form.text).toContain('您正在使用临时密码');
      const done = await agent.post('/account/password').type('form')
        .send({ _csrf: csrfFrom(form.text), currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      expect(done.status).toBe(303);
      await agent.get('/tenants').expect(200);
      await agent.get('/api/v1/me').expect(200);
      expect((await users().findOneByOrFail({ id: user.id })).mustChangePassword).toBe(false);
    });

    it('still lets such a user log out and switch language', async () => {
      const user = await createUserMustChange(t, 'park_staff');
      const agent = request.agent(t.app.getHttpServer());
      await submitLogin(agent, user.email, TEST_PASSWORD);
      await agent.get('/locale/en?next=/account/password').expect(303).expect('location', '/account/password');
      const form = await agent.get('/account/password').expect(200);
      expect(form.text).toContain('<html lang="en">');
      await agent.post('/logout').type('form').send({ _csrf: csrfFrom(form.text) }).expect(303).expect('location', '/login');
      await agent.get('/account/password').expect(303).expect('location', '/login?next=%2Faccount%2Fpassword');
    });
  });

  describe('disabled accounts', () => {
    it('cannot log in, with the same answer as a wrong password', async () => {
      const user = await createUser(t, 'park_staff');
      await t.get(UsersService).setActive(user.id, false, TEST_ACTOR);
      const res = await submitLogin(request.agent(t.app.getHttpServer()), user.email, TEST_PASSWORD);
      expect(res.status).toBe(401);
      expect(formError(res.text)).toBe('邮箱或密码不正确。');
    });

    it('loses an existing session as soon as the account is disabled', async () => {
      const { user, browser } = await loginAs(t, 'park_staff');
      await browser.agent.get('/').expect(200);
      await browser.agent.get('/api/v1/me').expect(200);
      await t.get(UsersService).setActive(user.id, false, TEST_ACTOR);
      await browser.agent.get('/').expect(303).expect('location', '/login?next=%2F');
      await browser.agent.get('/api/v1/me').expect(401);
      // Re-enabling does not revive the old session.
      await t.get(UsersService).setActive(user.id, true, TEST_ACTOR);
      await browser.agent.get('/').expect(303);
    });
  });

  describe('redirects after login', () => {
    it.each([
      ['/tenants', '/tenants'],
      ['/tenants?q=%E6%B5%8B&page=2', '/tenants?q=%E6%B5%8B&page=2'],
      ['//evil.example', '/'],
      ['//evil.example/path', '/'],
      ['https://evil.example', '/'],
      ['http://evil.example/login', '/'],
      ['/\\evil.example', '/'],
      ['\\\\evil.example', '/'],
      ['javascript:alert(1)', '/'],
      ['evil.example', '/'],
      ['', '/'],
    ])('next=%j → %s', async (next, expected) => {
      const user = await createUser(t, 'park_staff');
      const res = await submitLogin(request.agent(t.app.getHttpServer()), user.email, TEST_PASSWORD, { next });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(expected);
    });

    it('never turns a next with control characters into another host', async () => {
      const user = await createUser(t, 'park_staff');
      const res = await submitLogin(request.agent(t.app.getHttpServer()), user.email, TEST_PASSWORD, { next: '/\t/evil.example' });
      expect(res.status).toBe(303);
      const location = String(res.headers.location);
      expect(location.startsWith('/')).toBe(true);
      expect(location.replace(/[\t\n\r]/g, '').startsWith('//')).toBe(false);
      expect(location).not.toMatch(/[\t\n\r]/);
    });

    it('carries a local next through the login page and drops a foreign one', async () => {
      const local = await t.http().get('/login?next=%2Ftenants%3Fq%3Da').expect(200);
      expect(inputValue(local.text, 'next')).toBe('/tenants?q=a');
      const foreign = await t.http().get('/login?next=%2F%2Fevil.example').expect(200);
      expect(inputValue(foreign.text, 'next')).toBe('');
    });
  });

  describe('anonymous requests', () => {
    it.each(['/', '/tenants', '/tenants?q=a&page=2', '/admin/users', '/account/password'])('page %s → 303 to /login?next=…', async (path) => {
      const res = await t.http().get(path).expect(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    });

    it.each(['/api/v1/me', '/api/v1/tenants', '/api/v1/tenants/1'])('API %s → 401 JSON', async (path) => {
      const res = await t.http().get(path).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toEqual({ statusCode: 401, error: 'unauthenticated', message: '请先登录。' });
    });

    it('answers a page that asks for JSON with 401 JSON, not a redirect', async () => {
      const res = await t.http().get('/tenants').set('Accept', 'application/json').expect(401);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 401 }));
    });

    it('answers an API write without credentials with 401, not a CSRF error', async () => {
      const res = await t.http().post('/api/v1/tenants').send({ uscc: testUscc(), name: '匿名有限公司' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 401, error: 'unauthenticated' }));
    });
  });
});

describe('per-IP login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the 4th POST /login within a minute with 429, even with the right password', async () => {
    const user = await createUser(t, 'park_staff');
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login').expect(200);
    const csrf = csrfFrom(page.text);
    for (let i = 0; i < 3; i++) {
      const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    const fourth = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: TEST_PASSWORD });
    expect(fourth.status).toBe(429);
    expect(formError(fourth.text)).toBe('请求过于频繁，请稍后再试。');
    expect(inputValue(fourth.text, 'email')).toBe(user.email);
    // Not logged in, and the page itself is still served.
    await agent.get('/').expect(303);
    await agent.get('/login').expect(200);
  });
});
