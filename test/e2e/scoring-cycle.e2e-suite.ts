import { jest } from '@jest/globals';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { MonthRunService } from '../../src/scoring/cycle/month-run.service.js';
import { monthEnd, previousMonth } from '../../src/scoring/domain/month-cycle.rules.js';
import { ScoreErratumEntity } from '../../src/scoring/entities/score-erratum.entity.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { ScoreObjectionEntity } from '../../src/scoring/entities/score-objection.entity.js';
import { ScoreSnapshotEntity } from '../../src/scoring/entities/score-snapshot.entity.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, binary, csvRows, fieldError, formError } from '../support/http-helpers.js';
import { emlFor, waitFor } from '../support/outbox-helpers.js';
import { MailRenderer } from '../../src/mail/mail-renderer.js';
import { createTenant, createTestApp, createUser, login, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { pdf } from '../support/upload-fixtures.js';

jest.setTimeout(240_000);

const parkDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const today = () => parkDay(new Date());
const yesterday = () => parkDay(new Date(Date.now() - 86_400_000));

/**
 * Issue 12, the monthly cycle through HTTP: staff run a month (the job), review it, adjust; the
 * officer objects with evidence inside the window (another tenant's officer sees nothing); publication
 * is refused with what is missing; the regulator countersigns; staff answer (a correction voids the
 * countersignature); after the window, publication freezes the results, sets percentiles and tells
 * every tenant's officers; then only errata. The run is resumable and idempotent.
 */
describe('scoring cycle: run → review → objections → countersign → publish → errata', () => {
  let t: TestApp;
  let A: TenantEntity; let B: TenantEntity; let C: TenantEntity;
  let staffToken: string; let regulatorToken: string; let officerAToken: string; let officerBToken: string;
  let staff: Browser; let regulator: Browser; let officerA: Browser; let admin: Browser;
  const month = previousMonth(previousMonth(today().slice(0, 7)));
  const next = previousMonth(today().slice(0, 7));
  const api = (path: string) => `/api/v1/score-months/${path}`;
  const snapshotOf = (tenantId: number, m = month) => t.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
    .innerJoin(ScoreMonthEntity, 'm', 'm.id = s.monthId').where('m.month = :m AND s.tenantId = :tenantId', { m, tenantId }).getOneOrFail();
  const monthRow = (m = month) => t.dataSource.getRepository(ScoreMonthEntity).findOneByOrFail({ month: m });
  const runAndWait = async (m: string, body: Record<string, unknown> = {}) => {
    const before = (await t.dataSource.getRepository(ScoreMonthEntity).findOneBy({ month: m }))?.computedAt?.getTime() ?? 0;
    await t.http().post(api(`${m}/run`)).set(bearer(staffToken)).send(body).expect(202);
    return waitFor(`the run of ${m}`, async () => {
      const row = await t.dataSource.getRepository(ScoreMonthEntity).findOneBy({ month: m });
      return row && row.status === 'draft' && (row.computedAt?.getTime() ?? 0) > before ? row : null;
    }, 60_000, 100);
  };
  const closeWindow = (m = month) => t.dataSource.getRepository(ScoreMonthEntity).update({ month: m }, { objectionClosesOn: yesterday() });

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    A = await createTenant(t, { name: '甲月度评分企业有限公司', movedInAt: '2024-01-10' });
    B = await createTenant(t, { name: '乙月度评分企业有限公司', movedInAt: '2024-01-10' });
    C = await createTenant(t, { name: '丙月度评分企业有限公司', movedInAt: '2024-01-10' });
    const staffUser = await createUser(t, 'park_staff');
    const regulatorUser = await createUser(t, 'regulator');
    const officerAUser = await createUser(t, 'tenant_officer', { tenantId: A.id });
    const officerBUser = await createUser(t, 'tenant_officer', { tenantId: B.id });
    const adminUser = await createUser(t, 'admin');
    [staffToken, regulatorToken, officerAToken, officerBToken] = await Promise.all([staffUser, regulatorUser, officerAUser, officerBUser].map((u) => tokenFor(t, u.id)));
    [staff, regulator, officerA, admin] = await Promise.all([staffUser, regulatorUser, officerAUser, adminUser].map((u) => login(t, u.email)));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('staff run a month: a draft snapshot per active tenant as of its last day, with the objection window', async () => {
    await t.http().post(api(`${month}/run`)).set(bearer(officerAToken)).send({}).expect(403);
    await t.http().post(api(`${month}/run`)).set(bearer(regulatorToken)).send({}).expect(403);
    expect((await t.http().post(api('2099-01/run')).set(bearer(staffToken)).send({}).expect(400)).body.errors.month[0].code).toBe('notFuture');
    await t.http().post(api('2026-13/run')).set(bearer(staffToken)).send({}).expect(400);
    const row = await runAndWait(month);
    expect(row).toMatchObject({ status: 'draft', asOf: monthEnd(month), tenantsDone: 3 });
    expect(row.objectionClosesOn! >= today()).toBe(true);
    const body = (await t.http().get(api(month)).set(bearer(regulatorToken)).expect(200)).body;
    expect(body).toMatchObject({ month, status: 'draft', tenantsDone: 3, openObjections: 0, missing: { countersignature: true, openObjections: 0 } });
    expect(body.distribution.reduce((s: number, d: { count: number }) => s + d.count, 0)).toBe(3);
    const snap = await snapshotOf(A.id);
    const explanation = JSON.parse(snap.explanation);
    expect(snap.score).toBe(snap.computedScore);
    // Base plus the contributions, clamped, is the total.
    expect(Math.min(100, Math.max(0, explanation.base + explanation.contributions.reduce((s: number, c: { points: number }) => s + c.points, 0)))).toBe(snap.computedScore);
    const list = (await t.http().get(api(`${month}/snapshots?q=${encodeURIComponent('甲月度')}`)).set(bearer(staffToken)).expect(200)).body;
    expect(list.items.map((i: { tenant: { id: number } }) => i.tenant.id)).toEqual([A.id]);
    await t.http().get(api(month)).set(bearer(officerAToken)).expect(403);
    await t.http().get(api('2001-01')).set(bearer(staffToken)).expect(404);
  });

  it('the run is resumable after its cursor and idempotent: ids and adjustments stay, moved-out tenants leave', async () => {
    const runs = t.get(MonthRunService);
    const before = await snapshotOf(B.id);
    // A run that stopped after A: the rows after the cursor are computed again, A's is left as it was.
    await t.dataSource.getRepository(ScoreSnapshotEntity).update({ id: (await snapshotOf(A.id)).id }, { computedScore: 1, score: 1 });
    await t.dataSource.getRepository(ScoreSnapshotEntity).update({ id: before.id }, { computedScore: 2, score: 2 });
    const [first, second] = [A, B, C].sort((x, y) => x.id - y.id);
    await t.dataSource.getRepository(ScoreMonthEntity).update({ month }, { status: 'computing', cursor: first.id, tenantsDone: 1 });
    await runs.run(month, { batchSize: 1 });
    expect((await snapshotOf(first.id)).score).toBe(1);
    expect((await snapshotOf(second.id)).score).toBeGreaterThan(2);
    // Restarted: everything again, the same ids.
    const again = await runs.run(month, { restart: true, batchSize: 2 });
    expect(again.snapshots).toBe(3);
    expect((await snapshotOf(A.id)).score).toBeGreaterThan(1);
    expect((await snapshotOf(B.id)).id).toBe(before.id);
    // C moves out: a re-run drops its draft snapshot.
    await t.dataSource.getRepository(TenantEntity).update({ id: C.id }, { status: 'moved_out' });
    expect((await runs.run(month)).snapshots).toBe(2);
    expect(await t.dataSource.getRepository(ScoreSnapshotEntity).countBy({ monthId: (await monthRow()).id, tenantId: C.id })).toBe(0);
    expect((await monthRow()).status).toBe('draft');
  });

  it('staff adjust a draft result with a reason (audited); bad input writes nothing', async () => {
    const snap = await snapshotOf(B.id);
    const bad = await t.http().post(api(`${month}/tenants/${B.id}/adjustment`)).set(bearer(staffToken)).send({ points: 'x' }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['points', 'reason']);
    await t.http().post(api(`${month}/tenants/${B.id}/adjustment`)).set(bearer(staffToken)).send({ points: 500, reason: 'x' }).expect(400);
    await t.http().post(api(`${month}/tenants/${B.id}/adjustment`)).set(bearer(regulatorToken)).send({ points: 2, reason: 'x' }).expect(403);
    expect((await snapshotOf(B.id)).adjustment).toBe(0);
    const res = await t.http().post(api(`${month}/tenants/${B.id}/adjustment`)).set(bearer(staffToken)).send({ points: -4, reason: '现场检查发现消防通道堵塞，园区扣分。' }).expect(200);
    expect(res.body).toMatchObject({ adjustment: -4, score: Math.max(0, snap.computedScore - 4) });
    // A re-run keeps the adjustment.
    await t.get(MonthRunService).run(month);
    expect(await snapshotOf(B.id)).toMatchObject({ adjustment: -4, score: Math.max(0, snap.computedScore - 4), adjustmentReason: '现场检查发现消防通道堵塞，园区扣分。' });
    const audit = await t.dataSource.getRepository(AuditEntryEntity).findBy({ entityType: 'score_snapshot', entityId: String(snap.id) });
    expect(audit.map((a) => a.action)).toContain('scoreSnapshot.adjust');
  });

  it('the officer objects with evidence within the window; another tenant’s officer sees nothing', async () => {
    await t.http().get(api(`${month}/tenants/${A.id}`)).set(bearer(officerBToken)).expect(404);
    await t.http().post(api(`${month}/tenants/${A.id}/objections`)).set(bearer(officerBToken)).send({ reason: '不是我们的' }).expect(404);
    await t.http().post(api(`${month}/tenants/${A.id}/objections`)).set(bearer(staffToken)).send({ reason: 'x' }).expect(403);
    const own = (await t.http().get(api(`${month}/tenants/${A.id}`)).set(bearer(officerAToken)).expect(200)).body;
    expect(own).toMatchObject({ tenantId: A.id, objectionWindowOpen: true, objections: [] });
    const bad = await t.http().post(api(`${month}/tenants/${A.id}/objections`)).set(bearer(officerAToken)).send({ contribution: 'P99:nothing:1', reason: '' }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['reason']);
    await t.http().post(api(`${month}/tenants/${A.id}/objections`)).set(bearer(officerAToken)).send({ contribution: 'P99:nothing:1', reason: '没有这一项' }).expect(400);
    const filed = await t.http().post(api(`${month}/tenants/${A.id}/objections`)).set(bearer(officerAToken))
      .field('reason', '我司已于月内完成整改，附整改报告。').attach('files', pdf('整改报告'), { filename: '整改报告.pdf' }).expect(201);
    expect(filed.body).toMatchObject({ status: 'open', rule: null, reason: '我司已于月内完成整改，附整改报告。' });
    expect(filed.body.files).toHaveLength(1);
    expect((await snapshotOf(A.id)).openObjections).toBe(1);
    const disputed = (await t.http().get(api(`${month}/snapshots?disputed=true`)).set(bearer(staffToken)).expect(200)).body;
    expect(disputed.items.map((i: { tenant: { id: number } }) => i.tenant.id)).toEqual([A.id]);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'score-objection-filed' })).toBeGreaterThanOrEqual(1);
    // The evidence: the officer and staff read it, the other officer does not.
    const fileId = filed.body.files[0].id as number;
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(officerAToken)).expect(200);
    await t.http().get(`/api/v1/files/${fileId}`).set(bearer(staffToken)).expect(200);
    expect([403, 404]).toContain((await t.http().get(`/api/v1/files/${fileId}`).set(bearer(officerBToken))).status);
  });

  it('publication is refused with what is missing; a countersignature is voided by a correction', async () => {
    const refused = await t.http().post(api(`${month}/publish`)).set(bearer(staffToken)).send({}).expect(409);
    expect(refused.body.missing).toEqual({ countersignature: true, openObjections: 1, objectionWindowOpenUntil: (await monthRow()).objectionClosesOn });
    expect(refused.body.message).toBeTruthy();
    await t.http().post(api(`${month}/countersign`)).set(bearer(staffToken)).send({}).expect(403);
    await t.http().post(api(`${month}/countersign`)).set(bearer(regulatorToken)).send({ note: '已核对分布与异议。' }).expect(200);
    await t.http().post(api(`${month}/countersign`)).set(bearer(regulatorToken)).send({}).expect(409);
    expect((await monthRow()).status).toBe('countersigned');
    const objection = await t.dataSource.getRepository(ScoreObjectionEntity).findOneByOrFail({ tenantId: A.id });
    const noPoints = await t.http().post(api(`${month}/objections/${objection.id}/answer`)).set(bearer(staffToken)).send({ answer: 'corrected', reason: '核实属实' }).expect(400);
    expect(Object.keys(noPoints.body.errors)).toEqual(['points']);
    await t.http().post(api(`${month}/objections/${objection.id}/answer`)).set(bearer(staffToken)).send({ answer: 'maybe', reason: 'x' }).expect(400);
    const computed = (await snapshotOf(A.id)).computedScore;
    const answered = await t.http().post(api(`${month}/objections/${objection.id}/answer`)).set(bearer(staffToken)).send({ answer: 'corrected', reason: '核实属实，加回 3 分。', points: 3 }).expect(200);
    expect(answered.body).toMatchObject({ status: 'corrected', answer: '核实属实，加回 3 分。' });
    await t.http().post(api(`${month}/objections/${objection.id}/answer`)).set(bearer(staffToken)).send({ answer: 'rejected', reason: 'again' }).expect(409);
    expect(await snapshotOf(A.id)).toMatchObject({ adjustment: 3, score: Math.min(100, computed + 3), openObjections: 0 });
    const afterCorrection = await monthRow();
    expect(afterCorrection).toMatchObject({ status: 'draft', countersignedById: null });
    const actions = (await t.dataSource.getRepository(AuditEntryEntity).findBy({ entityType: 'score_month', entityId: String(afterCorrection.id) })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['scoreMonth.run', 'scoreMonth.countersign', 'scoreMonth.countersignVoided']));
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'score-objection-answered' })).toBeGreaterThanOrEqual(1);
    await t.http().post(api(`${month}/countersign`)).set(bearer(regulatorToken)).send({}).expect(200);
    const stillOpen = await t.http().post(api(`${month}/publish`)).set(bearer(staffToken)).send({}).expect(409);
    expect(stillOpen.body.missing).toEqual({ countersignature: false, openObjections: 0, objectionWindowOpenUntil: afterCorrection.objectionClosesOn });
  });

  it('after the window an objection is refused with the day it closed; then staff publish: frozen, percentiles, notices', async () => {
    await closeWindow();
    const late = await t.http().post(api(`${month}/tenants/${A.id}/objections`)).set(bearer(officerAToken)).send({ reason: '再次异议' }).expect(409);
    expect(late.body.message).toContain(yesterday());
    await t.http().post(api(`${month}/publish`)).set(bearer(regulatorToken)).send({}).expect(403);
    const published = await t.http().post(api(`${month}/publish`)).set(bearer(staffToken)).send({}).expect(200);
    expect(published.body).toMatchObject({ status: 'published' });
    const snaps = await t.dataSource.getRepository(ScoreSnapshotEntity).findBy({ monthId: (await monthRow()).id });
    for (const s of snaps) {
      expect(s).toMatchObject({ publishedScore: s.score, publishedGrade: s.grade });
      expect(s.percentile).toBeGreaterThan(0);
    }
    expect(Math.max(...snaps.map((s) => s.percentile!))).toBe(100);
    await waitFor('the publication notices', async () => (await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'score-published' })) >= 2, 30_000);
    // The e-mail renders in the officer's language with the reasons.
    const mail = await waitFor('the publication e-mail', () => t.dataSource.getRepository(OutboxMessageEntity).findOneBy({ template: 'score-published', status: 'sent' }), 30_000);
    expect(emlFor(t, mail.id)).toBeTruthy();
    const params = JSON.parse(mail.params) as Record<string, string>;
    for (const locale of ['zh-CN', 'en'] as const) {
      const rendered = t.get(MailRenderer).render('score-published', locale, params);
      expect(rendered.text).toContain(params[locale]);
      expect(rendered.subject).toContain(month);
    }
    // Immutable: no adjustment, no run, no countersignature, no second publication.
    expect((await t.http().post(api(`${month}/tenants/${B.id}/adjustment`)).set(bearer(staffToken)).send({ points: 1, reason: 'x' }).expect(409)).body.message).toBeTruthy();
    await t.http().post(api(`${month}/run`)).set(bearer(staffToken)).send({}).expect(409);
    await t.http().post(api(`${month}/publish`)).set(bearer(staffToken)).send({}).expect(409);
    await expect(t.get(MonthRunService).run(month)).rejects.toThrow();
  });

  it('errata after publication: numbered per month, the published result kept, the officers told', async () => {
    await t.http().post(api(`${month}/errata`)).set(bearer(officerAToken)).send({ tenantId: A.id, score: 90, reason: 'x' }).expect(403);
    const bad = await t.http().post(api(`${month}/errata`)).set(bearer(staffToken)).send({ tenantId: 99999999, score: 101 }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['reason', 'score']);
    await t.http().post(api(`${month}/errata`)).set(bearer(staffToken)).send({ tenantId: 99999999, score: 80, reason: 'x' }).expect(400);
    const before = await snapshotOf(A.id);
    const first = (await t.http().post(api(`${month}/errata`)).set(bearer(staffToken)).send({ tenantId: A.id, score: 88, reason: '补录一项荣誉。' }).expect(201)).body;
    const second = (await t.http().post(api(`${month}/errata`)).set(bearer(staffToken)).send({ tenantId: A.id, score: 86, reason: '荣誉分值更正。' }).expect(201)).body;
    expect([first.number, second.number]).toEqual([1, 2]);
    expect(first).toMatchObject({ beforeScore: before.score, afterScore: 88 });
    expect(await snapshotOf(A.id)).toMatchObject({ score: 86, publishedScore: before.publishedScore, publishedGrade: before.publishedGrade });
    expect(await t.dataSource.getRepository(ScoreErratumEntity).countBy({ monthId: (await monthRow()).id })).toBe(2);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'score-erratum' })).toBeGreaterThanOrEqual(2);
    const body = (await t.http().get(api(month)).set(bearer(staffToken)).expect(200)).body;
    expect(body.errata.map((e: { number: number }) => e.number)).toEqual([1, 2]);
    // An erratum needs a published month.
    await runAndWait(next);
    await t.http().post(api(`${next}/errata`)).set(bearer(staffToken)).send({ tenantId: A.id, score: 80, reason: 'x' }).expect(409);
  });

  it('the next month remembers the published one: previous scores, movers, and "what changed"', async () => {
    await t.http().post(api(`${next}/tenants/${B.id}/adjustment`)).set(bearer(staffToken)).send({ points: 10, reason: '表彰加分' }).expect(200);
    const b = await snapshotOf(B.id, next);
    const published = await snapshotOf(B.id, month);
    expect(b.previousScore).toBe(published.score);
    const body = (await t.http().get(api(next)).set(bearer(staffToken)).expect(200)).body;
    expect(body.movers.up.map((m: { tenant: { id: number } }) => m.tenant.id)).toContain(B.id);
    const view = (await t.http().get(api(`${next}/tenants/${B.id}`)).set(bearer(staffToken)).expect(200)).body;
    expect(view.changes).toMatchObject({ appeared: expect.any(Array), disappeared: expect.any(Array), changed: expect.any(Array) });
    const changed = (await t.http().get(api(`${next}/snapshots?changed=up`)).set(bearer(staffToken)).expect(200)).body;
    expect(changed.items.map((i: { tenant: { id: number } }) => i.tenant.id)).toContain(B.id);
  });

  it('pages: staff, admins and regulators review; officers reach only their own tenant’s snapshot', async () => {
    for (const who of [staff, admin, regulator]) {
      const list = await who.agent.get('/scores').expect(200);
      expect(list.text).toContain(`data-month="${month}"`);
      const page = await who.agent.get(`/scores/${month}`).expect(200);
      expect(page.text).toContain('data-distribution');
      expect(page.text).toContain('data-erratum="2"');
    }
    await officerA.agent.get('/scores').expect(403);
    await officerA.agent.get(`/scores/${month}`).expect(403);
    const own = await officerA.agent.get(`/scores/${month}/tenants/${A.id}`).expect(200);
    expect(own.text).toContain('data-erratum="1"');
    expect(own.text).toContain('data-percentile');
    expect(own.text).toContain('score-explanation');
    await officerA.agent.get(`/scores/${month}/tenants/${B.id}`).expect(404);
    // The officer's draft of the next month: the objection form while the window is open.
    const draft = await officerA.agent.get(`/scores/${next}/tenants/${A.id}`).expect(200);
    expect(draft.text).toContain(`action="/scores/${next}/tenants/${A.id}/objections"`);
    // Forms: errors beside the fields, nothing written.
    const staffPage = await staff.agent.get(`/scores/${next}/tenants/${A.id}`).expect(200);
    expect(staffPage.text).toContain(`action="/scores/${next}/tenants/${A.id}/adjustment"`);
    const bad = await staff.agent.post(`/scores/${next}/tenants/${A.id}/adjustment`).type('form').send({ _csrf: staff.csrf, points: '', reason: '' }).expect(400);
    expect(fieldError(bad.text, 'points')).toBeTruthy();
    expect(fieldError(bad.text, 'reason')).toBeTruthy();
    const refused = await staff.agent.post(`/scores/${month}/tenants/${A.id}/adjustment`).type('form').send({ _csrf: staff.csrf, points: '1', reason: 'x' }).expect(409);
    expect(formError(refused.text)).toBeTruthy();
    const publish = await staff.agent.post(`/scores/${next}/publish`).type('form').send({ _csrf: staff.csrf }).expect(409);
    expect(publish.text).toContain('data-missing');
    await staff.agent.post('/scores/run').type('form').send({ _csrf: staff.csrf, month: '2099-01' }).expect(400);
    // The year's pages are not taken for a month.
    expect((await staff.agent.get('/scores/not-a-month')).status).toBe(404);
  });

  it('exports every snapshot of a month as CSV', async () => {
    const res = await t.http().get(api(`${month}/export?format=csv`)).set(bearer(staffToken)).buffer(true).parse(binary).expect(200);
    const rows = csvRows(res.body as Buffer);
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([A.name, B.name].sort());
    const page = await staff.agent.get(`/scores/${month}/export?format=xlsx`).buffer(true).parse(binary).expect(200);
    expect(page.headers['content-type']).toContain('spreadsheetml');
  });
});
