import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { AttachmentEntity } from '../../src/files/entities/attachment.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { DrawEntity } from '../../src/sampling/entities/draw.entity.js';
import { InspectionItemEntity } from '../../src/sampling/entities/inspection-item.entity.js';
import { InspectionTaskEntity } from '../../src/sampling/entities/inspection-task.entity.js';
import { InspectorEntity } from '../../src/sampling/entities/inspector.entity.js';
import { ProgrammeDepartmentEntity } from '../../src/sampling/entities/programme-department.entity.js';
import { ProgrammeItemEntity } from '../../src/sampling/entities/programme-item.entity.js';
import { SamplingProgrammeEntity } from '../../src/sampling/entities/sampling-programme.entity.js';
import { TaskInspectorEntity } from '../../src/sampling/entities/task-inspector.entity.js';
import { SamplingDailyJob } from '../../src/sampling/inspections/jobs/sampling-daily.job.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { auditEntries, bearer, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { pdf, png, TEXT } from '../support/upload-fixtures.js';

/**
 * Issue 14, inspection tasks: only an assigned inspector records a result (field errors for bad
 * days and missing problem details); problems become an 'inspection' finding; "not found" becomes
 * a proposal a market-regulation regulator confirms into an abnormal-operations finding; publication
 * puts exactly the public fields on /public/inspections; officers see only their own tenant's
 * task; the daily job warns once before the deadline and once after it; evidence is PDF/JPEG/PNG only.
 * The tasks are set up through the DataSource (the draw is another part's).
 */
