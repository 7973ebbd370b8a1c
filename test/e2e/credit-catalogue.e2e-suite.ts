import { CatalogueItemEntity } from '../../src/lists/entities/catalogue-item.entity.js';
import { CREDIT_CATALOGUE } from '../../migrations/seed-credit-catalogue.js';
import { auditEntries, bearer, fieldError, formError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 13: the credit information catalogue (信用目录). Every kind of record ParkTrust keeps is
 * seeded; anyone reads it without logging in (page and JSON, zh and en); admins add and edit items,
 * audited; nobody else can.
 */
describe('credit information catalogue', () => {
  let t: TestApp;
  let admin: { browser: Browser };
  let staff: { browser: Browser };
  let tokens: Record<'admin' | 'staff' | 'regulator' | 'officer' | 'evaluator', string>;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    const tenant = await createTenant(t, { name: `目录${Date.now()}有限公司` });
    admin = await loginAs(t, 'admin');
    staff = await loginAs(t, 'park_staff');
    tokens = {
      admin: await tokenFor(t, (await createUser(t, 'admin')).id),
      staff: await tokenFor(t, (await createUser(t, 'park_staff')).id),
      regulator: await tokenFor(t, (await createUser(t, 'regulator', { departmentId: 1 })).id),
      officer: await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: tenant.id })).id),
      evaluator: await tokenFor(t, (await createUser(t, 'evaluator')).id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const item = (over: Record<string, unknown> = {}) => ({
    code: `test_item_${Math.floor(Math.random() * 1e9)}`, category: 'supervision', sortOrder: 5,
    nameZh: '安全生产检查记录', nameEn: 'Work-safety inspection records',
    descriptionZh: '应急管理部门的安全生产检查记录。\n含整改要求。', descriptionEn: 'Work-safety inspections by the emergency management authority.',
    producerZh: '应急管理部门', producerEn: 'Emergency management authority',
    legalBasis: '《中华人民共和国安全生产法》', legalBasisEn: 'Work Safety Law',
    audienceZh: '园区工作人员、监管部门、本企业', audienceEn: 'Park staff, regulators, the tenant',
    publicity: 'results', countsZh: '12 个月', countsEn: '12 months', retentionZh: '5 年', retentionEn: '5 years',
    ...over,
  });
  const row = (code: string) => t.dataSource.getRepository(CatalogueItemEntity).findOneBy({ code });

  it('seeds every kind of record ParkTrust keeps, each complete in both languages', async () => {
    const rows = await t.dataSource.getRepository(CatalogueItemEntity).find();
    expect(rows.map((r) => r.code).sort()).toEqual(CREDIT_CATALOGUE.map((i) => i.code).sort());
    expect(rows.map((r) => r.code)).toEqual(expect.arrayContaining([
      'tenant_registry', 'officer_accounts', 'convention_signatures', 'commitment_letters', 'clause_breaches', 'training_attendance',
      'third_party_evaluations', 'administrative_penalties', 'abnormal_operations', 'complaints', 'inspection_results', 'annual_reports',
      'self_reported_items', 'monthly_scores', 'score_objections', 'red_list', 'black_list', 'watch_list', 'credit_repair',
      'joint_checks', 'measure_claims', 'audit_log',
    ]));
    for (const r of rows) {
      for (const k of ['nameZh', 'nameEn', 'descriptionZh', 'descriptionEn', 'producerZh', 'producerEn', 'legalBasis', 'legalBasisEn',
        'audienceZh', 'audienceEn', 'countsZh', 'countsEn', 'retentionZh', 'retentionEn'] as const) {
        expect([r.code, k, r[k].trim().length > 0]).toEqual([r.code, k, true]);
      }
    }
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('black_list')!.publicity).toBe('while_listed');
    expect(byCode.get('watch_list')!.publicity).toBe('never');
    expect(byCode.get('administrative_penalties')!.publicity).toBe('publicity_period');
    expect(byCode.get('inspection_results')!.publicity).toBe('results');
  });

  it('anyone reads the page without logging in, grouped, in Chinese and English', async () => {
    const page = await t.http().get('/credit-catalogue').expect(200);
    expect(page.text).toContain('信用信息目录');
    expect(page.text).toContain('data-catalogue-item="black_list"');
    expect(page.text).toContain('严重失信主体名单（黑名单）');
    expect(page.text).toContain('《失信行为纠正后的信用信息修复管理办法（试行）》');
    expect(page.text).toContain(`data-catalogue-count="${CREDIT_CATALOGUE.length}"`);
    // Groups in the catalogue's order: basic information before the lists, the audit log last.
    const groups = [...page.text.matchAll(/data-catalogue-group="(\w+)"/g)].map((m) => m[1]);
    expect(groups).toEqual(['registry', 'commitments', 'supervision', 'scoring', 'lists', 'incentives', 'system']);
    expect(page.text.indexOf('data-catalogue-item="tenant_registry"')).toBeLessThan(page.text.indexOf('data-catalogue-item="red_list"'));
    // No edit links for the public.
    expect(page.text).not.toContain('/credit-catalogue/new');
    expect(page.text).not.toMatch(/\/credit-catalogue\/\d+\/edit/);

    const en = await t.http().get('/credit-catalogue?lang=en').expect(200);
    expect(en.text).toContain('Credit information catalogue');
    expect(en.text).toContain('Black list (seriously untrustworthy tenants)');
    expect(en.text).toContain('Public while listed');
    expect(en.text).not.toContain('严重失信主体名单（黑名单）');

    // Logged-in readers too; only an admin sees the edit links.
    const officer = await loginAs(t, 'tenant_officer', { tenantId: (await createTenant(t)).id });
    const asOfficer = await officer.browser.agent.get('/credit-catalogue').expect(200);
    expect(asOfficer.text).not.toContain('/credit-catalogue/new');
    const asAdmin = await admin.browser.agent.get('/credit-catalogue').expect(200);
    expect(asAdmin.text).toContain('/credit-catalogue/new');
    expect(asAdmin.text).toMatch(/\/credit-catalogue\/\d+\/edit/);
  });

  it('the JSON is public too, texts in both languages', async () => {
    const res = await t.http().get('/api/v1/credit-catalogue').expect(200);
    expect(res.body.groups.map((g: { category: string }) => g.category)).toEqual(['registry', 'commitments', 'supervision', 'scoring', 'lists', 'incentives', 'system']);
    const items = res.body.groups.flatMap((g: { items: unknown[] }) => g.items) as Record<string, unknown>[];
    expect(items).toHaveLength(CREDIT_CATALOGUE.length);
    expect(items.find((i) => i.code === 'red_list')).toMatchObject({
      category: 'lists', publicity: 'while_listed', name: { zh: '诚信主体名单（红名单）', en: 'Red list (trustworthy tenants)' },
      counts: { zh: expect.stringContaining('12 个月'), en: expect.stringContaining('12 months') },
    });
    await t.http().get('/api/v1/credit-catalogue').set(bearer(tokens.officer)).expect(200);
  });

  it('an admin adds and edits items over the API; others cannot; audited', async () => {
    const body = item();
    for (const token of [tokens.staff, tokens.regulator, tokens.officer, tokens.evaluator]) {
      await t.http().post('/api/v1/credit-catalogue').set(bearer(token)).send(body).expect(403);
    }
    await t.http().post('/api/v1/credit-catalogue').send(body).expect(401);
    expect(await row(body.code)).toBeNull();

    for (const [over, field] of [
      [{ code: 'Bad Code' }, 'code'], [{ category: 'other' }, 'category'], [{ publicity: 'sometimes' }, 'publicity'],
      [{ nameZh: '' }, 'nameZh'], [{ retentionEn: 'x'.repeat(301) }, 'retentionEn'], [{ sortOrder: -1 }, 'sortOrder'], [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await t.http().post('/api/v1/credit-catalogue').set(bearer(tokens.admin)).send(item({ ...over, code: 'code' in over ? over.code : body.code })).expect(400);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    }
    expect(await row(body.code)).toBeNull();

    const created = await t.http().post('/api/v1/credit-catalogue').set(bearer(tokens.admin)).send(body).expect(201);
    expect(created.body).toMatchObject({ code: body.code, category: 'supervision', publicity: 'results', name: { zh: '安全生产检查记录' }, description: { zh: '应急管理部门的安全生产检查记录。\n含整改要求。' } });
    const id = created.body.id as number;
    const [create] = await auditEntries(t, { entityType: 'catalogue_item', entityId: String(id), action: 'catalogueItem.create' });
    expect(JSON.parse(create.after!)).toMatchObject({ code: body.code, nameZh: '安全生产检查记录', publicity: 'results' });

    const dup = await t.http().post('/api/v1/credit-catalogue').set(bearer(tokens.admin)).send(item({ code: 'black_list' })).expect(409);
    expect(Object.keys(dup.body.errors)).toEqual(['code']);

    await t.http().patch(`/api/v1/credit-catalogue/${id}`).set(bearer(tokens.staff)).send({ countsZh: '24 个月' }).expect(403);
    await t.http().patch('/api/v1/credit-catalogue/99999999').set(bearer(tokens.admin)).send({ countsZh: '24 个月' }).expect(404);
    const badPatch = await t.http().patch(`/api/v1/credit-catalogue/${id}`).set(bearer(tokens.admin)).send({ publicity: 'always' }).expect(400);
    expect(Object.keys(badPatch.body.errors)).toEqual(['publicity']);
    const taken = await t.http().patch(`/api/v1/credit-catalogue/${id}`).set(bearer(tokens.admin)).send({ code: 'audit_log' }).expect(409);
    expect(Object.keys(taken.body.errors)).toEqual(['code']);

    const patched = await t.http().patch(`/api/v1/credit-catalogue/${id}`).set(bearer(tokens.admin)).send({ countsZh: '24 个月', countsEn: '24 months' }).expect(200);
    expect(patched.body).toMatchObject({ code: body.code, counts: { zh: '24 个月', en: '24 months' }, name: { zh: '安全生产检查记录' } });
    const [update] = await auditEntries(t, { entityType: 'catalogue_item', entityId: String(id), action: 'catalogueItem.update' });
    expect(JSON.parse(update.before!)).toMatchObject({ countsZh: '12 个月' });
    expect(JSON.parse(update.after!)).toMatchObject({ countsZh: '24 个月' });

    // It is on the public page, in its group.
    const page = await t.http().get('/credit-catalogue').expect(200);
    expect(page.text).toContain(`data-catalogue-item="${body.code}"`);
  });

  it('an admin adds and edits items by form; others are refused', async () => {
    await t.http().get('/credit-catalogue/new').expect(303);
    await staff.browser.agent.get('/credit-catalogue/new').expect(403);
    const values = Object.fromEntries(Object.entries(item()).map(([k, v]) => [k, String(v)]));
    await postForm(staff.browser, '/credit-catalogue/new', values).expect(403);
    const form = await admin.browser.agent.get('/credit-catalogue/new').expect(200);
    expect(form.text).toContain('name="descriptionZh"');

    const bad = await postForm(admin.browser, '/credit-catalogue/new', { ...values, nameEn: '', publicity: 'x' }).expect(400);
    expect(fieldError(bad.text, 'nameEn')).not.toBeNull();
    expect(fieldError(bad.text, 'publicity')).not.toBeNull();
    expect(bad.text).toContain('安全生产检查记录');
    expect(await row(values.code)).toBeNull();

    const saved = await postForm(admin.browser, '/credit-catalogue/new', values).expect(303);
    expect(saved.headers.location).toBe(`/credit-catalogue#${values.code}`);
    const created = (await row(values.code))!;
    expect(created).toMatchObject({ nameEn: 'Work-safety inspection records', sortOrder: 5, updatedById: expect.any(Number) });

    const edit = await admin.browser.agent.get(`/credit-catalogue/${created.id}/edit`).expect(200);
    expect(edit.text).toContain('Work-safety inspection records');
    await staff.browser.agent.get(`/credit-catalogue/${created.id}/edit`).expect(403);
    await admin.browser.agent.get('/credit-catalogue/99999999/edit').expect(404);

    const conflict = await postForm(admin.browser, `/credit-catalogue/${created.id}/edit`, { ...values, code: 'tenant_registry' }).expect(409);
    expect(fieldError(conflict.text, 'code')).not.toBeNull();
    expect(formError(conflict.text)).toContain('tenant_registry');

    await postForm(admin.browser, `/credit-catalogue/${created.id}/edit`, { ...values, retentionZh: '10 年' }).expect(303);
    expect((await row(values.code))!.retentionZh).toBe('10 年');
    await postForm(staff.browser, `/credit-catalogue/${created.id}/edit`, { ...values, retentionZh: '1 年' }).expect(403);
    expect((await row(values.code))!.retentionZh).toBe('10 年');
    expect(await auditEntries(t, { entityType: 'catalogue_item', entityId: String(created.id) })).toHaveLength(2);
  });
});
