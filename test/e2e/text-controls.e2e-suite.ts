import ExcelJS from 'exceljs';
import { ConventionVersionEntity } from '../../src/conventions/entities/convention-version.entity.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 8, finding 13: a NUL and other control characters in text fields were stored. Every text
 * field now refuses control and invisible formatting characters (field-keyed `controlChars`);
 * long text (descriptions, clause texts, responses, reasons) keeps its tabs and line breaks. The
 * rule is text-chars.rules.ts; these go through the API, a page form, a long-text field and an import.
 */
describe('control characters in text fields', () => {
  let t: TestApp;
  let staffToken: string;
  let staff: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    const user = await createUser(t, 'park_staff');
    staffToken = await tokenFor(t, user.id);
    ({ browser: staff } = await loginAs(t, 'park_staff'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const tenants = () => t.dataSource.getRepository(TenantEntity);
  const tenantBody = (extra: Record<string, unknown>) => ({
    uscc: testUscc(), name: '控制字符测试有限公司', legalRepresentative: '王五', industry: '电子信息', building: 'C3', movedInAt: '2024-06-01', ...extra,
  });

  describe('API', () => {
    it.each<[string, string, string]>([
      ['NUL', '星辰\u0000有限公司', 'U+0000'],
      ['an escape sequence', '\u001b[2J星辰有限公司', 'U+001B'],
      ['a C1 control', '星辰\u0085有限公司', 'U+0085'],
      ['a line break in a one-line field', '星辰\n有限公司', 'U+000A'],
      ['a right-to-left override', '星辰\u202e司公限有', 'U+202E'],
      ['U+FFFF', '星辰有限公司\uffff', 'U+FFFF'],
    ])('refuses %s in a name with a field-keyed 400 and stores nothing', async (_name, name, char) => {
      const before = await tenants().count();
      const res = await t.http().post('/api/v1/tenants').set(bearer(staffToken)).send(tenantBody({ name }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({ name: [{ code: 'controlChars', message: expect.stringContaining(char) }] });
      expect(await tenants().count()).toBe(before);
    });

    it('says so in English too', async () => {
      const res = await t.http().post('/api/v1/tenants?lang=en').set(bearer(staffToken)).send(tenantBody({ legalRepresentative: 'Wang\u0000Wu' }));
      expect(res.status).toBe(400);
      expect(res.body.errors.legalRepresentative).toEqual([
        { code: 'controlChars', message: 'Control characters and invisible formatting characters are not allowed (U+0000 at position 5).' },
      ]);
    });

    it('refuses a control character in an update, and leaves the tenant as it was', async () => {
      const tenant = await createTenant(t, { name: '更新测试有限公司' });
      const res = await t.http().patch(`/api/v1/tenants/${tenant.id}`).set(bearer(staffToken)).send({ contactPhone: '0755\u00071234' });
      expect(res.status).toBe(400);
      expect(res.body.errors.contactPhone[0].code).toBe('controlChars');
      expect((await tenants().findOneByOrFail({ id: tenant.id })).contactPhone).toBe(tenant.contactPhone);
    });

    it('keeps line breaks and tabs in long text (a status reason), not NUL', async () => {
      const tenant = await createTenant(t, { name: '理由测试有限公司' });
      const nul = await t.http().post(`/api/v1/tenants/${tenant.id}/status`).set(bearer(staffToken)).send({ status: 'suspended', reason: '整改\u0000期间' });
      expect(nul.status).toBe(400);
      expect(nul.body.errors.reason[0].code).toBe('controlChars');
      const reason = '第一条：消防通道堵塞\r\n第二条：\t未按期整改';
      const ok = await t.http().post(`/api/v1/tenants/${tenant.id}/status`).set(bearer(staffToken)).send({ status: 'suspended', reason });
      expect(ok.status).toBe(201);
      expect((await tenants().findOneByOrFail({ id: tenant.id })).statusReason).toBe(reason);
    });

    it('leaves ordinary Chinese, emoji and full-width text alone', async () => {
      const res = await t.http().post('/api/v1/tenants').set(bearer(staffToken)).send(tenantBody({ name: '星辰（深圳）微电子有限公司👍', unit: '１２０３' }));
      expect(res.status).toBe(201);
    });
  });

  describe('pages', () => {
    it('shows the problem beside the field of the tenant form', async () => {
      const before = await tenants().count();
      const res = await postForm(staff, '/tenants', { uscc: testUscc(), name: '页面\u0000有限公司', legalRepresentative: '王五', industry: '电子信息', building: 'C3', movedInAt: '2024-06-01' });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'name')).toBe('不能包含控制字符或不可见的格式字符（第 3 个字符为 U+0000）。');
      expect(await tenants().count()).toBe(before);
    });

    it('keeps line breaks in a clause text and refuses a NUL in it, beside that clause', async () => {
      const form = (textZh: string) => ({
        kind: 'management', title: '控制字符公约', titleEn: '', effectiveDate: '2026-01-01', signingPeriodDays: '14',
        'clauses.0.number': '1', 'clauses.0.category': 'law', 'clauses.0.textZh': textZh, 'clauses.0.textEn': '', 'clauses.0.customCategory': '',
      });
      const versions = () => t.dataSource.getRepository(ConventionVersionEntity).count();
      const before = await versions();
      const bad = await postForm(staff, '/conventions', form('遵守\u0000法规'));
      expect(bad.status).toBe(400);
      expect(fieldError(bad.text, 'clauses.0.textZh')).toContain('U+0000');
      expect(await versions()).toBe(before);
      const ok = await postForm(staff, '/conventions', form('一、遵守法规；\r\n二、\t按时缴费。'));
      expect(ok.status).toBe(303);
      expect(await versions()).toBe(before + 1);
    });
  });

  describe('imports', () => {
    const header = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone'];
    /** Row 2: a bidi override in a name; row 3: a line break in a one-line cell; row 4: a tab and a C1 control; row 5 is clean. */
    const rows = () => [
      [testUscc(), '甲\u202e司公限有', '张三', '电子信息', 'B2', '', '2024-03-01', ''],
      [testUscc(), '乙有限公司', '李\n四', '电子信息', 'B2', '', '2024-03-01', ''],
      [testUscc(), '丙有限公司', '王五', '电子\u0085信息', 'B2', 'A\t1', '2024-03-01', ''],
      [testUscc(), '丁有限公司', '赵六', '电子信息', 'B2', '', '2024-03-01', ''],
    ];
    const EXPECTED = ['2:name:controlChars', '3:legalRepresentative:controlChars', '4:industry:controlChars', '4:unit:controlChars'];
    const import_ = (file: Buffer, name: string) => t.http().post('/api/v1/tenants/import?dryRun=false').set(bearer(staffToken)).attach('file', file, name);
    const issues = (body: { errors: { row: number; column: string; code: string }[] }) => body.errors.map((e) => `${e.row}:${e.column}:${e.code}`);

    // A C0 control other than tab and line breaks makes a CSV binary (refused as a whole, 415); the rest reach the row check.
    it('reports control characters in CSV cells as row errors and imports nothing', async () => {
      const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
      const csv = Buffer.from([header, ...rows()].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');
      const before = await tenants().count();
      const res = await import_(csv, 'controls.csv');
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ rows: 4, valid: 1, created: 0 });
      expect(issues(res.body)).toEqual(EXPECTED);
      expect(await tenants().count()).toBe(before);
    });

    it('and in XLSX cells', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('企业');
      for (const r of [header, ...rows()]) ws.addRow(r);
      const before = await tenants().count();
      const res = await import_(Buffer.from(await wb.xlsx.writeBuffer()), 'controls.xlsx');
      expect(res.status).toBe(422);
      expect(issues(res.body)).toEqual(EXPECTED);
      expect(await tenants().count()).toBe(before);
    });
  });
});
