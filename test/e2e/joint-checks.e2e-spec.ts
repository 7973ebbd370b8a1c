import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { CreditMeasureEntity } from '../../src/lists/entities/credit-measure.entity.js';
import { JointCheckFeedbackEntity } from '../../src/lists/entities/joint-check-feedback.entity.js';
import { JointCheckEntity } from '../../src/lists/entities/joint-check.entity.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import { MeasuresCatalogueService } from '../../src/lists/incentives/measures-catalogue.service.js';
import { CreditStatusService } from '../../src/lists/core/credit-status.service.js';
import { ScoreHistoryQueries } from '../../src/scoring/core/score-history.queries.js';
import { DEFAULT_RULEBOOK } from '../../src/scoring/domain/rulebook.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../../src/scoring/entities/score-snapshot.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import { auditEntries, bearer, binary, csvRows, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 13: the joint check (逢办必查). Another system asks, with an API token of park staff, a
 * regulator or an admin, for a tenant's lists, last published grade and score and the measures
 * configured for a purpose that apply to it; every check is logged; the caller reports what it
 * applied, once; the log is browsable and exportable; admins keep the purposes.
 */
describe('lists: joint checks', () => {
  let t: TestApp;
  let today: string;
  let red: TenantEntity;
  let black: TenantEntity;
  let plain: TenantEntity;
  let tokens: Record<'staff' | 'regulator' | 'regulator2' | 'admin' | 'officer' | 'evaluator', string>;
  let users: Record<'staff' | 'regulator' | 'admin', UserEntity>;
  let staffBrowser: { user: UserEntity; browser: Browser };
  let adminBrowser: { user: UserEntity; browser: Browser };
  const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  const check = (token: string | null, body: Record<string, unknown>, lang?: string) => {
    const req = t.http().post(`/api/v1/joint-checks${lang ? `?lang=${lang}` : ''}`);
    if (token) req.set(bearer(token));
    return req.send(body);
  };
  const logCount = () => t.dataSource.getRepository(JointCheckEntity).count();
  const entry = (tenantId: number, list: 'red' | 'black' | 'watch', startsOn: string, plannedEndOn: string, extra: Partial<ListEntryEntity> = {}) => ({
    tenantId, list, status: 'active' as const, criterion: 'other' as const, reasons: '测试', legalBasis: '测试依据', records: [], listRuleId: 1,
    proposedById: 1, proposedAt: new Date(), startsOn, plannedEndOn, createdAt: new Date(), updatedAt: new Date(), ...extra,
  });
  const measure = (code: string, kind: 'incentive' | 'restriction', purposes: string, eligibility: Record<string, unknown>, extra: Partial<CreditMeasureEntity> = {}) => ({
    code, kind, category: 'other', titleZh: `措施${code}`, titleEn: `Measure ${code}`, descriptionZh: '说明', descriptionEn: 'Description', purposes,
    claimable: false, eligibility, validFrom: '2020-01-01', validTo: null, active: true, updatedById: null, updatedAt: new Date(), ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    red = await createTenant(t, { name: `核查红${Date.now()}有限公司` });
    black = await createTenant(t, { name: `核查黑${Date.now()}有限公司` });
    plain = await createTenant(t, { name: `核查普${Date.now()}有限公司` });
    staffBrowser = await loginAs(t, 'park_staff');
    adminBrowser = await loginAs(t, 'admin');
    const regulator = await createUser(t, 'regulator', { departmentId: 1 });
    const regulator2 = await createUser(t, 'regulator', { departmentId: 1 });
    const officer = await createUser(t, 'tenant_officer', { tenantId: red.id });
    const evaluator = await createUser(t, 'evaluator');
    users = { staff: staffBrowser.user, regulator, admin: adminBrowser.user };
    tokens = {
      staff: await tokenFor(t, staffBrowser.user.id), regulator: await tokenFor(t, regulator.id), regulator2: await tokenFor(t, regulator2.id),
      admin: await tokenFor(t, adminBrowser.user.id), officer: await tokenFor(t, officer.id), evaluator: await tokenFor(t, evaluator.id),
    };
    // A published month: red A 92, black D 40; plain has no snapshot.
    const month = await t.dataSource.getRepository(ScoreMonthEntity).save({
      month: '2026-01', asOf: '2026-01-31', status: 'published', rulebookVersion: DEFAULT_RULEBOOK.version, tenantsTotal: 2, tenantsDone: 2, cursor: 0,
      computedAt: new Date(), createdAt: new Date(), publishedAt: new Date('2026-02-10T12:00:00Z'),
    });
    const snap = (tenantId: number, score: number, grade: string) => ({
      monthId: month.id, tenantId, computedScore: score, adjustment: 0, score, bandGrade: grade, grade, previousScore: null, previousGrade: null,
      explanation: '{"contributions":[],"overrides":[],"gradeNote":null}', negativeCount: 0, openObjections: 0, percentile: null, publishedScore: score, publishedGrade: grade,
    });
    await t.dataSource.getRepository(ScoreSnapshotEntity).insert([snap(red.id, 92, 'A'), snap(black.id, 40, 'D')] as never);
    t.get(ScoreHistoryQueries).published();
    await t.dataSource.getRepository(ListEntryEntity).insert([
      entry(red.id, 'red', daysFrom(today, -30), daysFrom(today, 335)),
      entry(black.id, 'black', daysFrom(today, -400), daysFrom(today, 700)),
      // Ended yesterday, and one that starts tomorrow: neither counts today.
      entry(black.id, 'watch', daysFrom(today, -100), daysFrom(today, 265), { status: 'ended', endedOn: today, endKind: 'early_exit' }),
      entry(plain.id, 'red', daysFrom(today, 1), daysFrom(today, 366)),
      entry(plain.id, 'black', daysFrom(today, -10), daysFrom(today, 300), { status: 'proposed', startsOn: null, plannedEndOn: null }),
    ] as never);
    await t.dataSource.getRepository(CreditMeasureEntity).insert([
      measure('jc_fast', 'incentive', 'administrative_approval,subsidy', { lists: ['red'], noOpenFinding: true }),
      measure('jc_grade_b', 'incentive', 'administrative_approval', { minGrade: 'B' }),
      measure('jc_no_subsidy', 'restriction', 'subsidy,administrative_approval', { lists: ['black'] }),
      measure('jc_expired', 'incentive', 'administrative_approval', { lists: ['red'] }, { validTo: daysFrom(today, -1) }),
      measure('jc_other_purpose', 'incentive', 'financing', { lists: ['red'] }),
    ] as never);
    t.get(MeasuresCatalogueService).changed();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a red-listed tenant with its grade, score and the measures that apply for the purpose, and logs it', async () => {
    const before = await logCount();
    const spaced = `${red.uscc.slice(0, 9).toLowerCase()} ${red.uscc.slice(9)}`;
    const res = await check(tokens.regulator, { uscc: spaced, purpose: 'administrative_approval', requester: '区政务服务中心审批系统' }).expect(200);
    expect(res.body).toMatchObject({ uscc: red.uscc, name: red.name, lists: ['red'], grade: 'A', score: 92, asOf: '2026-01-31' });
    expect(res.body.checkId).toMatch(/^[0-9a-f-]{36}$/);
    const codes = (res.body.measures as { code: string }[]).map((m) => m.code);
    expect(codes).toEqual(expect.arrayContaining(['jc_fast', 'jc_grade_b']));
    expect(codes).not.toEqual(expect.arrayContaining(['jc_no_subsidy']));
    expect(codes).not.toContain('jc_expired');
    expect(codes).not.toContain('jc_other_purpose');
    expect(res.body.measures.find((m: { code: string }) => m.code === 'jc_fast')).toEqual({ code: 'jc_fast', kind: 'incentive', title: '措施jc_fast', description: '说明' });
    expect(await logCount()).toBe(before + 1);
    const row = await t.dataSource.getRepository(JointCheckEntity).findOneByOrFail({ checkId: res.body.checkId });
    expect(row).toMatchObject({ uscc: red.uscc, tenantId: red.id, purpose: 'administrative_approval', requester: '区政务服务中心审批系统', requestedById: users.regulator.id, lists: 'red', grade: 'A', score: 92 });
    expect(row.measures.split(',').sort()).toEqual([...codes].sort());

    const en = await check(tokens.staff, { uscc: red.uscc, purpose: 'administrative_approval', requester: 'Approval system' }, 'en').expect(200);
    expect(en.body.measures.find((m: { code: string }) => m.code === 'jc_fast').title).toBe('Measure jc_fast');
  });

  it('a black-listed tenant gets the restriction; ended, future and proposed entries do not count; a tenant with no published month has no grade', async () => {
    const b = await check(tokens.staff, { uscc: black.uscc, purpose: 'subsidy', requester: '财政补贴系统' }).expect(200);
    expect(b.body).toMatchObject({ lists: ['black'], grade: 'D', score: 40 });
    expect(b.body.measures.map((m: { code: string }) => m.code)).toContain('jc_no_subsidy');
    expect(b.body.measures.map((m: { code: string }) => m.code)).not.toContain('jc_fast');
    const p = await check(tokens.admin, { uscc: plain.uscc, purpose: 'administrative_approval', requester: '审批系统' }).expect(200);
    expect(p.body).toMatchObject({ lists: [], grade: null, score: null, asOf: null });
    expect(p.body.measures.map((m: { code: string }) => m.code)).not.toEqual(expect.arrayContaining(['jc_fast']));
    const status = await t.get(CreditStatusService).statusOf([red.id, black.id, plain.id], today);
    expect(status.get(plain.id)).toMatchObject({ lists: [], openFindings: 0 });
    // On a past day the black tenant was on the watch list as well.
    expect((await t.get(CreditStatusService).listsOf([black.id], daysFrom(today, -1))).get(black.id)).toEqual(['black', 'watch']);
  });

  it('an open finding (N04 today) takes away the measures that ask for none', async () => {
    const red2 = await createTenant(t, { name: `核查红二${Date.now()}有限公司` });
    await t.dataSource.getRepository(ListEntryEntity).insert(entry(red2.id, 'red', daysFrom(today, -5), daysFrom(today, 360)) as never);
    const codes = async () => ((await check(tokens.staff, { uscc: red2.uscc, purpose: 'administrative_approval', requester: '审批系统' }).expect(200)).body.measures as { code: string }[]).map((m) => m.code);
    expect(await codes()).toContain('jc_fast');
    const res = await t.http().post('/api/v1/findings').set(bearer(tokens.regulator)).send({
      tenantId: red2.id, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '核查测试处罚', legalBasis: '某条例',
      decisionNo: `核查〔2026〕${Date.now()}`, decisionDate: daysFrom(today, -10), description: '说明',
    });
    expect(res.status).toBe(201);
    expect((await t.get(CreditStatusService).statusOf([red2.id], today)).get(red2.id)).toMatchObject({ lists: ['red'], openFindings: 1 });
    expect((await t.get(CreditStatusService).statusOf([red2.id], daysFrom(today, -11))).get(red2.id)).toMatchObject({ openFindings: 0 });
    // The check's single read says who may have one, so the rest are not counted: not before the decision, never a clean tenant.
    const standing = await t.get(CreditStatusService).standingByUscc([red2.uscc, plain.uscc], today);
    expect([standing.get(red2.uscc)?.maybeOpenFindings, standing.get(plain.uscc)?.maybeOpenFindings]).toEqual([true, false]);
    expect((await t.get(CreditStatusService).standingByUscc([red2.uscc], daysFrom(today, -11))).get(red2.uscc)?.maybeOpenFindings).toBe(false);
    expect(await codes()).not.toContain('jc_fast');
  });

  it('bad input: a malformed USCC 400, an unknown one 404, an unknown or inactive purpose 400; nothing logged', async () => {
    const before = await logCount();
    const short = await check(tokens.staff, { uscc: '9144030012345', purpose: 'subsidy', requester: 'x' }).expect(400);
    expect(short.body.errors.uscc[0].code).toBe('usccLength');
    const wrongCheck = red.uscc.slice(0, 17) + (red.uscc[17] === '0' ? '1' : '0');
    expect((await check(tokens.staff, { uscc: wrongCheck, purpose: 'subsidy', requester: 'x' }).expect(400)).body.errors.uscc[0].code).toBe('usccCheck');
    const body = '91440300' + '987654321';
    const unknown = await check(tokens.staff, { uscc: body + usccCheckCharacter(body), purpose: 'subsidy', requester: 'x' }).expect(404);
    expect(unknown.body.message).toContain(body);
    expect((await check(tokens.staff, { uscc: red.uscc, purpose: 'nope', requester: 'x' }).expect(400)).body.errors.purpose[0].code).toBe('oneOf');
    const missing = await check(tokens.staff, {}).expect(400);
    expect(Object.keys(missing.body.errors).sort()).toEqual(['purpose', 'requester', 'uscc']);
    expect((await check(tokens.staff, { uscc: red.uscc, purpose: 'subsidy', requester: 'x', extra: 1 }).expect(400)).body.errors.extra).toBeDefined();
    expect(await logCount()).toBe(before);
  });

  it('the usual call (answered ahead of Nest\'s pipeline) and a call only the route takes answer alike, with the app\'s headers, each logged', async () => {
    const before = await logCount();
    // A plain requester is the usual call; an emoji is valid too, but only the route's class-validator path takes it.
    const usual = await check(tokens.staff, { uscc: red.uscc, purpose: 'administrative_approval', requester: '审批系统' }, 'en').expect(200);
    const routed = await check(tokens.staff, { uscc: red.uscc, purpose: 'administrative_approval', requester: '审批系统😀' }, 'en').expect(200);
    const { checkId: a, ...usualRest } = usual.body as Record<string, unknown>;
    const { checkId: b, ...routedRest } = routed.body as Record<string, unknown>;
    expect(a).not.toBe(b);
    expect(usualRest).toEqual(routedRest);
    for (const res of [usual, routed]) {
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBeDefined();
      expect(res.headers['set-cookie']?.[0]).toMatch(/^pt_lang=en;/);
    }
    // A POST answer is never revalidated: the usual call skips express's ETag.
    expect(usual.headers.etag).toBeUndefined();
    expect(await logCount()).toBe(before + 2);
    const rows = await t.dataSource.getRepository(JointCheckEntity).findBy([{ checkId: a as string }, { checkId: b as string }]);
    expect(rows.map((r) => r.requester).sort()).toEqual(['审批系统', '审批系统😀']);
    // An unknown token and a bare header are the route's to refuse, as before.
    await check('pt_not-a-token', { uscc: red.uscc, purpose: 'subsidy', requester: 'x' }).expect(401);
    await t.http().post('/api/v1/joint-checks').set('authorization', 'Bearer').send({ uscc: red.uscc, purpose: 'subsidy', requester: 'x' }).expect(401);
    expect(await logCount()).toBe(before + 2);
    // Its small JSON body is read ahead of express.json (smallJsonBody), with the same answers to bodies that are not JSON objects.
    const raw = (text: string) => t.http().post('/api/v1/joint-checks').set(bearer(tokens.staff)).set('content-type', 'application/json').send(text);
    const broken = await raw('{"uscc":').expect(400);
    expect(broken.body).toMatchObject({ statusCode: 400, error: 'malformedBody' });
    expect((await raw('["x"]').expect(400)).body).toMatchObject({ error: 'bodyNotObject' });
    expect((await raw(`\n  ${JSON.stringify({ uscc: red.uscc, purpose: 'subsidy', requester: '财政补贴系统' })}`).expect(200)).body.uscc).toBe(red.uscc);
    expect(await logCount()).toBe(before + 3);
  });

  it('only admins, park staff and regulators may check or read the log', async () => {
    const body = { uscc: red.uscc, purpose: 'subsidy', requester: 'x' };
    await check(null, body).expect(401);
    await check(tokens.officer, body).expect(403);
    await check(tokens.evaluator, body).expect(403);
    await t.http().get('/api/v1/joint-checks').set(bearer(tokens.officer)).expect(403);
    await t.http().get('/api/v1/joint-checks').expect(401);
    const officerBrowser = await loginAs(t, 'tenant_officer', { tenantId: red.id });
    await officerBrowser.browser.agent.get('/joint-checks').expect(403);
  });

  it('feedback: the requesting user (or an admin) reports once, on the measures returned', async () => {
    const res = await check(tokens.regulator, { uscc: red.uscc, purpose: 'administrative_approval', requester: '审批系统' }).expect(200);
    const id = res.body.checkId as string;
    const fb = (token: string, body: Record<string, unknown>, checkId = id) => t.http().post(`/api/v1/joint-checks/${checkId}/feedback`).set(bearer(token)).send(body);
    await fb(tokens.regulator, { applied: [{ code: 'jc_fast', applied: true }] }, '00000000-0000-0000-0000-000000000000').expect(404);
    await fb(tokens.regulator, { applied: [] }, 'not-a-check').expect(404);
    await fb(tokens.regulator2, { applied: [{ code: 'jc_fast', applied: true }] }).expect(403);
    await fb(tokens.staff, { applied: [{ code: 'jc_fast', applied: true }] }).expect(403);
    await fb(tokens.officer, { applied: [{ code: 'jc_fast', applied: true }] }).expect(403);
    expect((await fb(tokens.regulator, { applied: [{ code: 'jc_no_subsidy', applied: true }] }).expect(400)).body.errors.applied[0].code).toBe('oneOf');
    expect((await fb(tokens.regulator, { applied: [{ code: 'jc_fast', applied: 'yes' }] }).expect(400)).body.errors).toBeDefined();
    expect((await fb(tokens.regulator, { applied: [{ code: 'jc_fast', applied: true }, { code: 'jc_fast', applied: false }] }).expect(400)).body.errors.applied).toBeDefined();
    expect(await t.dataSource.getRepository(JointCheckFeedbackEntity).count()).toBe(0);

    const ok = await fb(tokens.regulator, { applied: [{ code: 'jc_fast', applied: true, note: '容缺受理' }, { code: 'jc_grade_b', applied: false }], note: '已办结' }).expect(201);
    expect(ok.body).toMatchObject({ checkId: id, applied: [{ code: 'jc_fast', applied: true, note: '容缺受理' }, { code: 'jc_grade_b', applied: false }], note: '已办结' });
    await fb(tokens.regulator, { applied: [{ code: 'jc_fast', applied: true }] }).expect(409);
    const row = await t.dataSource.getRepository(JointCheckEntity).findOneByOrFail({ checkId: id });
    const [audit] = await auditEntries(t, { entityType: 'joint_check', entityId: String(row.id), action: 'joint_check.feedback' });
    expect(JSON.parse(audit.after!)).toMatchObject({ checkId: id, note: '已办结' });

    // An admin may report on another user's check.
    const other = await check(tokens.staff, { uscc: black.uscc, purpose: 'subsidy', requester: '补贴系统' }).expect(200);
    await fb(tokens.admin, { applied: [{ code: 'jc_no_subsidy', applied: true }] }, other.body.checkId).expect(201);

    const got = await t.http().get(`/api/v1/joint-checks/${id}`).set(bearer(tokens.staff)).expect(200);
    expect(got.body).toMatchObject({ checkId: id, uscc: red.uscc, feedback: { note: '已办结' } });
  });

  it('the log: filtered in SQL, paginated, exported; "check now" on the page; one check with its answer', async () => {
    await check(tokens.staff, { uscc: plain.uscc, purpose: 'financing', requester: '银行信贷系统A' }).expect(200);
    const list = async (q: string) => (await t.http().get(`/api/v1/joint-checks${q}`).set(bearer(tokens.regulator)).expect(200)).body;
    const fin = await list('?purpose=financing');
    expect(fin.total).toBe(1);
    expect(fin.items[0]).toMatchObject({ uscc: plain.uscc, tenantName: plain.name, requester: '银行信贷系统A', feedback: false });
    expect((await list(`?uscc=${black.uscc}`)).items.every((i: { uscc: string }) => i.uscc === black.uscc)).toBe(true);
    expect((await list(`?tenant=${red.id}`)).items.every((i: { tenantId: number }) => i.tenantId === red.id)).toBe(true);
    expect((await list('?requester=银行')).total).toBe(1);
    const withFeedback = (await list('?feedback=yes')).total as number;
    expect(withFeedback).toBe(await t.dataSource.getRepository(JointCheckFeedbackEntity).count());
    const all = await list('');
    expect((await list('?feedback=no')).total).toBe(all.total - withFeedback);
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    expect((await list(`?from=${today}&to=${today}`)).total).toBe(all.total);
    expect((await list(`?to=${daysFrom(today, -1)}`)).total).toBe(0);
    const p2 = await list('?pageSize=2&page=2');
    expect(p2.items).toHaveLength(2);
    expect(p2.items[0].id).toBe(all.items[2].id);
    await t.http().get('/api/v1/joint-checks?feedback=maybe').set(bearer(tokens.staff)).expect(400);
    await t.http().get('/api/v1/joint-checks?from=2026-13-01').set(bearer(tokens.staff)).expect(400);

    const { agent } = staffBrowser.browser;
    const page = await agent.get('/joint-checks?purpose=financing').expect(200);
    expect(page.text).toContain(plain.name);
    expect(page.text).toContain('银行信贷系统A');
    const csv = await agent.get('/joint-checks/export.csv?purpose=financing').buffer(true).parse(binary).expect(200);
    const rows = csvRows(csv.body as Buffer);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(plain.uscc);
    await agent.get('/joint-checks/export.xlsx').expect(200).expect('Content-Type', /spreadsheetml/);

    const before = await logCount();
    const bad = await postForm(staffBrowser.browser, '/joint-checks', { uscc: '123', purpose: 'subsidy' }).expect(400);
    expect(fieldError(bad.text, 'uscc')).toBeTruthy();
    const body = '91440300' + '987654322';
    const unknown = await postForm(staffBrowser.browser, '/joint-checks', { uscc: body + usccCheckCharacter(body), purpose: 'subsidy' }).expect(404);
    expect(fieldError(unknown.text, 'uscc')).toBeTruthy();
    expect(await logCount()).toBe(before);
    const done = await postForm(staffBrowser.browser, '/joint-checks', { uscc: red.uscc, purpose: 'subsidy' }).expect(303);
    const id = Number(/\/joint-checks\/(\d+)$/.exec(done.headers.location)![1]);
    const row = await t.dataSource.getRepository(JointCheckEntity).findOneByOrFail({ id });
    expect(row).toMatchObject({ tenantId: red.id, purpose: 'subsidy', requester: staffBrowser.user.name, requestedById: staffBrowser.user.id });
    const detail = await agent.get(`/joint-checks/${id}`).expect(200);
    expect(detail.text).toContain(row.checkId);
    expect(detail.text).toContain('措施jc_fast');
    await agent.get('/joint-checks/999999').expect(404);
  });

  it('admins keep the purposes (audited); a deactivated purpose is refused; others may only read them', async () => {
    const { agent } = adminBrowser.browser;
    const list = await agent.get('/joint-checks/purposes').expect(200);
    expect(list.text).toContain('administrative_approval');
    const dup = await postForm(adminBrowser.browser, '/joint-checks/purposes', { code: 'subsidy', nameZh: '重复', nameEn: 'Dup' }).expect(409);
    expect(fieldError(dup.text, 'code')).toBeTruthy();
    expect(fieldError((await postForm(adminBrowser.browser, '/joint-checks/purposes', { code: 'Bad Code', nameZh: 'x', nameEn: 'x' }).expect(400)).text, 'code')).toBeTruthy();
    await postForm(adminBrowser.browser, '/joint-checks/purposes', { code: 'land_lease', nameZh: '土地租赁', nameEn: 'Land lease', sortOrder: '70' }).expect(303);
    expect((await auditEntries(t, { entityType: 'check_purpose', entityId: 'land_lease', action: 'check_purpose.create' }))).toHaveLength(1);
    await check(tokens.staff, { uscc: red.uscc, purpose: 'land_lease', requester: 'x' }).expect(200);
    // Renamed and deactivated (the checkbox left unticked).
    await postForm(adminBrowser.browser, '/joint-checks/purposes/land_lease', { nameZh: '土地出让', nameEn: 'Land transfer', sortOrder: '70' }).expect(303);
    const [edit] = await auditEntries(t, { entityType: 'check_purpose', entityId: 'land_lease', action: 'check_purpose.update' });
    expect(JSON.parse(edit.after!)).toMatchObject({ nameZh: '土地出让', active: false });
    expect((await check(tokens.staff, { uscc: red.uscc, purpose: 'land_lease', requester: 'x' }).expect(400)).body.errors.purpose).toBeDefined();
    const purposes = await t.http().get('/api/v1/joint-checks/purposes').set(bearer(tokens.regulator)).expect(200);
    expect(purposes.body.items.find((p: { code: string }) => p.code === 'land_lease')).toMatchObject({ nameZh: '土地出让', active: false });
    await postForm(adminBrowser.browser, '/joint-checks/purposes/nope', { nameZh: 'x', nameEn: 'x' }).expect(404);

    // Staff read the purposes but cannot change them.
    const staffPage = await staffBrowser.browser.agent.get('/joint-checks/purposes').expect(200);
    expect(staffPage.text).not.toContain('action="/joint-checks/purposes/subsidy"');
    await postForm(staffBrowser.browser, '/joint-checks/purposes', { code: 'x_y', nameZh: 'x', nameEn: 'x' }).expect(403);
    await postForm(staffBrowser.browser, '/joint-checks/purposes/subsidy', { nameZh: 'x', nameEn: 'x' }).expect(403);
  });
});
