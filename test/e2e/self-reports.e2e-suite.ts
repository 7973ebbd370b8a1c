import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { AttachmentEntity } from '../../src/files/entities/attachment.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { FactsService } from '../../src/scoring/core/facts.service.js';
import { ScoreService } from '../../src/scoring/core/score.service.js';
import { windowStart as windowFrom } from '../../src/scoring/domain/score-window.js';
import { SelfReportEntity } from '../../src/scoring/entities/self-report.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { Like } from 'typeorm';
import { auditPageRows } from '../support/audit-page.js';
import { auditEntries, bearer, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { waitForOutboxSettled } from '../support/outbox-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { docx, jpeg, pdf, png } from '../support/upload-fixtures.js';

/**
 * Issue 12: self-reported positive items — a tenant officer claims an honour, public-welfare work,
 * help to a neighbouring firm or an adopted suggestion with evidence; park staff approve (it becomes a
 * P09–P11 fact from the decision, in the item's trailing window) or reject with a reason; the officer
 * may add evidence or withdraw while pending. Another tenant's claim looks missing.
 */
describe('scoring: self-reports', () => {
  let t: TestApp;
  let today: string;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let officerA: { user: UserEntity; browser: Browser };
  let staff: { user: UserEntity; browser: Browser };
  let tokens: Record<'officerA' | 'officerB' | 'staff' | 'regulator' | 'admin', string>;
  const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    tenantA = await createTenant(t, { name: `申报甲${Date.now()}有限公司` });
    tenantB = await createTenant(t, { name: `申报乙${Date.now()}有限公司` });
    officerA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    staff = await loginAs(t, 'park_staff');
    const officerB = await createUser(t, 'tenant_officer', { tenantId: tenantB.id });
    const regulator = await createUser(t, 'regulator', { departmentId: 1 });
    const admin = await createUser(t, 'admin');
    tokens = {
      officerA: await tokenFor(t, officerA.user.id), officerB: await tokenFor(t, officerB.id), staff: await tokenFor(t, staff.user.id),
      regulator: await tokenFor(t, regulator.id), admin: await tokenFor(t, admin.id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const claimFields = (over: Record<string, string> = {}) => ({
    kind: 'honour', title: '区级安全生产先进单位', description: '连续三年无安全事故。', issuer: '区应急管理局', occurredOn: daysFrom(today, -30), ...over,
  });

  function claim(token: string, over: Record<string, string> = {}, files: { data: Buffer; name: string }[] = [{ data: pdf('certificate'), name: 'certificate.pdf' }]) {
    let req = t.http().post('/api/v1/self-reports').set(bearer(token));
    for (const [k, v] of Object.entries(claimFields(over))) req = req.field(k, v);
    for (const f of files) req = req.attach('files', f.data, { filename: f.name });
    return req;
  }
  const decide = (token: string, id: number, body: Record<string, unknown>) => t.http().post(`/api/v1/self-reports/${id}/decision`).set(bearer(token)).send(body);
  const row = (id: number) => t.dataSource.getRepository(SelfReportEntity).findOneByOrFail({ id });
  const factsOf = async (tenantId: number, asOf: string) => ((await t.get(FactsService).factsFor([tenantId], asOf)).get(tenantId) ?? []).filter((f) => f.recordType === 'self_report');

  it('claim → approve: a P09 fact from the decision, audited and told both ways', async () => {
    const res = await claim(tokens.officerA, {}, [{ data: pdf('certificate'), name: 'certificate.pdf' }, { data: png(), name: 'photo.png' }]).expect(201);
    const id = res.body.id as number;
    expect(res.body).toMatchObject({ kind: 'honour', rule: 'P09', status: 'pending', occurredOn: daysFrom(today, -30), tenant: { id: tenantA.id }, canWithdraw: true });
    expect(res.body.files.map((f: { contentType: string }) => f.contentType).sort()).toEqual(['application/pdf', 'image/png']);
    const [submitted] = await auditEntries(t, { entityType: 'self_report', entityId: String(id), action: 'selfReport.submit' });
    expect(JSON.parse(submitted.after!)).toMatchObject({ tenantId: tenantA.id, rule: 'P09', status: 'pending', source: 'api' });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: staff.user.id, template: 'self-report-submitted', link: `/self-reports/${id}` })).toBe(1);

    // Pending claims are no facts yet.
    expect(await factsOf(tenantA.id, today)).toEqual([]);

    // The evidence: the officer and readers get it, another tenant's officer does not.
    const fileId = res.body.files[0].id as number;
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(tokens.officerA)).expect(200);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(tokens.regulator)).expect(200);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(tokens.officerB)).expect(404);

    const approved = await decide(tokens.staff, id, { decision: 'approve', reason: '证书原件已核对。' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedOn: today, decisionReason: '证书原件已核对。', canDecide: false, canWithdraw: false });
    const [decision] = await auditEntries(t, { entityType: 'self_report', entityId: String(id), action: 'selfReport.approve' });
    expect(JSON.parse(decision.after!)).toMatchObject({ status: 'approved', decidedOn: today, rule: 'P09' });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'self-report-approved', link: `/self-reports/${id}` })).toBe(1);
    // Decided: staff's "to review" notice has left the bell.
    const toReview = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: staff.user.id, template: 'self-report-submitted', link: `/self-reports/${id}` });
    expect(toReview.readAt).not.toBeNull();

    // Approved: a fact as of today (dated the day it occurred), none as of the day before the decision.
    expect(await factsOf(tenantA.id, today)).toEqual([
      { rule: 'P09', recordType: 'self_report', recordId: id, date: daysFrom(today, -30), detail: { title: '区级安全生产先进单位', kind: 'honour' } },
    ]);
    expect(await factsOf(tenantA.id, daysFrom(today, -1))).toEqual([]);
    // The engine counts it: +3 under P09, its record named.
    const score = await t.get(ScoreService).scoreOf(tenantA.id, today);
    expect(score.contributions.filter((c) => c.source.type === 'self_report')).toEqual([
      expect.objectContaining({ rule: 'P09', points: 3, source: { type: 'self_report', id }, date: daysFrom(today, -30) }),
    ]);
    const api = await t.http().get(`/api/v1/tenants/${tenantA.id}/facts`).set(bearer(tokens.officerA)).expect(200);
    expect(api.body.facts.filter((f: { recordType: string }) => f.recordType === 'self_report').map((f: { recordId: number }) => f.recordId)).toEqual([id]);

    // Decided once: a second decision, a withdrawal or more evidence is a conflict.
    await decide(tokens.staff, id, { decision: 'reject', reason: '再看看' }).expect(409);
    await t.http().post(`/api/v1/self-reports/${id}/withdraw`).set(bearer(tokens.officerA)).expect(409);
    await t.http().post(`/api/v1/self-reports/${id}/evidence`).set(bearer(tokens.officerA)).attach('files', jpeg(), { filename: 'x.jpg' }).expect(409);
    expect(await row(id)).toMatchObject({ status: 'approved' });

    // The audit log names the claim by tenant, kind and title, and links its page.
    const admin = await loginAs(t, 'admin');
    const log = auditPageRows((await admin.browser.agent.get('/admin/audit?entityType=self_report').expect(200)).text);
    const named = log.find((r) => r.actionCode === 'selfReport.approve' && r.entityLink === `/self-reports/${id}`);
    expect(named?.entity).toContain(tenantA.name);
    expect(named?.entity).toContain('区级安全生产先进单位');
    expect(named?.action).toBe('通过正面申报');
  });

  it('the fact window is the item\'s trailing window ending on the as-of date (P10: 12 months)', async () => {
    const id = (await claim(tokens.officerA, { kind: 'neighbour_help', title: '帮扶邻企复产', occurredOn: daysFrom(today, -1) }).expect(201)).body.id as number;
    await decide(tokens.staff, id, { decision: 'approve' }).expect(200);
    expect((await factsOf(tenantA.id, today)).filter((f) => f.recordId === id)).toEqual([
      { rule: 'P10', recordType: 'self_report', recordId: id, date: daysFrom(today, -1), detail: { title: '帮扶邻企复产', kind: 'neighbour_help' } },
    ]);
    // Moved back in time (as a claim approved long ago would be): the window's first day counts, the day before does not.
    const decidedOn = daysFrom(today, -400);
    const asOf = daysFrom(today, 30);
    const first = windowFrom(asOf, 12);
    await t.dataSource.getRepository(SelfReportEntity).update({ id }, { occurredOn: first, decidedOn });
    expect((await factsOf(tenantA.id, asOf)).map((f) => f.recordId)).toContain(id);
    await t.dataSource.getRepository(SelfReportEntity).update({ id }, { occurredOn: daysFrom(first, -1) });
    expect((await factsOf(tenantA.id, asOf)).map((f) => f.recordId)).not.toContain(id);
    // Another tenant's facts never carry it.
    expect(await factsOf(tenantB.id, today)).toEqual([]);
  });

  it('reject needs a reason; the officer is told why', async () => {
    const id = (await claim(tokens.officerA, { kind: 'suggestion', title: '错峰充电建议' }).expect(201)).body.id as number;
    const noReason = await decide(tokens.staff, id, { decision: 'reject' }).expect(400);
    expect(noReason.body.errors.reason[0].code).toBe('required');
    const bogus = await decide(tokens.staff, id, { decision: 'maybe' }).expect(400);
    expect(bogus.body.errors.decision[0].code).toBe('oneOf');
    expect(await row(id)).toMatchObject({ status: 'pending' });
    const rejected = await decide(tokens.admin, id, { decision: 'reject', reason: '采纳通知未盖章。' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '采纳通知未盖章。' });
    expect(await auditEntries(t, { entityType: 'self_report', entityId: String(id), action: 'selfReport.reject' })).toHaveLength(1);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'self-report-rejected', link: `/self-reports/${id}` })).toBe(1);
    expect((await factsOf(tenantA.id, today)).map((f) => f.recordId)).not.toContain(id);
  });

  it('bad input writes nothing: missing fields, a date in the future or over 12 months ago, evidence of another type', async () => {
    const files = () => t.dataSource.getRepository(AttachmentEntity).countBy({ ownerType: 'self_report' });
    const count = () => t.dataSource.getRepository(SelfReportEntity).countBy({ tenantId: tenantA.id });
    const [filesBefore, rowsBefore] = [await files(), await count()];

    const empty = await t.http().post('/api/v1/self-reports').set(bearer(tokens.officerA)).send({}).expect(400);
    expect(Object.keys(empty.body.errors).sort()).toEqual(expect.arrayContaining(['description', 'kind', 'occurredOn', 'title']));
    const future = await claim(tokens.officerA, { occurredOn: daysFrom(today, 1) }).expect(400);
    expect(future.body.errors.occurredOn[0].code).toBe('notFuture');
    const old = await claim(tokens.officerA, { occurredOn: daysFrom(windowFrom(today, 12), -1) }).expect(400);
    expect(old.body.errors.occurredOn[0].code).toBe('notBefore');
    await claim(tokens.officerA, { occurredOn: windowFrom(today, 12) }).expect(201).then((r) => t.http().post(`/api/v1/self-reports/${r.body.id}/withdraw`).set(bearer(tokens.officerA)).expect(200));
    const badKind = await claim(tokens.officerA, { kind: 'donation' }).expect(400);
    expect(badKind.body.errors.kind[0].code).toBe('oneOf');
    // A Word file passes the files context but is not evidence here; SVG is refused before anything is kept.
    const word = await claim(tokens.officerA, {}, [{ data: docx(), name: 'cert.docx' }]).expect(400);
    expect(word.body.errors.files[0].code).toBe('fileType');
    await claim(tokens.officerA, {}, [{ data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), name: 'x.svg' }]).expect(415);
    expect(await count()).toBe(rowsBefore + 1);
    expect(await files()).toBe(filesBefore + 1);
  });

  it('evidence and withdrawal: the officer adds files while pending (at most 10), withdraws; approval needs evidence', async () => {
    const res = await t.http().post('/api/v1/self-reports').set(bearer(tokens.officerA))
      .send(claimFields({ kind: 'public_welfare', title: '社区义务植树' })).expect(201);
    const id = res.body.id as number;
    expect(res.body).toMatchObject({ rule: 'P10', files: [] });
    const noEvidence = await decide(tokens.staff, id, { decision: 'approve' }).expect(409);
    expect(noEvidence.body.message).toContain('证明材料');
    await t.http().post(`/api/v1/self-reports/${id}/evidence`).set(bearer(tokens.officerA)).expect(400)
      .expect((r) => expect(r.body.errors.files[0].code).toBe('required'));
    const added = await t.http().post(`/api/v1/self-reports/${id}/evidence`).set(bearer(tokens.officerA)).attach('files', jpeg(), { filename: 'planting.jpg' }).expect(201);
    expect(added.body.files.map((f: { contentType: string }) => f.contentType)).toEqual(['image/jpeg']);
    expect(await auditEntries(t, { entityType: 'self_report', entityId: String(id), action: 'selfReport.evidence' })).toHaveLength(1);
    let many = t.http().post(`/api/v1/self-reports/${id}/evidence`).set(bearer(tokens.officerA));
    for (let i = 0; i < 10; i++) many = many.attach('files', png(i), { filename: `p${i}.png` });
    const tooMany = await many.expect(400);
    expect(tooMany.body.errors.files[0].code).toBe('maxFiles');

    const withdrawn = await t.http().post(`/api/v1/self-reports/${id}/withdraw`).set(bearer(tokens.officerA)).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', canWithdraw: false });
    expect(await auditEntries(t, { entityType: 'self_report', entityId: String(id), action: 'selfReport.withdraw' })).toHaveLength(1);
    const toReview = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: staff.user.id, template: 'self-report-submitted', link: `/self-reports/${id}` });
    expect(toReview.readAt).not.toBeNull();
    await decide(tokens.staff, id, { decision: 'approve' }).expect(409);
  });

  it('two decisions at once: one lands, the other is refused and nothing is half-written', async () => {
    const id = (await claim(tokens.officerA, { kind: 'suggestion', title: '并发审核建议' }).expect(201)).body.id as number;
    const answers = await Promise.all([
      decide(tokens.staff, id, { decision: 'approve' }), decide(tokens.admin, id, { decision: 'reject', reason: '并发驳回' }),
      t.http().post(`/api/v1/self-reports/${id}/withdraw`).set(bearer(tokens.officerA)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const decided = await row(id);
    const entries = await auditEntries(t, { entityType: 'self_report', entityId: String(id) });
    expect(entries.map((e) => e.action).sort()).toEqual(['selfReport.submit', { approved: 'selfReport.approve', rejected: 'selfReport.reject', withdrawn: 'selfReport.withdraw' }[decided.status as 'approved']].sort());
  });

  it('authorization: another tenant\'s claim looks missing; only staff decide; only officers claim', async () => {
    const id = (await claim(tokens.officerA, { kind: 'suggestion', title: '授权测试建议' }).expect(201)).body.id as number;
    await t.http().get(`/api/v1/self-reports/${id}`).set(bearer(tokens.officerB)).expect(404);
    await t.http().post(`/api/v1/self-reports/${id}/withdraw`).set(bearer(tokens.officerB)).expect(404);
    await t.http().post(`/api/v1/self-reports/${id}/evidence`).set(bearer(tokens.officerB)).attach('files', pdf(), { filename: 'x.pdf' }).expect(404);
    await decide(tokens.officerA, id, { decision: 'approve' }).expect(403);
    await decide(tokens.regulator, id, { decision: 'approve' }).expect(403);
    await decide(tokens.staff, 99999999, { decision: 'approve' }).expect(404);
    await claim(tokens.staff).expect(403);
    await claim(tokens.regulator).expect(403);
    expect(await row(id)).toMatchObject({ status: 'pending' });

    // Lists: an officer sees only their tenant's; readers see everyone's, filtered.
    const mine = await t.http().get('/api/v1/self-reports?pageSize=100').set(bearer(tokens.officerA)).expect(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i: { tenantId: number }) => i.tenantId === tenantA.id)).toBe(true);
    const theirs = await t.http().get(`/api/v1/self-reports?tenantId=${tenantA.id}`).set(bearer(tokens.officerB)).expect(200);
    expect(theirs.body.items).toEqual([]);
    const queue = await t.http().get(`/api/v1/self-reports?status=pending&kind=suggestion&tenantId=${tenantA.id}`).set(bearer(tokens.regulator)).expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(id);
    expect(queue.body.items.every((i: { status: string; kind: string }) => i.status === 'pending' && i.kind === 'suggestion')).toBe(true);
    expect(queue.body.counts.pending).toBeGreaterThanOrEqual(1);
    const searched = await t.http().get(`/api/v1/self-reports?q=${encodeURIComponent(tenantA.name.slice(0, 6))}`).set(bearer(tokens.staff)).expect(200);
    expect(searched.body.items.every((i: { tenantId: number }) => i.tenantId === tenantA.id)).toBe(true);
    await t.http().get('/api/v1/self-reports?status=lost').set(bearer(tokens.staff)).expect(400);
    await t.http().get(`/api/v1/self-reports/${id}`).set(bearer(tokens.regulator)).expect(200);
  });

  it('pages: every role of the menu sees the list; the officer claims through the form, staff decide on the page', async () => {
    for (const role of ['admin', 'park_staff', 'regulator'] as const) {
      const { browser } = await loginAs(t, role, role === 'regulator' ? { departmentId: 1 } : {});
      const page = await browser.agent.get('/self-reports').expect(200);
      expect(page.text).toContain('id="status"');
    }
    const own = await officerA.browser.agent.get('/self-reports').expect(200);
    expect(own.text).toContain('href="/self-reports/new"');

    const form = await officerA.browser.agent.get('/self-reports/new').expect(200);
    expect(form.text).toContain('name="occurredOn"');
    const empty = await officerA.browser.agent.post('/self-reports').field('_csrf', officerA.browser.csrf).field('title', '').expect(400);
    expect(fieldError(empty.text, 'title')).toBeTruthy();
    expect(empty.text).toContain('id="e-kind"');
    const noFiles = await officerA.browser.agent.post('/self-reports').field('_csrf', officerA.browser.csrf)
      .field('kind', 'public_welfare').field('title', '页面申报的公益活动').field('description', '组织员工参加社区清洁。').field('occurredOn', daysFrom(today, -5)).expect(400);
    expect(fieldError(noFiles.text, 'files')).toBeTruthy();
    const created = await officerA.browser.agent.post('/self-reports').field('_csrf', officerA.browser.csrf)
      .field('kind', 'public_welfare').field('title', '页面申报的公益活动').field('description', '组织员工参加社区清洁。').field('occurredOn', daysFrom(today, -5))
      .attach('files', pdf('page'), { filename: 'page.pdf' }).expect(303);
    const id = Number(/\/self-reports\/(\d+)$/.exec(created.headers.location)![1]);
    expect(await row(id)).toMatchObject({ status: 'pending', kind: 'public_welfare', rule: 'P10', submittedById: officerA.user.id });

    const officerView = await officerA.browser.agent.get(`/self-reports/${id}`).expect(200);
    expect(officerView.text).toContain(`action="/self-reports/${id}/withdraw"`);
    expect(officerView.text).not.toContain('/decision"');
    const queue = await staff.browser.agent.get('/self-reports?status=pending').expect(200);
    expect(queue.text).toContain(`href="/self-reports/${id}"`);
    const detail = await staff.browser.agent.get(`/self-reports/${id}`).expect(200);
    expect(detail.text).toContain(`action="/self-reports/${id}/decision"`);
    expect(detail.text).toContain('组织员工参加社区清洁。');

    const noReason = await postForm(staff.browser, `/self-reports/${id}/decision`, { decision: 'reject' }).expect(400);
    expect(fieldError(noReason.text, 'reason')).toBeTruthy();
    await postForm(officerA.browser, `/self-reports/${id}/decision`, { decision: 'approve' }).expect(403);
    await postForm(staff.browser, `/self-reports/${id}/decision`, { decision: 'reject', reason: '照片无法体现企业参与。' })
      .expect(303).expect('Location', `/self-reports/${id}`);
    const after = await officerA.browser.agent.get(`/self-reports/${id}`).expect(200);
    expect(after.text).toContain('照片无法体现企业参与。');
    expect(after.text).not.toContain(`action="/self-reports/${id}/withdraw"`);

    // Another tenant's officer: the page looks missing.
    const other = await loginAs(t, 'tenant_officer', { tenantId: tenantB.id });
    await other.browser.agent.get(`/self-reports/${id}`).expect(404);
    await postForm(other.browser, `/self-reports/${id}/withdraw`).expect(404);
  });

  it('home: staff see the pending count and the oldest; the hub panel lists a tenant\'s pending and approved claims', async () => {
    const id = (await claim(tokens.officerA, { kind: 'suggestion', title: '首页待审建议' }).expect(201)).body.id as number;
    const home = await staff.browser.agent.get('/').expect(200);
    expect(home.text).toContain('id="home-self-reports"');
    const pending = await t.dataSource.getRepository(SelfReportEntity).countBy({ status: 'pending' });
    expect(home.text).toMatch(new RegExp(`待审核的正面申报 <span class="badge badge-pending">${pending}</span>`));
    const officerHome = await officerA.browser.agent.get('/tenants/' + tenantA.id).expect(200);
    expect(officerHome.text).toContain('id="hub-self-reports"');
    expect(officerHome.text).toContain(`href="/self-reports/${id}"`);
    const regulatorHome = await (await loginAs(t, 'regulator', { departmentId: 1 })).browser.agent.get('/').expect(200);
    expect(regulatorHome.text).not.toContain('id="home-self-reports"');
  });

  it('every notice of the flow renders and goes out by e-mail', async () => {
    const rows = await t.dataSource.getRepository(OutboxMessageEntity).find({ where: { template: Like('self-report-%') }, order: { id: 'ASC' } });
    expect(new Set(rows.map((r) => r.template))).toEqual(new Set(['self-report-submitted', 'self-report-approved', 'self-report-rejected']));
    for (const template of ['self-report-submitted', 'self-report-approved', 'self-report-rejected']) {
      const first = rows.find((r) => r.template === template)!;
      const settled = await waitForOutboxSettled(t, first.id);
      expect([template, settled.status, settled.lastError]).toEqual([template, 'sent', null]);
    }
  });
});
