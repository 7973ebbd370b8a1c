import { jest } from '@jest/globals';
import { EvaluationDimensionEntity } from '../../src/evaluations/entities/evaluation-dimension.entity.js';
import { EvaluationEntity } from '../../src/evaluations/entities/evaluation.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, fieldError, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, login, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { pdf } from '../support/upload-fixtures.js';

jest.setTimeout(180_000);

const parkDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const daysFrom = (n: number) => parkDay(new Date(Date.now() + n * 86_400_000));
const SCORES = { governance: 70, work_safety: 71, environment: 72, labour: 73, tax: 74, data_security: 75 };

/**
 * The pages around an evaluation: the configurable dimensions, the officer's dispute and staff's
 * resolution through forms, another institution's evaluator, a cancelled engagement and an unbound
 * evaluator.
 */
describe('evaluations: dimensions, dispute and resolution pages, institution scoping', () => {
  let t: TestApp;
  let A: TenantEntity;
  let admin: Browser; let staff: Browser; let officer: Browser;
  let evaluatorToken: string; let otherEvaluatorToken: string; let staffToken: string;
  let institutionId: number; let evaluatorEmail: string;

  const institution = async (name: string): Promise<number> => {
    const res = await admin.agent.post('/admin/institutions').type('form').send({
      _csrf: admin.csrf, name, uscc: testUscc(), accreditationNo: `${name}-1`, validFrom: daysFrom(-10), validTo: daysFrom(500), active: 'true',
    }).expect(303);
    return Number(/(\d+)$/.exec(String(res.headers.location))![1]);
  };
  const submit = (extra: Record<string, unknown> = {}, token = evaluatorToken) => t.http().post('/api/v1/evaluations').set(bearer(token))
    .send({ tenantId: A.id, periodFrom: daysFrom(-90), periodTo: daysFrom(-1), scores: SCORES, grade: 'B', summary: '页面测试', validUntil: daysFrom(300), ...extra });

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    A = await createTenant(t, { name: '丙评价企业有限公司' });
    admin = (await loginAs(t, 'admin')).browser;
    const staffUser = await createUser(t, 'park_staff');
    staff = await login(t, staffUser.email);
    staffToken = await tokenFor(t, staffUser.id);
    officer = (await loginAs(t, 'tenant_officer', { tenantId: A.id })).browser;
    institutionId = await institution('甲评价机构');
    const other = await institution('乙评价机构');
    for (const id of [institutionId, other]) {
      await admin.agent.post(`/admin/institutions/${id}/engagements`).type('form')
        .send({ _csrf: admin.csrf, tenant: A.uscc, periodFrom: daysFrom(-365), periodTo: daysFrom(60) }).expect(303);
    }
    const evaluator = await createUser(t, 'evaluator');
    evaluatorEmail = evaluator.email;
    const otherEvaluator = await createUser(t, 'evaluator');
    await admin.agent.post(`/admin/institutions/${institutionId}/evaluators`).type('form').send({ _csrf: admin.csrf, email: evaluator.email }).expect(303);
    await admin.agent.post(`/admin/institutions/${other}/evaluators`).type('form').send({ _csrf: admin.csrf, email: otherEvaluator.email }).expect(303);
    evaluatorToken = await tokenFor(t, evaluator.id);
    otherEvaluatorToken = await tokenFor(t, otherEvaluator.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a dimension added by the admin is required of new evaluations; deactivated, it is refused', async () => {
    const bad = await admin.agent.post('/admin/evaluation-dimensions').type('form').send({ _csrf: admin.csrf, code: 'Bad Code', labelZh: '', labelEn: 'x', sortOrder: '5' }).expect(400);
    expect(fieldError(bad.text, 'code')).toBeTruthy();
    await admin.agent.post('/admin/evaluation-dimensions').type('form')
      .send({ _csrf: admin.csrf, code: 'innovation', labelZh: '创新能力', labelEn: 'Innovation', sortOrder: '70', active: 'true' }).expect(303);
    await admin.agent.post('/admin/evaluation-dimensions').type('form')
      .send({ _csrf: admin.csrf, code: 'innovation', labelZh: '重复', labelEn: 'Dup', sortOrder: '71', active: 'true' }).expect(409);
    const missing = await submit().expect(400);
    expect(missing.body.errors['scores.innovation'][0].code).toBe('required');
    const dims = (await t.http().get('/api/v1/evaluation-dimensions').set(bearer(evaluatorToken)).expect(200)).body as { code: string; active: boolean }[];
    expect(dims.find((d) => d.code === 'innovation')).toMatchObject({ active: true });
    const form = await t.http().get('/evaluations/new'); // anonymous: to the login page
    expect(form.status).toBe(303);
    const id = (await t.dataSource.getRepository(EvaluationDimensionEntity).findOneByOrFail({ code: 'innovation' })).id;
    // Unticked "active" deactivates it; the labels change too.
    await admin.agent.post(`/admin/evaluation-dimensions/${id}`).type('form')
      .send({ _csrf: admin.csrf, labelZh: '创新', labelEn: 'Innovation', sortOrder: '80' }).expect(303);
    expect((await submit({ scores: { ...SCORES, innovation: 80 } }).expect(400)).body.errors['scores.innovation'][0].code).toBe('unknownDimension');
    const ok = await submit().expect(201);
    expect(Object.keys(ok.body.scores).sort()).toEqual(Object.keys(SCORES).sort());
  });

  it('another institution’s evaluator sees nothing of this one’s evaluations', async () => {
    const mine = (await submit().expect(201)).body.id as number;
    await t.http().get(`/api/v1/evaluations/${mine}`).set(bearer(otherEvaluatorToken)).expect(404);
    await t.http().post(`/api/v1/evaluations/${mine}/report`).set(bearer(otherEvaluatorToken)).attach('report', pdf(), { filename: 'r.pdf' }).expect(404);
    const list = (await t.http().get('/api/v1/evaluations').set(bearer(otherEvaluatorToken)).expect(200)).body;
    expect(list.items.map((i: { id: number }) => i.id)).not.toContain(mine);
    // The other institution may evaluate the same tenant under its own engagement.
    await submit({}, otherEvaluatorToken).expect(201);
  });

  it('the officer disputes on the page with a file; staff resolve on the page, a correction needs a change', async () => {
    const id = (await submit({ grade: 'C' }).expect(201)).body.id as number;
    await t.http().post(`/api/v1/evaluations/${id}/report`).set(bearer(evaluatorToken)).attach('report', pdf(), { filename: 'r.pdf' }).expect(201);
    const detail = await officer.agent.get(`/evaluations/${id}`).expect(200);
    expect(detail.text).toContain(`action="/evaluations/${id}/dispute"`);
    const empty = await officer.agent.post(`/evaluations/${id}/dispute`).field('_csrf', officer.csrf).field('reasons', '').expect(400);
    expect(fieldError(empty.text, 'reasons')).toBeTruthy();
    await officer.agent.post(`/evaluations/${id}/dispute`).field('_csrf', officer.csrf).field('reasons', '评价期间我司停产，数据不适用。')
      .attach('files', pdf('停产证明'), { filename: '证明.pdf' }).expect(303);
    const staffView = await staff.agent.get(`/evaluations/${id}`).expect(200);
    const disputeId = Number(/action="\/evaluations\/disputes\/(\d+)\/resolve"/.exec(staffView.text)![1]);
    expect(staffView.text).not.toContain(`action="/evaluations/${id}/accept"`);
    const noChange = await staff.agent.post(`/evaluations/disputes/${disputeId}/resolve`).type('form')
      .send({ _csrf: staff.csrf, outcome: 'corrected', reason: '复核', grade: 'C' }).expect(400);
    expect(fieldError(noChange.text, 'grade')).toBeTruthy();
    const badScore = await staff.agent.post(`/evaluations/disputes/${disputeId}/resolve`).type('form')
      .send({ _csrf: staff.csrf, outcome: 'corrected', reason: '复核', score_tax: '101' }).expect(400);
    expect(badScore.text).toContain('has-error');
    await staff.agent.post(`/evaluations/disputes/${disputeId}/resolve`).type('form')
      .send({ _csrf: staff.csrf, outcome: 'corrected', reason: '复核后上调', grade: 'B', score_tax: '88', score_governance: '' }).expect(303);
    const after = (await t.http().get(`/api/v1/evaluations/${id}`).set(bearer(staffToken)).expect(200)).body;
    expect(after).toMatchObject({ status: 'accepted', grade: 'B' });
    expect(after.scores).toMatchObject({ tax: 88, governance: 70 });
    await staff.agent.post(`/evaluations/disputes/${disputeId}/resolve`).type('form').send({ _csrf: staff.csrf, outcome: 'rejected', reason: '再次' }).expect(409);
  });

  it('a cancelled engagement and an unbound evaluator cannot submit', async () => {
    const before = await t.dataSource.getRepository(EvaluationEntity).count();
    const page = await admin.agent.get(`/admin/institutions/${institutionId}`).expect(200);
    const engagementId = /action="\/admin\/institutions\/engagements\/(\d+)\/cancel"/.exec(page.text)![1];
    await admin.agent.post(`/admin/institutions/engagements/${engagementId}/cancel`).type('form').send({ _csrf: admin.csrf }).expect(303);
    await admin.agent.post(`/admin/institutions/engagements/${engagementId}/cancel`).type('form').send({ _csrf: admin.csrf }).expect(409);
    expect((await submit().expect(403)).body.message).toBeTruthy();
    const evaluatorId = Number(/data-evaluator="(\d+)"/.exec(page.text)![1]);
    await admin.agent.post(`/admin/institutions/${institutionId}/evaluators/${evaluatorId}/unbind`).type('form').send({ _csrf: admin.csrf }).expect(303);
    await submit().expect(403);
    const evaluator = await login(t, evaluatorEmail);
    await evaluator.agent.get('/evaluations/new').expect(403);
    const home = await evaluator.agent.get('/').expect(200);
    expect(home.text).toContain('id="home-evaluations"');
    expect(await t.dataSource.getRepository(EvaluationEntity).count()).toBe(before);
  });
});
