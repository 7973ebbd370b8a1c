import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { BuildingEntity } from '../../src/tenants/entities/building.entity.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { USCC_ALPHABET } from '../../src/tenants/domain/uscc.rules.js';
import { createTenant, createTestApp, createUser, csrfFrom, login, TEST_ACTOR, testUscc, type Browser, type TestApp } from '../support/test-app.js';

/** The tenant rows of a list page: [id, name] in display order. */
function rows(html: string): { id: number; name: string }[] {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...tbody.matchAll(/<td><a href="\/tenants\/(\d+)">([^<]*)<\/a><\/td>/g)].map((m) => ({ id: Number(m[1]), name: m[2] }));
}
const names = (html: string) => rows(html).map((r) => r.name);

/** The links of a page, with Handlebars' attribute escaping undone. */
function links(html: string): string[] {
  const decode = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  return [...html.matchAll(/<a href="([^"]*)"([^>]*)>/g)].map((m) => decode(`${m[1]}${m[2]}`));
}

/** The <div class="field"> of one input, with its label, input and errors. */
function field(html: string, name: string): string {
  const start = html.indexOf(`<label for="f-${name}"`);
  if (start < 0) throw new Error(`no field ${name} on the page`);
  const open = html.lastIndexOf('<div class="field', start);
  const close = html.indexOf('</div>', start);
  return html.slice(open, close);
}

function wrongCheck(code: string): { code: string; expected: string; actual: string } {
  const expected = code[17];
  const actual = USCC_ALPHABET[(USCC_ALPHABET.indexOf(expected) + 1) % USCC_ALPHABET.length];
  return { code: code.slice(0, 17) + actual, expected, actual };
}

