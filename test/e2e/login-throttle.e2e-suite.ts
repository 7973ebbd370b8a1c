import { jest } from '@jest/globals';
import request from 'supertest';
import { PasswordHasher } from '../../src/accounts/password-hasher.js';
import { PruneSessionsJob } from '../../src/accounts/jobs/prune-sessions.job.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { createTestApp, createUser, csrfFrom, TEST_ACTOR, TEST_PASSWORD, type TestApp } from '../support/test-app.js';
import { formError, inputValue, uniqueEmail } from '../support/http-helpers.js';

/**
 * Failed logins are throttled with backoff per e-mail from one address, per e-mail and per address
 * (LOGIN_MAX_ATTEMPTS = 5 free failures for one e-mail from one address); nothing is locked, and an
 * unknown e-mail is answered exactly like an account. The app trusts one proxy so that tests can
 * speak from several addresses; the clock is held still so that waits are exact.
 */
describe('login throttling', () => {
  let t: TestApp;
  let clock: number;
  let spy: ReturnType<typeof jest.spyOn>;
  let address = 0;

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1', LOGIN_RATE_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    clock = Date.now();
    spy = jest.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(() => {
    spy.mockRestore();
  });

  /** A fresh client address, so one test's failures do not count against another's. */
  const newAddress = () => `198.51.100.${++address}`;

  async function attempt(email: string, password: string, from: string) {
    const agent = request.agent(t.app.getHttpServer());
    const page = await agent.get('/login').set('X-Forwarded-For', from).expect(200);
    const res = await agent.post('/login').set('X-Forwarded-For', from).type('form').send({ _csrf: csrfFrom(page.text), email, password });
    return { status: res.status, error: formError(res.text), retryAfter: res.headers['retry-after'] as string | undefined, text: res.text, agent };
  }

  it('answers an existing and an unknown e-mail the same, attempt after attempt, checking a password hash for both', async () => {
    const user = await createUser(t, 'admin');
    const unknown = uniqueEmail('nobody');
    const verify = jest.spyOn(t.get(PasswordHasher), 'verify');
    const run = async (email: string) => {
      const from = newAddress();
      const seen: string[] = [];
      for (let i = 1; i <= 8; i++) {
        verify.mockClear();
        const r = await attempt(email, `wrong-${i}`, from);
        seen.push(`${r.status} ${r.error} retry-after=${r.retryAfter ?? '-'} hashes=${verify.mock.calls.length}`);
        expect(inputValue(r.text, 'email')).toBe(email);
      }
      return seen;
    };
    try {
      const existing = await run(user.email);
      const missing = await run(unknown);
      expect(missing).toEqual(existing);
      expect(existing).toEqual([
        ...Array.from({ length: 6 }, () => '401 邮箱或密码不正确。 retry-after=- hashes=1'),
        // The 6th failure set a 1-second wait; the clock stands still, so the next attempts are not checked at all.
        '429 登录失败次数过多，请 1 秒后再试。 retry-after=1 hashes=0',
        '429 登录失败次数过多，请 1 秒后再试。 retry-after=1 hashes=0',
      ]);
      expect(existing.join()).not.toContain('锁定');
    } finally {
      verify.mockRestore();
    }
  });

  it('lets the real user in from another address while a stranger waits, even for the admin account', async () => {
    const admin = await createUser(t, 'admin');
    const stranger = newAddress();
    for (let i = 1; i <= 6; i++) expect((await attempt(admin.email, `guess-${i}`, stranger)).status).toBe(401);
    // The stranger, even with the right password, must wait; the admin at their own desk gets in.
    expect((await attempt(admin.email, TEST_PASSWORD, stranger)).status).toBe(429);
    const real = await attempt(admin.email, TEST_PASSWORD, newAddress());
    expect(real.status).toBe(303);
    await real.agent.get('/admin/users').expect(200);
  });

  it('doubles the wait with each further failure, up to LOGIN_BACKOFF_MAX_MINUTES, and checks again once the wait is over', async () => {
    const user = await createUser(t, 'park_staff');
    const from = newAddress();
    for (let i = 1; i <= 6; i++) await attempt(user.email, `wrong-${i}`, from);
    const waits: string[] = [];
    for (let i = 0; i < 12; i++) {
      const blocked = await attempt(user.email, 'wrong-again', from);
      expect(blocked.status).toBe(429);
      waits.push(blocked.retryAfter as string);
      clock += Number(blocked.retryAfter) * 1000;
      expect((await attempt(user.email, 'wrong-again', from)).status).toBe(401);
    }
    expect(waits).toEqual(['1', '2', '4', '8', '16', '32', '64', '128', '256', '512', '900', '900']);
    const capped = await attempt(user.email, TEST_PASSWORD, from);
    expect(capped.status).toBe(429);
    expect(capped.error).toBe('登录失败次数过多，请 15 分钟后再试。');
    // After the wait, the right password works.
    clock += 900_000;
    expect((await attempt(user.email, TEST_PASSWORD, from)).status).toBe(303);
  });

  it("a successful login clears the e-mail's counters", async () => {
    const user = await createUser(t, 'park_staff');
    const from = newAddress();
    for (let i = 1; i <= 5; i++) expect((await attempt(user.email, `wrong-${i}`, from)).status).toBe(401);
    expect((await attempt(user.email, TEST_PASSWORD, from)).status).toBe(303);
    // Five free failures again, then the sixth sets the first wait.
    for (let i = 1; i <= 6; i++) expect((await attempt(user.email, `wrong-${i}`, from)).status).toBe(401);
    expect((await attempt(user.email, 'wrong-7', from)).status).toBe(429);
  });

  it('throttles one address trying many e-mails, past four times LOGIN_MAX_ATTEMPTS', async () => {
    const from = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await attempt(uniqueEmail('spray'), 'Spring2026!', from)).status);
    expect(statuses).toEqual([...Array(21).fill(401), 429]);
    // Another address is not affected.
    expect((await attempt(uniqueEmail('spray'), 'Spring2026!', newAddress())).status).toBe(401);
  });

  it('throttles one e-mail tried from many addresses, past four times LOGIN_MAX_ATTEMPTS', async () => {
    const user = await createUser(t, 'park_staff');
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await attempt(user.email, `wrong-${i}`, newAddress())).status);
    expect(statuses).toEqual([...Array(21).fill(401), 429]);
  });

  it('an admin resetting the password, or enabling the account, clears its counters', async () => {
    const user = await createUser(t, 'park_staff');
    const from = newAddress();
    for (let i = 1; i <= 6; i++) await attempt(user.email, `wrong-${i}`, from);
    expect((await attempt(user.email, TEST_PASSWORD, from)).status).toBe(429);
    await t.get(UsersService).resetPassword(user.id, 'Temporary-Secret-1', TEST_ACTOR);
    expect((await attempt(user.email, 'Temporary-Secret-1', from)).status).toBe(303);

    const other = await createUser(t, 'park_staff');
    for (let i = 1; i <= 6; i++) await attempt(other.email, `wrong-${i}`, from);
    await t.get(UsersService).setActive(other.id, false, TEST_ACTOR);
    await t.get(UsersService).setActive(other.id, true, TEST_ACTOR);
    expect((await attempt(other.email, TEST_PASSWORD, from)).status).toBe(303);
  });

  it('the maintenance job deletes counters once they neither block nor count', async () => {
    const from = newAddress();
    await attempt(uniqueEmail('stale'), 'whatever-1', from);
    const count = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM login_throttles'))[0].n);
    expect(await count()).toBeGreaterThanOrEqual(3);
    clock += 25 * 3_600_000;
    await t.get(PruneSessionsJob).run();
    expect(await count()).toBe(0);
  });
});
