import { ApiTokenEntity } from '../../src/accounts/entities/api-token.entity.js';
import { SessionEntity } from '../../src/accounts/entities/session.entity.js';
import { ApiTokensService, TOKEN_CACHE_TTL_MS } from '../../src/accounts/api-tokens.service.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { createTestApp, createUser, TEST_ACTOR, TEST_PASSWORD, tokenFor, type TestApp } from '../support/test-app.js';
import { bearer, loginAs } from '../support/http-helpers.js';

/**
 * Tokens are resolved from a short in-process cache (≤ 5 s): a change made in this process takes effect on
 * the next call, one made elsewhere (raw SQL here, standing in for another process) within the TTL. Bearer
 * API calls get no session.
 */
describe('API tokens: the resolved-token cache and the session-free API path', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const me = (token: string) => t.http().get('/api/v1/me').set(bearer(token));
  const tokenRow = (userId: number) => t.dataSource.getRepository(ApiTokenEntity).findOneByOrFail({ userId });

  it('a token revoked in this process is refused on the very next call', async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    await me(token).expect(200);
    await me(token).expect(200);
    await t.get(ApiTokensService).revoke(staff.id, (await tokenRow(staff.id)).id, TEST_ACTOR);
    await me(token).expect(401);
    await t.http().post('/api/v1/joint-checks').set(bearer(token)).send({}).expect(401);
  });

  it("a user's new role and deactivation apply to their token on the next call", async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    expect((await me(token).expect(200)).body.role).toBe('park_staff');
    await t.get(UsersService).update(staff.id, { name: staff.name, role: 'admin' }, TEST_ACTOR);
    expect((await me(token).expect(200)).body.role).toBe('admin');
    await t.get(UsersService).setActive(staff.id, false, TEST_ACTOR);
    await me(token).expect(401);
  });

  it('a password change that revokes the tokens applies at once', async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    await me(token).expect(200);
    const done = await t.get(UsersService).changePassword(staff.id, TEST_PASSWORD, 'Another-Passw0rd-42!', TEST_ACTOR, { keepSessionId: null, revokeTokens: true });
    expect(done.tokensRevoked).toBe(1);
    await me(token).expect(401);
  });

  it(`a change made outside this process (raw SQL) shows within the cache's ${TOKEN_CACHE_TTL_MS / 1000} s`, async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    const cachedAt = Date.now();
    await me(token).expect(200);
    await t.dataSource.query('UPDATE api_tokens SET revokedAt = ? WHERE userId = ?', ['2026-01-01 00:00:00', staff.id]);
    const stale = await me(token);
    // Still cached here, as it would be in a second web process until its entry expires.
    if (Date.now() - cachedAt < TOKEN_CACHE_TTL_MS - 1000) expect(stale.status).toBe(200);
    await new Promise((r) => setTimeout(r, TOKEN_CACHE_TTL_MS + 100));
    await me(token).expect(401);
  }, 20_000);

  it('a bearer API call reads and writes no session, even alongside a session cookie', async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    const sessions = () => t.dataSource.getRepository(SessionEntity).count();
    const before = await sessions();
    const res = await me(token).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const { browser } = await loginAs(t, 'park_staff');
    const after = await sessions();
    expect(after).toBe(before + 1);
    // The cookie does not matter to a bearer call: it acts as the token's user, and touches no session.
    const withCookie = await browser.agent.get('/api/v1/me').set(bearer(token)).expect(200);
    expect(withCookie.body.id).toBe(staff.id);
    expect(withCookie.headers['set-cookie']).toBeUndefined();
    expect(await sessions()).toBe(after);
    // A write with a token that does not authenticate gets no benefit from the session either.
    await browser.agent.post('/api/v1/joint-checks').set(bearer('pt_not-a-real-token')).send({}).expect(401);
  });
});
