import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { DepartmentsService } from '../../src/accounts/departments.service.js';
import { AnnualReportEntity } from '../../src/findings/entities/annual-report.entity.js';
import { FindingEntity } from '../../src/findings/entities/finding.entity.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { xlsxOf } from '../support/xlsx-files.js';

jest.setTimeout(120_000);

/** The headers of a 信用中国 administrative penalty export. */
const PENALTY_HEADER = ['行政相对人名称', '统一社会信用代码', '行政处罚决定书文号', '违法行为类型', '违法事实', '处罚依据', '处罚类别', '处罚内容', '处罚决定日期', '处罚机关', '公示截止期'];

function csv(rows: readonly (readonly string[])[]): Buffer {
  const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return Buffer.from(`\ufeff${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`);
}

async function workbook(rows: readonly (readonly (string | number | Date)[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('行政处罚');
  for (const r of rows) ws.addRow([...r]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface ReportBody {
  rows: number; valid: number; toCreate: number; created: number; alreadyRecorded: number;
  skipped: { row: number; decisionNo: string; findingId: number }[];
  errors: { row: number; column: string; code: string; message: string }[];
  mapping: (string | null)[];
}

describe('findings import: platform exports, mapping, dry run, preview, all-or-nothing commit; annual reports', () => {
  let t: TestApp;
  let A: TenantEntity;
  let B: TenantEntity;
  let C: TenantEntity;
  let market: number;
  let tax: number;
  let staff: Browser;
  let staffToken: string;
  let regulator: Browser;
  let regulatorToken: string;
  let officerA: number;
  let officerToken: string;
  let evaluatorToken: string;

  const count = (where: Record<string, unknown> = {}) => t.dataSource.getRepository(FindingEntity).countBy(where);
  const importApi = (token: string, file: Buffer, name: string, dryRun: boolean, mapping?: unknown) => {
    const req = t.http().post(`/api/v1/findings/import?dryRun=${dryRun}`).set(bearer(token));
    if (mapping !== undefined) req.field('mapping', typeof mapping === 'string' ? mapping : JSON.stringify(mapping));
    return req.attach('file', file, { filename: name, contentType: name.endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  };
  const imports = async () => Number(((await t.dataSource.query("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'finding.import'")) as { n: number | string }[])[0].n);
  const codes = (body: ReportBody) => body.errors.map((e) => `${e.row}:${e.column}:${e.code}`);

  beforeAll(async () => {
    t = await createTestApp();
    A = await createTenant(t, { name: '导入测试甲有限公司' });
    B = await createTenant(t, { name: '导入测试乙有限公司' });
    C = await createTenant(t, { name: '导入测试丙有限公司' });
    market = (await t.get(DepartmentsService).findByCode('market'))!.id;
    tax = (await t.get(DepartmentsService).findByCode('tax'))!.id;
    const s = await loginAs(t, 'park_staff');
    staff = s.browser;
    staffToken = await tokenFor(t, s.user.id);
    const r = await loginAs(t, 'regulator', { departmentId: market });
    regulator = r.browser;
    regulatorToken = await tokenFor(t, r.user.id);
    const o = await createUser(t, 'tenant_officer', { tenantId: A.id });
    officerA = o.id;
    officerToken = await tokenFor(t, o.id);
    evaluatorToken = await tokenFor(t, (await createUser(t, 'evaluator')).id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a 信用中国 CSV through the pages: upload → mapping pre-filled → dry run → preview after a redirect → commit, publicity computed, audited once, one notice per tenant', async () => {
    const file = csv([
      PENALTY_HEADER,
      [A.name, A.uscc.toLowerCase(), '深市监罚〔2026〕101号', '虚假宣传', '经查，当事人……', '《中华人民共和国广告法》第五十五条', '罚款', '罚款人民币两万元', '2026-03-31', '市场监督管理局', '2027-03-31'],
      [A.name, A.uscc, '深市监罚〔2026〕102号', '未按规定明码标价', '经查……', '《价格违法行为行政处罚规定》', '警告', '警告', '2026年4月10日', 'market', ''],
      [B.name, B.uscc, '深市监罚〔2026〕103号', '无照经营', '经查……', '《无证无照经营查处办法》', '吊销营业执照', '吊销营业执照', '2026/2/1', '市场监督管理局', ''],
    ]);
    const form = await staff.agent.get('/findings/import').expect(200);
    expect(form.text.indexOf('name="_csrf"')).toBeLessThan(form.text.indexOf('name="file"'));
    const upload = await staff.agent.post('/findings/import').field('_csrf', staff.csrf).attach('file', file, { filename: 'penalties.csv', contentType: 'text/csv' }).expect(303);
    expect(upload.headers.location).toBe('/findings/import/mapping');

    const mapping = await staff.agent.get('/findings/import/mapping').expect(200);
    // Pre-filled from the headers: the USCC column is the second; the publicity end (computed by us) is left out.
    expect(mapping.text).toMatch(/name="col_1">\s*<option value="">[^<]*<\/option>[\s\S]*?<option value="uscc" selected>/);
    expect(mapping.text).toMatch(/name="col_10">\s*<option value="" selected>/);
    const fields = ['tenantName', 'uscc', 'decisionNo', 'violationType', 'facts', 'legalBasis', 'penaltyCategory', 'penaltyContent', 'decisionDate', 'department', ''];
    const mapped = await staff.agent.post('/findings/import/mapping').type('form').send({ _csrf: staff.csrf, ...Object.fromEntries(fields.map((f, i) => [`col_${i}`, f])) }).expect(303);
    expect(mapped.headers.location).toBe('/findings/import/preview');
    const preview = await staff.agent.get('/findings/import/preview').expect(200);
    expect(preview.text).toContain('data-errors="0"');
    expect(preview.text).toContain('data-preview-row="4"');
    expect(preview.text).toContain('action="/findings/import/commit"');
    expect(await count()).toBe(0);

    const done = await staff.agent.post('/findings/import/commit').type('form').send({ _csrf: staff.csrf }).expect(303);
    expect(done.headers.location).toBe('/findings');
    const rows = await t.dataSource.getRepository(FindingEntity).find({ order: { decisionNo: 'ASC' } });
    expect(rows.map((f) => [f.decisionNo, f.tenantId, f.departmentId, f.type, f.severity, f.penaltyKind, f.decisionDate, f.publicityEndsOn, f.source])).toEqual([
      ['深市监罚〔2026〕101号', A.id, market, 'penalty', 'general', 'fine', '2026-03-31', '2027-03-31', 'import'],
      ['深市监罚〔2026〕102号', A.id, market, 'penalty', 'minor', 'warning', '2026-04-10', '2026-04-10', 'import'],
      ['深市监罚〔2026〕103号', B.id, market, 'penalty', 'serious', 'revocation', '2026-02-01', '2029-02-01', 'import'],
    ]);
    expect(rows[0]).toMatchObject({ title: '虚假宣传', legalBasis: '《中华人民共和国广告法》第五十五条', rectificationStatus: 'none' });
    expect(rows[0].description).toContain('罚款人民币两万元');
    const audit = (await t.dataSource.query("SELECT after FROM audit_entries WHERE action = 'finding.import'")) as { after: unknown }[];
    expect(audit).toHaveLength(1);
    expect(typeof audit[0].after === 'string' ? JSON.parse(audit[0].after) : audit[0].after).toMatchObject({ fileName: 'penalties.csv', rows: 3, created: 3, alreadyRecorded: 0, tenants: 2 });
    // Two findings of A, one notice to its officer.
    const notices = await t.dataSource.getRepository(NotificationEntity).findBy({ userId: officerA, template: 'findings-imported' });
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0].params)).toEqual({ count: 2 });

    // The upload is spent: committing again goes back to the form.
    const again = await staff.agent.post('/findings/import/commit').type('form').send({ _csrf: staff.csrf }).expect(303);
    expect(again.headers.location).toBe('/findings/import');
  });

  it('bad rows (XLSX over the API): every problem by row and column, and nothing written, in the dry run and the refused commit', async () => {
    const before = await count();
    const importsBefore = await imports();
    const unknown = testUscc();
    const wrongCheck = `${C.uscc.slice(0, 17)}${C.uscc[17] === '0' ? '1' : '0'}`;
    const file = await workbook([
      PENALTY_HEADER,
      [C.name, C.uscc, 'BAD-1', '违规', '', '', '罚款', '', '2026-05-01', '市场监督管理局', ''],
      ['', unknown, 'BAD-2', '违规', '', '', '罚款', '', '2026-05-01', '市场监督管理局', ''],
      ['', wrongCheck, 'BAD-3', '违规', '', '', '罚款', '', '2026-05-01', '市场监督管理局', ''],
      ['', C.uscc, 'BAD-4', '违规', '', '', '罚款', '', '2099-01-01', '市场监督管理局', ''],
      ['', C.uscc, 'BAD-5', '违规', '', '', '罚款', '', '五月一日', '市场监督管理局', ''],
      ['', C.uscc, 'BAD-6', '违规', '', '', '罚款', '', '2026-05-01', '不存在的局', ''],
      ['', C.uscc, 'BAD-7', '违规', '', '', '责令改正', '', '2026-05-01', '市场监督管理局', ''],
      ['', C.uscc, 'BAD-1', '违规', '', '', '罚款', '', 46143, 'market', ''],
    ]);
    const dry = await importApi(staffToken, file, 'bad.xlsx', true).expect(200);
    expect(codes(dry.body as ReportBody)).toEqual([
      '3:uscc:tenantUnknown', '4:uscc:usccCheck', '5:decisionDate:notFuture', '6:decisionDate:dateUnreadable', '7:department:departmentUnknown',
      '8:penaltyCategory:severityUnderived', '9:decisionNo:duplicateInFile',
    ]);
    expect((dry.body as ReportBody).errors[1].message).toContain(C.uscc[17]);
    const commit = await importApi(staffToken, file, 'bad.xlsx', false).expect(422);
    expect((commit.body as ReportBody).created).toBe(0);
    expect(await count()).toBe(before);
    expect(await imports()).toBe(importsBefore);
    // The same file through the pages: the report lists them, and no commit is offered.
    await staff.agent.post('/findings/import').field('_csrf', staff.csrf).attach('file', file, { filename: 'bad.xlsx', contentType: 'application/octet-stream' }).expect(303);
    const report = await staff.agent.post('/findings/import/mapping').type('form').send({ _csrf: staff.csrf, ...Object.fromEntries(['tenantName', 'uscc', 'decisionNo', 'violationType', 'facts', 'legalBasis', 'penaltyCategory', 'penaltyContent', 'decisionDate', 'department', ''].map((f, i) => [`col_${i}`, f])) }).expect(200);
    expect(report.text).toContain('data-row="9" data-column="decisionNo" data-code="duplicateInFile"');
    expect(report.text).not.toContain('/findings/import/commit');
    // File problems are 400 on `file`.
    const none = await t.http().post('/api/v1/findings/import?dryRun=true').set(bearer(staffToken)).field('mapping', '[]').expect(400);
    expect(none.body.errors.file[0].code).toBe('importNoFile');
    const broken = await importApi(staffToken, xlsxOf([['uscc'], ['x']]).subarray(0, 300), 'broken.xlsx', true).expect(400);
    expect(broken.body.errors.file[0].code).toBe('importMalformed');
    const headerOnly = await importApi(staffToken, csv([PENALTY_HEADER]), 'empty.csv', true).expect(400);
    expect(headerOnly.body.errors.file[0].code).toBe('importNoRows');
  });

  it('mapping: headers nobody knows are left out until the caller maps them, by header or by column; a malformed mapping is a 400 on `mapping`', async () => {
    const file = csv([
      ['Company code', 'Case no', 'When', 'Issued by', 'Category', 'Remark'],
      [C.uscc, 'MAP-1', '2026-06-01', 'tax', 'fine', 'x'],
      [C.uscc, 'MAP-2', '2026-06-02', '税务局', '警告', ''],
    ]);
    const unmapped = await importApi(staffToken, file, 'en.csv', true).expect(200);
    expect(codes(unmapped.body as ReportBody)).toEqual(['1:uscc:mappingMissing', '1:department:mappingMissing', '1:decisionNo:mappingMissing', '1:decisionDate:mappingMissing']);
    expect((unmapped.body as ReportBody).mapping).toEqual([null, null, null, null, null, null]);
    const byHeader = { 'Company code': 'uscc', 'Case no': 'decisionNo', When: 'decisionDate', 'Issued by': 'department', Category: 'penaltyCategory' };
    const ok = await importApi(staffToken, file, 'en.csv', true, byHeader).expect(200);
    expect(ok.body).toMatchObject({ rows: 2, valid: 2, toCreate: 2, errors: [] });
    const byColumn = ['uscc', 'decisionNo', 'decisionDate', 'department', 'penaltyCategory', null];
    expect((await importApi(staffToken, file, 'en.csv', true, byColumn).expect(200)).body).toMatchObject({ toCreate: 2, errors: [] });
    const twice = await importApi(staffToken, file, 'en.csv', true, { ...byHeader, Remark: 'uscc' }).expect(200);
    expect(codes(twice.body as ReportBody)).toEqual(['1:uscc:mappingDuplicate']);
    expect((await importApi(staffToken, file, 'en.csv', true, '{not json').expect(400)).body.errors.mapping[0].code).toBe('format');
    expect((await importApi(staffToken, file, 'en.csv', true, { When: 'birthday' }).expect(400)).body.errors.mapping[0].code).toBe('oneOf');
    expect(await count({ departmentId: tax })).toBe(0);

    // The page's mapping step: every select starts at "not imported"; mapping them leads to the preview.
    await staff.agent.post('/findings/import').field('_csrf', staff.csrf).attach('file', file, { filename: 'en.csv', contentType: 'text/csv' }).expect(303);
    const page = await staff.agent.get('/findings/import/mapping').expect(200);
    expect(page.text).toMatch(/name="col_0">\s*<option value="" selected>/);
    const bad = await staff.agent.post('/findings/import/mapping').type('form').send({ _csrf: staff.csrf }).expect(200);
    expect(bad.text).toContain('data-row="1" data-column="decisionNo" data-code="mappingMissing"');
    await staff.agent.post('/findings/import/mapping').type('form').send({ _csrf: staff.csrf, col_0: 'uscc', col_1: 'decisionNo', col_2: 'decisionDate', col_3: 'department', col_4: 'penaltyCategory', col_5: '' }).expect(303);
    // The mapping is kept: the mapping page shows it again, and the commit uses it.
    expect((await staff.agent.get('/findings/import/mapping').expect(200)).text).toMatch(/name="col_3">[\s\S]*?<option value="department" selected>/);
    await staff.agent.get('/findings/import/preview').expect(200);
    await staff.agent.post('/findings/import/commit').type('form').send({ _csrf: staff.csrf }).expect(303);
    expect(await t.dataSource.getRepository(FindingEntity).find({ where: { departmentId: tax }, order: { decisionNo: 'ASC' } })).toEqual([
      expect.objectContaining({ decisionNo: 'MAP-1', severity: 'general', penaltyKind: 'fine', tenantId: C.id }),
      expect.objectContaining({ decisionNo: 'MAP-2', severity: 'minor', penaltyKind: 'warning', tenantId: C.id }),
    ]);
  });

  it('duplicates: a row already recorded (same department and decision number) is reported and skipped, the others imported; nothing twice', async () => {
    const file = csv([
      PENALTY_HEADER,
      [A.name, A.uscc, '深市监罚〔2026〕101号', '虚假宣传', '', '', '罚款', '', '2026-03-31', '市场监督管理局', ''],
      [A.name, A.uscc, '深市监罚〔2026〕201号', '虚假宣传', '', '', '没收违法所得', '', '2026-07-01', '市场监督管理局', ''],
      // Same number, another department: a different finding.
      [A.name, A.uscc, '深市监罚〔2026〕101号', '欠税', '', '', '罚款', '', '2026-07-02', '税务局', ''],
    ]);
    const existing = await t.dataSource.getRepository(FindingEntity).findOneByOrFail({ departmentId: market, decisionNo: '深市监罚〔2026〕101号' });
    const dry = await importApi(staffToken, file, 'again.csv', true).expect(200);
    expect(dry.body).toMatchObject({ rows: 3, valid: 3, toCreate: 2, alreadyRecorded: 1, errors: [], skipped: [{ row: 2, decisionNo: '深市监罚〔2026〕101号', findingId: existing.id }] });
    const commit = await importApi(staffToken, file, 'again.csv', false).expect(201);
    expect(commit.body).toMatchObject({ created: 2, alreadyRecorded: 1 });
    expect(await count({ decisionNo: '深市监罚〔2026〕101号' })).toBe(2);
    expect(await t.dataSource.getRepository(FindingEntity).findOneByOrFail({ departmentId: tax, decisionNo: '深市监罚〔2026〕101号' })).toMatchObject({ severity: 'general', penaltyKind: 'fine' });
    // The same file once more: everything already recorded, nothing written.
    const third = await importApi(staffToken, file, 'again.csv', false).expect(201);
    expect(third.body).toMatchObject({ created: 0, alreadyRecorded: 3, toCreate: 0 });
    expect(await count({ decisionNo: '深市监罚〔2026〕201号' })).toBe(1);
  });

  it('a regulator imports for its own department: rows without a department are its own, another department\'s rows are row errors; officers and evaluators are refused', async () => {
    // A good workbook, with the decision date as a real date cell.
    const own = await workbook([
      ['统一社会信用代码', '行政处罚决定书文号', '处罚类别', '处罚决定日期', '整改期限'],
      [B.uscc, 'REG-1', '罚款', new Date(Date.UTC(2026, 7, 1)), '2026-09-01'],
      [C.uscc, 'REG-2', '责令停产停业', '2026-08-02', ''],
    ]);
    const ok = await importApi(regulatorToken, own, 'own.xlsx', false).expect(201);
    expect(ok.body).toMatchObject({ created: 2 });
    expect(await t.dataSource.getRepository(FindingEntity).findOneByOrFail({ decisionNo: 'REG-1' })).toMatchObject({ departmentId: market, decisionDate: '2026-08-01', rectificationRequired: true, rectifyBy: '2026-09-01', rectificationStatus: 'open' });

    const mixed = csv([
      ['统一社会信用代码', '行政处罚决定书文号', '处罚类别', '处罚决定日期', '处罚机关'],
      [B.uscc, 'REG-3', '罚款', '2026-08-03', '市场监督管理局'],
      [C.uscc, 'REG-4', '罚款', '2026-08-04', '税务局'],
    ]);
    const refused = await importApi(regulatorToken, mixed, 'mixed.csv', false).expect(422);
    expect(codes(refused.body as ReportBody)).toEqual(['3:department:otherDepartment']);
    expect(await count({ decisionNo: 'REG-3' })).toBe(0);
    // The pages say the same.
    await regulator.agent.get('/findings/import').expect(200);
    await regulator.agent.post('/findings/import').field('_csrf', regulator.csrf).attach('file', mixed, { filename: 'mixed.csv', contentType: 'text/csv' }).expect(303);
    const page = await regulator.agent.post('/findings/import/mapping').type('form').send({ _csrf: regulator.csrf, col_0: 'uscc', col_1: 'decisionNo', col_2: 'penaltyCategory', col_3: 'decisionDate', col_4: 'department' }).expect(200);
    expect(page.text).toContain('data-row="3" data-column="department" data-code="otherDepartment"');

    await importApi(officerToken, own, 'own.xlsx', true).expect(403);
    await importApi(evaluatorToken, own, 'own.xlsx', true).expect(403);
  });

  it('annual reports: pages and API, by USCC or name, idempotent on tenant and year, bad rows refused with nothing written', async () => {
    const file = csv([
      ['统一社会信用代码', '企业名称', '年报年度', '报送日期'],
      [A.uscc, '', '2025', '2026-05-01'],
      ['', B.name, '2024年度', '2025年7月15日'],
    ]);
    await staff.agent.get('/findings/annual-reports/import').expect(200);
    const upload = await staff.agent.post('/findings/annual-reports/import').field('_csrf', staff.csrf).attach('file', file, { filename: 'reports.csv', contentType: 'text/csv' }).expect(303);
    expect(upload.headers.location).toBe('/findings/annual-reports/import/preview');
    const preview = await staff.agent.get('/findings/annual-reports/import/preview').expect(200);
    expect(preview.text).toContain('data-errors="0"');
    const done = await staff.agent.post('/findings/annual-reports/import/commit').type('form').send({ _csrf: staff.csrf }).expect(303);
    expect(done.headers.location).toBe('/findings/annual-reports');
    const reports = () => t.dataSource.getRepository(AnnualReportEntity).find({ order: { tenantId: 'ASC' } });
    expect((await reports()).map((r) => [r.tenantId, r.year, r.filedOn, r.source])).toEqual([[A.id, 2025, '2026-05-01', 'import'], [B.id, 2024, '2025-07-15', 'import']]);

    // Again over the API with one new row: the two on file are reported, not duplicated.
    const more = csv([['uscc', 'name', 'year', 'filedOn'], [A.uscc, '', '2025', '2026-05-01'], ['', B.name, '2024', '2025-07-15'], [C.uscc, '', '2025', '2026-06-30']]);
    const dry = await t.http().post('/api/v1/annual-reports/import?dryRun=true').set(bearer(regulatorToken)).attach('file', more, { filename: 'more.csv', contentType: 'text/csv' }).expect(200);
    expect(dry.body).toMatchObject({ rows: 3, valid: 3, toCreate: 1, alreadyRecorded: 2, errors: [] });
    const commit = await t.http().post('/api/v1/annual-reports/import?dryRun=false').set(bearer(regulatorToken)).attach('file', more, { filename: 'more.csv', contentType: 'text/csv' }).expect(201);
    expect(commit.body).toMatchObject({ created: 1, alreadyRecorded: 2 });
    expect(await reports()).toHaveLength(3);

    const bad = csv([['uscc', 'year', 'filedOn'], [C.uscc, '2024', '2024-12-01'], [testUscc(), '2024', '2025-03-01'], [C.uscc, '2099', '2025-03-01'], [A.uscc, '2023', '2024-02-01'], [A.uscc, '2023', '2024-03-01']]);
    const refused = await t.http().post('/api/v1/annual-reports/import?dryRun=false').set(bearer(staffToken)).attach('file', bad, { filename: 'bad.csv', contentType: 'text/csv' }).expect(422);
    expect(codes(refused.body as ReportBody)).toEqual(['2:filedOn:filedBeforeYearEnd', '3:uscc:tenantUnknown', '4:year:yearInvalid', '6:year:duplicateInFile']);
    expect(await reports()).toHaveLength(3);
    await t.http().post('/api/v1/annual-reports/import?dryRun=true').set(bearer(officerToken)).attach('file', more, { filename: 'more.csv', contentType: 'text/csv' }).expect(403);
    const audit = (await t.dataSource.query("SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'annualReport.import'")) as { n: number | string }[];
    expect(Number(audit[0].n)).toBe(2);
  });
});
