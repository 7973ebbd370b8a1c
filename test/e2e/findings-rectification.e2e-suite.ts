import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { DepartmentsService } from '../../src/accounts/departments.service.js';
import { UsersQueries } from '../../src/accounts/users.queries.js';
import { AttachmentEntity } from '../../src/files/entities/attachment.entity.js';
import { FindingRectificationEntity } from '../../src/findings/entities/finding-rectification.entity.js';
import { FindingEntity } from '../../src/findings/entities/finding.entity.js';
import { FindingOverdueReminders } from '../../src/findings/rectification/jobs/overdue-reminders.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { Like } from 'typeorm';
import { auditPageRows } from '../support/audit-page.js';
import { waitForOutboxSettled } from '../support/outbox-helpers.js';
import { auditEntries, bearer, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { pdf, png } from '../support/upload-fixtures.js';

/**
 * Issue 11: a finding that requires rectification — the tenant's officer submits a statement with
 * evidence, the department's regulator (or park staff, where the department delegated it) verifies
 * it or returns it with a reason; overdue deadlines are flagged and told once; nobody else decides,
 * and another tenant's finding looks missing.
 */
describe('findings: rectification', () => {
  let t: TestApp;
  let today: string;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let officerA: { user: UserEntity; browser: Browser };
  let regulator: { user: UserEntity; browser: Browser };
  let tokens: Record<'officerA' | 'officerB' | 'regulator' | 'otherRegulator' | 'staff' | 'delegateRegulator', string>;
  let staffBrowser: Browser;
  let staffId: number;
  let delegateRegulatorId: number;
  let seq = 0;
  const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  /** Department 1 (市场监管) keeps verification; department 2 (税务) delegates it to the park. */
  const KEEPS = 1;
  const DELEGATES = 2;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    tenantA = await createTenant(t, { name: `整改甲${Date.now()}有限公司` });
    tenantB = await createTenant(t, { name: `整改乙${Date.now()}有限公司` });
    officerA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    regulator = await loginAs(t, 'regulator', { departmentId: KEEPS });
    const staff = await loginAs(t, 'park_staff');
    staffBrowser = staff.browser;
    staffId = staff.user.id;
    const officerB = await createUser(t, 'tenant_officer', { tenantId: tenantB.id });
    const otherRegulator = await createUser(t, 'regulator', { departmentId: 3 });
    const delegateRegulator = await createUser(t, 'regulator', { departmentId: DELEGATES });
    delegateRegulatorId = delegateRegulator.id;
    tokens = {
      officerA: await tokenFor(t, officerA.user.id), officerB: await tokenFor(t, officerB.id), regulator: await tokenFor(t, regulator.user.id),
      otherRegulator: await tokenFor(t, otherRegulator.id), staff: await tokenFor(t, staff.user.id), delegateRegulator: await tokenFor(t, delegateRegulator.id),
    };
    const tax = await t.get(DepartmentsService).get(DELEGATES);
    await t.get(DepartmentsService).save(DELEGATES, { code: tax.code, nameZh: tax.nameZh, nameEn: tax.nameEn, active: true, delegatesVerification: true }, TEST_ACTOR);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A finding recorded by its department's regulator through POST /api/v1/findings. */
  async function finding(fields: Record<string, unknown> & { departmentId?: number } = {}): Promise<number> {
    const { departmentId = KEEPS, ...body } = fields;
    const res = await t.http().post('/api/v1/findings').set(bearer(departmentId === DELEGATES ? tokens.delegateRegulator : tokens.regulator)).send({
      tenantId: tenantA.id, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '未按规定设置消防设施',
      legalBasis: '《消防法》第六十条', decisionNo: `整改测试〔2026〕${++seq}号-${Date.now()}`, decisionDate: daysFrom(today, -20),
      description: '现场检查发现灭火器过期。', rectificationRequired: true, rectifyBy: daysFrom(today, 10),
      ...body,
    });
    if (res.status !== 201) throw new Error(`recording a finding: ${res.status} ${res.text.slice(0, 300)}`);
    return (res.body as { id: number }).id;
  }

  function submit(token: string, findingId: number, statement: string | null = '已更换全部灭火器并完成培训。', files: Buffer[] = [pdf('invoice')]) {
    let req = t.http().post(`/api/v1/findings/${findingId}/rectification`).set(bearer(token));
    if (statement !== null) req = req.field('statement', statement);
    files.forEach((f, i) => {
      req = req.attach('files', f, { filename: `evidence-${i}.${f === files[0] ? 'pdf' : 'png'}` });
    });
    return req;
  }

  const decide = (token: string, rectificationId: number, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/findings/rectifications/${rectificationId}/decision`).set(bearer(token)).send(body);
  const findingRow = (id: number) => t.dataSource.getRepository(FindingEntity).findOneByOrFail({ id });
  const submissions = (findingId: number) => t.dataSource.getRepository(FindingRectificationEntity).find({ where: { findingId }, order: { id: 'ASC' } });

  it('record → evidence → verify: closed on the day the evidence came, audited and told', async () => {
    const id = await finding();
    const before = await t.http().get(`/api/v1/findings/${id}/rectification`).set(bearer(tokens.officerA)).expect(200);
    expect(before.body.finding).toMatchObject({ id, state: 'open', status: 'open', rectifyBy: daysFrom(today, 10) });

    const res = await submit(tokens.officerA, id, '已更换全部灭火器并完成培训。', [pdf('invoice'), png()]).expect(201);
    expect(res.body.finding).toMatchObject({ state: 'submitted', status: 'submitted' });
    expect(res.body.submissions).toHaveLength(1);
    const sub = res.body.submissions[0];
    expect(sub).toMatchObject({ statement: '已更换全部灭火器并完成培训。', submittedOn: today, late: false, decision: null });
    expect(sub.files.map((f: { contentType: string }) => f.contentType).sort()).toEqual(['application/pdf', 'image/png']);
    expect(res.body.pendingId).toBe(sub.id);
    expect((await auditEntries(t, { entityType: 'finding_rectification', entityId: String(sub.id), action: 'finding.rectificationSubmit' }))).toHaveLength(1);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: regulator.user.id, template: 'finding-rectification-submitted', link: `/findings/${id}/rectification` })).toBe(1);

    // The evidence: the officer and readers get it, another tenant's officer does not.
    const fileId = sub.files[0].id as number;
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(tokens.officerA)).expect(200);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(tokens.otherRegulator)).expect(200);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(tokens.officerB)).expect(404);

    // Evidence awaiting verification cannot be submitted again.
    const again = await submit(tokens.officerA, id).expect(409);
    expect(again.body.message).toContain('等待核验');

    const verified = await decide(tokens.regulator, sub.id, { decision: 'verify' }).expect(200);
    expect(verified.body.finding).toMatchObject({ state: 'verified', status: 'verified', rectifiedOn: today, verifiedOn: today, onTime: true });
    expect(verified.body.submissions[0]).toMatchObject({ decision: 'verified', decisionReason: null });
    expect(await findingRow(id)).toMatchObject({ rectificationStatus: 'verified', rectifiedOn: today, verifiedOn: today });
    const [audit] = await auditEntries(t, { entityType: 'finding_rectification', entityId: String(sub.id), action: 'finding.rectificationVerify' });
    expect(JSON.parse(audit.after!)).toMatchObject({ findingId: id, decision: 'verified', rectificationStatus: 'verified', rectifiedOn: today, verifiedOn: today });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'finding-rectification-verified' })).toBe(1);
    // The verifiers' "evidence to verify" notice has left the bell (it stays in the list).
    const toVerify = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: regulator.user.id, template: 'finding-rectification-submitted', link: `/findings/${id}/rectification` });
    expect(toVerify.readAt).not.toBeNull();
    expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ userId: officerA.user.id, template: 'finding-rectification-verified' })).toBe(1);

    // The audit log names the submission by tenant, finding and day, and links its page.
    const admin = await loginAs(t, 'admin');
    const log = auditPageRows((await admin.browser.agent.get('/admin/audit?entityType=finding_rectification').expect(200)).text);
    const named = log.find((r) => r.actionCode === 'finding.rectificationVerify' && r.entityLink === `/findings/${id}/rectification`);
    expect(named?.entity).toContain(tenantA.name);
    expect(named?.entity).toContain('未按规定设置消防设施');
    expect(named?.action).toBe('核验通过整改');

    // Decided once: a second decision, and any further submission, is a conflict.
    await decide(tokens.regulator, sub.id, { decision: 'return', reason: '再看看' }).expect(409);
    await submit(tokens.officerA, id).expect(409);
    expect(await findingRow(id)).toMatchObject({ rectificationStatus: 'verified' });
  });

  it('return with a reason → open again → resubmit → verify', async () => {
    const id = await finding();
    const first = (await submit(tokens.officerA, id).expect(201)).body.pendingId as number;

    const noReason = await decide(tokens.regulator, first, { decision: 'return' }).expect(400);
    expect(noReason.body.errors.reason[0].code).toBe('required');
    const bogus = await decide(tokens.regulator, first, { decision: 'maybe', reason: 'x' }).expect(400);
    expect(bogus.body.errors.decision[0].code).toBe('oneOf');
    expect(await findingRow(id)).toMatchObject({ rectificationStatus: 'submitted' });

    const returned = await decide(tokens.regulator, first, { decision: 'return', reason: '缺少培训签到表。' }).expect(200);
    expect(returned.body.finding).toMatchObject({ state: 'open', status: 'open', rectifiedOn: null, verifiedOn: null });
    expect(returned.body.submissions[0]).toMatchObject({ decision: 'returned', decisionReason: '缺少培训签到表。' });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'finding-rectification-returned' })).toBe(1);
    expect(await auditEntries(t, { entityType: 'finding_rectification', entityId: String(first), action: 'finding.rectificationReturn' })).toHaveLength(1);

    // The returned submission takes no decision any more; the officer submits anew.
    await decide(tokens.regulator, first, { decision: 'verify' }).expect(409);
    const second = await submit(tokens.officerA, id, '补充培训签到表。').expect(201);
    expect(second.body.submissions).toHaveLength(2);
    const verified = await decide(tokens.regulator, second.body.pendingId, { decision: 'verify', reason: '材料齐全。' }).expect(200);
    expect(verified.body.finding).toMatchObject({ state: 'verified', onTime: true });
    expect(verified.body.submissions.map((s: { decision: string }) => s.decision)).toEqual(['returned', 'verified']);
  });

  it('bad input writes nothing: no statement, no files, a file of a refused type', async () => {
    const id = await finding();
    const files = () => t.dataSource.getRepository(AttachmentEntity).countBy({ ownerType: 'finding_rectification' });
    const filesBefore = await files();
    const noStatement = await submit(tokens.officerA, id, null).expect(400);
    expect(noStatement.body.errors.statement).toBeDefined();
    const noFiles = await submit(tokens.officerA, id, '说明', []).expect(400);
    expect(noFiles.body.errors.files[0].code).toBe('required');
    await t.http().post(`/api/v1/findings/${id}/rectification`).set(bearer(tokens.officerA))
      .field('statement', '说明').attach('files', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), { filename: 'x.svg' }).expect(415);
    expect(await submissions(id)).toEqual([]);
    expect(await findingRow(id)).toMatchObject({ rectificationStatus: 'open' });
    expect(await files()).toBe(filesBefore);
    // A finding without rectification takes none.
    const none = await finding({ rectificationRequired: false, rectifyBy: undefined });
    await submit(tokens.officerA, none).expect(409);
  });

  it('overdue: flagged after the deadline, told once to officers and regulators, late evidence is not on time', async () => {
    const id = await finding({ decisionDate: daysFrom(today, -40), rectifyBy: daysFrom(today, -1) });
    const view = await t.http().get(`/api/v1/findings/${id}/rectification`).set(bearer(tokens.regulator)).expect(200);
    expect(view.body.finding).toMatchObject({ state: 'overdue', status: 'open' });

    const queue = await t.http().get('/api/v1/findings/rectifications?state=overdue&pageSize=100').set(bearer(tokens.regulator)).expect(200);
    expect(queue.body.items.map((i: { findingId: number }) => i.findingId)).toContain(id);
    expect(queue.body.counts.overdue).toBeGreaterThanOrEqual(1);

    const reminders = t.get(FindingOverdueReminders);
    const first = await reminders.run(today);
    expect(first).toBeGreaterThanOrEqual(2);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'finding-rectification-overdue', link: `/findings/${id}/rectification` })).toBe(1);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: regulator.user.id, template: 'finding-rectification-overdue', link: `/findings/${id}/rectification` })).toBe(1);
    expect(await findingRow(id)).toMatchObject({ overdueNotifiedOn: today });
    expect(await reminders.run(today)).toBe(0);
    expect(await reminders.run(daysFrom(today, 1))).toBe(0);

    // Late evidence awaits verification like any other, flagged late; verified, it was not on time.
    const late = await submit(tokens.officerA, id).expect(201);
    const overdueNotice = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: officerA.user.id, template: 'finding-rectification-overdue', link: `/findings/${id}/rectification` });
    expect(overdueNotice.readAt).not.toBeNull();
    expect(late.body.finding.state).toBe('submitted');
    expect(late.body.submissions[0].late).toBe(true);
    const done = await decide(tokens.regulator, late.body.pendingId, { decision: 'verify' }).expect(200);
    expect(done.body.finding).toMatchObject({ state: 'verified', onTime: false, rectifiedOn: today });
  });

  it('a finding not yet due is not told, and moving the day past the deadline makes it overdue', async () => {
    const id = await finding({ rectifyBy: daysFrom(today, 2) });
    await t.get(FindingOverdueReminders).run(today);
    expect(await findingRow(id)).toMatchObject({ overdueNotifiedOn: null });
    const later = daysFrom(today, 3);
    await t.get(FindingOverdueReminders).run(later);
    expect(await findingRow(id)).toMatchObject({ overdueNotifiedOn: later });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'finding-rectification-overdue', link: `/findings/${id}/rectification` })).toBe(1);
  });

  it('authorization: only the department verifies (or delegated staff); another tenant looks missing', async () => {
    const kept = await finding({ departmentId: KEEPS });
    const keptSub = (await submit(tokens.officerA, kept).expect(201)).body.pendingId as number;
    await decide(tokens.otherRegulator, keptSub, { decision: 'verify' }).expect(403);
    await decide(tokens.staff, keptSub, { decision: 'verify' }).expect(403);
    await decide(tokens.officerA, keptSub, { decision: 'verify' }).expect(403);
    await decide(tokens.regulator, 99999999, { decision: 'verify' }).expect(404);
    expect(await findingRow(kept)).toMatchObject({ rectificationStatus: 'submitted' });

    const delegated = await finding({ departmentId: DELEGATES });
    const delegatedSub = (await submit(tokens.officerA, delegated).expect(201)).body.pendingId as number;
    // Staff and the department's regulators are told of the evidence; the other department's regulator is not.
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'finding-rectification-submitted', link: `/findings/${delegated}/rectification` })).toBeGreaterThanOrEqual(2);
    await decide(tokens.regulator, delegatedSub, { decision: 'verify' }).expect(403);
    await decide(tokens.staff, delegatedSub, { decision: 'verify' }).expect(200);

    // Queues: staff see the delegating department's findings only; the regulator their own department's.
    const staffQueue = await t.http().get('/api/v1/findings/rectifications?pageSize=100').set(bearer(tokens.staff)).expect(200);
    const regulatorQueue = await t.http().get('/api/v1/findings/rectifications?state=awaiting&pageSize=100').set(bearer(tokens.regulator)).expect(200);
    expect(regulatorQueue.body.items.map((i: { findingId: number }) => i.findingId)).toContain(kept);
    for (const item of staffQueue.body.items as { department: { id: number } }[]) expect(item.department.id).toBe(DELEGATES);
    expect(regulatorQueue.body.items.every((i: { department: { id: number } }) => i.department.id === KEEPS)).toBe(true);

    // Another tenant's officer: the finding, its rectification and the upload look missing.
    await t.http().get(`/api/v1/findings/${kept}/rectification`).set(bearer(tokens.officerB)).expect(404);
    const open = await finding();
    await submit(tokens.officerB, open).expect(404);
    await t.http().get(`/api/v1/findings/rectifications`).set(bearer(tokens.officerB)).expect(200)
      .expect((res) => expect(res.body.items).toEqual([]));
    const mine = await t.http().get(`/api/v1/findings/rectifications?pageSize=100`).set(bearer(tokens.officerA)).expect(200);
    expect(mine.body.items.map((i: { findingId: number }) => i.findingId)).toContain(open);
    expect(mine.body.items.every((i: { tenantId: number }) => i.tenantId === tenantA.id)).toBe(true);
  });

  it('overdue at a delegating department is told to park staff too; two submissions at once: one lands, nothing half-written', async () => {
    const id = await finding({ departmentId: DELEGATES, decisionDate: daysFrom(today, -30), rectifyBy: daysFrom(today, -2) });
    await t.get(FindingOverdueReminders).run(today);
    const told = await t.dataSource.getRepository(NotificationEntity).find({ where: { template: 'finding-rectification-overdue', link: `/findings/${id}/rectification` } });
    const managers = await t.get(UsersQueries).managerIds(0, 1000);
    expect(managers).toContain(staffId);
    expect(new Set(told.map((n) => n.userId))).toEqual(new Set([officerA.user.id, delegateRegulatorId, ...managers]));

    const files = () => t.dataSource.getRepository(AttachmentEntity).countBy({ ownerType: 'finding_rectification' });
    const before = await files();
    const answers = await Promise.all([submit(tokens.officerA, id, '第一份说明。'), submit(tokens.officerA, id, '第二份说明。')]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await submissions(id)).toHaveLength(1);
    expect(await files()).toBe(before + 1);
  });

  it('pages: the officer submits through the form, the regulator decides on the page, the queue lists it', async () => {
    const id = await finding();
    const page = await officerA.browser.agent.get(`/findings/${id}/rectification`).expect(200);
    expect(page.text).toContain(`action="/findings/${id}/rectification"`);
    expect(page.text).not.toContain('/decision"');

    const empty = await officerA.browser.agent.post(`/findings/${id}/rectification`).field('_csrf', officerA.browser.csrf).field('statement', '').expect(400);
    expect(fieldError(empty.text, 'statement')).toBeTruthy();
    await officerA.browser.agent.post(`/findings/${id}/rectification`).field('_csrf', officerA.browser.csrf)
      .field('statement', '页面提交的整改说明。').attach('files', pdf('page'), { filename: 'page.pdf' })
      .expect(303).expect('Location', `/findings/${id}/rectification`);
    const [sub] = await submissions(id);
    expect(sub).toMatchObject({ statement: '页面提交的整改说明。', submittedById: officerA.user.id });

    const queue = await regulator.browser.agent.get('/findings/rectifications?state=awaiting').expect(200);
    expect(queue.text).toContain(`/findings/${id}/rectification`);
    const detail = await regulator.browser.agent.get(`/findings/${id}/rectification`).expect(200);
    expect(detail.text).toContain(`action="/findings/rectifications/${sub.id}/decision"`);
    expect(detail.text).toContain('页面提交的整改说明。');

    const noReason = await postForm(regulator.browser, `/findings/rectifications/${sub.id}/decision`, { decision: 'return' }).expect(400);
    expect(fieldError(noReason.text, 'reason')).toBeTruthy();
    await postForm(staffBrowser, `/findings/rectifications/${sub.id}/decision`, { decision: 'verify' }).expect(403);
    await postForm(regulator.browser, `/findings/rectifications/${sub.id}/decision`, { decision: 'return', reason: '照片不清晰。' })
      .expect(303).expect('Location', `/findings/${id}/rectification`);
    expect(await findingRow(id)).toMatchObject({ rectificationStatus: 'open' });
    const after = await officerA.browser.agent.get(`/findings/${id}/rectification`).expect(200);
    expect(after.text).toContain('照片不清晰。');
    expect(after.text).toContain(`action="/findings/${id}/rectification"`);
  });

  it('every notice of the flow renders and goes out by e-mail', async () => {
    const rows = await t.dataSource.getRepository(OutboxMessageEntity).find({ where: { template: Like('finding-rectification-%') }, order: { id: 'ASC' } });
    expect(new Set(rows.map((r) => r.template))).toEqual(new Set([
      'finding-rectification-submitted', 'finding-rectification-verified', 'finding-rectification-returned', 'finding-rectification-overdue',
    ]));
    for (const row of rows) {
      const settled = await waitForOutboxSettled(t, row.id);
      expect([row.template, settled.status, settled.lastError]).toEqual([row.template, 'sent', null]);
    }
  });

  it('departments: the admin page ticks and unticks "delegates verification", audited', async () => {
    const admin = await loginAs(t, 'admin');
    const form = await admin.browser.agent.get('/admin/departments/4').expect(200);
    expect(form.text).toContain('name="delegatesVerification"');
    const dept = await t.get(DepartmentsService).get(4);
    await postForm(admin.browser, '/admin/departments/4', { code: dept.code, nameZh: dept.nameZh, nameEn: dept.nameEn, active: 'true', delegatesVerification: 'true' }).expect(303);
    expect(await t.get(DepartmentsService).get(4)).toMatchObject({ delegatesVerification: true, active: true });
    const [entry] = await auditEntries(t, { entityType: 'department', entityId: '4', action: 'department.update' });
    expect(JSON.parse(entry.after!)).toMatchObject({ delegatesVerification: true });
    await postForm(admin.browser, '/admin/departments/4', { code: dept.code, nameZh: dept.nameZh, nameEn: dept.nameEn, active: 'true' }).expect(303);
    expect(await t.get(DepartmentsService).get(4)).toMatchObject({ delegatesVerification: false });
  });
});
