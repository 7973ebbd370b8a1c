import request from 'supertest';
import type { Role } from '../../src/accounts/domain/roles.js';
import { DepartmentEntity } from '../../src/accounts/entities/department.entity.js';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { LoginThrottleService } from '../../src/accounts/login-throttle.service.js';
import { createTenant, createTestApp, createUser, TEST_PASSWORD, type Browser, type TestApp } from '../support/test-app.js';
import {
  allAuditText, auditEntries, fieldError, formError, inputValue, loginAs, postForm, submitLogin, uniqueEmail,
} from '../support/http-helpers.js';

const INITIAL_PASSWORD = 'Initial-Password-1';
const TEMP_PASSWORD = 'Temporary-Pass-77';

describe('accounts administration (admin pages)', () => {
  let t: TestApp;
  let admin: UserEntity;
  let browser: Browser;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let department: DepartmentEntity;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    ({ user: admin, browser } = await loginAs(t, 'admin'));
    tenant = await createTenant(t, { name: '用户管理测试有限公司' });
    department = await t.dataSource.getRepository(DepartmentEntity).findOneOrFail({ where: { active: true }, order: { id: 'ASC' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const users = () => t.dataSource.getRepository(UserEntity);
  const departments = () => t.dataSource.getRepository(DepartmentEntity);
  const loginStatus = async (email: string, password: string) => {
    const agent = request.agent(t.app.getHttpServer());
    const res = await submitLogin(agent, email, password);
    return { status: res.status, location: res.headers.location as string | undefined, agent };
  };

  describe('the user list', () => {
    it('pages through users in the database, with the pager and the count line', async () => {
      const prefix = `pager${Date.now()}`;
      for (let i = 0; i < 23; i++) await createUser(t, 'park_staff', { email: `${prefix}.${String(i).padStart(2, '0')}@test.parktrust.cn` });
      const first = await browser.agent.get(`/admin/users?q=${prefix}&pageSize=20`).expect(200);
      expect(first.text.match(new RegExp(`${prefix}\\.\\d{2}@`, 'g'))?.length).toBe(20);
      expect(first.text).toContain('rel="next"');
      const second = await browser.agent.get(`/admin/users?q=${prefix}&pageSize=20&page=2`).expect(200);
      expect(second.text.match(new RegExp(`${prefix}\\.\\d{2}@`, 'g'))?.length).toBe(3);
      expect(second.text).toContain('rel="prev"');
      expect(second.text).toContain('21–23');
    });
  });

  describe('creating users', () => {
    const cases: { role: Role; extra: () => Record<string, string>; check: (u: UserEntity) => void }[] = [
      { role: 'admin', extra: () => ({}), check: (u) => expect([u.tenantId, u.departmentId]).toEqual([null, null]) },
      { role: 'park_staff', extra: () => ({}), check: (u) => expect([u.tenantId, u.departmentId]).toEqual([null, null]) },
      {
        role: 'tenant_officer',
        extra: () => ({ tenantUscc: ` ${tenant.uscc.toLowerCase()} ` }),
        check: (u) => expect([u.tenantId, u.departmentId]).toEqual([tenant.id, null]),
      },
      { role: 'evaluator', extra: () => ({ institutionId: '7' }), check: (u) => expect([u.tenantId, u.departmentId, u.institutionId]).toEqual([null, null, 7]) },
      {
        role: 'regulator',
        extra: () => ({ departmentId: String(department.id) }),
        check: (u) => expect([u.tenantId, u.departmentId]).toEqual([null, department.id]),
      },
    ];

    it.each(cases)('creates a $role through the form, hashed with argon2id and audited', async ({ role, extra, check }) => {
      const email = uniqueEmail(`new-${role}`);
      const res = await postForm(browser, '/admin/users', {
        email: `  ${email.toUpperCase()} `, name: `新 ${role}`, role, password: INITIAL_PASSWORD, mustChangePassword: 'true',
        tenantUscc: '', departmentId: '', ...extra(),
      });
      expect(res.status).toBe(303);
      const user = await users().findOneByOrFail({ email });
      expect(res.headers.location).toBe(`/admin/users/${user.id}`);
      expect(user).toEqual(expect.objectContaining({ role, name: `新 ${role}`, active: true, mustChangePassword: true, locale: null }));
      check(user);
      expect(user.passwordHash.startsWith('$argon2id$')).toBe(true);

      const detail = await browser.agent.get(res.headers.location).expect(200);
      expect(detail.text).toContain(`已创建用户 ${email}。`);

      const audit = await auditEntries(t, { action: 'user.create', entityType: 'user', entityId: String(user.id) });
      expect(audit).toHaveLength(1);
      expect(audit[0].actorId).toBe(admin.id);
      expect(JSON.parse(audit[0].after as string)).toEqual(expect.objectContaining({ email, role, mustChangePassword: true }));
      expect(audit[0].after).not.toContain('passwordHash');
      expect(audit[0].after).not.toContain(user.passwordHash);

      // The new account must replace its initial password first.
      const first = await loginStatus(email, INITIAL_PASSWORD);
      expect(first.status).toBe(303);
      expect(first.location).toBe('/account/password');
    });

    it('offers a pre-filled officer form from the tenant hub link', async () => {
      const res = await browser.agent.get(`/admin/users/new?tenantUscc=${tenant.uscc}`).expect(200);
      expect(inputValue(res.text, 'tenantUscc')).toBe(tenant.uscc);
      expect(res.text).toMatch(/<option value="tenant_officer" selected>/);
    });

    it('refuses a tenant officer without a tenant: 400, error beside the field, input kept', async () => {
      const email = uniqueEmail('officer-nobind');
      const res = await postForm(browser, '/admin/users', { email, name: '没有企业', role: 'tenant_officer', password: INITIAL_PASSWORD, tenantUscc: '' });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'tenantUscc')).toBe('此项必填。');
      expect(formError(res.text)).toBe('请更正标出的字段。');
      expect(inputValue(res.text, 'email')).toBe(email);
      expect(inputValue(res.text, 'name')).toBe('没有企业');
      expect(res.text).toMatch(/<option value="tenant_officer" selected>/);
      expect(inputValue(res.text, 'password')).toBe('');
      expect(await users().existsBy({ email })).toBe(false);
    });

    it('refuses a tenant officer with an unknown USCC', async () => {
      const email = uniqueEmail('officer-unknown');
      const res = await postForm(browser, '/admin/users', { email, name: '未知企业', role: 'tenant_officer', password: INITIAL_PASSWORD, tenantUscc: '91440300MA5FXXXX1X' });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'tenantUscc')).toBe('找不到该企业。');
      expect(inputValue(res.text, 'tenantUscc')).toBe('91440300MA5FXXXX1X');
      expect(await users().existsBy({ email })).toBe(false);
    });

    it('refuses a regulator without a department, and with an unknown one', async () => {
      const email = uniqueEmail('regulator-nobind');
      const missing = await postForm(browser, '/admin/users', { email, name: '没有部门', role: 'regulator', password: INITIAL_PASSWORD, departmentId: '' });
      expect(missing.status).toBe(400);
      expect(fieldError(missing.text, 'departmentId')).toBe('此项必填。');
      expect(inputValue(missing.text, 'email')).toBe(email);

      const unknown = await postForm(browser, '/admin/users', { email, name: '未知部门', role: 'regulator', password: INITIAL_PASSWORD, departmentId: '999999' });
      expect(unknown.status).toBe(400);
      expect(fieldError(unknown.text, 'departmentId')).toBe('找不到该部门。');
      expect(await users().existsBy({ email })).toBe(false);
    });

    it('refuses a duplicate e-mail (in any case) with 409 beside the field', async () => {
      const existing = await createUser(t, 'park_staff');
      for (const email of [existing.email, existing.email.toUpperCase()]) {
        const res = await postForm(browser, '/admin/users', { email, name: '重复', role: 'park_staff', password: INITIAL_PASSWORD });
        expect(res.status).toBe(409);
        expect(formError(res.text)).toBe(`邮箱 ${existing.email} 已被使用。`);
        expect(fieldError(res.text, 'email')).toBe('已被占用。');
        expect(inputValue(res.text, 'name')).toBe('重复');
      }
      expect(await users().countBy({ email: existing.email })).toBe(1);
    });

    it.each<[string, Record<string, string>, string, string]>([
      ['an unknown field', { isAdmin: 'true' }, 'isAdmin', '不接受此字段。'],
      ['passwordHash smuggled in', { passwordHash: '$argon2id$v=19$m=1,t=1,p=1$x$y' }, 'passwordHash', '不接受此字段。'],
      ['a made-up role', { role: 'superuser' }, 'role', '请从列表中选择。'],
      ['a bad e-mail', { email: 'not-an-email' }, 'email', '请输入有效的电子邮箱。'],
      ['a short password', { password: 'short' }, 'password', '至少 10 个字符。'],
    ])('refuses %s with 400', async (_label, override, field, message) => {
      const email = uniqueEmail('invalid');
      const res = await postForm(browser, '/admin/users', { email, name: '无效', role: 'park_staff', password: INITIAL_PASSWORD, ...override });
      expect(res.status).toBe(400);
      if (['role', 'email', 'password'].includes(field)) expect(fieldError(res.text, field)).toContain(message);
      expect(await users().existsBy({ email })).toBe(false);
      expect(await users().existsBy({ email: String(override.email ?? '') })).toBe(false);
    });

    it('keeps a usable CSRF token on a re-rendered form, so the corrected form can be sent', async () => {
      const email = uniqueEmail('resubmit');
      const failed = await postForm(browser, '/admin/users', { email, name: '重新提交', role: 'tenant_officer', password: INITIAL_PASSWORD });
      expect(failed.status).toBe(400);
      const token = inputValue(failed.text, '_csrf');
      expect(token).toBe(browser.csrf);
      const fixed = await browser.agent.post('/admin/users').type('form')
        .send({ _csrf: token as string, email, name: '重新提交', role: 'tenant_officer', password: INITIAL_PASSWORD, tenantUscc: tenant.uscc });
      expect(fixed.status).toBe(303);
    });

    it('lists and searches users', async () => {
      const user = await createUser(t, 'evaluator', { email: uniqueEmail('findme') });
      const res = await browser.agent.get(`/admin/users?q=${encodeURIComponent(user.email.slice(0, 12))}&role=evaluator`).expect(200);
      expect(res.text).toContain(user.email);
      const none = await browser.agent.get(`/admin/users?q=${encodeURIComponent(user.email.slice(0, 12))}&role=admin`).expect(200);
      expect(none.text).not.toContain(user.email);
      await browser.agent.get('/admin/users?role=superuser').expect(400);
      await browser.agent.get('/admin/users?pageSize=100000').expect(400);
    });
  });

  describe('editing users', () => {
    it('changes name, role and binding, and audits before/after', async () => {
      const user = await createUser(t, 'park_staff');
      const res = await postForm(browser, `/admin/users/${user.id}`, { name: '改为监管', role: 'regulator', tenantUscc: '', departmentId: String(department.id) });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/admin/users/${user.id}`);
      const row = await users().findOneByOrFail({ id: user.id });
      expect(row).toEqual(expect.objectContaining({ name: '改为监管', role: 'regulator', departmentId: department.id, tenantId: null }));
      const page = await browser.agent.get(`/admin/users/${user.id}`).expect(200);
      expect(page.text).toContain('用户已保存。');

      const audit = await auditEntries(t, { action: 'user.update', entityId: String(user.id) });
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].before as string)).toEqual(expect.objectContaining({ role: 'park_staff', name: user.name }));
      expect(JSON.parse(audit[0].after as string)).toEqual(expect.objectContaining({ role: 'regulator', departmentId: department.id }));
    });

    it('binds an officer by USCC and clears the binding when the role changes', async () => {
      const user = await createUser(t, 'evaluator');
      await postForm(browser, `/admin/users/${user.id}`, { name: '专员', role: 'tenant_officer', tenantUscc: tenant.uscc, departmentId: '' }).expect(303);
      expect(await users().findOneByOrFail({ id: user.id })).toEqual(expect.objectContaining({ role: 'tenant_officer', tenantId: tenant.id }));
      const page = await browser.agent.get(`/admin/users/${user.id}`).expect(200);
      expect(inputValue(page.text, 'tenantUscc')).toBe(tenant.uscc);

      await postForm(browser, `/admin/users/${user.id}`, { name: '专员', role: 'park_staff', tenantUscc: tenant.uscc, departmentId: '' }).expect(303);
      expect(await users().findOneByOrFail({ id: user.id })).toEqual(expect.objectContaining({ role: 'park_staff', tenantId: null }));
    });

    it('refuses an officer without a tenant on edit, with the error beside the field and nothing changed', async () => {
      const user = await createUser(t, 'park_staff');
      const res = await postForm(browser, `/admin/users/${user.id}`, { name: '不完整', role: 'tenant_officer', tenantUscc: '', departmentId: '' });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'tenantUscc')).toBe('此项必填。');
      expect(inputValue(res.text, 'name')).toBe('不完整');
      expect(await users().findOneByOrFail({ id: user.id })).toEqual(expect.objectContaining({ role: 'park_staff', name: user.name }));
      expect(await auditEntries(t, { action: 'user.update', entityId: String(user.id) })).toHaveLength(0);
    });

    it('refuses unknown fields on edit (no e-mail or password change through it)', async () => {
      const user = await createUser(t, 'park_staff');
      const res = await postForm(browser, `/admin/users/${user.id}`, { name: '改邮箱', role: 'park_staff', email: 'hijack@test.parktrust.cn' });
      expect(res.status).toBe(400);
      expect((await users().findOneByOrFail({ id: user.id })).email).toBe(user.email);
    });

    it('answers 404 for a user that does not exist and 400 for a bad id', async () => {
      await browser.agent.get('/admin/users/999999').expect(404);
      await browser.agent.get('/admin/users/abc').expect(400);
      await postForm(browser, '/admin/users/999999', { name: 'x', role: 'park_staff' }).expect(404);
      await postForm(browser, '/admin/users/999999/disable').expect(404);
    });
  });

  describe('disabling and enabling', () => {
    it('disables a user (who then cannot log in) and enables them again, audited both ways', async () => {
      const user = await createUser(t, 'park_staff');
      const res = await postForm(browser, `/admin/users/${user.id}/disable`);
      expect(res.status).toBe(303);
      expect((await users().findOneByOrFail({ id: user.id })).active).toBe(false);
      expect((await loginStatus(user.email, TEST_PASSWORD)).status).toBe(401);

      await postForm(browser, `/admin/users/${user.id}/enable`).expect(303);
      expect((await users().findOneByOrFail({ id: user.id })).active).toBe(true);
      expect((await browser.agent.get(`/admin/users/${user.id}`).expect(200)).text).toContain('用户已启用。');
      expect((await loginStatus(user.email, TEST_PASSWORD)).status).toBe(303);

      const disable = await auditEntries(t, { action: 'user.disable', entityId: String(user.id) });
      const enable = await auditEntries(t, { action: 'user.enable', entityId: String(user.id) });
      expect(disable).toHaveLength(1);
      expect(enable).toHaveLength(1);
      expect(JSON.parse(disable[0].before as string).active).toBe(true);
      expect(JSON.parse(disable[0].after as string).active).toBe(false);
      expect(disable[0].actorId).toBe(admin.id);
    });

    it('confirms a disable with its own message (not the badge label)', async () => {
      const user = await createUser(t, 'park_staff');
      await postForm(browser, `/admin/users/${user.id}/disable`).expect(303);
      const page = await browser.agent.get(`/admin/users/${user.id}`).expect(200);
      expect(page.text).toContain('<div class="flash flash-success" role="status">用户已停用。</div>');
    });

    it('does not let an admin disable their own account', async () => {
      const res = await postForm(browser, `/admin/users/${admin.id}/disable`);
      expect(res.status).toBe(409);
      expect(res.text).toContain('不能停用自己的账户。');
      expect((await users().findOneByOrFail({ id: admin.id })).active).toBe(true);
      expect(await auditEntries(t, { action: 'user.disable', entityId: String(admin.id) })).toHaveLength(0);
      await browser.agent.get('/admin/users').expect(200);
    });

    it("enabling an account also clears its login backoff", async () => {
      const user = await createUser(t, 'park_staff');
      // Failures from 21 addresses: past what one e-mail may fail from anywhere, so every address must wait.
      for (let i = 0; i < 21; i++) await t.get(LoginThrottleService).failed(user.email, `203.0.113.${i}`);
      await users().update({ id: user.id }, { active: false });
      expect((await loginStatus(user.email, TEST_PASSWORD)).status).toBe(429);
      await postForm(browser, `/admin/users/${user.id}/enable`).expect(303);
      expect((await loginStatus(user.email, TEST_PASSWORD)).status).toBe(303);
    });
  });

  describe('resetting passwords', () => {
    it('sets a temporary password that the user must change at next login', async () => {
      const user = await createUser(t, 'park_staff');
      const before = (await users().findOneByOrFail({ id: user.id })).passwordHash;
      const res = await postForm(browser, `/admin/users/${user.id}/password`, { password: TEMP_PASSWORD });
      expect(res.status).toBe(303);
      expect((await browser.agent.get(`/admin/users/${user.id}`).expect(200)).text).toContain('密码已重置，用户下次登录须修改。');

      const row = await users().findOneByOrFail({ id: user.id });
      expect(row.mustChangePassword).toBe(true);
      expect(row.passwordHash).not.toBe(before);
      expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);

      expect((await loginStatus(user.email, TEST_PASSWORD)).status).toBe(401);
      const next = await loginStatus(user.email, TEMP_PASSWORD);
      expect(next.status).toBe(303);
      expect(next.location).toBe('/account/password');
      await next.agent.get('/').expect(303).expect('location', '/account/password');

      const audit = await auditEntries(t, { action: 'user.resetPassword', entityId: String(user.id) });
      expect(audit).toHaveLength(1);
      expect(audit[0].actorId).toBe(admin.id);
      const text = await allAuditText(t);
      expect(text).not.toContain(TEMP_PASSWORD);
      expect(text).not.toContain(row.passwordHash);
    });

    it('refuses a temporary password that is too short', async () => {
      const user = await createUser(t, 'park_staff');
      const res = await postForm(browser, `/admin/users/${user.id}/password`, { password: 'short' });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'password')).toBe('至少 10 个字符。');
      expect((await users().findOneByOrFail({ id: user.id })).mustChangePassword).toBe(false);
      expect((await loginStatus(user.email, TEST_PASSWORD)).status).toBe(303);
    });

    it("clears the account's login backoff", async () => {
      const user = await createUser(t, 'park_staff');
      // Failures from 21 addresses: past what one e-mail may fail from anywhere, so every address must wait.
      for (let i = 0; i < 21; i++) await t.get(LoginThrottleService).failed(user.email, `203.0.113.${i}`);
      expect((await loginStatus(user.email, TEST_PASSWORD)).status).toBe(429);
      await postForm(browser, `/admin/users/${user.id}/password`, { password: TEMP_PASSWORD }).expect(303);
      expect((await loginStatus(user.email, TEMP_PASSWORD)).status).toBe(303);
    });
  });

  describe('departments', () => {
    it('creates a department, lists it, and audits it', async () => {
      const code = `D${Date.now() % 1e8}`;
      const res = await postForm(browser, '/admin/departments', { code: ` ${code} `, nameZh: '测试监管局', nameEn: 'Test Bureau', active: 'true' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/departments');
      const row = await departments().findOneByOrFail({ code });
      expect(row).toEqual(expect.objectContaining({ nameZh: '测试监管局', nameEn: 'Test Bureau', active: true }));
      const list = await browser.agent.get('/admin/departments').expect(200);
      expect(list.text).toContain('测试监管局');
      expect(list.text).toContain('部门已保存。');
      const audit = await auditEntries(t, { action: 'department.create', entityId: String(row.id) });
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].after as string)).toEqual({ code, nameZh: '测试监管局', nameEn: 'Test Bureau', active: true, delegatesVerification: false });
      // Offered on the user form while active.
      expect((await browser.agent.get('/admin/users/new').expect(200)).text).toContain('测试监管局');
    });

    it('edits a department (an unticked box deactivates it) and audits before/after', async () => {
      const code = `E${Date.now() % 1e8}`;
      await postForm(browser, '/admin/departments', { code, nameZh: '待编辑局', nameEn: 'To Edit', active: 'true' }).expect(303);
      const row = await departments().findOneByOrFail({ code });
      const form = await browser.agent.get(`/admin/departments/${row.id}`).expect(200);
      expect(inputValue(form.text, 'code')).toBe(code);

      await postForm(browser, `/admin/departments/${row.id}`, { code, nameZh: '已编辑局', nameEn: 'Edited' }).expect(303);
      expect(await departments().findOneByOrFail({ id: row.id })).toEqual(expect.objectContaining({ nameZh: '已编辑局', nameEn: 'Edited', active: false }));
      const audit = await auditEntries(t, { action: 'department.update', entityId: String(row.id) });
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0].before as string)).toEqual(expect.objectContaining({ nameZh: '待编辑局', active: true }));
      expect(JSON.parse(audit[0].after as string)).toEqual(expect.objectContaining({ nameZh: '已编辑局', active: false }));
      // No longer offered for new regulators.
      expect((await browser.agent.get('/admin/users/new').expect(200)).text).not.toContain('已编辑局');
    });

    it('refuses a duplicate code with 409 beside the field, on create and on edit', async () => {
      const code = `F${Date.now() % 1e8}`;
      await postForm(browser, '/admin/departments', { code, nameZh: '原有局', nameEn: 'Original', active: 'true' }).expect(303);
      const dup = await postForm(browser, '/admin/departments', { code, nameZh: '重复局', nameEn: 'Duplicate', active: 'true' });
      expect(dup.status).toBe(409);
      expect(fieldError(dup.text, 'code')).toBe('已被占用。');
      expect(formError(dup.text)).toBe(`部门代码 ${code} 已存在。`);
      expect(inputValue(dup.text, 'nameZh')).toBe('重复局');
      expect(await departments().countBy({ code })).toBe(1);

      const otherCode = `G${Date.now() % 1e8}`;
      await postForm(browser, '/admin/departments', { code: otherCode, nameZh: '另一局', nameEn: 'Other', active: 'true' }).expect(303);
      const other = await departments().findOneByOrFail({ code: otherCode });
      const rename = await postForm(browser, `/admin/departments/${other.id}`, { code, nameZh: '另一局', nameEn: 'Other', active: 'true' });
      expect(rename.status).toBe(409);
      expect((await departments().findOneByOrFail({ id: other.id })).code).toBe(otherCode);
    });

    it('refuses invalid department input with 400 and keeps the input', async () => {
      const res = await postForm(browser, '/admin/departments', { code: 'X', nameZh: '', nameEn: 'Too short code', active: 'true' });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'code')).toBe('至少 2 个字符。');
      expect(fieldError(res.text, 'nameZh')).not.toBeNull();
      expect(inputValue(res.text, 'nameEn')).toBe('Too short code');
      expect(await departments().existsBy({ nameEn: 'Too short code' })).toBe(false);
      await browser.agent.get('/admin/departments/999999').expect(404);
    });
  });

  describe('secrets', () => {
    it('stores every password as argon2id and never writes a hash into the audit log', async () => {
      const rows = await users().find();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);
      const text = await allAuditText(t);
      expect(text).not.toContain('$argon2');
      expect(text).not.toContain('passwordHash');
      for (const row of rows) expect(text).not.toContain(row.passwordHash);
      expect(text).not.toContain(INITIAL_PASSWORD);
      expect(text).not.toContain(TEST_PASSWORD);
    });
  });
});