describe('tenant registry pages', () => {
  let t: TestApp;
  let staff: Browser;

  // 25 tenants whose names share a prefix no other test uses, so every test can run alone.
  const PREFIX = '页面企业';
  const seeded: TenantEntity[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    staff = await login(t, (await createUser(t, 'park_staff')).email);
    for (let i = 1; i <= 25; i++) {
      seeded.push(await createTenant(t, {
        name: `${PREFIX}${String(i).padStart(2, '0')}`,
        industry: i <= 10 ? '39' : '27',
        building: `P${(i % 3) + 1}`,
        movedInAt: `2022-01-${String(i).padStart(2, '0')}`,
      }));
    }
    await t.get(TenantsService).changeStatus(seeded[4].id, { status: 'suspended', reason: '整改期间暂停' }, TEST_ACTOR);
  });
  afterAll(async () => {
    await t?.close();
  });

  const form = (b: Browser, path: string, payload: Record<string, string>) => b.agent.post(path).type('form').send({ _csrf: b.csrf, ...payload });

  describe('the list', () => {
    it('shows the first page of 20, sorted by name, with the count and a link to the next page', async () => {
      const res = await staff.agent.get('/tenants').query({ q: PREFIX }).expect(200);
      expect(names(res.text)).toEqual(seeded.slice(0, 20).map((s) => s.name));
      expect(res.text).toContain('第 1–20 条，共 25 条');
      expect(res.text).toContain('第 1 / 2 页');
      expect(links(res.text)).toContain(`/tenants?q=${encodeURIComponent(PREFIX)}&page=2 rel="next"`);
      expect(res.text).toContain('<title>入驻企业 · 园区诚信自律平台</title>');
    });

    it('says so when nothing matches, with neither a count line nor a pager', async () => {
      const res = await staff.agent.get('/tenants').query({ q: `${PREFIX}无此企业` }).expect(200);
      expect(rows(res.text)).toEqual([]);
      expect(res.text).toContain('没有符合条件的记录。');
      expect(res.text).not.toContain('共 0 条');
      expect(res.text).not.toContain('class="pager"');
    });

    it('shows the second page', async () => {
      const res = await staff.agent.get('/tenants').query({ q: PREFIX, page: 2 }).expect(200);
      expect(names(res.text)).toEqual(seeded.slice(20).map((s) => s.name));
      expect(res.text).toContain('第 21–25 条，共 25 条');
      expect(res.text).toContain('rel="prev"');
      expect(res.text).not.toContain('rel="next"');
    });

    it('honours pageSize', async () => {
      const res = await staff.agent.get('/tenants').query({ q: PREFIX, pageSize: 10, page: 3 }).expect(200);
      expect(names(res.text)).toEqual(seeded.slice(20).map((s) => s.name));
      expect(res.text).toContain('第 21–25 条，共 25 条');
    });

    it('searches by any part of the name and of the USCC', async () => {
      expect(names((await staff.agent.get('/tenants').query({ q: `${PREFIX}1` }).expect(200)).text)).toEqual(seeded.slice(9, 19).map((s) => s.name));
      expect(names((await staff.agent.get('/tenants').query({ q: '面企业2' }).expect(200)).text)).toEqual(seeded.slice(19, 25).map((s) => s.name));
      expect(names((await staff.agent.get('/tenants').query({ q: seeded[6].uscc.slice(8, 17) }).expect(200)).text)).toEqual([seeded[6].name]);
      expect(names((await staff.agent.get('/tenants').query({ q: seeded[6].uscc }).expect(200)).text)).toEqual([seeded[6].name]);
      expect(names((await staff.agent.get('/tenants').query({ q: seeded[6].uscc.toLowerCase() }).expect(200)).text)).toEqual([seeded[6].name]);
    });

    it('filters by status, industry and building and keeps the filters selected', async () => {
      const suspended = await staff.agent.get('/tenants').query({ q: PREFIX, status: 'suspended' }).expect(200);
      expect(names(suspended.text)).toEqual([seeded[4].name]);
      expect(suspended.text).toContain('<option value="suspended" selected>');

      const industry = await staff.agent.get('/tenants').query({ q: PREFIX, industry: '39' }).expect(200);
      expect(names(industry.text)).toEqual(seeded.slice(0, 10).map((s) => s.name));
      // The menu offers the divisions in use, grouped by their section.
      expect(industry.text).toContain('<optgroup label="C 制造业"><option value="27">27 医药制造业</option><option value="39" selected>39 计算机、通信和其他电子设备制造业</option></optgroup>');
      expect(industry.text).toContain('<td data-label="行业"><span title="39">计算机、通信和其他电子设备制造业</span></td>');

      const building = await staff.agent.get('/tenants').query({ q: PREFIX, industry: '27', building: 'P1' }).expect(200);
      // i % 3 === 0 for i in 11..25: 12, 15, 18, 21, 24.
      expect(names(building.text)).toEqual([12, 15, 18, 21, 24].map((i) => seeded[i - 1].name));
      expect(building.text).toContain('<option value="P1" selected>P1</option>');
    });

    it('sorts by a column in either direction and marks the sorted column', async () => {
      const desc = await staff.agent.get('/tenants').query({ q: PREFIX, sort: 'name', dir: 'desc' }).expect(200);
      expect(names(desc.text)).toEqual(seeded.slice(5).map((s) => s.name).reverse());
      expect(desc.text).toContain('aria-sort="descending"');
      const byDate = await staff.agent.get('/tenants').query({ q: PREFIX, sort: 'movedInAt', dir: 'desc', pageSize: 5 }).expect(200);
      expect(names(byDate.text)).toEqual(seeded.slice(20).map((s) => s.name).reverse());
      expect(byDate.text).toContain('aria-sort="descending"');
      // The header link flips the direction of the sorted column.
      const asc = await staff.agent.get('/tenants').query({ q: PREFIX, sort: 'movedInAt' }).expect(200);
      expect(asc.text).toContain('aria-sort="ascending"');
      expect(links(asc.text)).toContain(`/tenants?q=${encodeURIComponent(PREFIX)}&sort=movedInAt&dir=desc`);
      // Other columns start ascending; the pager keeps the sort.
      expect(links(asc.text)).toContain(`/tenants?q=${encodeURIComponent(PREFIX)}&sort=name&dir=asc`);
      expect(links(asc.text)).toContain(`/tenants?q=${encodeURIComponent(PREFIX)}&sort=movedInAt&page=2 rel="next"`);
    });

    it('answers bad filters with a 400 page, not a 500', async () => {
      const res = await staff.agent.get('/tenants').query({ sort: 'passwordHash' }).expect(400);
      expect(res.text).toContain('400');
      await staff.agent.get('/tenants').query({ pageSize: 1000 }).expect(400);
    });

    it('offers "register", "import" and the buildings to staff', async () => {
      const res = await staff.agent.get('/tenants').query({ q: PREFIX }).expect(200);
      expect(res.text).toContain('href="/buildings"');
      expect(res.text).toContain('href="/tenants/new"');
      expect(res.text).toContain('href="/tenants/import"');
    });
  });

  describe('registering a tenant', () => {
    it('shows an empty form with today as the move-in date', async () => {
      const res = await staff.agent.get('/tenants/new').expect(200);
      expect(res.text).toContain('<form method="post" action="/tenants"');
      expect(csrfFrom(res.text)).toBe(staff.csrf);
      expect(field(res.text, 'movedInAt')).toMatch(/value="\d{4}-\d{2}-\d{2}"/);
      expect(field(res.text, 'uscc')).not.toContain('aria-invalid');
      // Industry: every division, grouped by section; building: the buildings in service.
      expect(field(res.text, 'industry')).toContain('<optgroup label="A 农、林、牧、渔业"><option value="01">01 农业</option>');
      expect(field(res.text, 'industry').match(/<option value="\d\d"/g)).toHaveLength(97);
      expect(field(res.text, 'building')).toContain('<option value="A1">A1</option>');
    });

    it('shows the input back with each error beside its field and the expected check character', async () => {
      const { code, expected, actual } = wrongCheck(testUscc());
      const before = await t.dataSource.getRepository(TenantEntity).count();
      const res = await form(staff, '/tenants', {
        uscc: code, name: '', legalRepresentative: '王芳', industry: '27', building: 'C1', unit: '', movedInAt: '2024-02-30', contactPhone: '',
      }).expect(400);
      const uscc = field(res.text, 'uscc');
      expect(uscc).toContain(`value="${code}"`);
      expect(uscc).toContain('aria-invalid="true"');
      expect(uscc).toContain('aria-describedby="e-uscc"');
      expect(uscc).toContain(`按 GB 32100 应为“${expected}”，实际为“${actual}”`);
      expect(field(res.text, 'name')).toContain('aria-invalid="true"');
      expect(field(res.text, 'name')).toContain('此项必填。');
      expect(field(res.text, 'movedInAt')).toContain('value="2024-02-30"');
      expect(field(res.text, 'movedInAt')).toContain('请输入 YYYY-MM-DD 格式的有效日期。');
      expect(field(res.text, 'legalRepresentative')).toContain('value="王芳"');
      expect(field(res.text, 'legalRepresentative')).not.toContain('aria-invalid');
      expect(field(res.text, 'industry')).toContain('<option value="27" selected>');
      expect(field(res.text, 'building')).toContain('<option value="C1" selected>');
      // The override section opens when the code is in error.
      expect(res.text).toMatch(/<details open>/);
      expect(res.text).toContain('请更正标出的字段。');
      expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(before);
    });

    it('escapes the input it shows back', async () => {
      const res = await form(staff, '/tenants', { uscc: '', name: '<script>alert(1)</script>', legalRepresentative: 'x', industry: 'x', building: 'x', movedInAt: '2024-01-01' }).expect(400);
      expect(res.text).not.toContain('<script>alert(1)</script>');
      expect(field(res.text, 'name')).toContain('&lt;script&gt;');
    });

    it('registers a tenant, redirects to its hub and says so', async () => {
      const uscc = testUscc();
      const res = await form(staff, '/tenants', {
        uscc: ` ${uscc.toLowerCase()} `, name: '表单登记有限公司', legalRepresentative: '李娜', industry: '26', building: 'B2', unit: '0606', movedInAt: '2024-05-20', contactPhone: '',
      }).expect(303);
      const tenant = await t.get(TenantsService).findByUscc(uscc);
      expect(tenant).toMatchObject({ name: '表单登记有限公司', industry: '26', buildingId: expect.any(Number), unit: '0606', contactPhone: null, usccOverrideReason: null });
      expect(tenant?.building?.name).toBe('B2');
      expect(res.headers.location).toBe(`/tenants/${tenant!.id}`);
      const hub = await staff.agent.get(res.headers.location).expect(200);
      expect(hub.text).toContain('已登记 表单登记有限公司。');
      expect(hub.text).toContain(`<code>${uscc}</code>`);
      expect(hub.text).toContain('26 化学原料和化学制品制造业');
      // The flash is shown once.
      expect((await staff.agent.get(res.headers.location).expect(200)).text).not.toContain('已登记 表单登记有限公司。');
    });

    it('registers a failing code with an override reason and shows the reason on the hub', async () => {
      const { code } = wrongCheck(testUscc());
      const res = await form(staff, '/tenants', {
        uscc: code, usccOverrideReason: '早期试点代码，已核对原件', name: '例外代码有限公司', legalRepresentative: '刘洋', industry: '26', building: 'B2', movedInAt: '2024-05-20',
      }).expect(303);
      const hub = await staff.agent.get(res.headers.location).expect(200);
      expect(hub.text).toContain('此代码未通过 GB 32100 校验，经人工确认登记：早期试点代码，已核对原件');
    });

    it('shows a duplicate code as an error beside the field (409)', async () => {
      const res = await form(staff, '/tenants', {
        uscc: seeded[0].uscc, name: '重复代码有限公司', legalRepresentative: '陈静', industry: '26', building: 'B2', movedInAt: '2024-05-20',
      }).expect(409);
      expect(field(res.text, 'uscc')).toContain('aria-invalid="true"');
      expect(field(res.text, 'uscc')).toContain(`统一社会信用代码 ${seeded[0].uscc} 已登记。`);
      expect(field(res.text, 'name')).toContain('value="重复代码有限公司"');
    });

    it('puts an unknown industry or building beside its field and registers nothing', async () => {
      const before = await t.dataSource.getRepository(TenantEntity).count();
      const res = await form(staff, '/tenants', { uscc: testUscc(), name: '无效选择有限公司', legalRepresentative: '王五', industry: '99', building: '不存在', movedInAt: '2024-01-01' }).expect(400);
      expect(field(res.text, 'industry')).toContain('aria-invalid="true"');
      expect(field(res.text, 'industry')).toContain('GB/T 4754');
      // The building is checked against the list once the fields themselves pass.
      const again = await form(staff, '/tenants', { uscc: testUscc(), name: '无效选择有限公司', legalRepresentative: '王五', industry: '39', building: '不存在', movedInAt: '2024-01-01' }).expect(400);
      expect(field(again.text, 'building')).toContain('楼栋“不存在”不在在用楼栋列表中');
      expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(before);
    });

    it('refuses a form without the CSRF token', async () => {
      const res = await staff.agent.post('/tenants').type('form').send({ uscc: testUscc(), name: '跨站请求有限公司', legalRepresentative: 'x', industry: 'x', building: 'x', movedInAt: '2024-01-01' }).expect(403);
      expect(res.text).toContain('表单已过期或来源无效');
      expect(await t.dataSource.getRepository(TenantEntity).countBy({ name: '跨站请求有限公司' })).toBe(0);
    });
  });

  describe('editing a tenant', () => {
    it('shows the form filled in', async () => {
      const tenant = await createTenant(t, { name: '编辑表单有限公司', building: 'E1' });
      const res = await staff.agent.get(`/tenants/${tenant.id}/edit`).expect(200);
      expect(res.text).toContain(`action="/tenants/${tenant.id}"`);
      expect(field(res.text, 'name')).toContain('value="编辑表单有限公司"');
      expect(field(res.text, 'uscc')).toContain(`value="${tenant.uscc}"`);
      expect(field(res.text, 'movedInAt')).toContain('value="2024-01-01"');
      expect(field(res.text, 'industry')).toContain('<option value="39" selected>');
      expect(field(res.text, 'building')).toContain('<option value="E1" selected>');
      expect(res.text).toContain('<title>编辑企业信息 · 园区诚信自律平台</title>');
    });

    it('saves the form and redirects to the hub with a flash', async () => {
      const tenant = await createTenant(t, { name: '编辑前有限公司' });
      const edit = await staff.agent.get(`/tenants/${tenant.id}/edit`).expect(200);
      const res = await form(staff, `/tenants/${tenant.id}`, {
        _csrf: csrfFrom(edit.text), uscc: tenant.uscc, name: '编辑后有限公司', legalRepresentative: '赵敏', industry: '35', building: 'E2', unit: '', movedInAt: '2024-01-01', contactPhone: '13800000000', usccOverrideReason: '',
      }).expect(303);
      expect(res.headers.location).toBe(`/tenants/${tenant.id}`);
      const hub = await staff.agent.get(`/tenants/${tenant.id}`).expect(200);
      expect(hub.text).toContain('企业信息已保存。');
      expect(hub.text).toContain('<h1>编辑后有限公司</h1>');
      expect(await t.get(TenantsService).get(tenant.id)).toMatchObject({ name: '编辑后有限公司', industry: '35', building: { name: 'E2' }, contactPhone: '13800000000' });
    });

    it('shows errors beside the fields and keeps the input', async () => {
      const tenant = await createTenant(t, { name: '编辑出错有限公司' });
      const { code, expected } = wrongCheck(tenant.uscc);
      const res = await form(staff, `/tenants/${tenant.id}`, { uscc: code, name: '新名字有限公司', legalRepresentative: 'x', industry: 'x', building: 'x', movedInAt: '2024-01-01' }).expect(400);
      expect(field(res.text, 'uscc')).toContain('aria-invalid="true"');
      expect(field(res.text, 'uscc')).toContain(`“${expected}”`);
      expect(field(res.text, 'name')).toContain('value="新名字有限公司"');
      expect((await t.get(TenantsService).get(tenant.id)).name).toBe('编辑出错有限公司');
    });

    it('answers 404 for a missing tenant', async () => {
      await staff.agent.get('/tenants/987654/edit').expect(404);
      await form(staff, '/tenants/987654', { name: 'x' }).expect(404);
    });
  });

  describe('changing the status', () => {
    it('suspends after a confirmation with a reason, shows it, and offers the other actions', async () => {
      const tenant = await createTenant(t, { name: '状态变更有限公司' });
      const hub = await staff.agent.get(`/tenants/${tenant.id}`).expect(200);
      // The buttons lead to the confirmation page (a GET), which posts the change with its reason.
      expect(hub.text).toContain(`<form method="get" action="/tenants/${tenant.id}/status"`);
      const confirm = await staff.agent.get(`/tenants/${tenant.id}/status`).query({ status: 'suspended' }).expect(200);
      expect(confirm.text).toContain(`<form method="post" action="/tenants/${tenant.id}/status"`);
      expect(confirm.text).toContain('将把 状态变更有限公司 从“在园”变更为“暂停”。');
      expect(hub.text).toContain('<button type="submit" name="status" value="suspended">暂停</button>');
      expect(hub.text).not.toContain('name="status" value="active"');

      const res = await form(staff, `/tenants/${tenant.id}/status`, { status: 'suspended', reason: '安全检查未通过' }).expect(303);
      expect(res.headers.location).toBe(`/tenants/${tenant.id}`);
      const after = await staff.agent.get(`/tenants/${tenant.id}`).expect(200);
      expect(after.text).toContain('企业已暂停。');
      expect(after.text).toContain('暂停 — 安全检查未通过');
      expect(after.text).toContain('name="status" value="active"');
      expect((await t.get(TenantsService).get(tenant.id)).status).toBe('suspended');
    });

    it('asks for a reason beside the field on the confirmation page and changes nothing without one', async () => {
      const tenant = await createTenant(t);
      const res = await form(staff, `/tenants/${tenant.id}/status`, { status: 'suspended', reason: '' }).expect(400);
      expect(res.text).toContain(`action="/tenants/${tenant.id}/status"`);
      expect(res.text).toMatch(/<div class="field has-error">\s*<label for="f-reason">/);
      expect(res.text).toContain('<p class="error" id="e-reason">此项必填。');
      expect((await t.get(TenantsService).get(tenant.id)).status).toBe('active');
    });

    it('offers a moved-out tenant only the reversal of its move-out, and refuses another change (409 page)', async () => {
      const tenant = await createTenant(t);
      await form(staff, `/tenants/${tenant.id}/status`, { status: 'moved_out', reason: '租约到期' }).expect(303);
      const hub = await staff.agent.get(`/tenants/${tenant.id}`).expect(200);
      expect(hub.text).toContain('企业已标记为迁出。');
      expect(hub.text).not.toContain('name="status" value=');
      expect(hub.text).toContain(`href="/tenants/${tenant.id}/status/reverse"`);
      const res = await form(staff, `/tenants/${tenant.id}/status`, { status: 'active', reason: '重新入驻' }).expect(409);
      expect(res.text).toContain('不能从');
      expect((await t.get(TenantsService).get(tenant.id)).status).toBe('moved_out');
    });
  });

  describe('other roles', () => {
    it('shows a regulator the list read-only', async () => {
      const regulator = await login(t, (await createUser(t, 'regulator')).email);
      const list = await regulator.agent.get('/tenants').query({ q: PREFIX }).expect(200);
      expect(names(list.text)).toHaveLength(20);
      expect(list.text).not.toContain('href="/tenants/new"');
      expect(list.text).not.toContain('href="/tenants/import"');
      const hub = await regulator.agent.get(`/tenants/${seeded[0].id}`).expect(200);
      expect(hub.text).toContain(seeded[0].name);
      expect(hub.text).not.toContain(`href="/tenants/${seeded[0].id}/edit"`);
      expect(hub.text).not.toContain('/status"');
      await regulator.agent.get('/tenants/new').expect(403);
      await regulator.agent.get(`/tenants/${seeded[0].id}/edit`).expect(403);
      await form(regulator, `/tenants/${seeded[0].id}/status`, { status: 'suspended', reason: '监管要求' }).expect(403);
      await form(regulator, '/tenants', { uscc: testUscc(), name: '监管登记', legalRepresentative: 'x', industry: 'x', building: 'x', movedInAt: '2024-01-01' }).expect(403);
      expect((await t.get(TenantsService).get(seeded[0].id)).status).toBe('active');
    });

    it("sends a tenant officer from / to their own hub and nowhere else", async () => {
      const own = await createTenant(t, { name: '专员所属有限公司' });
      const officer = await login(t, (await createUser(t, 'tenant_officer', { tenantId: own.id })).email);
      const home = await officer.agent.get('/').expect(303);
      expect(home.headers.location).toBe(`/tenants/${own.id}`);
      const hub = await officer.agent.get(`/tenants/${own.id}`).expect(200);
      expect(hub.text).toContain('专员所属有限公司');
      expect(hub.text).not.toContain(`/tenants/${own.id}/edit`);
      await officer.agent.get('/tenants').expect(403);
      await officer.agent.get(`/tenants/${seeded[0].id}`).expect(404);
    });

    it('sends an anonymous visitor to the login page', async () => {
      const res = await t.http().get('/tenants').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Ftenants');
    });
  });

  describe('buildings', () => {
    const audit = (id: number) => t.dataSource.getRepository(AuditEntryEntity).find({ where: { entityType: 'building', entityId: String(id) }, order: { id: 'ASC' } });
    const building = (name: string) => t.dataSource.getRepository(BuildingEntity).findOneBy({ name });

    it('lets staff add, rename, retire and bring back a building, each audited', async () => {
      const list = await staff.agent.get('/buildings').expect(200);
      expect(list.text).toContain('<h1>楼栋</h1>');
      const added = await form(staff, '/buildings', { name: ' 研发楼F1 ' }).expect(303);
      expect(added.headers.location).toBe('/buildings');
      const f1 = (await building('研发楼F1'))!;
      expect(f1).toMatchObject({ retired: false });
      expect((await staff.agent.get('/buildings').expect(200)).text).toContain('已新增楼栋 研发楼F1。');

      await form(staff, `/buildings/${f1.id}`, { name: '研发楼F2' }).expect(303);
      const tenant = await createTenant(t, { name: '楼栋改名有限公司', building: '研发楼F2' });
      expect((await staff.agent.get(`/tenants/${tenant.id}`).expect(200)).text).toContain('研发楼F2');

      await form(staff, `/buildings/${f1.id}/retired`, { retired: 'true' }).expect(303);
      // A retired building is not offered for new tenants, nor accepted; its tenant keeps it and can still be edited.
      expect(field((await staff.agent.get('/tenants/new').expect(200)).text, 'building')).not.toContain('研发楼F2');
      const refused = await form(staff, '/tenants', { uscc: testUscc(), name: '停用楼登记有限公司', legalRepresentative: '王五', industry: '39', building: '研发楼F2', movedInAt: '2024-01-01' }).expect(400);
      expect(field(refused.text, 'building')).toContain('aria-invalid="true"');
      const edit = await staff.agent.get(`/tenants/${tenant.id}/edit`).expect(200);
      expect(field(edit.text, 'building')).toContain('<option value="研发楼F2" selected>研发楼F2 (已停用)</option>');
      await form(staff, `/tenants/${tenant.id}`, { name: '楼栋改名后有限公司', building: '研发楼F2' }).expect(303);

      await form(staff, `/buildings/${f1.id}/retired`, { retired: 'false' }).expect(303);
      expect((await building('研发楼F2'))!.retired).toBe(false);
      expect((await audit(f1.id)).map((a) => a.action)).toEqual(['building.create', 'building.rename', 'building.retire', 'building.restore']);
    });

    it('refuses an empty or taken name beside the field, changing nothing', async () => {
      const before = await t.dataSource.getRepository(BuildingEntity).count();
      const empty = await form(staff, '/buildings', { name: '  ' }).expect(400);
      expect(field(empty.text, 'name')).toContain('aria-invalid="true"');
      const taken = await form(staff, '/buildings', { name: 'A1' }).expect(409);
      expect(field(taken.text, 'name')).toContain('已被占用。');
      const a2 = (await building('A2'))!;
      const clash = await form(staff, `/buildings/${a2.id}`, { name: 'A1' }).expect(409);
      expect(clash.text).toContain(`aria-describedby="e-b-${a2.id}"`);
      await form(staff, `/buildings/${a2.id}/retired`, { retired: 'maybe' }).expect(400);
      await form(staff, '/buildings/987654', { name: '无此楼' }).expect(404);
      expect(await t.dataSource.getRepository(BuildingEntity).count()).toBe(before);
      expect((await building('A2'))!).toMatchObject({ name: 'A2', retired: false });
    });

    it('is for park staff: a regulator may not see or change the list', async () => {
      const regulator = await login(t, (await createUser(t, 'regulator')).email);
      await regulator.agent.get('/buildings').expect(403);
      await form(regulator, '/buildings', { name: '监管加楼' }).expect(403);
      expect(await building('监管加楼')).toBeNull();
    });
  });

  describe('in English', () => {
    it('renders the list, the form and its errors in English after /locale/en', async () => {
      const b = await login(t, (await createUser(t, 'park_staff')).email);
      const switched = await b.agent.get('/locale/en').query({ next: '/tenants' }).expect(303);
      expect(switched.headers.location).toBe('/tenants');
      const list = await b.agent.get('/tenants').query({ q: PREFIX }).expect(200);
      expect(list.text).toContain('<html lang="en">');
      expect(list.text).toContain('<title>Tenants · ParkTrust</title>');
      expect(list.text).toContain('Register tenant');
      expect(list.text).toContain('1–20 of 25');
      expect(list.text).toContain('Suspended');

      const { code, expected, actual } = wrongCheck(testUscc());
      const res = await form(b, '/tenants', { uscc: code, name: 'English Ltd', legalRepresentative: 'x', industry: 'x', building: 'x', movedInAt: '2024-01-01' }).expect(400);
      expect(field(res.text, 'uscc')).toContain(`GB 32100 expects &quot;${expected}&quot;, found &quot;${actual}&quot;`);
      expect(res.text).toContain('Please correct the marked fields.');

      const ok = await form(b, '/tenants', { uscc: testUscc(), name: 'English Ltd', legalRepresentative: 'x', industry: '65', building: 'A1', movedInAt: '2024-01-01' }).expect(303);
      const hub = (await b.agent.get(ok.headers.location).expect(200)).text;
      expect(hub).toContain('English Ltd registered.');
      // Industries in English, not Chinese.
      expect(hub).toContain('Software and information technology services');
      expect(hub).not.toContain('软件和信息技术服务业');
      expect(list.text).toContain('<span title="39">Manufacture of computers, communication and other electronic equipment</span>');
      expect((await b.agent.get('/tenants/new').expect(200)).text).toContain('<optgroup label="I Information transmission, software and information technology services">');
    });

    it('switches with ?lang= on a filtered list too, and remembers it', async () => {
      const b = await login(t, (await createUser(t, 'park_staff')).email);
      const list = await b.agent.get('/tenants').query({ q: PREFIX, status: 'active', lang: 'en' }).expect(200);
      expect(list.text).toContain('<title>Tenants · ParkTrust</title>');
      // The pager and sort links do not carry it; the cookie does.
      expect((await b.agent.get('/tenants').query({ q: PREFIX }).expect(200)).text).toContain('<title>Tenants · ParkTrust</title>');
      expect((await b.agent.get('/tenants').query({ lang: 'zh-CN' }).expect(200)).text).toContain('<title>入驻企业 · 园区诚信自律平台</title>');
      const bad = await b.agent.get('/tenants').query({ lang: 'fr' }).expect(400);
      expect(bad.text).toContain('lang');
    });
  });
});
