import ExcelJS from 'exceljs';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { BreachEntity } from '../../src/conventions/entities/breach.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { publishVersion, type PublishedVersion } from '../support/conventions-helpers.js';
import { auditEntries, bearer, binary, csvRows, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 9, point 4: a breach is recorded (with a severity and an optional rectification deadline),
 * the tenant responds, staff confirm or withdraw it with a reason; only a confirmed breach is a
 * score fact (N02), dated at its confirmation. The register filters by status and severity and
 * exports CSV and XLSX.
 */
describe('conventions: breach lifecycle', () => {
  let t: TestApp;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let version: PublishedVersion;
  let staff: { user: UserEntity; browser: Browser };
  let officerA: { user: UserEntity; browser: Browser };
  let officerB: { user: UserEntity; browser: Browser };
  let tokens: Record<'staff' | 'officerA' | 'regulator', string>;
  let today: string;
  const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  const breaches = () => t.dataSource.getRepository(BreachEntity);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    tenantA = await createTenant(t, { name: `生命周期甲${Date.now()}有限公司` });
    tenantB = await createTenant(t, { name: `生命周期乙${Date.now()}有限公司` });
    version = await publishVersion(t, { kind: 'management', title: '园区管理公约' });
    staff = await loginAs(t, 'park_staff');
    officerA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    officerB = await loginAs(t, 'tenant_officer', { tenantId: tenantB.id });
    const regulator = await loginAs(t, 'regulator');
    tokens = { staff: await tokenFor(t, staff.user.id), officerA: await tokenFor(t, officerA.user.id), regulator: await tokenFor(t, regulator.user.id) };
  });
  afterAll(async () => {
    await t?.close();
  });

  function record(fields: Record<string, string>) {
    let req = staff.browser.agent.post('/conventions/breaches').field('_csrf', staff.browser.csrf);
    const all = { tenantId: String(tenantA.id), clauseId: String(version.clauseIds[0]), occurredOn: daysFrom(today, -3), description: '占用消防通道。', ...fields };
    for (const [k, v] of Object.entries(all)) req = req.field(k, v);
    return req;
  }

  async function recordOk(fields: Record<string, string> = {}): Promise<number> {
    const res = await record(fields).expect(303);
    return Number(/\/conventions\/breaches\/(\d+)$/.exec(res.headers.location)![1]);
  }

  const n02 = async (tenantId: number, asOf = today) => {
    const res = await t.http().get(`/api/v1/tenants/${tenantId}/facts?asOf=${asOf}`).set(bearer(tokens.staff)).expect(200);
    return (res.body.facts as { rule: string; recordId: number; date: string }[]).filter((f) => f.rule === 'N02');
  };

  it('recorded → responded → confirmed with a reason: audited, the officer told, and only now an N02 fact dated at the confirmation', async () => {
    const rectifyBy = daysFrom(today, 30);
    const id = await recordOk({ severity: 'serious', rectifyBy });
    let row = await breaches().findOneByOrFail({ id });
    expect(row).toMatchObject({ status: 'recorded', severity: 'serious', rectifyBy, decidedOn: null });
    const recorded = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: officerA.user.id, template: 'breach-recorded', link: `/conventions/breaches/${id}` });
    expect(JSON.parse(recorded.params)).toMatchObject({ rectifyBy });

    // The officer sees the deadline and responds.
    const page = await officerA.browser.agent.get(`/conventions/breaches/${id}`).expect(200);
    expect(page.text).toContain('整改期限');
    expect(page.text).toContain('严重');
    expect(page.text).not.toContain(`/conventions/breaches/${id}/decision`);
    await officerA.browser.agent.post(`/conventions/breaches/${id}/responses`).field('_csrf', officerA.browser.csrf).field('text', '已整改。').expect(303);
    expect((await breaches().findOneByOrFail({ id })).status).toBe('responded');
    expect(await n02(tenantA.id)).toEqual([]);

    // Staff confirm it with a reason.
    const staffPage = await staff.browser.agent.get(`/conventions/breaches/${id}`).expect(200);
    expect(staffPage.text).toContain(`action="/conventions/breaches/${id}/decision"`);
    const done = await postForm(staff.browser, `/conventions/breaches/${id}/decision`, { decision: 'confirm', reason: '现场照片证据确凿。' }).expect(303);
    expect(done.headers.location).toBe(`/conventions/breaches/${id}`);
    row = await breaches().findOneByOrFail({ id });
    expect(row).toMatchObject({ status: 'confirmed', decidedOn: today, decidedById: staff.user.id, decisionReason: '现场照片证据确凿。' });
    const [audit] = await auditEntries(t, { action: 'convention.breachConfirm', entityId: String(id) });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: 'confirmed', decisionReason: '现场照片证据确凿。', decidedOn: today });
    expect(JSON.parse(audit.before!)).toEqual({ status: 'responded' });
    const told = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: officerA.user.id, template: 'breach-confirmed' });
    expect(JSON.parse(told.params)).toMatchObject({ reason: '现场照片证据确凿。', rectifyBy, clauseNumber: expect.any(String) });
    expect(await n02(tenantA.id)).toEqual([expect.objectContaining({ recordId: id, date: today })]);
    expect(await n02(tenantA.id, daysFrom(today, -1))).toEqual([]);

    // The tenant's hub lists it with its severity, state and deadline.
    const hub = await officerA.browser.agent.get(`/tenants/${tenantA.id}`).expect(200);
    const hubRow = new RegExp(`<tr class="breach" data-breach="${id}">([\\s\\S]*?)</tr>`).exec(hub.text)?.[1] ?? '';
    expect(hubRow).toContain('badge-severity-serious');
    expect(hubRow).toContain('已确认');
    expect(hubRow).toContain(rectifyBy);

    // Closed: no more responses or decisions, and the forms are gone.
    const shown = await officerA.browser.agent.get(`/conventions/breaches/${id}`).expect(200);
    expect(shown.text).toContain('现场照片证据确凿。');
    expect(shown.text).not.toContain(`action="/conventions/breaches/${id}/responses"`);
    await officerA.browser.agent.post(`/conventions/breaches/${id}/responses`).field('_csrf', officerA.browser.csrf).field('text', '再补充').expect(409);
    const again = await postForm(staff.browser, `/conventions/breaches/${id}/decision`, { decision: 'withdraw', reason: '改变主意' }).expect(409);
    expect(again.text).toContain('已确认或已撤销');
    const api = await t.http().post(`/api/v1/conventions/breaches/${id}/decision`).set(bearer(tokens.staff)).send({ decision: 'withdraw', reason: 'x' }).expect(409);
    expect(api.body.message).toContain('已确认或已撤销');
    expect((await breaches().findOneByOrFail({ id })).status).toBe('confirmed');
  });

  it('withdrawn through the API with a reason: never an N02 fact; the officer is told', async () => {
    const id = await recordOk({ severity: 'minor' });
    const res = await t.http().post(`/api/v1/conventions/breaches/${id}/decision`).set(bearer(tokens.staff)).send({ decision: 'withdraw', reason: '记录有误，系他人车辆。' }).expect(200);
    expect(res.body).toMatchObject({ id, status: 'withdrawn', severity: 'minor', open: false, decision: { reason: '记录有误，系他人车辆。', on: today } });
    expect((await n02(tenantA.id)).map((f) => f.recordId)).not.toContain(id);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'breach-withdrawn' })).toBe(1);
    expect(await auditEntries(t, { action: 'convention.breachWithdraw', entityId: String(id) })).toHaveLength(1);
  });

  it('bad input: a field-keyed error, nothing changed, never a 500', async () => {
    const before = await breaches().count();
    const past = await record({ rectifyBy: daysFrom(today, -1) }).expect(400);
    expect(fieldError(past.text, 'rectifyBy')).toContain(today);
    const severity = await record({ severity: 'catastrophic' }).expect(400);
    expect(fieldError(severity.text, 'severity')).not.toBeNull();
    expect(await breaches().count()).toBe(before);

    const id = await recordOk();
    const noReason = await postForm(staff.browser, `/conventions/breaches/${id}/decision`, { decision: 'confirm', reason: '  ' }).expect(400);
    expect(fieldError(noReason.text, 'reason')).not.toBeNull();
    const api = await t.http().post(`/api/v1/conventions/breaches/${id}/decision`).set(bearer(tokens.staff)).send({ decision: 'approve', reason: 'x' }).expect(400);
    expect(api.body.errors.decision[0].code).toBe('oneOf');
    await t.http().post('/api/v1/conventions/breaches/99999999/decision').set(bearer(tokens.staff)).send({ decision: 'confirm', reason: 'x' }).expect(404);
    expect(await breaches().findOneByOrFail({ id })).toMatchObject({ status: 'recorded', decidedOn: null });
    expect(await auditEntries(t, { action: 'convention.breachConfirm', entityId: String(id) })).toEqual([]);
  });

  it('officers decide nothing, and never reach another tenant’s breach', async () => {
    const id = await recordOk();
    await postForm(officerA.browser, `/conventions/breaches/${id}/decision`, { decision: 'withdraw', reason: '我们不同意' }).expect(403);
    await t.http().post(`/api/v1/conventions/breaches/${id}/decision`).set(bearer(tokens.officerA)).send({ decision: 'withdraw', reason: 'x' }).expect(403);
    await officerB.browser.agent.get(`/conventions/breaches/${id}`).expect(404);
    await officerB.browser.agent.post(`/conventions/breaches/${id}/responses`).field('_csrf', officerB.browser.csrf).field('text', '不是我们').expect(404);
    await t.http().get('/api/v1/conventions/breaches').set(bearer(tokens.officerA)).expect(403);
    expect((await breaches().findOneByOrFail({ id })).status).toBe('recorded');
  });

  it('the register filters by status and severity (page and API) and exports what it shows as CSV and XLSX', async () => {
    const serious = await recordOk({ severity: 'serious', description: '导出测试严重' });
    const minor = await recordOk({ severity: 'minor', description: '导出测试轻微' });
    await t.http().post(`/api/v1/conventions/breaches/${minor}/decision`).set(bearer(tokens.staff)).send({ decision: 'confirm', reason: '属实' }).expect(200);

    const page = await staff.browser.agent.get('/conventions/breaches?status=confirmed&severity=minor').expect(200);
    expect(page.text).toContain(`/conventions/breaches/${minor}"`);
    expect(page.text).not.toContain(`/conventions/breaches/${serious}"`);
    expect(page.text).toContain('/conventions/breaches/export.csv?status=confirmed&severity=minor"');

    const api = await t.http().get('/api/v1/conventions/breaches?severity=serious&status=recorded&pageSize=100').set(bearer(tokens.regulator)).expect(200);
    const ids = (api.body.items as { id: number; severity: string; status: string }[]).map((b) => b.id);
    expect(ids).toContain(serious);
    expect(ids).not.toContain(minor);
    expect(api.body.items.every((b: { severity: string; status: string }) => b.severity === 'serious' && b.status === 'recorded')).toBe(true);
    await t.http().get('/api/v1/conventions/breaches?status=closed').set(bearer(tokens.staff)).expect(400);

    const csv = await staff.browser.agent.get('/conventions/breaches/export.csv?severity=minor&status=confirmed').buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    const rows = csvRows(csv.body as Buffer);
    expect(rows[0]).toEqual(['编号', '企业', '统一社会信用代码', '公约版本', '条款', '发生日期', '严重程度', '状态', '整改期限', '处理日期', '处理理由', '情况说明']);
    const mine = rows.find((r) => r[0] === String(minor))!;
    expect(mine).toEqual(expect.arrayContaining(['轻微', '已确认', today, '属实', '导出测试轻微']));
    expect(rows.some((r) => r[0] === String(serious))).toBe(false);

    const xlsx = await t.http().get('/api/v1/conventions/breaches/export?format=xlsx&severity=serious').set(bearer(tokens.regulator)).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0];
    const values = sheet.getColumn(1).values.slice(2).map(String);
    expect(values).toContain(String(serious));
    expect(values).not.toContain(String(minor));
  });
});
