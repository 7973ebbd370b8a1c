import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { CreditMeasureEntity } from '../../src/lists/entities/credit-measure.entity.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import { MeasureClaimEntity } from '../../src/lists/entities/measure-claim.entity.js';
import { MeasuresCatalogueService } from '../../src/lists/incentives/measures-catalogue.service.js';
import type { ListKind } from '../../src/lists/domain/list-kinds.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { Like } from 'typeorm';
import { waitForOutboxSettled } from '../support/outbox-helpers.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { auditEntries, bearer, binary, csvRows, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 13, 信易+: admins keep the catalogue of incentives and restrictions; a tenant officer sees the
 * claimable incentives with "eligible" or why not, claims and withdraws; park staff approve or reject
 * with a reason and record what was delivered; staff apply restrictions to black-listed tenants and
 * lift them; the hub and the home page show them. Another tenant's record looks missing.
 */
describe('lists: 信易+ incentives and restrictions', () => {
  let t: TestApp;
  let today: string;
  let redTenant: TenantEntity;
  let plainTenant: TenantEntity;
  let blackTenant: TenantEntity;
  let officerRed: { user: UserEntity; browser: Browser };
  let staff: { user: UserEntity; browser: Browser };
  let admin: { user: UserEntity; browser: Browser };
  let tokens: Record<'officerRed' | 'officerPlain' | 'officerBlack' | 'staff' | 'regulator' | 'admin' | 'evaluator', string>;
  const stamp = Date.now();

  async function putOnList(tenantId: number, list: ListKind): Promise<void> {
    const now = new Date();
    const repo = t.dataSource.getRepository(ListEntryEntity);
    await repo.save(repo.create({
      tenantId, list, status: 'active', criterion: 'other', reasons: '测试', legalBasis: '测试依据', records: [], listRuleId: 1, proposedById: staff.user.id, proposedAt: now,
      noticeSentAt: null, objectionClosesOn: null, decidedById: null, decidedAt: now, decisionReason: null, startsOn: today, plannedEndOn: '2099-12-31', earliestExitOn: null,
      endedOn: null, endKind: null, endReason: null, endedById: null, createdAt: now, updatedAt: now,
    }));
  }
  const measureId = async (code: string) => (await t.dataSource.getRepository(CreditMeasureEntity).findOneByOrFail({ code })).id;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    redTenant = await createTenant(t, { name: `信易甲${stamp}有限公司` });
    plainTenant = await createTenant(t, { name: `信易乙${stamp}有限公司` });
    blackTenant = await createTenant(t, { name: `信易丙${stamp}有限公司` });
    officerRed = await loginAs(t, 'tenant_officer', { tenantId: redTenant.id });
    staff = await loginAs(t, 'park_staff');
    admin = await loginAs(t, 'admin');
    await putOnList(redTenant.id, 'red');
    await putOnList(blackTenant.id, 'black');
    const officerPlain = await createUser(t, 'tenant_officer', { tenantId: plainTenant.id });
    const officerBlack = await createUser(t, 'tenant_officer', { tenantId: blackTenant.id });
    const regulator = await createUser(t, 'regulator', { departmentId: 1 });
    const evaluator = await createUser(t, 'evaluator');
    tokens = {
      officerRed: await tokenFor(t, officerRed.user.id), officerPlain: await tokenFor(t, officerPlain.id), officerBlack: await tokenFor(t, officerBlack.id),
      staff: await tokenFor(t, staff.user.id), regulator: await tokenFor(t, regulator.id), admin: await tokenFor(t, admin.user.id), evaluator: await tokenFor(t, evaluator.id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const claim = (token: string, body: Record<string, unknown>) => t.http().post('/api/v1/measure-claims').set(bearer(token)).send(body);
  const decide = (token: string, id: number, body: Record<string, unknown>) => t.http().post(`/api/v1/measure-claims/${id}/decision`).set(bearer(token)).send(body);
  const row = (id: number) => t.dataSource.getRepository(MeasureClaimEntity).findOneByOrFail({ id });

  it('the default catalogue is seeded and joint checks can read it by purpose', async () => {
    const res = await t.http().get('/api/v1/measures').set(bearer(tokens.officerRed)).expect(200);
    const codes = res.body.items.map((m: { code: string }) => m.code);
    expect(codes).toEqual(expect.arrayContaining(['rent_discount', 'service_fee_discount', 'fast_track_services', 'venue_priority', 'bank_recommendation', 'lighter_documents', 'no_subsidy', 'no_honours', 'stricter_review']));
    const catalogue = t.get(MeasuresCatalogueService);
    expect((await catalogue.forPurpose('financing', today)).map((m) => m.code).sort()).toEqual(['bank_recommendation', 'financing_caution']);
    expect((await catalogue.forPurpose('nothing_like_it', today))).toEqual([]);
    // Evaluators have nothing to do here.
    await t.http().get('/api/v1/measures').set(bearer(tokens.evaluator)).expect(403);
  });

  it('offers: eligible or why not, in words on the page and as codes in JSON', async () => {
    const red = await t.http().get('/api/v1/measures/offers').set(bearer(tokens.officerRed)).expect(200);
    const byCode = (body: { items: { measure: { code: string }; eligible: boolean; unmet: { code: string }[] }[] }, code: string) => body.items.find((i) => i.measure.code === code)!;
    expect(red.body.standing).toMatchObject({ lists: ['red'], grade: null });
    expect(byCode(red.body, 'lighter_documents')).toMatchObject({ eligible: true, unmet: [] });
    expect(byCode(red.body, 'rent_discount')).toMatchObject({ eligible: false, unmet: [{ code: 'grade' }] });
    // Only claimable incentives are offered.
    expect(red.body.items.map((i: { measure: { code: string } }) => i.measure.code)).not.toContain('no_subsidy');
    expect(red.body.items.map((i: { measure: { code: string } }) => i.measure.code)).not.toContain('fast_track_approval');

    const plain = await t.http().get('/api/v1/measures/offers').set(bearer(tokens.officerPlain)).expect(200);
    expect(byCode(plain.body, 'lighter_documents')).toMatchObject({ eligible: false, unmet: [{ code: 'lists' }] });

    // Readers name the tenant; without one it is a field-keyed 400, an unknown one 404.
    await t.http().get(`/api/v1/measures/offers?tenantId=${redTenant.id}`).set(bearer(tokens.regulator)).expect(200);
    const missing = await t.http().get('/api/v1/measures/offers').set(bearer(tokens.staff)).expect(400);
    expect(Object.keys(missing.body.errors ?? missing.body.fields ?? {})).toContain('tenantId');
    await t.http().get('/api/v1/measures/offers?tenantId=99999999').set(bearer(tokens.staff)).expect(404);

    const page = await officerRed.browser.agent.get('/benefits').expect(200);
    expect(page.text).toMatch(/data-measure="lighter_documents" data-eligible="true"/);
    expect(page.text).toMatch(/data-measure="rent_discount" data-eligible="false"/);
    expect(page.text).toContain('信用等级须为 A 级及以上（尚无公示等级）');
    // Staff land on the queue.
    const staffHome = await staff.browser.agent.get('/benefits').expect(303);
    expect(staffHome.headers.location).toBe('/benefits/claims');
  });

  it('claim → approve → deliver: audited, told both ways, on the hub and the home page', async () => {
    const lighter = await measureId('lighter_documents');
    const res = await claim(tokens.officerRed, { measureId: lighter, note: '办理装修备案' }).expect(201);
    const id = res.body.id as number;
    expect(res.body).toMatchObject({ status: 'claimed', origin: 'tenant', note: '办理装修备案', tenant: { id: redTenant.id }, canWithdraw: true, canDecide: false });
    const [claimed] = await auditEntries(t, { entityType: 'measure_claim', entityId: String(id), action: 'measureClaim.claim' });
    expect(JSON.parse(claimed.after!)).toMatchObject({ tenantId: redTenant.id, measure: 'lighter_documents', status: 'claimed', standing: { lists: ['red'] } });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: staff.user.id, template: 'benefit-claimed', link: `/benefits/claims/${id}` })).toBe(1);

    // A second open claim of the same incentive is a conflict.
    await claim(tokens.officerRed, { measureId: lighter }).expect(409);

    // Staff's home page lists it.
    const home = await staff.browser.agent.get('/').expect(200);
    expect(home.text).toContain(`data-claim="${id}"`);

    // Deliver before approval: conflict. Reject/approve without a reason: 400 `reason`.
    await t.http().post(`/api/v1/measure-claims/${id}/delivery`).set(bearer(tokens.staff)).send({ deliveredOn: today, note: 'x' }).expect(409);
    const noReason = await decide(tokens.staff, id, { decision: 'approve' }).expect(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    // Regulators read but do not decide; officers neither.
    await decide(tokens.regulator, id, { decision: 'approve', reason: 'x' }).expect(403);
    await decide(tokens.officerRed, id, { decision: 'approve', reason: 'x' }).expect(403);

    const approved = await decide(tokens.staff, id, { decision: 'approve', reason: '红名单企业，符合条件。' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisionReason: '红名单企业，符合条件。', canDeliver: true, canDecide: false });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerRed.user.id, template: 'benefit-decided', link: `/benefits/claims/${id}` })).toBe(1);
    const toReview = await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ userId: staff.user.id, template: 'benefit-claimed', link: `/benefits/claims/${id}` });
    expect(toReview.readAt).not.toBeNull();
    await decide(tokens.staff, id, { decision: 'reject', reason: '再议' }).expect(409);

    // Delivery: not in the future, note required.
    const future = await t.http().post(`/api/v1/measure-claims/${id}/delivery`).set(bearer(tokens.staff)).send({ deliveredOn: '2999-01-01', note: 'x' }).expect(400);
    expect(JSON.stringify(future.body)).toContain('deliveredOn');
    await t.http().post(`/api/v1/measure-claims/${id}/delivery`).set(bearer(tokens.staff)).send({ deliveredOn: today }).expect(400);
    expect(await row(id)).toMatchObject({ status: 'approved', deliveredOn: null });

    // Through the page: CSRF-carrying form, post-redirect-get.
    const page = await staff.browser.agent.get(`/benefits/claims/${id}`).expect(200);
    expect(page.text).toContain(`/benefits/claims/${id}/delivery`);
    const posted = await postForm(staff.browser, `/benefits/claims/${id}/delivery`, { deliveredOn: today, note: '装修备案容缺受理，材料后补。' }).expect(303);
    expect(posted.headers.location).toBe(`/benefits/claims/${id}`);
    expect(await row(id)).toMatchObject({ status: 'delivered', deliveredOn: today, deliveryNote: '装修备案容缺受理，材料后补。', deliveredById: staff.user.id });
    const [delivered] = await auditEntries(t, { entityType: 'measure_claim', entityId: String(id), action: 'measureClaim.deliver' });
    expect(JSON.parse(delivered.after!)).toMatchObject({ status: 'delivered', deliveredOn: today });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerRed.user.id, template: 'benefit-delivered' })).toBe(1);
    // Delivered: no withdrawal any more; a new claim may be made.
    await t.http().post(`/api/v1/measure-claims/${id}/withdraw`).set(bearer(tokens.officerRed)).expect(409);

    // The tenant hub shows the benefit to its officer and to staff.
    const hub = await officerRed.browser.agent.get(`/tenants/${redTenant.id}`).expect(200);
    expect(hub.text).toMatch(new RegExp(`data-claim="${id}" data-status="delivered"`));
  });

  it('refusals: not eligible, not claimable, unknown measure, bad input, other roles', async () => {
    const lighter = await measureId('lighter_documents');
    const refused = await claim(tokens.officerPlain, { measureId: lighter }).expect(409);
    expect(refused.body.message).toContain('不符合');
    await claim(tokens.officerRed, { measureId: await measureId('no_subsidy') }).expect(409);
    await claim(tokens.officerRed, { measureId: await measureId('fast_track_approval') }).expect(409);
    await claim(tokens.officerRed, { measureId: 99999999 }).expect(404);
    const bad = await claim(tokens.officerRed, { measureId: 'abc', extra: 1 }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('measureId');
    await claim(tokens.staff, { measureId: lighter }).expect(403);
    await claim(tokens.regulator, { measureId: lighter }).expect(403);
    expect(await t.dataSource.getRepository(MeasureClaimEntity).countBy({ tenantId: plainTenant.id })).toBe(0);

    // Through the page the officer sees the reason beside the form.
    const page = await postForm(officerRed.browser, '/benefits/claims', { measureId: String(await measureId('rent_discount')) }).expect(409);
    expect(page.text).toContain('企业当前不符合');
  });

  it('withdraw, reject; another tenant\'s claim looks missing', async () => {
    const venue = await measureId('service_fee_discount');
    const id = (await claim(tokens.officerRed, { measureId: venue }).expect(201)).body.id as number;
    await t.http().get(`/api/v1/measure-claims/${id}`).set(bearer(tokens.officerPlain)).expect(404);
    await t.http().post(`/api/v1/measure-claims/${id}/withdraw`).set(bearer(tokens.officerPlain)).expect(404);
    await t.http().get(`/api/v1/measure-claims/${id}`).set(bearer(tokens.regulator)).expect(200);
    const list = await t.http().get('/api/v1/measure-claims').set(bearer(tokens.officerPlain)).expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).not.toContain(id);
    const plainPage = await loginAs(t, 'tenant_officer', { tenantId: plainTenant.id });
    await plainPage.browser.agent.get(`/benefits/claims/${id}`).expect(404);

    const withdrawn = await t.http().post(`/api/v1/measure-claims/${id}/withdraw`).set(bearer(tokens.officerRed)).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    await decide(tokens.staff, id, { decision: 'approve', reason: 'x' }).expect(409);

    const again = (await claim(tokens.officerRed, { measureId: venue, note: '再次申请' }).expect(201)).body.id as number;
    const rejected = await decide(tokens.staff, again, { decision: 'reject', reason: '本年度已享受租金优惠。' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '本年度已享受租金优惠。' });
    const [audit] = await auditEntries(t, { entityType: 'measure_claim', entityId: String(again), action: 'measureClaim.reject' });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: 'rejected', decisionReason: '本年度已享受租金优惠。' });
    // The queue filters by status and tenant in SQL.
    const queue = await t.http().get(`/api/v1/measure-claims?status=rejected&tenantId=${redTenant.id}`).set(bearer(tokens.staff)).expect(200);
    expect(queue.body.items.map((i: { id: number }) => i.id)).toEqual([again]);
    expect(queue.body.counts.withdrawn).toBeGreaterThanOrEqual(1);
    await t.http().get('/api/v1/measure-claims?status=nonsense').set(bearer(tokens.staff)).expect(400);
  });

  it('approval re-checks eligibility: a tenant that left the red list meanwhile is refused', async () => {
    const tenant = await createTenant(t, { name: `信易丁${stamp}有限公司` });
    await putOnList(tenant.id, 'red');
    const officer = await createUser(t, 'tenant_officer', { tenantId: tenant.id });
    const token = await tokenFor(t, officer.id);
    const id = (await claim(token, { measureId: await measureId('lighter_documents') }).expect(201)).body.id as number;
    await t.dataSource.getRepository(ListEntryEntity).update({ tenantId: tenant.id }, { status: 'ended', endedOn: today, endKind: 'early_exit' });
    const res = await decide(tokens.staff, id, { decision: 'approve', reason: '同意' }).expect(409);
    expect(res.body.message).toContain('已不符合');
    expect(await row(id)).toMatchObject({ status: 'claimed' });
    await decide(tokens.staff, id, { decision: 'reject', reason: '已移出红名单' }).expect(200);
  });

  it('restrictions: applied to a black-listed tenant only, shown to it, lifted with a reason', async () => {
    const noSubsidy = await measureId('no_subsidy');
    const apply = (token: string, body: Record<string, unknown>) => t.http().post('/api/v1/measure-claims/restrictions').set(bearer(token)).send(body);
    await apply(tokens.staff, { measureId: noSubsidy, tenantId: plainTenant.id, note: '试图对非黑名单企业采取' }).expect(409);
    await apply(tokens.staff, { measureId: await measureId('lighter_documents'), tenantId: blackTenant.id, note: 'x' }).expect(409);
    await apply(tokens.staff, { measureId: noSubsidy, note: 'x' }).expect(400);
    const unknown = await apply(tokens.staff, { measureId: noSubsidy, uscc: '91110000000000000X', note: 'x' }).expect(400);
    expect(JSON.stringify(unknown.body)).toContain('uscc');
    await apply(tokens.regulator, { measureId: noSubsidy, tenantId: blackTenant.id, note: 'x' }).expect(403);
    await apply(tokens.officerBlack, { measureId: noSubsidy, tenantId: blackTenant.id, note: 'x' }).expect(403);

    const res = await apply(tokens.staff, { measureId: noSubsidy, uscc: blackTenant.uscc, note: '列入严重失信主体名单。' }).expect(201);
    const id = res.body.id as number;
    expect(res.body).toMatchObject({ status: 'applied', origin: 'staff', deliveredOn: today, canLift: true, tenant: { id: blackTenant.id } });
    await apply(tokens.staff, { measureId: noSubsidy, tenantId: blackTenant.id, note: '再次' }).expect(409);
    const [audit] = await auditEntries(t, { entityType: 'measure_claim', entityId: String(id), action: 'measureClaim.apply' });
    expect(JSON.parse(audit.after!)).toMatchObject({ tenantId: blackTenant.id, measure: 'no_subsidy', status: 'applied', standing: { lists: ['black'] } });
    const officers = await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'benefit-restricted', link: `/benefits/claims/${id}` });
    expect(officers).toBe(1);

    // The black-listed tenant's officer sees it (and cannot withdraw it); the hub shows it in force.
    const mine = await t.http().get(`/api/v1/measure-claims/${id}`).set(bearer(tokens.officerBlack)).expect(200);
    expect(mine.body).toMatchObject({ canWithdraw: false, canLift: false });
    await t.http().post(`/api/v1/measure-claims/${id}/withdraw`).set(bearer(tokens.officerBlack)).expect(404);
    const hub = await staff.browser.agent.get(`/tenants/${blackTenant.id}`).expect(200);
    expect(hub.text).toContain(`class="restriction" data-claim="${id}"`);

    // The staff form: lookup by USCC shows the restrictions it meets, the posted form applies one.
    const form = await staff.browser.agent.get(`/benefits/restrictions/new?uscc=${blackTenant.uscc}`).expect(200);
    expect(form.text).toContain(`data-tenant="${blackTenant.id}"`);
    const posted = await postForm(staff.browser, '/benefits/restrictions', { tenantId: String(blackTenant.id), measureId: String(await measureId('no_honours')), note: '黑名单' }).expect(303);
    expect(posted.headers.location).toMatch(/^\/benefits\/claims\/\d+$/);
    const empty = await postForm(staff.browser, '/benefits/restrictions', { tenantId: String(blackTenant.id), measureId: String(await measureId('stricter_review')), note: '' }).expect(400);
    expect(fieldError(empty.text, 'note')).not.toBeNull();

    expect((await staff.browser.agent.get(`/benefits/claims/${id}`).expect(200)).text).not.toContain('id="no-longer-meets"');
    const blackEntry = await t.dataSource.getRepository(ListEntryEntity).findOneByOrFail({ tenantId: blackTenant.id, list: 'black' });
    await t.dataSource.getRepository(ListEntryEntity).update({ id: blackEntry.id }, { status: 'ended', endedOn: today, endKind: 'repaired' });
    expect((await staff.browser.agent.get(`/benefits/claims/${id}`).expect(200)).text).toContain('id="no-longer-meets"');
    await t.dataSource.getRepository(ListEntryEntity).update({ id: blackEntry.id }, { status: 'active', endedOn: null, endKind: null });
    await t.http().post(`/api/v1/measure-claims/${id}/lift`).set(bearer(tokens.staff)).send({}).expect(400);
    const lifted = await t.http().post(`/api/v1/measure-claims/${id}/lift`).set(bearer(tokens.staff)).send({ reason: '信用修复获批。' }).expect(200);
    expect(lifted.body).toMatchObject({ status: 'lifted', decisionReason: '信用修复获批。' });
    await t.http().post(`/api/v1/measure-claims/${id}/lift`).set(bearer(tokens.staff)).send({ reason: '再次' }).expect(409);
  });

  it('admin catalogue: add and edit (audited, the joint-check cache refreshed), bad input field-keyed, admins only', async () => {
    const body = {
      code: `loan_rate_${stamp % 100000}`, kind: 'incentive', category: 'bank_recommendation', titleZh: '贷款贴息', titleEn: 'Loan interest subsidy',
      descriptionZh: '合作银行贷款贴息 1 个百分点。', descriptionEn: 'One point of interest subsidised.', purposes: ['financing'], claimable: true,
      lists: ['red'], noOpenFinding: true, validFrom: today,
    };
    const catalogue = t.get(MeasuresCatalogueService);
    expect((await catalogue.forPurpose('financing', today)).map((m) => m.code)).not.toContain(body.code); // and now cached
    await t.http().post('/api/v1/measures').set(bearer(tokens.staff)).send(body).expect(403);
    const created = await t.http().post('/api/v1/measures').set(bearer(tokens.admin)).send(body).expect(201);
    expect(created.body).toMatchObject({ code: body.code, eligibility: { lists: ['red'], noOpenFinding: true }, purposes: ['financing'], claimable: true });
    expect((await catalogue.forPurpose('financing', today)).map((m) => m.code)).toContain(body.code);
    await t.http().post('/api/v1/measures').set(bearer(tokens.admin)).send(body).expect(400);

    const problems = await t.http().post('/api/v1/measures').set(bearer(tokens.admin))
      .send({ ...body, code: 'bad_one', kind: 'restriction', lists: [], validTo: '2000-01-01', purposes: ['nope'] }).expect(400);
    const fields = JSON.stringify(problems.body);
    for (const f of ['validTo', 'claimable', 'lists', 'purposes']) expect(fields).toContain(f);
    expect(await t.dataSource.getRepository(CreditMeasureEntity).countBy({ code: 'bad_one' })).toBe(0);

    const id = created.body.id as number;
    const { code: _code, ...fieldsOnly } = body;
    void _code;
    const edited = await t.http().patch(`/api/v1/measures/${id}`).set(bearer(tokens.admin)).send({ ...fieldsOnly, active: false }).expect(200);
    expect(edited.body).toMatchObject({ active: false, code: body.code });
    expect((await catalogue.forPurpose('financing', today)).map((m) => m.code)).not.toContain(body.code);
    const [update] = await auditEntries(t, { entityType: 'credit_measure', entityId: String(id), action: 'measure.update' });
    expect(JSON.parse(update.before!)).toMatchObject({ active: true });
    expect(JSON.parse(update.after!)).toMatchObject({ active: false });
    await t.http().patch('/api/v1/measures/99999999').set(bearer(tokens.admin)).send(fieldsOnly).expect(404);

    // Pages: admins only; the form re-renders its errors next to the fields.
    await staff.browser.agent.get('/benefits/admin').expect(403);
    const list = await admin.browser.agent.get('/benefits/admin').expect(200);
    expect(list.text).toContain(`data-measure="${body.code}"`);
    await admin.browser.agent.get(`/benefits/admin/${id}/edit`).expect(200);
    const bad = await postForm(admin.browser, '/benefits/admin', { code: 'x', kind: 'incentive', category: 'other', titleZh: '', titleEn: 'a', descriptionZh: 'a', descriptionEn: 'a', validFrom: today }).expect(400);
    expect(fieldError(bad.text, 'code')).not.toBeNull();
    expect(fieldError(bad.text, 'titleZh')).not.toBeNull();
    const ok = await postForm(admin.browser, `/benefits/admin/${id}`, {
      kind: 'incentive', category: 'bank_recommendation', titleZh: '贷款贴息（新）', titleEn: 'Loan subsidy', descriptionZh: 'a', descriptionEn: 'a', purposes: 'financing',
      claimable: 'on', lists: 'red', validFrom: today, active: 'on',
    }).expect(303);
    expect(ok.headers.location).toBe('/benefits/admin');
    expect(await t.dataSource.getRepository(CreditMeasureEntity).findOneByOrFail({ id })).toMatchObject({ titleZh: '贷款贴息（新）', active: true, code: body.code });
  });

  it('every notice of the flow renders and goes out by e-mail', async () => {
    // Its own flow, so the test can run alone: claim, approve, deliver; apply and lift a restriction.
    const own = (await claim(tokens.officerRed, { measureId: await measureId('lighter_documents'), note: '邮件测试' }).expect(201)).body.id as number;
    await decide(tokens.staff, own, { decision: 'approve', reason: '同意' }).expect(200);
    await t.http().post(`/api/v1/measure-claims/${own}/delivery`).set(bearer(tokens.staff)).send({ deliveredOn: today, note: '已办理' }).expect(200);
    const venue = await measureId('financing_caution');
    const applied = await t.http().post('/api/v1/measure-claims/restrictions').set(bearer(tokens.staff)).send({ measureId: venue, tenantId: blackTenant.id, note: '黑名单' }).expect(201);
    await t.http().post(`/api/v1/measure-claims/${applied.body.id}/lift`).set(bearer(tokens.staff)).send({ reason: '已修复' }).expect(200);
    const templates = ['benefit-claimed', 'benefit-decided', 'benefit-delivered', 'benefit-restricted'];
    const rows = await t.dataSource.getRepository(OutboxMessageEntity).find({ where: { template: Like('benefit-%') }, order: { id: 'ASC' } });
    expect([...new Set(rows.map((r) => r.template))].sort()).toEqual(templates);
    for (const template of templates) {
      const first = rows.find((r) => r.template === template)!;
      const settled = await waitForOutboxSettled(t, first.id);
      expect([template, settled.status, settled.lastError]).toEqual([template, 'sent', null]);
    }
  });

  it('every page renders for the roles that reach it, in both languages; the others are refused', async () => {
    for (const path of ['/benefits/claims', '/benefits/claims?status=claimed&kind=incentive&q=%E4%BF%A1%E6%98%93', '/benefits/restrictions/new', '/benefits/restrictions/new?uscc=nope']) {
      const res = await staff.browser.agent.get(path).expect(200);
      expect(/.{0,80}incentives\.[a-zA-Z].{0,40}/.exec(res.text)?.[0] ?? null).toBeNull();
    }
    expect((await staff.browser.agent.get('/benefits/restrictions/new?uscc=nope').expect(200)).text).toContain('id="tenant-unknown"');
    for (const path of ['/benefits/admin', '/benefits/admin/new', '/benefits/admin?kind=restriction']) {
      const res = await admin.browser.agent.get(path).expect(200);
      expect(res.text).not.toMatch(/incentives\.[a-zA-Z]/);
    }
    const en = await officerRed.browser.agent.get('/benefits?lang=en').expect(200);
    expect(en.text).toContain('Lighter document requirements');
    expect(en.text).toContain('Needs grade A or better (no published grade yet)');
    expect(en.text).not.toMatch(/incentives\.[a-zA-Z]/);
    await officerRed.browser.agent.get('/benefits?lang=zh-CN').expect(200);
    const officerList = await officerRed.browser.agent.get('/benefits/claims').expect(200);
    expect(officerList.text).not.toContain(plainTenant.name);
    await officerRed.browser.agent.get('/benefits/restrictions/new').expect(403);
    await officerRed.browser.agent.get('/benefits/admin').expect(403);
    const regulator = await loginAs(t, 'regulator', { departmentId: 1 });
    await regulator.browser.agent.get('/benefits/claims').expect(200);
    await regulator.browser.agent.get('/benefits/restrictions/new').expect(403);
    const evaluator = await loginAs(t, 'evaluator');
    await evaluator.browser.agent.get('/benefits').expect(403);
    await t.http().get('/benefits').expect((r) => expect([302, 303, 401]).toContain(r.status));
  });

  it('the queue exports as CSV and XLSX, filtered and scoped like the list', async () => {
    const id = (await claim(tokens.officerRed, { measureId: await measureId('service_fee_discount'), note: '导出测试' }).expect(201)).body.id as number;
    const csv = await staff.browser.agent.get(`/benefits/claims/export?format=csv&tenantId=${redTenant.id}&status=claimed`).buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csvRows(csv.body as Buffer);
    expect(rows[0][0]).toBe('编号');
    expect(rows.slice(1).map((r) => Number(r[0]))).toContain(id);
    expect(rows.slice(1).every((r) => r[1] === redTenant.name)).toBe(true);
    const xlsx = await t.http().get('/api/v1/measure-claims/export?format=xlsx').set(bearer(tokens.regulator)).buffer(true).parse(binary).expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    // An officer's export holds only their own tenant's rows.
    const mine = csvRows((await t.http().get('/api/v1/measure-claims/export').set(bearer(tokens.officerPlain)).buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(mine.slice(1).filter((r) => r[1] !== plainTenant.name)).toEqual([]);
    await t.http().get('/api/v1/measure-claims/export?format=pdf').set(bearer(tokens.staff)).expect(400);
    await t.http().post(`/api/v1/measure-claims/${id}/withdraw`).set(bearer(tokens.officerRed)).expect(200);
  });

  it('the API routes are in the OpenAPI document', async () => {
    const docs = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining([
      '/api/v1/measures', '/api/v1/measures/offers', '/api/v1/measures/{id}', '/api/v1/measure-claims', '/api/v1/measure-claims/export',
      '/api/v1/measure-claims/{id}', '/api/v1/measure-claims/restrictions', '/api/v1/measure-claims/{id}/withdraw', '/api/v1/measure-claims/{id}/decision',
      '/api/v1/measure-claims/{id}/delivery', '/api/v1/measure-claims/{id}/lift',
    ]));
    const claimBody = docs.body.paths['/api/v1/measure-claims'].post.requestBody;
    expect(JSON.stringify(claimBody)).toContain('ClaimMeasureDto');
  });
});
