import { createHash } from 'node:crypto';
import { ApiTokenEntity } from '../../src/accounts/entities/api-token.entity.js';
import { SessionEntity } from '../../src/accounts/entities/session.entity.js';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { allAuditText, auditEntries, bearer, fieldError, inputValue, loginAs, postForm } from '../support/http-helpers.js';

const TOKEN_ON_PAGE = /<code class="token" id="new-token">([^<]+)<\/code>/;

describe('API tokens', () => {
  let t: TestApp;
  let admin: UserEntity;
  let browser: Browser;
  let ownTenant: Awaited<ReturnType<typeof createTenant>>;
  let otherTenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    ({ user: admin, browser } = await loginAs(t, 'admin'));
    ownTenant = await createTenant(t, { name: '令牌本企业有限公司' });
    otherTenant = await createTenant(t, { name: '令牌他企业有限公司' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const tokens = () => t.dataSource.getRepository(ApiTokenEntity);

  /** Issues a token on the admin's user page and returns it as shown there. */
  async function issueOnPage(userId: number, label = '集成系统') {
    const res = await postForm(browser, `/admin/users/${userId}/tokens`, { label });
    // The page that shows the new token is a rendered response to the POST: 200.
    expect(res.status).toBe(200);
    const match = TOKEN_ON_PAGE.exec(res.text);
    if (!match) throw new Error('no token on the page');
    return { token: match[1], res };
  }

  it('is shown once on the user page, stored only as its SHA-256, and audited without the secret', async () => {
    const officer = await createUser(t, 'tenant_officer', { tenantId: ownTenant.id });
    const { token, res } = await issueOnPage(officer.id, 'ERP 对接');
    expect(token).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('新令牌（只显示这一次，请立即复制保存）');
    expect(res.text.split(token).length - 1).toBe(1);

    const again = await browser.agent.get(`/admin/users/${officer.id}`).expect(200);
    expect(again.text).not.toContain(token);
    expect(again.text).not.toMatch(TOKEN_ON_PAGE);
    expect(again.text).toContain('ERP 对接');
    expect(again.text).toContain(`<code>${token.slice(0, 10)}…</code>`);

    const rows = await tokens().findBy({ userId: officer.id });
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.tokenHash).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
    expect(row.prefix).toBe(token.slice(0, 10));
    expect(row.createdById).toBe(admin.id);
    // No column of the stored row holds the token (raw SQL, so nothing is hidden by the entity).
    const raw = await t.dataSource.query('SELECT * FROM api_tokens WHERE id = ?', [row.id]);
    expect(JSON.stringify(raw)).not.toContain(token);
    expect(JSON.stringify(raw)).not.toContain(token.slice(10));
    // Not in the session store nor in the audit log either.
    const sessions = await t.dataSource.getRepository(SessionEntity).find();
    expect(JSON.stringify(sessions)).not.toContain(token.slice(10));
    expect(await allAuditText(t)).not.toContain(token.slice(10));
    const audit = await auditEntries(t, { action: 'token.issue', entityType: 'api_token', entityId: String(row.id) });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after as string)).toEqual({ userId: officer.id, label: 'ERP 对接', prefix: row.prefix });
  });

  it('keeps a working CSRF token on the page that shows the new token', async () => {
    const staff = await createUser(t, 'park_staff');
    const { res } = await issueOnPage(staff.id, '页面令牌');
    // The revoke form on this very page must be usable.
    expect(inputValue(res.text, '_csrf')).toBe(browser.csrf);
  });

  it("acts as its user on /api/v1/me, with that user's role and tenant scope", async () => {
    const officer = await createUser(t, 'tenant_officer', { tenantId: ownTenant.id });
    const { token } = await issueOnPage(officer.id);
    const me = await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
    expect(me.body).toEqual({
      id: officer.id, email: officer.email, name: officer.name, role: 'tenant_officer',
      tenantId: ownTenant.id, departmentId: null, institutionId: null,
    });

    const list = await t.http().get('/api/v1/tenants').set(bearer(token)).expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([ownTenant.id]);
    expect(list.body.total).toBe(1);
    await t.http().get(`/api/v1/tenants/${ownTenant.id}`).set(bearer(token)).expect(200);
    const other = await t.http().get(`/api/v1/tenants/${otherTenant.id}`).set(bearer(token)).expect(404);
    expect(JSON.stringify(other.body)).not.toContain(otherTenant.name);
    await t.http().post('/api/v1/tenants').set(bearer(token)).send({}).expect(403);
  });

  it("gives a regulator's token the regulator's view", async () => {
    const regulator = await createUser(t, 'regulator');
    const { token } = await issueOnPage(regulator.id);
    const me = await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
    expect(me.body).toEqual(expect.objectContaining({ role: 'regulator', departmentId: regulator.departmentId, tenantId: null }));
    const list = await t.http().get('/api/v1/tenants?pageSize=100').set(bearer(token)).expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([ownTenant.id, otherTenant.id]));
    await t.http().patch(`/api/v1/tenants/${ownTenant.id}`).set(bearer(token)).send({ contactPhone: '123' }).expect(403);
  });

  it('shows the last-used time on the user page after use', async () => {
    const staff = await createUser(t, 'park_staff');
    const { token } = await issueOnPage(staff.id, '最近使用测试');
    const before = await browser.agent.get(`/admin/users/${staff.id}`).expect(200);
    expect(before.text).toContain('从未使用');
    expect((await tokens().findOneByOrFail({ userId: staff.id })).lastUsedAt).toBeNull();

    await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
    // The last use is written beside the call, not waited for by it: give the write a moment.
    let row = await tokens().findOneByOrFail({ userId: staff.id });
    for (let i = 0; i < 40 && !row.lastUsedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      row = await tokens().findOneByOrFail({ userId: staff.id });
    }
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    expect(Math.abs(row.lastUsedAt!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    const after = await browser.agent.get(`/admin/users/${staff.id}`).expect(200);
    expect(after.text).not.toContain('从未使用');
    const year = String(new Date().getFullYear());
    const lastUsedCell = after.text.split('最近使用测试</td>')[1]?.split('</tr>')[0] ?? '';
    expect(lastUsedCell).toContain(year);
  });

  it('stops working once revoked (401), and revoking is audited once', async () => {
    const staff = await createUser(t, 'park_staff');
    const { token } = await issueOnPage(staff.id);
    await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
    const row = await tokens().findOneByOrFail({ userId: staff.id });

    const res = await postForm(browser, `/admin/users/${staff.id}/tokens/${row.id}/revoke`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/users/${staff.id}`);
    const page = await browser.agent.get(`/admin/users/${staff.id}`).expect(200);
    expect(page.text).toContain('令牌已吊销。');
    expect(page.text).toContain('已吊销');
    expect(page.text).not.toContain(`/tokens/${row.id}/revoke`);

    const denied = await t.http().get('/api/v1/me').set(bearer(token)).expect(401);
    expect(denied.body).toEqual(expect.objectContaining({ statusCode: 401, error: 'unauthenticated' }));
    expect((await tokens().findOneByOrFail({ id: row.id })).revokedAt).toBeInstanceOf(Date);

    await postForm(browser, `/admin/users/${staff.id}/tokens/${row.id}/revoke`).expect(303);
    expect(await auditEntries(t, { action: 'token.revoke', entityId: String(row.id) })).toHaveLength(1);
  });

  it("refuses to revoke a token through another user's page", async () => {
    const a = await createUser(t, 'park_staff');
    const b = await createUser(t, 'park_staff');
    const { token } = await issueOnPage(a.id);
    const row = await tokens().findOneByOrFail({ userId: a.id });
    await postForm(browser, `/admin/users/${b.id}/tokens/${row.id}/revoke`).expect(404);
    await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
  });

  it('is refused (401) while its user is disabled', async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
    await t.get(UsersService).setActive(staff.id, false, TEST_ACTOR);
    await t.http().get('/api/v1/me').set(bearer(token)).expect(401);
    await t.http().get('/api/v1/tenants').set(bearer(token)).expect(401);
    await t.http().post('/api/v1/tenants').set(bearer(token)).send({}).expect(401);
    await t.get(UsersService).setActive(staff.id, true, TEST_ACTOR);
    await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
  });

  it('is not subject to the temporary-password redirect of pages', async () => {
    const staff = await createUser(t, 'park_staff');
    const token = await tokenFor(t, staff.id);
    await t.get(UsersService).resetPassword(staff.id, 'Temporary-Pass-77', TEST_ACTOR);
    await t.http().get('/api/v1/me').set(bearer(token)).expect(200);
  });

  it('needs a label, and only an existing user gets one', async () => {
    const staff = await createUser(t, 'park_staff');
    const res = await postForm(browser, `/admin/users/${staff.id}/tokens`, { label: '   ' });
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'label')).not.toBeNull();
    expect(res.text).not.toMatch(TOKEN_ON_PAGE);
    expect(await tokens().countBy({ userId: staff.id })).toBe(0);
    await postForm(browser, '/admin/users/999999/tokens', { label: 'x' }).expect(404);
  });

  it('can be issued only by an admin', async () => {
    const target = await createUser(t, 'park_staff');
    const { browser: staff } = await loginAs(t, 'park_staff');
    const res = await postForm(staff, `/admin/users/${target.id}/tokens`, { label: 'self-service' });
    expect(res.status).toBe(403);
    expect(res.text).not.toMatch(TOKEN_ON_PAGE);
    expect(await tokens().countBy({ userId: target.id })).toBe(0);
    const staffToken = await tokenFor(t, (await createUser(t, 'park_staff')).id);
    await t.http().post(`/admin/users/${target.id}/tokens`).set(bearer(staffToken)).send({ label: 'via api' }).expect(403);
    expect(await tokens().countBy({ userId: target.id })).toBe(0);
  });

  describe('malformed Authorization headers', () => {
    let token: string;
    beforeAll(async () => {
      token = await tokenFor(t, (await createUser(t, 'park_staff')).id);
    });

    it.each<[string, (tok: string) => string]>([
      ['empty Bearer', () => 'Bearer'],
      ['Bearer and spaces', () => 'Bearer    '],
      ['Basic credentials', () => 'Basic dXNlcjpwYXNzd29yZA=='],
      ['another scheme with the token', (tok) => `Token ${tok}`],
      ['the token without a scheme', (tok) => tok],
      ['two tokens', (tok) => `Bearer ${tok} ${tok}`],
      ['a truncated token', (tok) => `Bearer ${tok.slice(0, -1)}`],
      ['an extended token', (tok) => `Bearer ${tok}x`],
      ['a changed character', (tok) => `Bearer ${tok.slice(0, -1)}${tok.endsWith('A') ? 'B' : 'A'}`],
      ['only the prefix', () => 'Bearer pt_'],
      ['no pt_ prefix', (tok) => `Bearer ${tok.slice(3)}`],
      ['an oversized token', () => `Bearer pt_${'a'.repeat(5000)}`],
      ['SQL in the token', () => "Bearer pt_' OR '1'='1"],
      ['the token hash instead of the token', (tok) => `Bearer ${createHash('sha256').update(tok).digest('hex')}`],
    ])('%s → 401 JSON', async (_label, header) => {
      const res = await t.http().get('/api/v1/me').set('Authorization', header(token));
      expect(res.status).toBe(401);
      expect(res.body).toEqual(expect.objectContaining({ statusCode: 401, error: 'unauthenticated' }));
    });

    it('accepts the scheme in any case (RFC 7235) and surrounding whitespace between scheme and token', async () => {
      await t.http().get('/api/v1/me').set('Authorization', `bearer ${token}`).expect(200);
      await t.http().get('/api/v1/me').set('Authorization', `BEARER   ${token}`).expect(200);
    });

    it('does not let a bad token fall back to a valid session cookie', async () => {
      const { browser: staff } = await loginAs(t, 'park_staff');
      await staff.agent.get('/api/v1/me').expect(200);
      await staff.agent.get('/api/v1/me').set('Authorization', 'Bearer pt_wrong').expect(401);
    });
  });
});
