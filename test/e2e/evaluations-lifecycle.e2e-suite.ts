import { jest } from '@jest/globals';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { EvaluationReminders } from '../../src/evaluations/records/evaluation-reminders.js';
import { EvaluationDisputeEntity } from '../../src/evaluations/entities/evaluation-dispute.entity.js';
import { EvaluationInstitutionEntity } from '../../src/evaluations/entities/evaluation-institution.entity.js';
import { EvaluationScoreEntity } from '../../src/evaluations/entities/evaluation-score.entity.js';
import { EvaluationEntity } from '../../src/evaluations/entities/evaluation.entity.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, binary, csvRows, fieldError, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, login, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { pdf, png } from '../support/upload-fixtures.js';

jest.setTimeout(180_000);

const parkDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const DAY = 86_400_000;
const today = () => parkDay(new Date());
const daysFrom = (n: number) => parkDay(new Date(Date.now() + n * DAY));

const SCORES = { governance: 90, work_safety: 85, environment: 80, labour: 88, tax: 92, data_security: 75 };

/**
 * Issue 11, evaluations: an admin registers an institution, engages it for tenant A and binds an
 * evaluator (pages); the evaluator submits (API and page), staff accept, the officer disputes,
 * staff resolve with each outcome; refusals (lapsed, not engaged, unbound, bad input) write nothing;
 * facts, hub, home queue and export follow.
 */
