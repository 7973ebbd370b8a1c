import { jest } from '@jest/globals';
import { DepartmentEntity } from '../../src/accounts/entities/department.entity.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { AnnualReportEntity } from '../../src/findings/entities/annual-report.entity.js';
import { FindingEntity } from '../../src/findings/entities/finding.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { auditEntries, bearer, binary, csvRows, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

/** Departments seeded by the reference data: market (1), tax (2). */
const MARKET = 1;
const TAX = 2;

describe('findings: recording, register, detail', () => {
  let t: TestApp;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let regulator: Browser;
  let staff: Browser;
  let officerA: Browser;
  let tokens: Record<'regulator' | 'taxRegulator' | 'staff' | 'officerA' | 'officerB' | 'evaluator', string>;
  let officerAId: number;
  let today: string;
  let seq = 0;

  const findings = () => t.dataSource.getRepository(FindingEntity);
  const body = (over: Record<string, unknown> = {}) => ({
    tenantId: tenantA.id, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '未按规定公示信息', legalBasis: '《企业信息公示暂行条例》第十条',
    decisionNo: `沪市监罚〔2026〕${++seq}号`, decisionDate: '2026-04-01', description: '经查，当事人未按规定公示。', ...over,
  });
  const post = (token: string, payload: Record<string, unknown>) => t.http().post('/api/v1/findings').set(bearer(token)).send(payload);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    tenantA = await createTenant(t, { name: `发现甲${Date.now()}有限公司` });
    tenantB = await createTenant(t, { name: `发现乙${Date.now()}有限公司` });
    const reg = await loginAs(t, 'regulator', { departmentId: MARKET });
    const taxReg = await loginAs(t, 'regulator', { departmentId: TAX });
    const st = await loginAs(t, 'park_staff');
    const offA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    const offB = await loginAs(t, 'tenant_officer', { tenantId: tenantB.id });
    const ev = await loginAs(t, 'evaluator');
    regulator = reg.browser;
    staff = st.browser;
    officerA = offA.browser;
    officerAId = offA.user.id;
    tokens = {
      regulator: await tokenFor(t, reg.user.id), taxRegulator: await tokenFor(t, taxReg.user.id), staff: await tokenFor(t, st.user.id),
      officerA: await tokenFor(t, offA.user.id), officerB: await tokenFor(t, offB.user.id), evaluator: await tokenFor(t, ev.user.id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records through the API with the publicity period in force on the decision date (201), audited, the officers told', async () => {
    const res = await post(tokens.regulator, body({ decisionDate: '2026-03-31', rectificationRequired: true, rectifyBy: '2026-05-31' })).expect(201);
    expect(res.body).toMatchObject({
      created: true, type: 'penalty', severity: 'general', department: { id: MARKET, code: 'market' }, tenant: { id: tenantA.id },
      // The regime before 2026-04-01: general findings published 1 year, repair after 3 months.
      published: true, publicityEndsOn: '2027-03-31', repairEligibleOn: '2026-06-30', rectificationStatus: 'open', source: 'api',
    });
    const id = res.body.id as number;
    expect((await auditEntries(t, { action: 'finding.record', entityId: String(id) }))).toHaveLength(1);
    const notices = await t.dataSource.getRepository(NotificationEntity).findBy({ userId: officerAId, template: 'finding-recorded' });
    expect(notices.map((n) => n.link)).toContain(`/findings/${id}`);
  });

  it.each([
    ['a warning from 2026-04-01 is not published', { severity: 'minor', penaltyKind: 'warning', decisionDate: '2026-04-01' }, { published: false, publicityEndsOn: '2026-04-01', repairEligibleOn: null }],
    ['a minor fine from 2026-04-01: 3 months', { severity: 'minor', penaltyKind: 'fine', decisionDate: '2026-04-01' }, { published: true, publicityEndsOn: '2026-07-01', repairEligibleOn: null }],
    ['a minor fine before 2026-04-01 is not published', { severity: 'minor', penaltyKind: 'fine', decisionDate: '2026-03-31' }, { published: false, publicityEndsOn: '2026-03-31' }],
    ['serious: 3 years, repair after 1 year', { severity: 'serious', penaltyKind: 'revocation', decisionDate: '2026-01-31' }, { publicityEndsOn: '2029-01-31', repairEligibleOn: '2027-01-31' }],
  ])('%s', async (_name, over, expected) => {
    const res = await post(tokens.regulator, body(over)).expect(201);
    expect(res.body).toMatchObject(expected);
  });

  it('re-posting the same department and decision number returns the finding on file with 200 and writes nothing', async () => {
    const payload = body();
    const first = await post(tokens.regulator, payload).expect(201);
    const count = await findings().count();
    const again = await post(tokens.regulator, { ...payload, title: '另一个标题' }).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, created: false, title: payload.title });
    expect(await findings().count()).toBe(count);
    expect(await auditEntries(t, { action: 'finding.record', entityId: String(first.body.id) })).toHaveLength(1);
    // Another department may use the same number.
    const tax = await post(tokens.taxRegulator, { ...payload, departmentId: undefined }).expect(201);
    expect(tax.body.id).not.toBe(first.body.id);
  });

  it('finds the tenant by USCC as typed (lower case, spaces)', async () => {
    const res = await post(tokens.regulator, body({ tenantId: undefined, uscc: ` ${tenantB.uscc.toLowerCase()} ` })).expect(201);
    expect(res.body.tenant.id).toBe(tenantB.id);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a decision date in the future', { decisionDate: '2999-01-01' }, 'decisionDate'],
    ['a deadline before the decision', { rectificationRequired: true, rectifyBy: '2026-03-31' }, 'rectifyBy'],
    ['rectification required without a deadline', { rectificationRequired: true }, 'rectifyBy'],
    ['an unknown tenant id', { tenantId: 99999999 }, 'tenantId'],
    ['an unknown USCC', { tenantId: undefined, uscc: '91310000MA1FL0000X' }, 'uscc'],
    ['no tenant at all', { tenantId: undefined }, 'tenantId'],
    ['an abnormal-operations listing without a cause', { type: 'abnormal_operations' }, 'abnormalCause'],
    ['an unknown type', { type: 'fine' }, 'type'],
    ['an unknown severity', { severity: 'grave' }, 'severity'],
    ['an invalid date', { decisionDate: '2026-02-30' }, 'decisionDate'],
    ['a missing decision number', { decisionNo: '' }, 'decisionNo'],
  ])('%s: a field error on %s, nothing written', async (_name, over, field) => {
    const count = await findings().count();
    const res = await post(tokens.regulator, body(over)).expect(400);
    expect(Object.keys(res.body.errors)).toContain(field);
    expect(await findings().count()).toBe(count);
  });

  it('the audit log names a finding by tenant, title and decision number, linked to it', async () => {
    const payload = body({ title: '审计命名测试' });
    const id = (await post(tokens.regulator, payload).expect(201)).body.id as number;
    const admin = (await loginAs(t, 'admin')).browser;
    const page = await admin.agent.get('/admin/audit').query({ entityType: 'finding', entityId: String(id) }).expect(200);
    expect(page.text).toContain(`href="/findings/${id}"`);
    expect(page.text).toContain(payload.decisionNo as string);
    expect(page.text).toContain(tenantA.name);
  });

  it('refuses another department (403), staff, officers and evaluators (403); nothing written', async () => {
    const count = await findings().count();
    await post(tokens.regulator, body({ departmentId: TAX })).expect(403);
    await post(tokens.regulator, body({ department: 'tax' })).expect(403);
    await post(tokens.regulator, body({ departmentId: MARKET })).expect(201);
    for (const token of [tokens.staff, tokens.officerA, tokens.evaluator]) await post(token, body()).expect(403);
    expect(await findings().count()).toBe(count + 1);
  });

  it('an officer sees only their tenant’s findings: the other tenant’s is missing (404)', async () => {
    const own = (await post(tokens.regulator, body()).expect(201)).body.id as number;
    const other = (await post(tokens.regulator, body({ tenantId: tenantB.id })).expect(201)).body.id as number;
    await t.http().get(`/api/v1/findings/${own}`).set(bearer(tokens.officerA)).expect(200);
    await t.http().get(`/api/v1/findings/${other}`).set(bearer(tokens.officerA)).expect(404);
    await officerA.agent.get(`/findings/${other}`).expect(404);
    const list = await t.http().get('/api/v1/findings?pageSize=100').set(bearer(tokens.officerA)).expect(200);
    expect(list.body.items.every((f: { tenantId: number }) => f.tenantId === tenantA.id)).toBe(true);
    // Asking for the other tenant by filter changes nothing.
    const asked = await t.http().get(`/api/v1/findings?tenantId=${tenantB.id}`).set(bearer(tokens.officerA)).expect(200);
    expect(asked.body.total).toBe(0);
  });

  it('records from the page (303 to the detail, which links the rectification page); a second post of the same number leads to the first', async () => {
    const form = await regulator.agent.get(`/findings/new?tenantId=${tenantA.id}`).expect(200);
    expect(form.text).toContain(tenantA.name);
    const fields = {
      tenantId: String(tenantA.id), type: 'inspection', severity: 'minor', penaltyKind: '', title: '消防检查发现问题', legalBasis: '《消防法》第十六条',
      decisionNo: `页面检〔2026〕${++seq}号`, decisionDate: today, description: '疏散通道堵塞。', rectificationRequired: 'true', rectifyBy: today, substantiated: '', abnormalCause: '',
    };
    const res = await postForm(regulator, '/findings', fields).expect(303);
    const id = Number(/^\/findings\/(\d+)$/.exec(res.headers.location)![1]);
    const detail = await regulator.agent.get(`/findings/${id}`).expect(200);
    expect(detail.text).toContain(`/findings/${id}/rectification`);
    expect(detail.text).toContain('消防检查发现问题');
    const again = await postForm(regulator, '/findings', fields).expect(303);
    expect(again.headers.location).toBe(`/findings/${id}`);
    expect(await findings().countBy({ decisionNo: fields.decisionNo })).toBe(1);
  });

  it('the page shows field errors beside the fields, nothing written', async () => {
    const count = await findings().count();
    const res = await postForm(regulator, '/findings', {
      uscc: tenantA.uscc, type: 'penalty', severity: 'general', title: 'x', legalBasis: 'y', decisionNo: `页面错〔2026〕${++seq}号`,
      decisionDate: '2999-01-01', description: 'z', rectificationRequired: 'true', rectifyBy: '',
    }).expect(400);
    expect(fieldError(res.text, 'decisionDate')).toBeTruthy();
    expect(fieldError(res.text, 'rectifyBy')).toBeTruthy();
    expect(await findings().count()).toBe(count);
    await staff.agent.get('/findings/new').expect(403);
  });

  it('filters the register by type, severity, rectification state, department, dates and tenant, and exports the same', async () => {
    const overdue = (await post(tokens.regulator, body({ tenantId: tenantB.id, type: 'other', severity: 'serious', decisionDate: '2026-02-01', rectificationRequired: true, rectifyBy: '2026-02-28' })).expect(201)).body.id as number;
    const listed = (await post(tokens.taxRegulator, body({ tenantId: tenantB.id, type: 'abnormal_operations', severity: 'general', abnormalCause: 'unreachable', decisionDate: '2026-01-15' })).expect(201)).body.id as number;
    const ids = async (query: string) => (await t.http().get(`/api/v1/findings?pageSize=100&${query}`).set(bearer(tokens.staff)).expect(200)).body.items.map((f: { id: number }) => f.id) as number[];
    expect(await ids('status=overdue')).toContain(overdue);
    expect(await ids('status=open')).not.toContain(overdue);
    expect(await ids('type=abnormal_operations')).toEqual([listed]);
    expect(await ids(`departmentId=${TAX}&type=abnormal_operations`)).toEqual([listed]);
    expect(await ids(`departmentId=${MARKET}&type=abnormal_operations`)).toEqual([]);
    expect(await ids('severity=serious&from=2026-02-01&to=2026-02-01')).toEqual([overdue]);
    expect(await ids(`q=${encodeURIComponent(tenantB.name)}&type=other`)).toEqual([overdue]);
    const page = await staff.agent.get('/findings?status=overdue').expect(200);
    expect(page.text).toContain(`data-finding="${overdue}"`);

    const csv = await staff.agent.get('/findings/export.csv?type=abnormal_operations').buffer(true).parse(binary).expect(200);
    const rows = csvRows(csv.body as Buffer);
    expect(rows).toHaveLength(2);
    expect(rows[1][0]).toBe(String(listed));
    const xlsx = await t.http().get('/api/v1/findings/export?format=xlsx&status=overdue').set(bearer(tokens.staff)).buffer(true).parse(binary).expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    // An officer's export holds their own tenant's rows only.
    const own = csvRows((await officerA.agent.get('/findings/export.csv?type=abnormal_operations').buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(own).toHaveLength(1);
  });

  it('complaints are decided once by the department’s regulator', async () => {
    const id = (await post(tokens.regulator, body({ type: 'complaint', severity: 'minor', penaltyKind: undefined })).expect(201)).body.id as number;
    expect((await t.http().get(`/api/v1/findings/${id}`).set(bearer(tokens.staff))).body.substantiated).toBeNull();
    await t.http().post(`/api/v1/findings/${id}/substantiation`).set(bearer(tokens.taxRegulator)).send({ substantiated: true }).expect(403);
    const res = await t.http().post(`/api/v1/findings/${id}/substantiation`).set(bearer(tokens.regulator)).send({ substantiated: true, reason: '核查属实' }).expect(200);
    expect(res.body.substantiated).toBe(true);
    await t.http().post(`/api/v1/findings/${id}/substantiation`).set(bearer(tokens.regulator)).send({ substantiated: false }).expect(409);
    const penalty = (await post(tokens.regulator, body()).expect(201)).body.id as number;
    await t.http().post(`/api/v1/findings/${penalty}/substantiation`).set(bearer(tokens.regulator)).send({ substantiated: true }).expect(409);
    expect(await auditEntries(t, { action: 'finding.substantiation', entityId: String(id) })).toHaveLength(1);
  });

  it('an abnormal-operations listing is ended by its department (or delegated staff), once, with a valid date', async () => {
    const id = (await post(tokens.regulator, body({ type: 'abnormal_operations', abnormalCause: 'missing_annual_report', decisionDate: '2026-03-01' })).expect(201)).body.id as number;
    const end = (token: string, payload: Record<string, unknown>) => t.http().post(`/api/v1/findings/${id}/end`).set(bearer(token)).send(payload);
    await end(tokens.staff, { endedOn: today, reason: '已补报年报' }).expect(403);
    await end(tokens.taxRegulator, { endedOn: today, reason: '已补报年报' }).expect(403);
    expect((await end(tokens.regulator, { endedOn: '2026-02-01', reason: '已补报年报' }).expect(400)).body.errors).toHaveProperty('endedOn');
    expect((await end(tokens.regulator, { endedOn: '2999-01-01', reason: '已补报年报' }).expect(400)).body.errors).toHaveProperty('endedOn');
    await end(tokens.regulator, { endedOn: today }).expect(400);
    const res = await end(tokens.regulator, { endedOn: today, reason: '已补报年报' }).expect(200);
    expect(res.body).toMatchObject({ endedOn: today, endedReason: '已补报年报' });
    await end(tokens.regulator, { endedOn: today, reason: '再次' }).expect(409);

    const second = (await post(tokens.regulator, body({ type: 'abnormal_operations', abnormalCause: 'unreachable' })).expect(201)).body.id as number;
    await t.dataSource.getRepository(DepartmentEntity).update({ id: MARKET }, { delegatesVerification: true });
    try {
      await t.http().post(`/api/v1/findings/${second}/end`).set(bearer(tokens.staff)).send({ endedOn: today, reason: '已恢复联系' }).expect(200);
      const pen = (await post(tokens.regulator, body()).expect(201)).body.id as number;
      await t.http().post(`/api/v1/findings/${pen}/end`).set(bearer(tokens.staff)).send({ endedOn: today, reason: 'x' }).expect(409);
    } finally {
      await t.dataSource.getRepository(DepartmentEntity).update({ id: MARKET }, { delegatesVerification: false });
    }
  });

  it.each(['zh-CN', 'en'])('every findings page has its words in %s (no catalogue key shows through)', async (lang) => {
    const complaint = (await post(tokens.regulator, body({ type: 'complaint', severity: 'minor', penaltyKind: undefined })).expect(201)).body.id as number;
    const listing = (await post(tokens.regulator, body({ type: 'abnormal_operations', abnormalCause: 'false_info' })).expect(201)).body.id as number;
    for (const path of ['/findings', '/findings/new', `/findings/${complaint}`, `/findings/${listing}`, '/findings/annual-reports', '/', `/tenants/${tenantA.id}`]) {
      const page = await regulator.agent.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`).expect(200);
      expect({ path, keys: page.text.match(/\bfindings(?:AnnualReports)?\.[a-zA-Z.]+/g) ?? [] }).toEqual({ path, keys: [] });
    }
  });

  it('the home page is the regulator’s work queue; the tenant hub shows the findings with the overdue flag', async () => {
    const id = (await post(tokens.regulator, body({ tenantId: tenantB.id, decisionDate: '2026-01-10', rectificationRequired: true, rectifyBy: '2026-01-31' })).expect(201)).body.id as number;
    const home = await regulator.agent.get('/').expect(200);
    expect(home.text).toContain('id="home-findings"');
    expect(home.text).toMatch(new RegExp(`id="home-findings-overdue"[\\s\\S]*data-finding="${id}"`));
    // Staff see no queue while no department delegates verification, and the delegating departments' queue once one does.
    expect((await staff.agent.get('/').expect(200)).text).not.toContain('id="home-findings"');
    await t.dataSource.getRepository(DepartmentEntity).update({ id: MARKET }, { delegatesVerification: true });
    try {
      expect((await staff.agent.get('/').expect(200)).text).toMatch(new RegExp(`id="home-findings-overdue"[\\s\\S]*data-finding="${id}"`));
    } finally {
      await t.dataSource.getRepository(DepartmentEntity).update({ id: MARKET }, { delegatesVerification: false });
    }
    const hub = await staff.agent.get(`/tenants/${tenantB.id}`).expect(200);
    expect(hub.text).toContain('id="hub-findings"');
    expect(hub.text).toContain(`data-finding="${id}"`);
    expect(hub.text).toContain('badge-overdue');
  });
});

describe('findings: the demo park', () => {
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
  });

  it('has one finding of each type from the market regulator, one overdue, one with evidence awaiting verification, and annual reports; seeding again adds none', async () => {
    t = await createTestApp();
    const seed = t.get(DemoSeedService);
    await seed.seed();
    const rows = await t.dataSource.getRepository(FindingEntity).find({ order: { id: 'ASC' } });
    const today = t.get(I18nService).today();
    expect(new Set(rows.map((f) => f.type))).toEqual(new Set(['penalty', 'abnormal_operations', 'complaint', 'inspection', 'other']));
    expect(rows.every((f) => f.departmentId === MARKET)).toBe(true);
    expect(rows.filter((f) => f.rectificationStatus === 'open' && f.rectifyBy! < today)).toHaveLength(1);
    expect(rows.filter((f) => f.rectificationStatus === 'submitted')).toHaveLength(1);
    expect(await t.dataSource.getRepository(AnnualReportEntity).count()).toBeGreaterThan(0);
    await seed.seed();
    expect(await t.dataSource.getRepository(FindingEntity).count()).toBe(rows.length);
  });
});
