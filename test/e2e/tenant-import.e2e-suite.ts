import { binary } from '../support/http-helpers.js';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { In } from 'typeorm';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { BuildingEntity } from '../../src/tenants/entities/building.entity.js';
import { createTenant, createTestApp, createUser, csrfFrom, ensureBuildings, login, testUscc, tokenFor, type TestApp } from '../support/test-app.js';

const HEADER = 'uscc,name,legalRepresentative,industry,building,unit,movedInAt,contactPhone';

/** A USCC with a wrong check character, and the one GB 32100 expects. */
function badCheckUscc(): { code: string; expected: string } {
  const good = testUscc();
  const expected = good[17];
  const wrong = expected === '0' ? '1' : '0';
  return { code: good.slice(0, 17) + wrong, expected };
}

function csv(...lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

function row(uscc: string, name: string, extra: Partial<{ rep: string; industry: string; building: string; unit: string; date: string; phone: string }> = {}): string {
  return [uscc, name, extra.rep ?? '张三', extra.industry ?? '电子信息', extra.building ?? 'B2', extra.unit ?? '', extra.date ?? '2024-03-01', extra.phone ?? ''].join(',');
}

describe('tenant import', () => {
  let t: TestApp;
  let staffToken: string;
  let staffEmail: string;

  beforeAll(async () => {
    t = await createTestApp();
    const staff = await createUser(t, 'park_staff');
    staffEmail = staff.email;
    staffToken = await tokenFor(t, staff.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  const tenantCount = () => t.dataSource.getRepository(TenantEntity).count();
  const upload = (file: Buffer, name: string, query = '', token = staffToken) =>
    t.http().post(`/api/v1/tenants/import${query}`).set('Authorization', `Bearer ${token}`).attach('file', file, name);

  describe('dry run', () => {
    it('reports every bad row with spreadsheet row numbers and writes nothing', async () => {
      const registered = await createTenant(t, { name: '已登记有限公司' });
      const bad = badCheckUscc();
      const dup = testUscc();
      const file = csv(
        HEADER,
        row(testUscc(), '甲有限公司'),
        row(bad.code, '乙有限公司'),
        row(dup, '丙有限公司'),
        row(dup.toLowerCase(), '丁有限公司'),
        row(registered.uscc, '戊有限公司'),
        row(testUscc(), '己有限公司', { date: '2024-02-30' }),
        row(testUscc(), ''),
      );
      const before = await tenantCount();
      const res = await upload(file, 'tenants.csv').expect(200);

      expect(res.body).toMatchObject({ dryRun: true, fileName: 'tenants.csv', format: 'csv', rows: 7, valid: 1, created: 0 });
      const errors = res.body.errors as { row: number; column: string; code: string; message: string }[];
      expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
        [3, 'uscc', 'usccCheck'],
        [4, 'uscc', 'duplicateInFile'],
        [5, 'uscc', 'duplicateInFile'],
        [6, 'uscc', 'duplicateUscc'],
        [7, 'movedInAt', 'date'],
        [8, 'name', 'required'],
      ]);
      for (const e of errors) expect(Object.keys(e).sort()).toEqual(['code', 'column', 'message', 'row']);
      expect(errors[0].message).toContain(`“${bad.expected}”`);
      expect(errors[1].message).toContain('5');
      expect(errors[2].message).toContain('4');
      expect(errors[3].message).toContain(registered.uscc);
      expect(await tenantCount()).toBe(before);
    });

    it('answers in the caller\'s language', async () => {
      const bad = badCheckUscc();
      const res = await upload(csv(HEADER, row(bad.code, 'Check Ltd')), 'en.csv', '?lang=en').expect(200);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 2, column: 'uscc', code: 'usccCheck', message: expect.stringContaining(`expects "${bad.expected}"`) }),
      ]);
      expect(res.body.errors[0].message).toContain('Imports accept no check override');
    });

    it('applies the create DTO\'s length rules', async () => {
      const res = await upload(csv(HEADER, row(testUscc(), 'x'.repeat(201), { unit: 'u'.repeat(33) })), 'long.csv').expect(200);
      expect(res.body.errors.map((e: { column: string; code: string }) => `${e.column}:${e.code}`)).toEqual(['name:maxLength', 'unit:maxLength']);
      expect(res.body.errors[0].message).toContain('200');
    });

    // A line break is refused in a one-line field (issue 8, finding 13), reported on the row the cell starts on.
    it('numbers rows as a spreadsheet does: blank lines count, a multi-line cell is one row', async () => {
      const file = csv(HEADER, row(testUscc(), '"多行\n名称有限公司"'), '', row(testUscc(), '日期有限公司', { date: '2024/01/01' }));
      const res = await upload(file, 'numbering.csv').expect(200);
      expect(res.body).toMatchObject({ rows: 2, valid: 0 });
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 2, column: 'name', code: 'controlChars' }),
        expect.objectContaining({ row: 4, column: 'movedInAt', code: 'date' }),
      ]);
    });

    it('reads a semicolon-separated file', async () => {
      const res = await upload(csv(HEADER.replaceAll(',', ';'), row(testUscc(), '分号有限公司').replaceAll(',', ';')), 'semi.csv').expect(200);
      expect(res.body).toMatchObject({ rows: 1, valid: 1, errors: [] });
    });

    it('reports unknown and missing columns at row 1', async () => {
      const res = await upload(csv('uscc,name,legalRepresentative,industry,email', `${testUscc()},甲,张三,电子,a@b.cn`), 'cols.csv').expect(200);
      expect(res.body).toMatchObject({ rows: 1, valid: 0, created: 0 });
      expect(res.body.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).toEqual([
        [1, 'email', 'importUnknownColumn'],
        [1, 'building', 'importMissingColumn'],
        [1, 'movedInAt', 'importMissingColumn'],
      ]);
      expect(res.body.errors[0].message).toContain('email');
    });

    it('treats a dry run as the default and rejects a malformed dryRun flag', async () => {
      const file = csv(HEADER, row(testUscc(), '默认有限公司'));
      const res = await upload(file, 'default.csv').expect(200);
      expect(res.body).toMatchObject({ dryRun: true, valid: 1, created: 0 });
      await upload(file, 'bad-flag.csv', '?dryRun=maybe').expect(400);
    });
  });

  describe('commit', () => {
    it('writes every row in one go and records one audit entry', async () => {
      const codes = [testUscc(), testUscc(), testUscc()];
      const file = csv(
        HEADER,
        row(codes[0], '提交甲有限公司', { unit: '1203', phone: '0755-12345678' }),
        row(` ${codes[1].slice(0, 8)} ${codes[1].slice(8)} `, '提交乙有限公司'),
        '',
        row(codes[2], '提交丙有限公司', { building: 'C3', date: '2023-12-31' }),
      );
      const res = await upload(file, '提交.csv', '?dryRun=false').expect(201);
      expect(res.body).toEqual({ dryRun: false, fileName: '提交.csv', format: 'csv', rows: 3, examples: 0, valid: 3, created: 3, errors: [], preview: [] });

      const saved = await t.dataSource.getRepository(TenantEntity).find({ where: { uscc: In(codes) }, order: { uscc: 'ASC' } });
      expect(saved).toHaveLength(3);
      const first = saved.find((s) => s.uscc === codes[0]);
      expect(first).toMatchObject({ name: '提交甲有限公司', unit: '1203', contactPhone: '0755-12345678', status: 'active', movedInAt: '2024-03-01', usccOverrideReason: null });
      expect(saved.find((s) => s.uscc === codes[1])).toMatchObject({ unit: '', contactPhone: null });
      expect(saved.find((s) => s.uscc === codes[2])).toMatchObject({ building: { name: 'C3' }, movedInAt: '2023-12-31' });

      const sha256 = createHash('sha256').update(file).digest('hex');
      const audits = await t.dataSource.getRepository(AuditEntryEntity).find({ where: { action: 'tenant.import', entityId: sha256 } });
      expect(audits).toHaveLength(1);
      expect(audits[0].entityType).toBe('tenant_import');
      expect(JSON.parse(audits[0].after as string)).toEqual({ fileName: '提交.csv', sha256, rows: 3, firstUscc: codes[0], lastUscc: codes[2] });
    });

    it('refuses the whole file with 422 when any row is bad, writing nothing', async () => {
      const good = [testUscc(), testUscc()];
      const file = csv(HEADER, row(good[0], '好甲有限公司'), row(badCheckUscc().code, '坏有限公司'), row(good[1], '好乙有限公司'));
      const before = await tenantCount();
      const audits = await t.dataSource.getRepository(AuditEntryEntity).countBy({ action: 'tenant.import' });
      const res = await upload(file, 'bad.csv', '?dryRun=false').expect(422);
      expect(res.body).toMatchObject({ dryRun: false, rows: 3, valid: 2, created: 0 });
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'uscc', code: 'usccCheck' })]);
      expect(await tenantCount()).toBe(before);
      expect(await t.dataSource.getRepository(TenantEntity).countBy({ uscc: In(good) })).toBe(0);
      expect(await t.dataSource.getRepository(AuditEntryEntity).countBy({ action: 'tenant.import' })).toBe(audits);
    });

    it('refuses a second import of the same codes as already registered', async () => {
      const file = csv(HEADER, row(testUscc(), '重复导入有限公司'));
      await upload(file, 'once.csv', '?dryRun=false').expect(201);
      const res = await upload(file, 'twice.csv', '?dryRun=false').expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, code: 'duplicateUscc' })]);
    });

    it('imports 5,000 rows with chunked inserts', async () => {
      await ensureBuildings(t, Array.from({ length: 7 }, (_, i) => `P${i}`));
      const lines = [HEADER];
      const base = 700_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
      for (let i = 0; i < 5000; i++) {
        const body = `91440300${String(base + i).padStart(9, '0')}`;
        lines.push(row(body + usccCheckCharacter(body), `批量${i}有限公司`, { building: `P${i % 7}` }));
      }
      const before = await tenantCount();
      const res = await upload(csv(...lines), 'bulk.csv', '?dryRun=false').expect(201);
      expect(res.body).toMatchObject({ rows: 5000, valid: 5000, created: 5000, errors: [] });
      expect(await tenantCount()).toBe(before + 5000);
    });
  });

  describe('file formats', () => {
    it('imports an XLSX workbook with a real date cell, numbers and rich text', async () => {
      const codes = [testUscc(), testUscc()];
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('企业');
      ws.addRow(['USCC', 'Name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone']);
      ws.addRow([codes[0], { richText: [{ text: '表格' }, { text: '甲有限公司' }] }, '李四', '生物医药', 'D1', 1203, new Date(Date.UTC(2024, 1, 29)), 13800138000]);
      ws.getCell('G2').numFmt = 'yyyy-mm-dd';
      ws.addRow([codes[1], '表格乙有限公司', '王五', '生物医药', 'D1', null, '2022-07-15', null]);
      const file = Buffer.from(await wb.xlsx.writeBuffer());

      const dry = await upload(file, 'tenants.xlsx').expect(200);
      expect(dry.body).toMatchObject({ format: 'xlsx', rows: 2, valid: 2, errors: [] });
      await upload(file, 'tenants.xlsx', '?dryRun=false').expect(201);
      const saved = await t.dataSource.getRepository(TenantEntity).find({ where: { uscc: In(codes) } });
      expect(saved.find((s) => s.uscc === codes[0])).toMatchObject({ name: '表格甲有限公司', unit: '1203', movedInAt: '2024-02-29', contactPhone: '13800138000' });
      expect(saved.find((s) => s.uscc === codes[1])).toMatchObject({ movedInAt: '2022-07-15', unit: '' });
    });

    it('reports XLSX problems at the sheet\'s row numbers', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('t');
      ws.addRow(['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'movedInAt']);
      ws.addRow([testUscc(), '甲', '张三', '电子信息', 'A1', '2024-01-01']);
      ws.addRow([]);
      ws.addRow([testUscc(), '乙', '张三', '电子信息', 'A1', 'not a date']);
      const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'rows.xlsx').expect(200);
      expect(res.body).toMatchObject({ rows: 2, valid: 1 });
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 4, column: 'movedInAt', code: 'date' })]);
    });

    it('accepts Chinese headers and a BOM', async () => {
      const code = testUscc();
      await ensureBuildings(t, ['E5']);
      const file = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        csv('统一社会信用代码,企业名称,法定代表人,行业,楼栋,单元,入驻日期,联系电话', `${code},中文表头有限公司,赵六,新材料,E5,101,2021-05-06,`),
      ]);
      const res = await upload(file, 'zh.csv', '?dryRun=false').expect(201);
      expect(res.body).toMatchObject({ rows: 1, created: 1 });
      expect(await t.dataSource.getRepository(TenantEntity).findOneBy({ uscc: code })).toMatchObject({ name: '中文表头有限公司', industry: '26', building: { name: 'E5' }, unit: '101' });
    });

    it('takes an industry as code or Chinese or English name, and refuses other industries and buildings by field, writing nothing', async () => {
      const codes = [testUscc(), testUscc(), testUscc()];
      const ok = await upload(csv(HEADER,
        row(codes[0], '行业代码有限公司', { industry: '65' }),
        row(codes[1], '行业中文有限公司', { industry: '医药制造业' }),
        row(codes[2], '行业英文有限公司', { industry: 'Manufacture of medicines' }),
      ), 'industries.csv', '?dryRun=false').expect(201);
      expect(ok.body).toMatchObject({ rows: 3, created: 3 });
      const saved = await t.dataSource.getRepository(TenantEntity).find({ where: codes.map((uscc) => ({ uscc })), order: { id: 'ASC' } });
      expect(saved.map((s) => s.industry)).toEqual(['65', '27', '27']);

      await ensureBuildings(t, ['停用楼']);
      await t.dataSource.getRepository(BuildingEntity).update({ name: '停用楼' }, { retired: true });
      const before = await tenantCount();
      const bad = await upload(csv(HEADER,
        row(testUscc(), '坏行业有限公司', { industry: '区块链' }),
        row(testUscc(), '坏楼栋有限公司', { building: 'Z9' }),
        row(testUscc(), '停用楼栋有限公司', { building: '停用楼' }),
      ), 'bad.csv', '?dryRun=false').expect(422);
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ row: 2, column: 'industry', code: 'unknownIndustry' }),
        expect.objectContaining({ row: 3, column: 'building', code: 'unknownBuilding', message: expect.stringContaining('Z9') }),
        expect.objectContaining({ row: 4, column: 'building', code: 'unknownBuilding' }),
      ]);
      expect(await tenantCount()).toBe(before);
    });

    it('finds imported tenants by any part of their name at once', async () => {
      const code = testUscc();
      await upload(csv(HEADER, row(code, '导入检索独特名称有限公司', { rep: '诸葛亮' })), 'search.csv', '?dryRun=false').expect(201);
      const list = await t.http().get('/api/v1/tenants').query({ q: '检索独特' }).set('Authorization', `Bearer ${staffToken}`).expect(200);
      expect(list.body.items.map((i: { uscc: string }) => i.uscc)).toEqual([code]);
      const byRep = await t.http().get('/api/v1/tenants').query({ q: '诸葛' }).set('Authorization', `Bearer ${staffToken}`).expect(200);
      expect(byRep.body.items.map((i: { uscc: string }) => i.uscc)).toEqual([code]);
    });

    it.each([
      ['an empty file', Buffer.alloc(0), 'importEmpty'],
      ['a header-only file', csv(HEADER), 'importNoRows'],
      ['a header and blank lines', csv(HEADER, '', ',,,'), 'importNoRows'],
      ['only blank lines', csv('', ''), 'importEmpty'],
      ['a corrupt XLSX', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300, 0x41)]), 'importMalformed'],
      ['an unclosed quote', csv(HEADER, '"91440300,甲'), 'importMalformedCsv'],
    ])('answers 400 for %s', async (_, file, code) => {
      const before = await tenantCount();
      const res = await upload(file, 'f.bin').expect(400);
      expect(res.body.errors.file[0].code).toBe(code);
      expect(res.body.message).toEqual(expect.any(String));
      expect(res.body.message).not.toMatch(/^validation\./);
      expect(await tenantCount()).toBe(before);
    });

    it('answers 400 for a request without a file', async () => {
      const res = await t.http().post('/api/v1/tenants/import').set('Authorization', `Bearer ${staffToken}`).field('note', 'x').expect(400);
      expect(res.body.errors.file[0].code).toBe('importNoFile');
    });

    it('answers 400 for more than 50,000 rows', async () => {
      const lines = [HEADER];
      for (let i = 0; i < 50_001; i++) lines.push(`x${i},n,r,i,b,,2024-01-01,`);
      const res = await upload(csv(...lines), 'huge.csv').expect(400);
      expect(res.body.errors.file[0].code).toBe('importTooManyRows');
      expect(res.body.message).toContain('50001');
    });

    it.each([
      ['a PNG', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), 'image.csv'],
      ['binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0x9f, 0xc0, 0x00]), 'data.csv'],
      ['GBK-encoded text', Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0x2c, 0x0d, 0x0a]), 'gbk.csv'],
    ])('answers 415 for %s, whatever its name', async (_, file, name) => {
      const res = await upload(file, name).expect(415);
      expect(res.body.statusCode).toBe(415);
      expect(res.body.message).toContain('CSV');
    });
  });

  describe('size limit', () => {
    let small: TestApp;
    let token: string;
    beforeAll(async () => {
      small = await createTestApp({ IMPORT_MAX_BYTES: '2048' });
      token = await tokenFor(small, (await createUser(small, 'park_staff')).id);
    });
    afterAll(async () => {
      await small?.close();
    });

    it('answers 413 for a file over IMPORT_MAX_BYTES and accepts one under it', async () => {
      const lines = [HEADER];
      for (let i = 0; i < 60; i++) lines.push(row(testUscc(), `超大文件${i}有限公司`));
      const big = csv(...lines);
      expect(big.length).toBeGreaterThan(2048);
      const res = await small.http().post('/api/v1/tenants/import').set('Authorization', `Bearer ${token}`).attach('file', big, 'big.csv').expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'tooLarge' });
      expect(res.body.message).toContain('2 KB');
      await small.http().post('/api/v1/tenants/import').set('Authorization', `Bearer ${token}`).attach('file', csv(HEADER, row(testUscc(), '小文件有限公司')), 'small.csv').expect(200);
    });
  });

  describe('authorization', () => {
    const file = () => csv(HEADER, row(testUscc(), '越权有限公司'));

    it.each(['tenant_officer', 'evaluator', 'regulator'] as const)('refuses a %s with 403', async (role) => {
      const tenant = role === 'tenant_officer' ? await createTenant(t) : null;
      const user = await createUser(t, role, { tenantId: tenant?.id });
      const before = await tenantCount();
      await upload(file(), 'x.csv', '?dryRun=false', await tokenFor(t, user.id)).expect(403);
      expect(await tenantCount()).toBe(before);
    });

    it('lets an admin import', async () => {
      const admin = await createUser(t, 'admin');
      await upload(file(), 'admin.csv', '', await tokenFor(t, admin.id)).expect(200);
    });

    it('answers 401 to an anonymous caller and to an unknown bearer token', async () => {
      const before = await tenantCount();
      const anonymous = await t.http().post('/api/v1/tenants/import?dryRun=false').attach('file', file(), 'x.csv').expect(401);
      expect(anonymous.body.statusCode).toBe(401);
      await t.http().post('/api/v1/tenants/import?dryRun=false').set('Authorization', 'Bearer nope').attach('file', file(), 'x.csv').expect(401);
      expect(await tenantCount()).toBe(before);
    });

    it('needs the CSRF token from a logged-in browser calling the API', async () => {
      const b = await login(t, staffEmail);
      await b.agent.post('/api/v1/tenants/import').attach('file', file(), 'x.csv').expect(403);
      await b.agent.post('/api/v1/tenants/import').set('x-csrf-token', b.csrf).attach('file', file(), 'x.csv').expect(200);
    });
  });

  describe('pages', () => {
    it('renders the upload form at /tenants/import (not the tenant hub)', async () => {
      const b = await login(t, staffEmail);
      const res = await b.agent.get('/tenants/import').expect(200);
      expect(res.text).toContain('enctype="multipart/form-data"');
      expect(res.text).toContain('action="/tenants/import"');
      expect(res.text).not.toMatch(/\?_csrf=/);
      expect(res.text).toContain('/tenants/import/template.csv');
    });

    it('offers a template in the page language with one example row, which the import skips', async () => {
      const b = await login(t, staffEmail);
      const res = await b.agent.get('/tenants/import/template.csv').buffer(true).parse(binary).expect(200);
      expect(res.headers['content-disposition']).toContain('attachment');
      const template = res.body as Buffer;
      const lines = template.toString('utf8').split('\r\n');
      expect(lines[0]).toBe('\uFEFF统一社会信用代码,企业名称,法定代表人,行业,楼栋,单元,入驻日期,联系电话');
      expect(lines[1]).toBe('示例行（导入时跳过）,示例科技有限公司,张三,电子信息,A1,101,2024-01-01,13800000000');
      expect(lines).toHaveLength(3);

      // Untouched, it creates nothing and says why.
      const before = await t.dataSource.getRepository(TenantEntity).count();
      const untouched = await upload(template, 'template.csv', '?dryRun=false').expect(400);
      expect(untouched.body.errors.file[0].code).toBe('importOnlyExample');
      const page = await b.agent.post('/tenants/import').field('_csrf', b.csrf).attach('file', template, 'template.csv').expect(400);
      expect(page.text).toContain('示例行');
      // With rows below the example, only those are imported.
      const code = testUscc();
      const filled = Buffer.concat([template, Buffer.from(`${row(code, '模板填写有限公司')}\r\n`)]);
      const done = await upload(filled, 'filled.csv', '?dryRun=false').expect(201);
      expect(done.body).toMatchObject({ rows: 1, examples: 1, created: 1 });
      expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(before + 1);
      expect(await t.dataSource.getRepository(TenantEntity).existsBy({ name: '示例科技有限公司' })).toBe(false);
    });

    it('uploads, redirects to a preview of the rows to be created, commits on confirmation and redirects to the list', async () => {
      const b = await login(t, staffEmail);
      const codes = [testUscc(), testUscc()];
      const file = csv(HEADER, row(codes[0], '页面甲有限公司'), row(codes[1], '页面乙有限公司'));
      const upload = await b.agent.post(`/tenants/import`).field('_csrf', b.csrf).attach('file', file, 'page.csv').expect(303);
      expect(upload.headers.location).toBe('/tenants/import/preview');
      const report = await b.agent.get('/tenants/import/preview').expect(200);
      expect(report.text).toContain('page.csv');
      expect(report.text).toContain('将要创建的企业');
      expect(report.text).toContain(`<td>${codes[0]}</td>`);
      expect(report.text).toContain('<td>页面乙有限公司</td>');
      expect(report.text.indexOf('将要创建的企业')).toBeLessThan(report.text.indexOf('action="/tenants/import/commit"'));
      expect(report.text).toContain('action="/tenants/import/commit"');
      // Reloading the preview shows the same, and writes nothing.
      await b.agent.get('/tenants/import/preview').expect(200);
      expect(await t.dataSource.getRepository(TenantEntity).countBy({ uscc: In(codes) })).toBe(0);
      const stored = readdirSync(join(t.config.dataDir, 'imports'));
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatch(/^[0-9a-f-]{36}\.csv$/);

      const commit = await b.agent.post('/tenants/import/commit').type('form').send({ _csrf: csrfFrom(report.text) }).expect(303);
      expect(commit.headers.location).toBe('/tenants');
      expect(await t.dataSource.getRepository(TenantEntity).countBy({ uscc: In(codes) })).toBe(2);
      expect(readdirSync(join(t.config.dataDir, 'imports'))).toEqual([]);
      const list = await b.agent.get('/tenants').expect(200);
      expect(list.text).toContain('已导入 2 家企业。');

      // The stored file is gone: a second commit has nothing to do.
      const again = await b.agent.post('/tenants/import/commit').type('form').send({ _csrf: b.csrf }).expect(303);
      expect(again.headers.location).toBe('/tenants/import');
      expect(await t.dataSource.getRepository(TenantEntity).countBy({ uscc: In(codes) })).toBe(2);
    });

    it('re-checks on commit: a code registered since the dry run refuses the whole file', async () => {
      const b = await login(t, staffEmail);
      const codes = [testUscc(), testUscc()];
      await b.agent.post(`/tenants/import`).field('_csrf', b.csrf).attach('file', csv(HEADER, row(codes[0], '竞争甲有限公司'), row(codes[1], '竞争乙有限公司')), 'race.csv').expect(303);
      const report = await b.agent.get('/tenants/import/preview').expect(200);
      await createTenant(t, { uscc: codes[1], name: '抢先登记有限公司' });
      const res = await b.agent.post('/tenants/import/commit').type('form').send({ _csrf: csrfFrom(report.text) }).expect(422);
      expect(res.text).toContain(codes[1]);
      expect(res.text).toContain('<td class="row">3</td>');
      expect(await t.dataSource.getRepository(TenantEntity).countBy({ uscc: codes[0] })).toBe(0);
      expect(readdirSync(join(t.config.dataDir, 'imports'))).toEqual([]);
    });

    it('shows the problems and no commit button when rows are bad', async () => {
      const b = await login(t, staffEmail);
      const bad = badCheckUscc();
      const res = await b.agent.post(`/tenants/import`).field('_csrf', b.csrf).attach('file', csv(HEADER, row(bad.code, '坏页面有限公司')), 'bad.csv').expect(200);
      expect(res.text).toContain(`“${bad.expected}”`);
      expect(res.text).toContain('<td class="row">2</td>');
      expect(res.text).not.toContain('action="/tenants/import/commit"');
      expect(readdirSync(join(t.config.dataDir, 'imports'))).toEqual([]);
    });

    it('re-renders the form with the reason for an unreadable file', async () => {
      const b = await login(t, staffEmail);
      const res = await b.agent.post(`/tenants/import`).field('_csrf', b.csrf).attach('file', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'x.png').expect(415);
      expect(res.text).toContain('enctype="multipart/form-data"');
      expect(res.text).toContain('CSV UTF-8');
    });

    it('refuses an upload without the CSRF token', async () => {
      const b = await login(t, staffEmail);
      await b.agent.post('/tenants/import').attach('file', csv(HEADER, row(testUscc(), '无令牌有限公司')), 'x.csv').expect(403);
    });

    it('keeps regulators out of the import pages', async () => {
      const regulator = await createUser(t, 'regulator');
      const b = await login(t, regulator.email);
      await b.agent.get('/tenants/import').expect(403);
    });
  });
});

