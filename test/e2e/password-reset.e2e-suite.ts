import request from 'supertest';
import { PasswordResetTokenEntity } from '../../src/accounts/entities/password-reset-token.entity.js';
import { SessionEntity } from '../../src/accounts/entities/session.entity.js';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { allAuditText, auditEntries, fieldError, formError, submitLogin, type Agent } from '../support/http-helpers.js';
import { waitFor, waitForOutbox } from '../support/outbox-helpers.js';
import { createTestApp, createUser, csrfFrom, login, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

const NEW_PASSWORD = 'Reset-Secret-2026!';

describe('forgot password: a single-use, expiring link by e-mail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000', PASSWORD_RESET_MINUTES: '30' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const tokens = () => t.dataSource.getRepository(PasswordResetTokenEntity);
  const outbox = () => t.dataSource.getRepository(OutboxMessageEntity);

  async function ask(agent: Agent, email: string) {
    const page = await agent.get('/account/forgot').expect(200);
    return agent.post('/account/forgot').type('form').send({ _csrf: csrfFrom(page.text), email });
  }

  /** The link of the newest reset mail to `email`, as the recipient would click it. */
  async function linkFor(email: string, after = 0): Promise<string> {
    const row = await waitFor(`a reset mail to ${email}`, async () => {
      const rows = await outbox().find({ where: { recipient: email, template: 'password-reset-link' }, order: { id: 'DESC' } });
      return rows.find((r) => r.id > after) ?? null;
    });
    // The message renders (both bodies, strictly) and is sent.
    await waitForOutbox(t, row.id, 'sent');
    const params = JSON.parse(row.params) as { resetPath: string };
    return params.resetPath;
  }

  async function lastMailId(email: string): Promise<number> {
    const rows = await outbox().find({ where: { recipient: email }, order: { id: 'DESC' }, take: 1 });
    return rows[0]?.id ?? 0;
  }

  it('links to forgot password and /verify from the login page, without the README hint', async () => {
    const page = await t.http().get('/login').expect(200);
    expect(page.text).toContain('href="/account/forgot"');
    expect(page.text).toContain('href="/verify"');
    expect(page.text).not.toContain('README');
  });

  it('answers the same for an account, an unknown e-mail and a disabled account; mails only the account', async () => {
    const user = await createUser(t, 'park_staff');
    const before = await outbox().countBy({ template: 'password-reset-link' });
    const agent = request.agent(t.app.getHttpServer());
    const known = await ask(agent, user.email.toUpperCase());
    expect(known.status).toBe(303);
    expect(known.headers.location).toBe('/account/forgot');
    const shownKnown = (await agent.get('/account/forgot').expect(200)).text;

    const other = request.agent(t.app.getHttpServer());
    const unknown = await ask(other, 'nobody.here@test.parktrust.cn');
    expect(unknown.status).toBe(303);
    expect(unknown.headers.location).toBe('/account/forgot');
    const shownUnknown = (await other.get('/account/forgot').expect(200)).text;
    const sent = /<div class="flash flash-success"[^>]*>([^<]*)<\/div>/;
    expect(sent.exec(shownKnown)?.[1]).toContain('30 分钟');
    expect(sent.exec(shownUnknown)?.[1]).toBe(sent.exec(shownKnown)?.[1]);

    const disabled = await createUser(t, 'park_staff');
    await t.dataSource.getRepository(UserEntity).update({ id: disabled.id }, { active: false });
    const third = request.agent(t.app.getHttpServer());
    const off = await ask(third, disabled.email);
    expect(off.status).toBe(303);
    expect(sent.exec((await third.get('/account/forgot').expect(200)).text)?.[1]).toBe(sent.exec(shownKnown)?.[1]);

    await linkFor(user.email);
    expect(await outbox().countBy({ template: 'password-reset-link' })).toBe(before + 1);
    // Only the hash is stored, and nothing goes on the bell.
    const row = await tokens().findOneByOrFail({ userId: user.id });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: user.id, template: 'password-reset-link' })).toBe(0);
  });

  it('refuses a malformed e-mail with a field error and sends nothing', async () => {
    const before = await outbox().count();
    const agent = request.agent(t.app.getHttpServer());
    const res = await ask(agent, 'not-an-address');
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'email')).toBeTruthy();
    expect(await outbox().count()).toBe(before);
  });

  it('sets a new password once: token out of the URL, no Referer, other sessions end, audited', async () => {
    const user = await createUser(t, 'park_staff');
    const elsewhere = await login(t, user.email);
    const agent = request.agent(t.app.getHttpServer());
    expect((await ask(agent, user.email)).status).toBe(303);
    const link = await linkFor(user.email);
    const token = /token=([A-Za-z0-9_-]+)/.exec(link)![1];
    expect(token.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
    expect(await allAuditText(t)).not.toContain(token);
    expect(JSON.stringify(await tokens().find())).not.toContain(token);

    // The link moves the token into the session and goes on to a token-free address.
    const browser = request.agent(t.app.getHttpServer());
    const open = await browser.get(link).expect(303);
    expect(open.headers.location).toBe('/account/reset');
    expect(open.headers['referrer-policy']).toBe('no-referrer');
    const form = await browser.get('/account/reset').expect(200);
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(form.text).toContain('name="newPassword"');
    expect(form.text).not.toContain(token);
    const sessions = await t.dataSource.getRepository(SessionEntity).find();
    expect(JSON.stringify(sessions)).not.toContain(token);

    // The password rules hold, and a mismatch changes nothing.
    const csrf = csrfFrom(form.text);
    const short = await browser.post('/account/reset').type('form').send({ _csrf: csrf, newPassword: 'short', confirmPassword: 'short' }).expect(400);
    expect(fieldError(short.text, 'newPassword')).toBeTruthy();
    const mismatch = await browser.post('/account/reset').type('form').send({ _csrf: csrf, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}x` }).expect(400);
    expect(fieldError(mismatch.text, 'confirmPassword')).toBeTruthy();
    expect(await tokens().countBy({ userId: user.id })).toBe(1);

    const done = await browser.post('/account/reset').type('form').send({ _csrf: csrf, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).expect(303);
    expect(done.headers.location).toBe('/login');
    expect(await tokens().countBy({ userId: user.id })).toBe(0);
    // The other session ended; the new password works, the old one does not.
    expect((await elsewhere.agent.get('/conventions').expect(303)).headers.location).toMatch(/^\/login/);
    expect((await submitLogin(request.agent(t.app.getHttpServer()), user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await submitLogin(request.agent(t.app.getHttpServer()), user.email, NEW_PASSWORD)).status).toBe(303);
    const audit = await auditEntries(t, { action: 'user.resetPasswordByLink', entityId: String(user.id) });
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(user.id);

    // Single use: the same link again is refused and changes nothing.
    const again = request.agent(t.app.getHttpServer());
    await again.get(link).expect(303);
    const stale = await again.get('/account/reset').expect(200);
    expect(stale.text).not.toContain('name="newPassword"');
    expect(formError(stale.text)).toContain('无效');
    const replay = await again.post('/account/reset').type('form').send({ _csrf: csrfFrom((await again.get('/account/forgot')).text), newPassword: 'Another-Secret-99', confirmPassword: 'Another-Secret-99' }).expect(400);
    expect(formError(replay.text)).toContain('无效');
    expect((await submitLogin(request.agent(t.app.getHttpServer()), user.email, NEW_PASSWORD)).status).toBe(303);
  });

  it('a newer request invalidates the older link; an expired link does nothing', async () => {
    const user = await createUser(t, 'park_staff');
    const agent = request.agent(t.app.getHttpServer());
    expect((await ask(agent, user.email)).status).toBe(303);
    const first = await linkFor(user.email);
    // Past the resend pause, a second request replaces the first link.
    await tokens().update({ userId: user.id }, { createdAt: String(Date.now() - 120_000) });
    const mark = await lastMailId(user.email);
    expect((await ask(agent, user.email)).status).toBe(303);
    const second = await linkFor(user.email, mark);
    expect(second).not.toBe(first);

    const old = request.agent(t.app.getHttpServer());
    await old.get(first).expect(303);
    expect((await old.get('/account/reset').expect(200)).text).not.toContain('name="newPassword"');

    await tokens().update({ userId: user.id }, { expiresAt: String(Date.now() - 1) });
    const late = request.agent(t.app.getHttpServer());
    await late.get(second).expect(303);
    const page = await late.get('/account/reset').expect(200);
    expect(page.text).not.toContain('name="newPassword"');
    const post = await late.post('/account/reset').type('form').send({ _csrf: csrfFrom((await late.get('/account/forgot')).text), newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).expect(400);
    expect(formError(post.text)).toContain('无效');
    expect((await submitLogin(request.agent(t.app.getHttpServer()), user.email, TEST_PASSWORD)).status).toBe(303);
  });

  it('sends at most one mail a minute per account', async () => {
    const user = await createUser(t, 'park_staff');
    const agent = request.agent(t.app.getHttpServer());
    expect((await ask(agent, user.email)).status).toBe(303);
    await linkFor(user.email);
    const count = await outbox().countBy({ recipient: user.email });
    expect((await ask(agent, user.email)).status).toBe(303);
    expect(await outbox().countBy({ recipient: user.email })).toBe(count);
  });

  it('is rate limited per address like the login', async () => {
    const limited = await createTestApp({ LOGIN_RATE_PER_MINUTE: '2' });
    try {
      const agent = request.agent(limited.app.getHttpServer());
      const page = await agent.get('/account/forgot').expect(200);
      const csrf = csrfFrom(page.text);
      for (let i = 0; i < 2; i++) await agent.post('/account/forgot').type('form').send({ _csrf: csrf, email: 'a@test.parktrust.cn' }).expect(303);
      const third = await agent.post('/account/forgot').type('form').send({ _csrf: csrf, email: 'a@test.parktrust.cn' }).expect(429);
      expect(formError(third.text)).toBeTruthy();
    } finally {
      await limited.close();
    }
  });
});
