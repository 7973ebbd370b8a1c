import { binary, csvRows } from '../support/http-helpers.js';
import ExcelJS from 'exceljs';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import type { TenantQueryDto } from '../../src/tenants/dto/tenant.dto.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { createTenant, createTestApp, createUser, ensureBuildings, login, TEST_ACTOR, testUscc, tokenFor, type TestApp } from '../support/test-app.js';

const ZH_HEADER = ['统一社会信用代码', '企业名称', '法定代表人', '行业', '楼栋', '单元', '入驻日期', '联系电话', '状态', '行业名称'];
const EN_HEADER = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone', 'status', 'industryName'];
/** Each scenario's tenants have an industry no other tenant of this file has, so filtering by it isolates them. */
const BULK_INDUSTRY = '01';
const BULK = 2100;



async function xlsxRows(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('tenant export', () => {
  let t: TestApp;
  let staffToken: string;
  let today: string;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await createUser(t, 'park_staff');
    staffToken = await tokenFor(t, staff.id);
    today = t.get(I18nService).today();

    // A bulk industry larger than one export batch, with many equal names and dates to exercise the keyset's tie-break.
    await ensureBuildings(t, ['Q0', 'Q1', 'Q2', 'Q3', 'Q4']);
    const lines = ['uscc,name,legalRepresentative,industry,building,movedInAt'];
    const base = 800_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
    for (let i = 0; i < BULK; i++) {
      const body = `91440300${String(base + i).padStart(9, '0')}`;
      lines.push(`${body}${usccCheckCharacter(body)},批量${String(i % 300).padStart(3, '0')}有限公司,钱七,${BULK_INDUSTRY},Q${i % 5},2020-0${1 + (i % 9)}-1${i % 10}`);
    }
    await t.http().post('/api/v1/tenants/import?dryRun=false').set('Authorization', `Bearer ${staffToken}`)
      .attach('file', Buffer.from(lines.join('\n')), 'bulk.csv').expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  const api = (query: string, token = staffToken) =>
    t.http().get(`/api/v1/tenants/export${query}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  /** What the list itself returns for the same filters, all pages. */
  const expected = (query: TenantQueryDto) => t.get(TenantsService).filtered(query).getMany();

  describe('CSV', () => {
    it('streams only the matching rows, with a BOM, a Chinese header and a dated attachment name', async () => {
      const match = await createTenant(t, { name: '导出甲有限公司', industry: '02', building: 'X1', movedInAt: '2022-02-02' });
      await createTenant(t, { name: '导出乙有限公司', industry: '02', building: 'X2' });
      await createTenant(t, { name: '导出丙有限公司', industry: '03', building: 'X1' });

      const res = await api(`?format=csv&industry=${encodeURIComponent('02')}&building=X1`).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="tenants-${today}.csv"`);
      const rows = csvRows(res.body as Buffer);
      expect(rows).toEqual([
        ZH_HEADER,
        [match.uscc, '导出甲有限公司', '测试', '02', 'X1', '', '2022-02-02', '', '在园', '林业'],
      ]);
    });

    it('defaults to CSV and names the columns in English for an English caller', async () => {
      const res = await api(`?industry=${encodeURIComponent('02')}&lang=en`).expect(200);
      const rows = csvRows(res.body as Buffer);
      expect(rows[0]).toEqual(EN_HEADER);
      expect(rows.slice(1).map((r) => [r[3], r[8], r[9]])).toEqual([['02', 'Active', 'Forestry'], ['02', 'Active', 'Forestry']]);
    });

    it('filters by name prefix and status', async () => {
      const suspended = await createTenant(t, { name: '状态筛选甲有限公司' });
      await createTenant(t, { name: '状态筛选乙有限公司' });
      await t.get(TenantsService).changeStatus(suspended.id, { status: 'suspended', reason: '测试暂停' }, TEST_ACTOR);
      const rows = csvRows((await api(`?q=${encodeURIComponent('状态筛选')}&status=suspended`).expect(200)).body as Buffer);
      expect(rows.slice(1).map((r) => [r[1], r[8]])).toEqual([['状态筛选甲有限公司', '暂停']]);
    });

    it('defuses text a spreadsheet would run as a formula', async () => {
      const tenant = await createTenant(t, { name: '=HYPERLINK("http://evil")', industry: '04' });
      const rows = csvRows((await api(`?industry=${encodeURIComponent('04')}`).expect(200)).body as Buffer);
      expect(rows[1][0]).toBe(tenant.uscc);
      expect(rows[1][1]).toBe('\'=HYPERLINK("http://evil")');
    });

    it.each<[string, TenantQueryDto]>([
      ['name ascending', {}],
      ['name descending', { sort: 'name', dir: 'desc' }],
      ['move-in date descending', { sort: 'movedInAt', dir: 'desc' }],
      ['building ascending', { sort: 'building' }],
      ['creation time', { sort: 'createdAt' }],
    ])('exports every row beyond one batch, in the list order (%s)', async (_, sort) => {
      const query: TenantQueryDto = { industry: BULK_INDUSTRY, ...sort };
      const params = new URLSearchParams(Object.entries(query) as [string, string][]).toString();
      const rows = csvRows((await api(`?${params}`).expect(200)).body as Buffer).slice(1);
      expect(rows).toHaveLength(BULK);
      expect(new Set(rows.map((r) => r[0])).size).toBe(BULK);
      expect(rows.map((r) => r[0])).toEqual((await expected(query)).map((e) => e.uscc));
    });

    it('refuses an unknown format or filter value', async () => {
      await api('?format=pdf').expect(400);
      await api('?status=gone').expect(400);
      await api('?sort=password').expect(400);
    });
  });

  describe('XLSX', () => {
    it('streams a workbook that reads back with the same rows and a real date cell', async () => {
      const tenant = await createTenant(t, { name: '表格导出有限公司', industry: '05', building: 'Y9', movedInAt: '2024-02-29' });
      const res = await api(`?format=xlsx&industry=${encodeURIComponent('05')}`).expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="tenants-${today}.xlsx"`);
      const rows = await xlsxRows(res.body as Buffer);
      expect(rows[0]).toEqual(ZH_HEADER);
      expect(rows).toHaveLength(2);
      expect(rows[1].slice(0, 5)).toEqual([tenant.uscc, '表格导出有限公司', '测试', '05', 'Y9']);
      expect(rows[1][6]).toBeInstanceOf(Date);
      expect((rows[1][6] as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
      expect(rows[1][8]).toBe('在园');
    });

    it('holds every row of a multi-batch export', async () => {
      const rows = await xlsxRows((await api(`?format=xlsx&industry=${BULK_INDUSTRY}&sort=uscc`).expect(200)).body as Buffer);
      expect(rows).toHaveLength(BULK + 1);
      expect(rows.slice(1).map((r) => r[0])).toEqual((await expected({ industry: BULK_INDUSTRY, sort: 'uscc' })).map((e) => e.uscc));
    });
  });

  describe('pages', () => {
    it('exports the list page\'s filters as CSV and XLSX for a regulator', async () => {
      const tenant = await createTenant(t, { name: '页面导出有限公司', industry: '06' });
      const regulator = await createUser(t, 'regulator');
      const b = await login(t, regulator.email);
      const csv = await b.agent.get(`/tenants/export.csv?industry=${encodeURIComponent('06')}&sort=name&dir=asc&pageSize=20`).buffer(true).parse(binary).expect(200);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="tenants-${today}.csv"`);
      expect(csvRows(csv.body as Buffer).slice(1).map((r) => r[0])).toEqual([tenant.uscc]);
      const xlsx = await b.agent.get(`/tenants/export.xlsx?industry=${encodeURIComponent('06')}`).buffer(true).parse(binary).expect(200);
      expect((await xlsxRows(xlsx.body as Buffer)).slice(1).map((r) => r[0])).toEqual([tenant.uscc]);
    });

    it('links the exports from the list page with its filters', async () => {
      const staff = await createUser(t, 'park_staff');
      const b = await login(t, staff.email);
      const list = await b.agent.get('/tenants?building=Q1').expect(200);
      expect(list.text).toContain('href="/tenants/export.csv?building&#x3D;Q1"');
      const csv = await b.agent.get('/tenants/export.csv?building=Q1').buffer(true).parse(binary).expect(200);
      expect(csvRows(csv.body as Buffer).slice(1).every((r) => r[4] === 'Q1')).toBe(true);
    });

    it('sends an anonymous visitor to the login page and refuses a tenant officer', async () => {
      const anonymous = await t.http().get('/tenants/export.csv').expect(303);
      expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
      const tenant = await createTenant(t);
      const officer = await createUser(t, 'tenant_officer', { tenantId: tenant.id });
      const b = await login(t, officer.email);
      await b.agent.get('/tenants/export.csv').expect(403);
      await b.agent.get('/tenants/export.xlsx').expect(403);
    });
  });

  describe('authorization', () => {
    it('lets a regulator and an admin export', async () => {
      const regulator = await createUser(t, 'regulator');
      await api('?industry=x', await tokenFor(t, regulator.id)).expect(200);
      const admin = await createUser(t, 'admin');
      await api('?industry=x', await tokenFor(t, admin.id)).expect(200);
    });

    it.each(['tenant_officer', 'evaluator'] as const)('refuses a %s with 403', async (role) => {
      const tenant = role === 'tenant_officer' ? await createTenant(t) : null;
      const user = await createUser(t, role, { tenantId: tenant?.id });
      await api('', await tokenFor(t, user.id)).expect(403);
    });

    it('answers 401 without credentials', async () => {
      const res = await t.http().get('/api/v1/tenants/export').expect(401);
      expect(res.body.statusCode).toBe(401);
    });
  });

  it('does not disturb the tenant lookup by id', async () => {
    const tenant = await createTenant(t, { uscc: testUscc() });
    const res = await t.http().get(`/api/v1/tenants/${tenant.id}`).set('Authorization', `Bearer ${staffToken}`).expect(200);
    expect(res.body.uscc).toBe(tenant.uscc);
  });
});