describe('evaluations: submit → accept → dispute → resolve', () => {
  let t: TestApp;
  let A: TenantEntity; let B: TenantEntity;
  let admin: Browser; let staff: Browser; let evaluatorBrowser: Browser;
  let staffToken: string; let evaluatorToken: string; let officerAToken: string; let officerBToken: string; let regulatorToken: string;
  let institutionId: number;
  let evaluatorId: number;
  const periodFrom = daysFrom(-200);
  const periodTo = daysFrom(-20);
  const validUntil = daysFrom(345);

  const body = (extra: Record<string, unknown> = {}) => ({ tenantId: A.id, periodFrom, periodTo, scores: SCORES, grade: 'B', summary: '整体合规，数据安全需加强。', validUntil, ...extra });
  const submit = (extra: Record<string, unknown> = {}, token = evaluatorToken) => t.http().post('/api/v1/evaluations').set(bearer(token)).send(body(extra));
  const uploadReport = (id: number, token = evaluatorToken, file = pdf('评价报告'), name = 'report.pdf') =>
    t.http().post(`/api/v1/evaluations/${id}/report`).set(bearer(token)).attach('report', file, { filename: name });
  const accept = (id: number) => t.http().post(`/api/v1/evaluations/${id}/accept`).set(bearer(staffToken)).send({});
  const count = () => t.dataSource.getRepository(EvaluationEntity).count();
  /** The evaluation facts that carry points (P06, N07); `presence` the zero-point D03 (an accepted evaluation on file, for the M grade). */
  const evaluationFacts = async (tenantId: number, asOf = today()) => {
    const res = await t.http().get(`/api/v1/tenants/${tenantId}/facts?asOf=${asOf}`).set(bearer(staffToken)).expect(200);
    return (res.body.facts as { rule: string; recordType: string; recordId: number; detail: Record<string, unknown> }[]).filter((f) => f.recordType === 'evaluation');
  };
  const facts = async (tenantId: number, asOf = today()) => (await evaluationFacts(tenantId, asOf)).filter((f) => f.rule !== 'D03');
  const presence = async (tenantId: number, asOf = today()) => (await evaluationFacts(tenantId, asOf)).filter((f) => f.rule === 'D03');
  /** A submitted evaluation with its report, through the API. */
  const submitted = async (extra: Record<string, unknown> = {}): Promise<number> => {
    const res = await submit(extra).expect(201);
    await uploadReport(res.body.id).expect(201);
    return res.body.id as number;
  };

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    A = await createTenant(t, { name: '甲评价企业有限公司' });
    B = await createTenant(t, { name: '乙评价企业有限公司' });
    admin = (await loginAs(t, 'admin')).browser;
    const staffUser = await createUser(t, 'park_staff');
    staff = await login(t, staffUser.email);
    staffToken = await tokenFor(t, staffUser.id);
    const evaluator = await createUser(t, 'evaluator');
    evaluatorId = evaluator.id;
    evaluatorBrowser = await login(t, evaluator.email);
    evaluatorToken = await tokenFor(t, evaluator.id);
    officerAToken = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: A.id })).id);
    officerBToken = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: B.id })).id);
    regulatorToken = await tokenFor(t, (await createUser(t, 'regulator')).id);

    // The admin pages: an institution, an engagement for A by its USCC, the evaluator bound by e-mail.
    const created = await admin.agent.post('/admin/institutions').type('form').send({
      _csrf: admin.csrf, name: '华信第三方评价中心', uscc: testUscc(), accreditationNo: 'PJ-2026-001', validFrom: daysFrom(-400), validTo: daysFrom(400), active: 'true',
    }).expect(303);
    institutionId = Number(/\/admin\/institutions\/(\d+)$/.exec(String(created.headers.location))![1]);
    await admin.agent.post(`/admin/institutions/${institutionId}/engagements`).type('form')
      .send({ _csrf: admin.csrf, tenant: A.uscc, periodFrom: daysFrom(-365), periodTo: daysFrom(30) }).expect(303);
    await admin.agent.post(`/admin/institutions/${institutionId}/evaluators`).type('form').send({ _csrf: admin.csrf, email: evaluator.email }).expect(303);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the admin pages show the institution, its engagement and its evaluator; bad input is refused by field', async () => {
    const page = await admin.agent.get(`/admin/institutions/${institutionId}`).expect(200);
    expect(page.text).toContain('华信第三方评价中心');
    expect(page.text).toContain(A.name);
    expect(page.text).toContain('data-evaluator=');
    const bad = await admin.agent.post(`/admin/institutions/${institutionId}/engagements`).type('form')
      .send({ _csrf: admin.csrf, tenant: '不存在的企业', periodFrom: daysFrom(-1), periodTo: daysFrom(-5) }).expect(400);
    expect(fieldError(bad.text, 'tenant')).toBeTruthy();
    expect(fieldError(bad.text, 'periodTo')).toBeTruthy();
    const badUscc = await admin.agent.post('/admin/institutions').type('form')
      .send({ _csrf: admin.csrf, name: 'X', uscc: '914403001922038217', accreditationNo: 'Y', validFrom: daysFrom(-1), validTo: daysFrom(1) }).expect(400);
    expect(fieldError(badUscc.text, 'uscc')).toBeTruthy();
    const notEvaluator = await admin.agent.post(`/admin/institutions/${institutionId}/evaluators`).type('form')
      .send({ _csrf: admin.csrf, email: (await createUser(t, 'park_staff')).email }).expect(400);
    expect(fieldError(notEvaluator.text, 'email')).toBeTruthy();
    const dims = await admin.agent.get('/admin/evaluation-dimensions').expect(200);
    for (const code of Object.keys(SCORES)) expect(dims.text).toContain(`data-dimension="${code}"`);
  });

  it('submit → report → accept: the evaluation counts as P06 from today, told to the officers', async () => {
    const res = await submit().expect(201);
    expect(res.body).toMatchObject({ status: 'submitted', grade: 'B', source: 'api', scores: SCORES, report: null });
    const id = res.body.id as number;
    // Staff are told; no report yet → acceptance refused.
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'evaluation-submitted' })).toBeGreaterThanOrEqual(1);
    expect((await accept(id).expect(409)).body.message).toBeTruthy();
    // A report that is not a PDF is a field error.
    expect((await uploadReport(id, evaluatorToken, png(), 'r.png').expect(400)).body.errors.report[0].code).toBe('reportPdf');
    await uploadReport(id).expect(201);
    expect(await facts(A.id)).toEqual([]);
    const accepted = (await accept(id).expect(200)).body;
    expect(accepted).toMatchObject({ status: 'accepted', acceptedOn: today() });
    expect(accepted.report.contentType).toBe('application/pdf');
    await accept(id).expect(409);
    const [fact] = await facts(A.id);
    expect(fact).toMatchObject({ rule: 'P06', recordId: id, detail: { grade: 'B', points: 5, institution: '华信第三方评价中心', disputed: 0 } });
    expect(await facts(A.id, daysFrom(400))).toEqual([]);
    // On file from its acceptance, expired or not: D03 (no points, read by the M-grade rule).
    expect(await presence(A.id)).toEqual([expect.objectContaining({ rule: 'D03', recordId: id, date: today() })]);
    expect((await presence(A.id, daysFrom(400))).map((f) => f.recordId)).toEqual([id]);
    expect(await presence(A.id, daysFrom(-1))).toEqual([]);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'evaluation-accepted' })).toBeGreaterThanOrEqual(2);
    const audit = await t.dataSource.getRepository(AuditEntryEntity).findBy({ entityType: 'evaluation', entityId: String(id) });
    expect(audit.map((a) => a.action).sort()).toEqual(['evaluation.accept', 'evaluation.report', 'evaluation.submit']);
  });

  it('dispute → corrected: the officer disputes with a file, another tenant’s officer sees nothing, staff correct grade and a score', async () => {
    const id = await submitted({ grade: 'A' });
    await accept(id).expect(200);
    await t.http().post(`/api/v1/evaluations/${id}/disputes`).set(bearer(officerBToken)).send({ reasons: '不是我们的' }).expect(404);
    await t.http().get(`/api/v1/evaluations/${id}`).set(bearer(officerBToken)).expect(404);
    const disputed = await t.http().post(`/api/v1/evaluations/${id}/disputes`).set(bearer(officerAToken))
      .field('reasons', '环境得分偏低，附监测报告。').attach('files', pdf('监测报告'), { filename: '监测.pdf' }).expect(201);
    expect(disputed.body.openDispute).toMatchObject({ status: 'open', reasons: '环境得分偏低，附监测报告。' });
    expect(disputed.body.openDispute.files).toHaveLength(1);
    await t.http().post(`/api/v1/evaluations/${id}/disputes`).set(bearer(officerAToken)).send({ reasons: '再次异议' }).expect(409);
    // Still counts while disputed, marked so.
    const [during] = await facts(A.id);
    expect(during).toMatchObject({ rule: 'P06', recordId: id, detail: { grade: 'A', disputed: 1 } });
    const disputeId = disputed.body.openDispute.id as number;
    // A correction without a reason, or with an out-of-range score: field errors, nothing changes.
    await t.http().post(`/api/v1/evaluations/disputes/${disputeId}/resolve`).set(bearer(staffToken)).send({ outcome: 'corrected', grade: 'C' }).expect(400);
    const bad = await t.http().post(`/api/v1/evaluations/disputes/${disputeId}/resolve`).set(bearer(staffToken))
      .send({ outcome: 'corrected', reason: '复核', scores: { environment: 101 } }).expect(400);
    expect(bad.body.errors['scores.environment'][0].code).toBe('range');
    await t.http().post(`/api/v1/evaluations/disputes/${disputeId}/resolve`).set(bearer(officerAToken)).send({ outcome: 'upheld', reason: 'x' }).expect(403);
    const resolved = await t.http().post(`/api/v1/evaluations/disputes/${disputeId}/resolve`).set(bearer(staffToken))
      .send({ outcome: 'corrected', reason: '复核后更正', grade: 'C', scores: { environment: 60 } }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'accepted', grade: 'C', openDispute: null });
    expect(resolved.body.scores.environment).toBe(60);
    expect(resolved.body.disputes[0]).toMatchObject({ status: 'corrected', resolutionReason: '复核后更正', corrections: { grade: { before: 'A', after: 'C' }, scores: { environment: { before: 80, after: 60 } } } });
    await t.http().post(`/api/v1/evaluations/disputes/${disputeId}/resolve`).set(bearer(staffToken)).send({ outcome: 'rejected', reason: '再来' }).expect(409);
    const [after] = await facts(A.id);
    expect(after).toMatchObject({ rule: 'N07', recordId: id, detail: { grade: 'C', points: 3, disputed: 0 } });
    const audit = await t.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ entityType: 'evaluation_dispute', entityId: String(disputeId), action: 'evaluation.disputeCorrected' });
    expect(audit.before).toContain('"grade":"A"');
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'evaluation-resolved' })).toBeGreaterThanOrEqual(2);
  });

  it('dispute → upheld voids the evaluation (it never counts); dispute → rejected accepts a submitted one as it stands', async () => {
    const voided = await submitted({ grade: 'D', periodTo: daysFrom(-10) });
    const d1 = await t.http().post(`/api/v1/evaluations/${voided}/disputes`).set(bearer(officerAToken)).send({ reasons: '评价人员未到现场。' }).expect(201);
    // A submitted evaluation under an open dispute cannot be accepted.
    await accept(voided).expect(409);
    const upheld = await t.http().post(`/api/v1/evaluations/disputes/${d1.body.openDispute.id}/resolve`).set(bearer(staffToken))
      .send({ outcome: 'upheld', reason: '核实属实' }).expect(200);
    expect(upheld.body.status).toBe('voided');
    await t.http().post(`/api/v1/evaluations/${voided}/disputes`).set(bearer(officerAToken)).send({ reasons: '又一次' }).expect(409);
    await accept(voided).expect(409);
    expect((await facts(A.id)).map((f) => f.recordId)).not.toContain(voided);

    const stands = await submitted({ grade: 'A', periodTo: daysFrom(-5) });
    const d2 = await t.http().post(`/api/v1/evaluations/${stands}/disputes`).set(bearer(officerAToken)).send({ reasons: '等级应更高' }).expect(201);
    const rejected = await t.http().post(`/api/v1/evaluations/disputes/${d2.body.openDispute.id}/resolve`).set(bearer(staffToken))
      .send({ outcome: 'rejected', reason: '依据充分，维持' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'accepted', grade: 'A', acceptedOn: today() });
    // The latest by period end counts.
    const [fact] = await facts(A.id);
    expect(fact).toMatchObject({ rule: 'P06', recordId: stands, detail: { grade: 'A', points: 10 } });
  });

  it('refusals write nothing: bad scores and grade are field errors; unknown tenant; not engaged, lapsed, unbound are 403', async () => {
    const before = await count();
    const bad = await submit({ grade: 'E', scores: { ...SCORES, governance: 101, tax: 50.5, bogus: 3, data_security: undefined } }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['grade']);
    const scores = await submit({ scores: { ...SCORES, governance: 101, tax: 50.5, bogus: 3, data_security: undefined } }).expect(400);
    expect(scores.body.errors['scores.governance'][0].code).toBe('range');
    expect(scores.body.errors['scores.tax'][0].code).toBe('integer');
    expect(scores.body.errors['scores.bogus'][0].code).toBe('unknownDimension');
    expect(scores.body.errors['scores.data_security'][0].code).toBe('required');
    const dates = await submit({ periodFrom: periodTo, periodTo: periodFrom, validUntil: periodFrom }).expect(400);
    expect(Object.keys(dates.body.errors).sort()).toEqual(['periodTo', 'validUntil']);
    expect((await submit({ tenantId: 99999999 }).expect(400)).body.errors.tenantId[0].code).toBe('unknownTenant');
    expect((await submit({ tenantId: undefined, uscc: testUscc() }).expect(400)).body.errors.uscc[0].code).toBe('unknownTenant');
    // Not engaged: tenant B; tenant A by USCC, but a period outside the engagement.
    expect((await submit({ tenantId: B.id }).expect(403)).body.message).toBeTruthy();
    await submit({ tenantId: undefined, uscc: A.uscc.toLowerCase(), periodFrom: daysFrom(-500) }).expect(403);
    // An unbound evaluator; then the institution's accreditation lapses.
    await submit({}, await tokenFor(t, (await createUser(t, 'evaluator')).id)).expect(403);
    const repo = t.dataSource.getRepository(EvaluationInstitutionEntity);
    const validTo = (await repo.findOneByOrFail({ id: institutionId })).validTo;
    await repo.update({ id: institutionId }, { validTo: daysFrom(-1) });
    try {
      const lapsed = await submit().expect(403);
      expect(lapsed.body.message).toContain('华信第三方评价中心');
      await evaluatorBrowser.agent.get('/evaluations/new').expect(403);
    } finally {
      await repo.update({ id: institutionId }, { validTo });
    }
    // Roles: staff, officers and regulators cannot submit.
    await submit({}, staffToken).expect(403);
    await submit({}, regulatorToken).expect(403);
    expect(await count()).toBe(before);
    expect(await t.dataSource.getRepository(EvaluationScoreEntity).count()).toBe((await t.dataSource.getRepository(EvaluationEntity).count()) * 6);
  });

  it('the evaluator submits through the page: a PDF is required, the form comes back with field errors', async () => {
    const form = await evaluatorBrowser.agent.get('/evaluations/new').expect(200);
    expect(form.text).toContain(A.name);
    const post = (fields: Record<string, string>, file?: { data: Buffer; name: string }) => {
      let req = evaluatorBrowser.agent.post('/evaluations').field('_csrf', evaluatorBrowser.csrf);
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      return file ? req.attach('report', file.data, { filename: file.name }) : req;
    };
    const engagementId = /name="engagementId"[\s\S]*?<option value="(\d+)"/.exec(form.text)![1];
    const fields: Record<string, string> = {
      engagementId, periodFrom, periodTo: daysFrom(-1), grade: 'a', summary: '页面提交', validUntil,
      ...Object.fromEntries(Object.entries(SCORES).map(([k, v]) => [`score_${k}`, String(v)])),
    };
    const before = await count();
    const noFile = await post(fields).expect(400);
    expect(fieldError(noFile.text, 'report')).toBeTruthy();
    const badScore = await post({ ...fields, score_tax: '120' }, { data: pdf(), name: 'r.pdf' }).expect(400);
    expect(badScore.text).toContain('0 至 100');
    expect(await count()).toBe(before);
    const ok = await post(fields, { data: pdf('页面报告'), name: '报告.pdf' }).expect(303);
    const id = Number(/\/evaluations\/(\d+)$/.exec(String(ok.headers.location))![1]);
    const detail = await evaluatorBrowser.agent.get(`/evaluations/${id}`).expect(200);
    expect(detail.text).toContain('data-grade="A"');
    expect(detail.text).toContain('data-dimension="data_security"');
    // Staff accept on the page.
    await staff.agent.post(`/evaluations/${id}/accept`).type('form').send({ _csrf: staff.csrf }).expect(303);
    expect((await t.dataSource.getRepository(EvaluationEntity).findOneByOrFail({ id })).status).toBe('accepted');
  });

  it('the hub shows the latest evaluation and flags an expired one; the home pages are work queues', async () => {
    const hub = await staff.agent.get(`/tenants/${A.id}`).expect(200);
    expect(hub.text).toContain('id="hub-evaluations"');
    expect(hub.text).not.toContain('data-expired="true"');
    expect(hub.text).toMatch(/class="hub-evaluation" data-grade="[ABCD]"/);
    // Every accepted evaluation of A expires: the hub flags it.
    const repo = t.dataSource.getRepository(EvaluationEntity);
    const accepted = await repo.findBy({ tenantId: A.id, status: 'accepted' });
    await repo.update(accepted.map((e) => e.id), { validUntil: daysFrom(-1) });
    try {
      const expired = await staff.agent.get(`/tenants/${A.id}`).expect(200);
      expect(expired.text).toContain('data-expired="true"');
      expect(await facts(A.id)).toEqual([]);
      expect(await presence(A.id)).toHaveLength(1);
    } finally {
      for (const e of accepted) await repo.update({ id: e.id }, { validUntil: e.validUntil });
    }
    // The evaluator's home: the engagement of A is done (evaluated); a new engagement for B is due.
    await admin.agent.post(`/admin/institutions/${institutionId}/engagements`).type('form')
      .send({ _csrf: admin.csrf, tenant: B.name, periodFrom: daysFrom(-100), periodTo: daysFrom(-3) }).expect(303);
    const home = await evaluatorBrowser.agent.get('/').expect(200);
    expect(home.text).toContain('id="home-evaluations"');
    expect(home.text).toContain(B.name);
    expect(home.text).toContain('/evaluations/new?engagement=');
    // Staff: something awaits acceptance.
    await submitted({ grade: 'B', periodTo: daysFrom(-2) });
    const staffHome = await staff.agent.get('/').expect(200);
    expect(staffHome.text).toContain('id="home-evaluations"');
  });

  it('lists and exports with the filters applied, scoped per role', async () => {
    const all = (await t.http().get('/api/v1/evaluations?pageSize=100').set(bearer(staffToken)).expect(200)).body;
    expect(all.total).toBeGreaterThanOrEqual(5);
    const voided = (await t.http().get('/api/v1/evaluations?status=voided').set(bearer(staffToken)).expect(200)).body;
    expect(voided.items.every((i: { status: string }) => i.status === 'voided')).toBe(true);
    expect(voided.total).toBe(1);
    const gradeC = (await t.http().get('/api/v1/evaluations?grade=C').set(bearer(regulatorToken)).expect(200)).body;
    expect(gradeC.items.map((i: { grade: string }) => i.grade)).toEqual(['C']);
    expect((await t.http().get('/api/v1/evaluations').set(bearer(officerBToken)).expect(200)).body.total).toBe(0);
    expect((await t.http().get('/api/v1/evaluations').set(bearer(officerAToken)).expect(200)).body.total).toBe(all.total);
    await t.http().get('/api/v1/evaluations?grade=E').set(bearer(staffToken)).expect(400);
    const csv = await t.http().get('/api/v1/evaluations/export?format=csv&status=accepted').set(bearer(staffToken)).buffer(true).parse(binary).expect(200);
    const rows = csvRows(csv.body as Buffer);
    const accepted = (await t.http().get('/api/v1/evaluations?status=accepted&pageSize=100').set(bearer(staffToken)).expect(200)).body;
    expect(rows.length - 1).toBe(accepted.total);
    expect(rows[0]).toContain('公司治理');
    const page = await staff.agent.get('/evaluations?grade=C').expect(200);
    expect(page.text).toContain('/evaluations/export.csv?grade=C');
    const xlsx = await staff.agent.get('/evaluations/export.xlsx?grade=C').buffer(true).parse(binary).expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('reminds the institution’s evaluators once, a week before an engagement without an evaluation is due', async () => {
    await admin.agent.post(`/admin/institutions/${institutionId}/engagements`).type('form')
      .send({ _csrf: admin.csrf, tenant: B.uscc, periodFrom: daysFrom(-30), periodTo: daysFrom(7), note: '季度评价' }).expect(303);
    const notices = () => t.dataSource.getRepository(NotificationEntity).countBy({ template: 'evaluation-due', userId: evaluatorId });
    expect(await notices()).toBe(0);
    expect(await t.get(EvaluationReminders).run(today())).toBe(1);
    expect(await notices()).toBe(1);
    expect(await t.get(EvaluationReminders).run(today())).toBe(0);
    // Tomorrow nothing is due in exactly a week.
    expect(await t.get(EvaluationReminders).run(daysFrom(1))).toBe(0);
    expect(await notices()).toBe(1);
  });

  it('dispute files are read by the tenant’s officers, staff and the institution’s evaluators only', async () => {
    const dispute = await t.dataSource.getRepository(EvaluationDisputeEntity).findOneByOrFail({ status: 'corrected' });
    const view = (await t.http().get(`/api/v1/evaluations/${dispute.evaluationId}`).set(bearer(officerAToken)).expect(200)).body;
    const fileId = view.disputes[0].files[0].id as number;
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(officerAToken)).expect(200);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(evaluatorToken)).expect(200);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(officerBToken)).expect(404);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(await tokenFor(t, (await createUser(t, 'evaluator')).id))).expect(404);
    expect(evaluatorId).toBeGreaterThan(0);
  });
});