describe('sampling: inspection tasks', () => {
  let t: TestApp;
  let today: string;
  const MARKET = 1;
  const TAX = 2;
  const tenants: TenantEntity[] = [];
  let users: Record<'insp1' | 'insp2' | 'insp3' | 'marketReg' | 'taxReg' | 'staff' | 'officerA' | 'officerB', UserEntity>;
  let tokens: Record<keyof typeof users, string>;
  let inspectors: Record<'insp1' | 'insp2' | 'insp3', InspectorEntity>;
  let staffBrowser: Browser;
  let insp1Browser: Browser;
  let programmeId: number;
  let seq = 0;
  let clean: Record<string, string>;
  let problems: Record<string, unknown> & { rectifyBy: string };
  const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    clean = { result: 'clean', inspectedOn: today, summary: '现场检查未发现问题。' };
    problems = {
      result: 'problems', inspectedOn: today, summary: '营业执照未在显著位置公示。', severity: 'minor', title: '未按规定公示营业执照',
      legalBasis: '《市场主体登记管理条例》第三十六条', description: '经营场所未悬挂营业执照。', rectificationRequired: true, rectifyBy: daysFrom(today, 15),
    };
    for (let i = 0; i < 8; i++) tenants.push(await createTenant(t, { name: `抽查${i}号${Date.now()}有限公司` }));
    const insp1 = await loginAs(t, 'regulator', { departmentId: MARKET });
    insp1Browser = insp1.browser;
    const staff = await loginAs(t, 'park_staff');
    staffBrowser = staff.browser;
    users = {
      insp1: insp1.user, insp2: await createUser(t, 'regulator', { departmentId: TAX }), insp3: await createUser(t, 'regulator', { departmentId: MARKET }),
      marketReg: await createUser(t, 'regulator', { departmentId: MARKET }), taxReg: await createUser(t, 'regulator', { departmentId: TAX }),
      staff: staff.user, officerA: await createUser(t, 'tenant_officer', { tenantId: tenants[0].id }), officerB: await createUser(t, 'tenant_officer', { tenantId: tenants[1].id }),
    };
    tokens = Object.fromEntries(await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await tokenFor(t, u.id)]))) as typeof tokens;
    const repo = t.dataSource.getRepository(InspectorEntity);
    inspectors = {
      insp1: await repo.save(repo.create({ userId: users.insp1.id, departmentId: MARKET, code: 'SCJG-901', active: true })),
      insp2: await repo.save(repo.create({ userId: users.insp2.id, departmentId: TAX, code: 'SW-902', active: true })),
      insp3: await repo.save(repo.create({ userId: users.insp3.id, departmentId: MARKET, code: 'SCJG-903', active: true })),
    };
    const programme = await t.dataSource.getRepository(SamplingProgrammeEntity).save({
      year: Number(today.slice(0, 4)), title: '测试联合抽查计划', status: 'approved', targetedRules: '', complaintDays: 90, revision: 1, createdById: users.staff.id,
    });
    programmeId = programme.id;
    await t.dataSource.getRepository(ProgrammeDepartmentEntity).save([
      { programmeId, departmentId: MARKET, inspectorsPerTask: 1, position: 0 }, { programmeId, departmentId: TAX, inspectorsPerTask: 1, position: 1 },
    ]);
    const item = await t.dataSource.getRepository(InspectionItemEntity).save({
      code: 'T-SC-001', nameZh: '营业执照公示情况检查', nameEn: 'Business licence display', legalBasis: '《企业信息公示暂行条例》第十八条', departmentId: MARKET, kind: 'general',
    });
    await t.dataSource.getRepository(ProgrammeItemEntity).save({ programmeId, itemId: item.id });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A drawn task of tenant `i` (its own draw, drawn `drawnDaysAgo` days ago) with these inspectors. */
  async function task(i: number, on: (keyof typeof inspectors)[] = ['insp1', 'insp2'], extra: Partial<InspectionTaskEntity> = {}, drawnDaysAgo = 10): Promise<number> {
    const drawnAt = new Date(Date.now() - drawnDaysAgo * 86_400_000);
    const draw = await t.dataSource.getRepository(DrawEntity).save({
      programmeId, seq: ++seq, grades: 'ABCD', status: 'drawn', announceAt: new Date(drawnAt.getTime() - 86_400_000), drawAt: drawnAt, drawnAt, taskCount: 1,
    });
    const row = await t.dataSource.getRepository(InspectionTaskEntity).save({
      drawId: draw.id, programmeId, position: 0, tenantId: tenants[i].id, uscc: tenants[i].uscc, stratum: 'C', rank: 'ab'.repeat(32), status: 'assigned', ...extra,
    });
    await t.dataSource.getRepository(TaskInspectorEntity).save(on.map((k, n) => ({
      taskId: row.id, inspectorId: inspectors[k].id, departmentId: inspectors[k].departmentId, position: n, assignedBy: 'draw' as const,
    })));
    return row.id;
  }

  const record = (token: string, id: number, body: Record<string, unknown>) => t.http().post(`/api/v1/sampling/tasks/${id}/result`).set(bearer(token)).send(body);
  const taskRow = (id: number) => t.dataSource.getRepository(InspectionTaskEntity).findOneByOrFail({ id });

  it('only an inspector on the task records its result; field errors for a bad day or missing problem details', async () => {
    const id = await task(0);
    await record(tokens.insp3, id, clean).expect(403);
    await record(tokens.marketReg, id, clean).expect(403);
    await record(tokens.staff, id, clean).expect(403);
    await record(tokens.officerA, id, clean).expect(403);

    const future = await record(tokens.insp1, id, { ...clean, inspectedOn: daysFrom(today, 1) }).expect(400);
    expect(Object.keys(future.body.errors)).toEqual(['inspectedOn']);
    const early = await record(tokens.insp1, id, { ...clean, inspectedOn: daysFrom(today, -30) }).expect(400);
    expect(Object.keys(early.body.errors)).toEqual(['inspectedOn']);
    const missing = await record(tokens.insp1, id, { ...problems, title: '', rectifyBy: daysFrom(today, -1) }).expect(400);
    expect(Object.keys(missing.body.errors).sort()).toEqual(['rectifyBy', 'title']);
    await record(tokens.insp1, id, { ...clean, result: 'maybe' }).expect(400);
    expect((await taskRow(id)).status).toBe('assigned');

    const ok = await record(tokens.insp1, id, clean).expect(200);
    expect(ok.body).toMatchObject({ status: 'recorded', result: 'clean', inspectedOn: today, findingId: null });
    expect(ok.body.publishBy > today).toBe(true);
    // Corrected by its recorder only, until published.
    await record(tokens.insp2, id, { ...clean, summary: '更正' }).expect(403);
    await record(tokens.insp1, id, { ...clean, summary: '更正：未发现问题。' }).expect(200);
    expect(await auditEntries(t, { entityType: 'inspection_task', entityId: String(id), action: 'sampling.task.correct' })).toHaveLength(1);
  });

  it('problems found become an inspection finding of the inspector\'s department, in the same step', async () => {
    const id = await task(2);
    const res = await record(tokens.insp2, id, problems).expect(200);
    expect(res.body.findingId).toEqual(expect.any(Number));
    const finding = await t.http().get(`/api/v1/findings/${res.body.findingId}`).set(bearer(tokens.staff)).expect(200);
    expect(finding.body).toMatchObject({
      type: 'inspection', severity: 'minor', tenant: { id: tenants[2].id }, department: { id: TAX }, decisionNo: `双随机〔${today.slice(0, 4)}〕第${id}号`,
      decisionDate: today, rectificationRequired: true, rectifyBy: problems.rectifyBy, counting: true,
    });
    // A result that became a finding is not corrected here.
    await record(tokens.insp2, id, clean).expect(409);
    expect(await auditEntries(t, { entityType: 'inspection_task', entityId: String(id), action: 'sampling.task.record' })).toHaveLength(1);
  });

  it('not found → a proposal a market-regulation regulator confirms into an abnormal-operations finding', async () => {
    const id = await task(3);
    const res = await record(tokens.insp1, id, { ...clean, result: 'not_found', summary: '登记住所无此企业。' }).expect(200);
    expect(res.body.abnormalStatus).toBe('proposed');
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.marketReg.id, template: 'sampling-abnormal-proposed' })).toBe(1);
    const decide = (token: string, body: Record<string, unknown>) => t.http().post(`/api/v1/sampling/tasks/${id}/abnormal`).set(bearer(token)).send(body);
    await decide(tokens.taxReg, { decision: 'confirm' }).expect(403);
    await decide(tokens.staff, { decision: 'confirm' }).expect(403);
    const noReason = await decide(tokens.marketReg, { decision: 'dismiss' }).expect(400);
    expect(Object.keys(noReason.body.errors)).toEqual(['reason']);
    const confirmed = await decide(tokens.marketReg, { decision: 'confirm' }).expect(200);
    expect(confirmed.body.abnormalStatus).toBe('confirmed');
    const finding = await t.http().get(`/api/v1/findings/${confirmed.body.findingId}`).set(bearer(tokens.staff)).expect(200);
    expect(finding.body).toMatchObject({ type: 'abnormal_operations', abnormalCause: 'unreachable', tenant: { id: tenants[3].id }, department: { id: MARKET } });
    await decide(tokens.marketReg, { decision: 'confirm' }).expect(409);
    expect(await auditEntries(t, { entityType: 'inspection_task', entityId: String(id), action: 'sampling.task.abnormalConfirm' })).toHaveLength(1);
  });

  it('publication: programme regulators or staff; the public page and API show exactly the public fields; officers are told', async () => {
    const id = await task(0, ['insp1', 'insp2'], {}, 12).then(async (x) => x);
    await record(tokens.insp1, id, { ...clean, summary: '秘密的检查记录' }).expect(200);
    const before = await t.http().get('/api/v1/public/inspections').query({ q: tenants[0].uscc }).expect(200);
    expect(before.body.total).toBe(0);
    await t.http().post(`/api/v1/sampling/tasks/${id}/publish`).set(bearer(tokens.officerA)).expect(403);
    const other = await createUser(t, 'regulator', { departmentId: 3 });
    await t.http().post(`/api/v1/sampling/tasks/${id}/publish`).set(bearer(await tokenFor(t, other.id))).expect(403);
    const published = await t.http().post(`/api/v1/sampling/tasks/${id}/publish`).set(bearer(tokens.taxReg)).expect(200);
    expect(published.body.status).toBe('published');
    await t.http().post(`/api/v1/sampling/tasks/${id}/publish`).set(bearer(tokens.staff)).expect(409);

    const pub = await t.http().get('/api/v1/public/inspections').query({ q: tenants[0].uscc }).expect(200);
    expect(pub.headers['cache-control']).toContain('public');
    expect(pub.body.total).toBe(1);
    expect(Object.keys(pub.body.items[0]).sort()).toEqual(['departments', 'inspectedOn', 'items', 'name', 'publishedOn', 'result', 'uscc']);
    expect(pub.body.items[0]).toMatchObject({ name: tenants[0].name, uscc: tenants[0].uscc, inspectedOn: today, result: 'clean', publishedOn: today });
    expect(pub.body.items[0].items).toEqual([{ code: 'T-SC-001', nameZh: '营业执照公示情况检查', nameEn: 'Business licence display' }]);
    expect(pub.body.items[0].departments.map((d: { code: string }) => d.code)).toEqual(['market', 'tax']);
    const page = await t.http().get('/public/inspections').query({ q: tenants[0].uscc }).expect(200);
    expect(page.text).toContain(tenants[0].name);
    expect(page.text).toContain('未发现问题');
    expect(page.text).toContain('href="/public/draws"');
    expect(page.text).not.toContain('秘密的检查记录');
    expect(page.text).not.toContain('SCJG-901');
    expect((await t.http().get('/api/v1/public/inspections').query({ result: 'problems', q: tenants[0].uscc }).expect(200)).body.total).toBe(0);
    await t.http().get('/api/v1/public/inspections').query({ year: 'x' }).expect(400);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.officerA.id, template: 'sampling-result-published' })).toBe(1);
    expect(await auditEntries(t, { entityType: 'inspection_task', entityId: String(id), action: 'sampling.task.publish' })).toHaveLength(1);

    // The hub shows it to the tenant's officer; another tenant's officer finds no such task.
    await t.http().get(`/api/v1/sampling/tasks/${id}`).set(bearer(tokens.officerB)).expect(404);
    const own = await t.http().get(`/api/v1/sampling/tasks/${id}`).set(bearer(tokens.officerA)).expect(200);
    expect(own.body.inspectors).toEqual([]);
    await t.http().get('/api/v1/sampling/tasks').set(bearer(tokens.officerA)).expect(403);
  });

  it('a drawn task is not revealed to another tenant, and shows as drawn on its own hub', async () => {
    const id = await task(1, ['insp1', 'insp2'], {}, 5);
    await t.http().get(`/api/v1/sampling/tasks/${id}`).set(bearer(tokens.officerA)).expect(404);
    const own = await t.http().get(`/api/v1/sampling/tasks/${id}`).set(bearer(tokens.officerB)).expect(200);
    expect(own.body).toMatchObject({ status: 'assigned', result: null, inspectors: [] });
    const hub = await staffBrowser.agent.get(`/tenants/${tenants[1].id}`).expect(200);
    expect(hub.text).toContain('id="hub-inspections"');
    expect(hub.text).toContain('已被抽中，待检查');
  });

  it('evidence: PDF/JPEG/PNG by content from an inspector on the task, before publication', async () => {
    const id = await task(4);
    const upload = (token: string, file: Buffer, name: string) => t.http().post(`/api/v1/sampling/tasks/${id}/evidence`).set(bearer(token)).attach('files', file, { filename: name });
    await upload(tokens.insp3, pdf(), 'a.pdf').expect(403);
    const refused = await upload(tokens.insp1, TEXT, 'photo.png');
    expect([400, 415]).toContain(refused.status);
    expect(await t.dataSource.getRepository(AttachmentEntity).countBy({ ownerType: 'inspection-task', ownerId: id })).toBe(0);
    const ok = await upload(tokens.insp2, png(), 'scene.png').expect(201);
    expect(ok.body.files).toHaveLength(1);
    await t.http().get(`/api/v1/files/${ok.body.files[0].id}`).set(bearer(tokens.staff)).expect(200);
    await t.http().get(`/api/v1/files/${ok.body.files[0].id}`).set(bearer(tokens.officerB)).expect(404);
  });

  it('a flagged task gets an inspector of the missing department by hand, with a reason; audited', async () => {
    const id = await task(5, ['insp2'], { needsManual: true, manualReason: 'market: 0 of 1' });
    const assign = (token: string, body: Record<string, unknown>) => t.http().post(`/api/v1/sampling/tasks/${id}/assign`).set(bearer(token)).send(body);
    await assign(tokens.officerA, { inspectorId: inspectors.insp3.id, reason: '补充' }).expect(403);
    const wrongDept = await assign(tokens.staff, { inspectorId: inspectors.insp2.id, reason: '补充' }).expect(400);
    expect(Object.keys(wrongDept.body.errors)).toEqual(['inspectorId']);
    await assign(tokens.staff, { inspectorId: inspectors.insp3.id }).expect(400);
    const res = await assign(tokens.marketReg, { inspectorId: inspectors.insp3.id, reason: '原抽取人员不足，补充指派。' }).expect(200);
    expect(res.body.needsManual).toBe(false);
    expect(res.body.inspectors.map((i: { code: string; assignedBy: string }) => [i.code, i.assignedBy])).toEqual([['SW-902', 'draw'], ['SCJG-903', 'manual']]);
    await assign(tokens.staff, { inspectorId: inspectors.insp1.id, reason: 'x' }).expect(409);
    expect(await auditEntries(t, { entityType: 'inspection_task', entityId: String(id), action: 'sampling.task.assign' })).toHaveLength(1);
    await record(tokens.insp3, id, clean).expect(200);
  });

  it('the daily job warns once before the publication deadline and once when it has passed', async () => {
    const id = await task(6);
    await record(tokens.insp1, id, clean).expect(200);
    const job = t.get(SamplingDailyJob);
    const warnings = () => t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.insp1.id, template: 'sampling-publish-due', link: `/sampling/tasks/${id}` });
    await t.dataSource.getRepository(InspectionTaskEntity).update({ id: id }, { publishBy: daysFrom(today, 40) });
    await job.run();
    expect(await warnings()).toBe(0);
    await t.dataSource.getRepository(InspectionTaskEntity).update({ id: id }, { publishBy: today });
    await job.run();
    expect(await warnings()).toBe(1);
    // Regulators of the programme's departments are told too.
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: users.taxReg.id, template: 'sampling-publish-due', link: `/sampling/tasks/${id}` })).toBe(1);
    await job.run();
    expect(await warnings()).toBe(1);
    // Past the deadline: the overdue warning, once. (The last warning predates the new deadline's passing.)
    await t.dataSource.getRepository(InspectionTaskEntity).update({ id: id }, { publishBy: daysFrom(today, -3), publishWarnedOn: daysFrom(today, -4) });
    await job.run();
    await job.run();
    expect(await warnings()).toBe(2);
    expect((await taskRow(id)).publishWarnedOn).toBe(today);
    const list = await t.http().get('/api/v1/sampling/tasks').query({ due: 'overdue' }).set(bearer(tokens.staff)).expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect(list.body.items.find((i: { id: number }) => i.id === id).deadline.state).toBe('overdue');
  });

  it('pages: the list with filters and exports, my tasks, the task with its forms', async () => {
    const list = await staffBrowser.agent.get('/sampling/tasks').query({ status: 'recorded' }).expect(200);
    expect(list.text).toContain('id="export-xlsx"');
    const xlsx = await staffBrowser.agent.get('/sampling/tasks/export.xlsx').expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const pdfRes = await staffBrowser.agent.get('/sampling/tasks/export.pdf').expect(200);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    const mine = await insp1Browser.agent.get('/sampling/tasks/mine').expect(200);
    expect(mine.text).toContain('SCJG-901');
    expect((await insp1Browser.agent.get('/').expect(200)).text).toContain('id="home-my-tasks"');
    expect((await staffBrowser.agent.get('/').expect(200)).text).toContain('id="home-overdue"');
    const staffMine = await staffBrowser.agent.get('/sampling/tasks/mine').expect(200);
    expect(staffMine.text).toContain('id="not-inspector"');
    const id = await task(7);
    const detail = await insp1Browser.agent.get(`/sampling/tasks/${id}`).expect(200);
    expect(detail.text).toContain('id="result-form"');
    expect(detail.text).toContain('营业执照公示情况检查');
    const bad = await insp1Browser.agent.post(`/sampling/tasks/${id}/result`).type('form').send({ _csrf: insp1Browser.csrf, result: 'clean', inspectedOn: daysFrom(today, 2), summary: 'x' }).expect(400);
    expect(bad.text).toContain('id="e-inspectedOn"');
    await insp1Browser.agent.post(`/sampling/tasks/${id}/result`).type('form').send({ _csrf: insp1Browser.csrf, result: 'clean', inspectedOn: today, summary: '未发现问题' }).expect(303);
    const after = await staffBrowser.agent.get(`/sampling/tasks/${id}`).expect(200);
    expect(after.text).toContain('id="publish-form"');
    expect(after.text).not.toContain('id="result-form"');
  });
});
