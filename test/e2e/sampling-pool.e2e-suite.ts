import { DepartmentsService } from '../../src/accounts/departments.service.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { InspectionItemEntity } from '../../src/sampling/entities/inspection-item.entity.js';
import { InspectionItemsService } from '../../src/sampling/items/inspection-items.service.js';
import { InspectorPoolService } from '../../src/sampling/inspectors/inspector-pool.service.js';
import { INSPECTION_ITEMS } from '../../migrations/seed-inspection-items.js';
import { auditEntries, bearer, binary, csvRows, fieldError, formError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 14, the pool: the inspection-item list (事项清单) and the inspector pool — items kept by staff
 * for every department and by regulators for their own, validated and audited; regulators flagged as
 * inspectors, their conflicts of interest and absences; and what a draw gets from InspectorPoolService.
 */
describe('sampling pool: inspection items and inspectors', () => {
  let t: TestApp;
  let market: number;
  let tax: number;
  let staff: { browser: Browser };
  let tokens: Record<'admin' | 'staff' | 'regulator' | 'taxRegulator' | 'officer' | 'evaluator', string>;
  let tenant: { id: number; uscc: string; name: string };
  let tenant2: { id: number; uscc: string; name: string };

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    market = (await t.get(DepartmentsService).findByCode('market'))!.id;
    tax = (await t.get(DepartmentsService).findByCode('tax'))!.id;
    tenant = await createTenant(t, { name: `抽查名录测试${Date.now()}有限公司` });
    tenant2 = await createTenant(t);
    staff = await loginAs(t, 'park_staff');
    tokens = {
      admin: await tokenFor(t, (await createUser(t, 'admin')).id),
      staff: await tokenFor(t, (await createUser(t, 'park_staff')).id),
      regulator: await tokenFor(t, (await createUser(t, 'regulator', { departmentId: market })).id),
      taxRegulator: await tokenFor(t, (await createUser(t, 'regulator', { departmentId: tax })).id),
      officer: await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: tenant.id })).id),
      evaluator: await tokenFor(t, (await createUser(t, 'evaluator')).id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const item = (over: Record<string, unknown> = {}) => ({
    code: `T-${Math.floor(Math.random() * 1e9)}`, nameZh: '食品经营许可检查', nameEn: 'Food business licence',
    legalBasis: '《中华人民共和国食品安全法》第一百一十条', departmentId: market, kind: 'general', ...over,
  });

  it('seeds the default item list across the departments, with legal bases in both languages', async () => {
    const rows = await t.dataSource.getRepository(InspectionItemEntity).find();
    expect(rows.map((r) => r.code).sort()).toEqual(INSPECTION_ITEMS.map((i) => i.code).sort());
    expect(rows.length).toBeGreaterThanOrEqual(12);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('MKT-002')).toMatchObject({ departmentId: market, kind: 'key', active: true, legalBasis: expect.stringContaining('《企业信息公示暂行条例》第八条、第十四条') });
    expect(byCode.get('TAX-001')!.departmentId).toBe(tax);
    expect(new Set(rows.map((r) => r.departmentId)).size).toBeGreaterThanOrEqual(4);
    for (const r of rows) expect([r.code, r.nameZh.length > 0, r.nameEn.length > 0, r.legalBasis.startsWith('《')]).toEqual([r.code, true, true, true]);
  });

  it('lists items filtered and paginated in SQL; readers only', async () => {
    const all = await t.http().get('/api/v1/sampling/items?pageSize=5').set(bearer(tokens.regulator)).expect(200);
    expect(all.body).toMatchObject({ total: INSPECTION_ITEMS.length, page: 1, pageSize: 5 });
    expect(all.body.items).toHaveLength(5);
    expect(all.body.items.map((i: { code: string }) => i.code)).toEqual([...INSPECTION_ITEMS.map((i) => i.code)].sort().slice(0, 5));
    const keyMarket = await t.http().get(`/api/v1/sampling/items?departmentId=${market}&kind=key`).set(bearer(tokens.staff)).expect(200);
    expect(keyMarket.body.items.map((i: { code: string }) => i.code)).toEqual(['MKT-001', 'MKT-002', 'MKT-004', 'MKT-007']);
    expect(keyMarket.body.items[1]).toMatchObject({ name: { zh: '年度报告公示信息检查', en: 'Annual report disclosure' }, department: { id: market, code: 'market' } });
    const q = await t.http().get(`/api/v1/sampling/items?q=${encodeURIComponent('信息公示')}`).set(bearer(tokens.admin)).expect(200);
    expect(q.body.items.map((i: { code: string }) => i.code)).toEqual(['MKT-002', 'MKT-003']);
    const one = await t.http().get(`/api/v1/sampling/items/${keyMarket.body.items[0].id}`).set(bearer(tokens.regulator)).expect(200);
    expect(one.body.code).toBe('MKT-001');
    await t.http().get('/api/v1/sampling/items?kind=special').set(bearer(tokens.staff)).expect(400);
    await t.http().get('/api/v1/sampling/items/99999999').set(bearer(tokens.staff)).expect(404);
    for (const token of [tokens.officer, tokens.evaluator]) await t.http().get('/api/v1/sampling/items').set(bearer(token)).expect(403);
    await t.http().get('/api/v1/sampling/items').expect(401);
  });

  it('keeps items over the API: field errors, a taken code, regulators only for their own department, audited', async () => {
    for (const [over, field] of [
      [{ code: 'bad code!' }, 'code'], [{ kind: 'urgent' }, 'kind'], [{ nameZh: '' }, 'nameZh'], [{ legalBasis: 'x'.repeat(501) }, 'legalBasis'],
      [{ departmentId: 'market' }, 'departmentId'], [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await t.http().post('/api/v1/sampling/items').set(bearer(tokens.staff)).send(item(over)).expect(400);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    }
    const unknownDept = await t.http().post('/api/v1/sampling/items').set(bearer(tokens.staff)).send(item({ departmentId: 99999 })).expect(400);
    expect(unknownDept.body.errors.departmentId[0].code).toBe('unknownDepartment');
    const taken = await t.http().post('/api/v1/sampling/items').set(bearer(tokens.staff)).send(item({ code: 'mkt-002' })).expect(409);
    expect(taken.body.errors.code[0].code).toBe('taken');
    for (const token of [tokens.officer, tokens.evaluator]) await t.http().post('/api/v1/sampling/items').set(bearer(token)).send(item()).expect(403);

    // A regulator adds to their own department, not another's.
    await t.http().post('/api/v1/sampling/items').set(bearer(tokens.regulator)).send(item({ departmentId: tax })).expect(403);
    const own = await t.http().post('/api/v1/sampling/items').set(bearer(tokens.regulator)).send(item({ code: 'mkt-900' })).expect(201);
    expect(own.body).toMatchObject({ code: 'MKT-900', kind: 'general', active: true, department: { id: market } });
    const id = own.body.id as number;
    await t.http().patch(`/api/v1/sampling/items/${id}`).set(bearer(tokens.taxRegulator)).send({ kind: 'key' }).expect(403);
    await t.http().patch(`/api/v1/sampling/items/${id}`).set(bearer(tokens.regulator)).send({ departmentId: tax }).expect(403);
    const badPatch = await t.http().patch(`/api/v1/sampling/items/${id}`).set(bearer(tokens.regulator)).send({ kind: 'urgent' }).expect(400);
    expect(Object.keys(badPatch.body.errors)).toEqual(['kind']);
    await t.http().patch(`/api/v1/sampling/items/${id}`).set(bearer(tokens.regulator)).send({ code: 'MKT-001' }).expect(409);
    const keyed = await t.http().patch(`/api/v1/sampling/items/${id}`).set(bearer(tokens.regulator)).send({ kind: 'key' }).expect(200);
    expect(keyed.body).toMatchObject({ code: 'MKT-900', kind: 'key', name: { zh: '食品经营许可检查' } });
    // Staff move it and deactivate it.
    const off = await t.http().patch(`/api/v1/sampling/items/${id}`).set(bearer(tokens.staff)).send({ departmentId: tax, active: false }).expect(200);
    expect(off.body).toMatchObject({ active: false, department: { id: tax } });
    const inactive = await t.http().get('/api/v1/sampling/items?active=false').set(bearer(tokens.staff)).expect(200);
    expect(inactive.body.items.map((i: { code: string }) => i.code)).toEqual(['MKT-900']);

    const actions = (await auditEntries(t, { entityType: 'inspection_item', entityId: String(id) })).map((a) => a.action);
    expect(actions).toEqual(['sampling.item.create', 'sampling.item.update', 'sampling.item.deactivate']);
    const items = t.get(InspectionItemsService);
    expect((await items.listActive([tax])).map((i) => i.code)).toEqual(['TAX-001', 'TAX-002']);
    expect((await items.listActive()).some((i) => i.code === 'MKT-900')).toBe(false);
    expect((await items.byIds([id, 99999999])).get(id)).toMatchObject({ code: 'MKT-900', active: false });
    expect(await items.listActive([])).toEqual([]);
  });

  it('keeps items on pages, with errors beside the fields, and exports the filtered list', async () => {
    const list = await staff.browser.agent.get(`/sampling/items?departmentId=${market}`).expect(200);
    expect(list.text).toContain('data-item="MKT-002"');
    expect(list.text).not.toContain('data-item="TAX-001"');
    expect(list.text).toContain('《企业信息公示暂行条例》第八条、第十四条');
    const en = await staff.browser.agent.get('/sampling/items?q=MKT-002&lang=en').expect(200);
    expect(en.text).toContain('Annual report disclosure');
    await staff.browser.agent.get('/sampling/items?lang=zh-CN').expect(200);

    const bad = await postForm(staff.browser, '/sampling/items/new', { code: 'MKT-002', nameZh: '', nameEn: 'x', legalBasis: '《某条例》', departmentId: String(market), kind: 'general' });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.text, 'nameZh')).toBeTruthy();
    const dup = await postForm(staff.browser, '/sampling/items/new', { code: 'MKT-002', nameZh: '重复', nameEn: 'dup', legalBasis: '《某条例》', departmentId: String(market), kind: 'general' });
    expect(dup.status).toBe(409);
    expect(fieldError(dup.text, 'code')).toBeTruthy();
    expect(formError(dup.text)).toContain('MKT-002');
    const ok = await postForm(staff.browser, '/sampling/items/new', { code: 'env-900', nameZh: '辐射安全许可检查', nameEn: 'Radiation safety licence', legalBasis: '《放射性同位素与射线装置安全和防护条例》第七条', departmentId: String(tax), kind: 'key' });
    expect(ok.status).toBe(303);
    const created = await t.dataSource.getRepository(InspectionItemEntity).findOneByOrFail({ code: 'ENV-900' });
    const edit = await staff.browser.agent.get(`/sampling/items/${created.id}/edit`).expect(200);
    expect(edit.text).toContain('value="ENV-900"');
    // Unticking "active" deactivates.
    const saved = await postForm(staff.browser, `/sampling/items/${created.id}/edit`, { code: 'ENV-900', nameZh: '辐射安全许可检查', nameEn: 'Radiation safety licence', legalBasis: '《放射性同位素与射线装置安全和防护条例》第七条', departmentId: String(tax), kind: 'key' });
    expect(saved.status).toBe(303);
    expect((await t.dataSource.getRepository(InspectionItemEntity).findOneByOrFail({ id: created.id })).active).toBe(false);

    // A regulator edits their department's items only.
    const regulator = await loginAs(t, 'regulator', { departmentId: market });
    await regulator.browser.agent.get(`/sampling/items/${created.id}/edit`).expect(403);
    const forbidden = await postForm(regulator.browser, `/sampling/items/${created.id}/edit`, { code: 'ENV-900' });
    expect(forbidden.status).toBe(403);
    const regList = await regulator.browser.agent.get('/sampling/items').expect(200);
    expect(regList.text).toMatch(/\/sampling\/items\/\d+\/edit/);
    expect(regList.text).not.toContain(`/sampling/items/${created.id}/edit`);
    const officer = await loginAs(t, 'tenant_officer', { tenantId: tenant.id });
    await officer.browser.agent.get('/sampling/items').expect(403);

    const csv = await staff.browser.agent.get(`/sampling/items?format=csv&kind=key&departmentId=${market}`).buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csvRows(csv.body as Buffer);
    expect(rows[0][0]).toBe('事项编号');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['MKT-001', 'MKT-002', 'MKT-004', 'MKT-007']);
    expect(rows[2][3]).toContain('《企业信息公示暂行条例》');
    const xlsx = await staff.browser.agent.get('/sampling/items?format=xlsx').buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('flags regulators as inspectors: suggested codes, field errors, conflicts, staff only', async () => {
    const reg1 = await createUser(t, 'regulator', { departmentId: market });
    const page = await staff.browser.agent.get('/sampling/inspectors/new').expect(200);
    expect(page.text).toContain('name="email"');
    const unknown = await postForm(staff.browser, '/sampling/inspectors/new', { email: 'nobody@test.parktrust.cn' });
    expect(unknown.status).toBe(400);
    expect(fieldError(unknown.text, 'email')).toBeTruthy();
    const staffUser = await createUser(t, 'park_staff');
    const notRegulator = await postForm(staff.browser, '/sampling/inspectors/new', { email: staffUser.email });
    expect(notRegulator.status).toBe(400);
    expect(fieldError(notRegulator.text, 'email')).toBeTruthy();
    const flagged = await postForm(staff.browser, '/sampling/inspectors/new', { email: reg1.email });
    expect(flagged.status).toBe(303);
    const id1 = Number(/\/sampling\/inspectors\/(\d+)$/.exec(flagged.headers.location)![1]);
    const detail = await staff.browser.agent.get(`/sampling/inspectors/${id1}`).expect(200);
    expect(detail.text).toContain('MARKET-001');
    const again = await postForm(staff.browser, '/sampling/inspectors/new', { email: reg1.email });
    expect(again.status).toBe(409);

    const reg2 = await createUser(t, 'regulator', { departmentId: market });
    const api = await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.admin)).send({ userId: reg2.id }).expect(201);
    expect(api.body).toMatchObject({ code: 'MARKET-002', userId: reg2.id, active: true, department: { id: market }, conflicts: [], absences: [] });
    const reg3 = await createUser(t, 'regulator', { departmentId: tax });
    const taken = await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.staff)).send({ userId: reg3.id, code: 'market-001' }).expect(409);
    expect(taken.body.errors.code[0].code).toBe('taken');
    const bad = await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.staff)).send({ userId: reg3.id, code: 'bad code' }).expect(400);
    expect(Object.keys(bad.body.errors)).toEqual(['code']);
    await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.staff)).send({}).expect(400);
    for (const token of [tokens.regulator, tokens.officer, tokens.evaluator]) {
      await t.http().post('/api/v1/sampling/inspectors').set(bearer(token)).send({ userId: reg3.id }).expect(403);
    }
    const taxInspector = await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.staff)).send({ userId: reg3.id }).expect(201);
    expect(taxInspector.body.code).toBe('TAX-001');

    const list = await t.http().get(`/api/v1/sampling/inspectors?departmentId=${market}`).set(bearer(tokens.taxRegulator)).expect(200);
    expect(list.body.items.map((i: { code: string }) => i.code)).toEqual(['MARKET-001', 'MARKET-002']);
    for (const token of [tokens.officer, tokens.evaluator]) await t.http().get('/api/v1/sampling/inspectors').set(bearer(token)).expect(403);
    const listPage = await staff.browser.agent.get('/sampling/inspectors').expect(200);
    expect(listPage.text).toContain('data-inspector="TAX-001"');

    // Taken out and put back, audited.
    await t.http().patch(`/api/v1/sampling/inspectors/${id1}`).set(bearer(tokens.regulator)).send({ active: false }).expect(403);
    const out = await t.http().patch(`/api/v1/sampling/inspectors/${id1}`).set(bearer(tokens.staff)).send({ active: false }).expect(200);
    expect(out.body.active).toBe(false);
    expect((await postForm(staff.browser, `/sampling/inspectors/${id1}/activate`)).status).toBe(303);
    const actions = (await auditEntries(t, { entityType: 'inspector', entityId: String(id1) })).map((a) => a.action);
    expect(actions).toEqual(['sampling.inspector.flag', 'sampling.inspector.deactivate', 'sampling.inspector.activate']);
  });

  it('conflicts of interest and absences: declared by the inspector themself or staff, never by another regulator', async () => {
    const me = await loginAs(t, 'regulator', { departmentId: market });
    const meToken = await tokenFor(t, me.user.id);
    // Not yet an inspector: /me says so.
    const none = await me.browser.agent.get('/sampling/inspectors/me').expect(200);
    expect(none.text).toContain('id="not-inspector"');
    await t.http().get('/api/v1/sampling/inspectors/me').set(bearer(meToken)).expect(404);
    const flagged = await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.staff)).send({ email: me.user.email, code: 'SCJG-007' }).expect(201);
    const id = flagged.body.id as number;

    const mine = await me.browser.agent.get('/sampling/inspectors/me').expect(200);
    expect(mine.text).toContain('SCJG-007');
    expect(mine.text).toContain(`action="/sampling/inspectors/${id}/conflicts"`);
    const bad = await postForm(me.browser, `/sampling/inspectors/${id}/conflicts`, { uscc: '91440300000000000X', reason: '亲属任职' });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.text, 'uscc')).toBeTruthy();
    const declared = await postForm(me.browser, `/sampling/inspectors/${id}/conflicts`, { uscc: tenant.uscc, reason: '配偶在该企业任财务负责人' });
    expect(declared.status).toBe(303);
    expect(declared.headers.location).toBe('/sampling/inspectors/me');
    const dup = await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts`).set(bearer(meToken)).send({ tenantId: tenant.id, reason: '再次申报' }).expect(409);
    expect(Object.keys(dup.body.errors)).toEqual(['tenantId']);
    // Another regulator may not declare, withdraw or record absences for them; staff may.
    await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts`).set(bearer(tokens.regulator)).send({ tenantId: tenant2.id, reason: '代为申报' }).expect(403);
    const other = await loginAs(t, 'regulator', { departmentId: market });
    expect((await postForm(other.browser, `/sampling/inspectors/${id}/conflicts`, { uscc: tenant2.uscc, reason: '代为申报' })).status).toBe(403);
    const otherView = await other.browser.agent.get(`/sampling/inspectors/${id}`).expect(200);
    expect(otherView.text).not.toContain(`action="/sampling/inspectors/${id}/conflicts"`);
    const byStaff = await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts`).set(bearer(tokens.staff)).send({ tenantId: tenant2.id, reason: '曾在该企业任职（2023 年离职）' }).expect(201);
    expect(byStaff.body.conflicts.map((c: { tenant: { id: number } }) => c.tenant.id).sort()).toEqual([tenant.id, tenant2.id].sort());
    await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts`).set(bearer(tokens.staff)).send({ tenantId: 99999999, reason: 'x' }).expect(400);
    for (const token of [tokens.officer, tokens.evaluator]) {
      await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts`).set(bearer(token)).send({ tenantId: tenant2.id, reason: 'x' }).expect(403);
    }

    const conflictId = byStaff.body.id as number;
    await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts/${conflictId}/withdraw`).set(bearer(tokens.regulator)).send({ reason: '不再任职' }).expect(403);
    await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts/${conflictId}/withdraw`).set(bearer(meToken)).send({}).expect(400);
    const withdrawn = await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts/${conflictId}/withdraw`).set(bearer(meToken)).send({ reason: '离职已满三年' }).expect(200);
    expect(withdrawn.body.find((c: { id: number }) => c.id === conflictId).withdrawnAt).not.toBeNull();
    await t.http().post(`/api/v1/sampling/inspectors/${id}/conflicts/${conflictId}/withdraw`).set(bearer(meToken)).send({ reason: '再撤回' }).expect(409);
    const [withdrawal] = await auditEntries(t, { entityType: 'inspector', entityId: String(id), action: 'sampling.conflict.withdraw' });
    expect(JSON.parse(withdrawal.after!)).toMatchObject({ conflictId, withdrawnReason: '离职已满三年' });

    // Absences: to ≥ from; overlapping allowed.
    const backwards = await t.http().post(`/api/v1/sampling/inspectors/${id}/absences`).set(bearer(meToken)).send({ fromDate: '2026-07-10', toDate: '2026-07-01', reason: '年休假' }).expect(400);
    expect(Object.keys(backwards.body.errors)).toEqual(['toDate']);
    const badDate = await t.http().post(`/api/v1/sampling/inspectors/${id}/absences`).set(bearer(meToken)).send({ fromDate: '2026-02-30', toDate: '2026-03-01', reason: '年休假' }).expect(400);
    expect(Object.keys(badDate.body.errors)).toEqual(['fromDate']);
    await t.http().post(`/api/v1/sampling/inspectors/${id}/absences`).set(bearer(tokens.regulator)).send({ fromDate: '2026-07-01', toDate: '2026-07-10', reason: '年休假' }).expect(403);
    await t.http().post(`/api/v1/sampling/inspectors/${id}/absences`).set(bearer(meToken)).send({ fromDate: '2026-07-01', toDate: '2026-07-10', reason: '年休假' }).expect(201);
    const pageForm = await postForm(me.browser, `/sampling/inspectors/${id}/absences`, { fromDate: '2026-07-08', toDate: '2026-07-20', reason: '培训' });
    expect(pageForm.status).toBe(303);
    const pageBad = await postForm(me.browser, `/sampling/inspectors/${id}/absences`, { fromDate: '2026-07-08', toDate: '2026-07-01', reason: '培训' });
    expect(pageBad.status).toBe(400);
    expect(fieldError(pageBad.text, 'toDate')).toBeTruthy();
    const absences = await t.http().get(`/api/v1/sampling/inspectors/${id}/absences`).set(bearer(tokens.taxRegulator)).expect(200);
    expect(absences.body.map((a: { fromDate: string }) => a.fromDate)).toEqual(['2026-07-08', '2026-07-01']);
    const availability = await t.get(InspectorPoolService).availability([market], 2026);
    expect(availability.find((a) => a.inspectorId === id)!.absentDays).toMatchObject({ '06': 0, '07': 20, '08': 0 });
    await t.http().post(`/api/v1/sampling/inspectors/${id}/absences/${absences.body[0].id}/remove`).set(bearer(tokens.regulator)).expect(403);
    const removed = await t.http().post(`/api/v1/sampling/inspectors/${id}/absences/${absences.body[0].id}/remove`).set(bearer(tokens.staff)).expect(200);
    expect(removed.body).toHaveLength(1);
    const actions = (await auditEntries(t, { entityType: 'inspector', entityId: String(id) })).map((a) => a.action);
    expect(actions).toEqual(['sampling.inspector.flag', 'sampling.conflict.declare', 'sampling.conflict.declare', 'sampling.conflict.withdraw', 'sampling.absence.add', 'sampling.absence.add', 'sampling.absence.remove']);
  });

  it('poolFor gives a draw the active inspectors of the departments present that day, by code, with open conflicts', async () => {
    const pool = t.get(InspectorPoolService);
    const hrss = (await t.get(DepartmentsService).findByCode('hrss'))!.id;
    const ecology = (await t.get(DepartmentsService).findByCode('ecology'))!.id;
    const flag = async (departmentId: number, code: string) => {
      const user = await createUser(t, 'regulator', { departmentId });
      const res = await t.http().post('/api/v1/sampling/inspectors').set(bearer(tokens.staff)).send({ userId: user.id, code }).expect(201);
      return { id: res.body.id as number, userId: user.id };
    };
    const away = await flag(hrss, 'HRSS-B');
    const present = await flag(hrss, 'HRSS-A');
    const takenOut = await flag(hrss, 'HRSS-C');
    const disabled = await flag(hrss, 'HRSS-D');
    const eco = await flag(ecology, 'ECO-A');
    await t.http().post(`/api/v1/sampling/inspectors/${away.id}/absences`).set(bearer(tokens.staff)).send({ fromDate: '2026-09-01', toDate: '2026-09-03', reason: '出差' }).expect(201);
    await t.http().post(`/api/v1/sampling/inspectors/${present.id}/conflicts`).set(bearer(tokens.staff)).send({ tenantId: tenant.id, reason: '亲属任职' }).expect(201);
    await t.http().patch(`/api/v1/sampling/inspectors/${takenOut.id}`).set(bearer(tokens.staff)).send({ active: false }).expect(200);
    await t.get(UsersService).setActive(disabled.userId, false, TEST_ACTOR);

    const onAbsence = await pool.poolFor([hrss], '2026-09-03');
    expect(onAbsence).toEqual([{ inspectorId: present.id, userId: present.userId, code: 'HRSS-A', departmentId: hrss, departmentCode: 'hrss', conflicts: [{ tenantId: tenant.id, reason: '亲属任职' }] }]);
    expect((await pool.poolFor([hrss], '2026-09-04')).map((p) => p.code)).toEqual(['HRSS-A', 'HRSS-B']);
    expect((await pool.poolFor([hrss, ecology], '2026-08-31')).map((p) => p.code)).toEqual(['ECO-A', 'HRSS-A', 'HRSS-B']);
    expect(await pool.poolFor([], '2026-09-03')).toEqual([]);
    expect((await pool.availability([hrss], 2026)).map((a) => [a.code, a.absentDays['09']])).toEqual([['HRSS-A', 0], ['HRSS-B', 3]]);

    expect(await pool.inspectorOfUser(eco.userId)).toMatchObject({ inspectorId: eco.id, code: 'ECO-A', departmentId: ecology });
    expect(await pool.inspectorOfUser(99999999)).toBeNull();
    const byIds = await pool.byIds([present.id, takenOut.id, 99999999]);
    expect([...byIds.keys()].sort((a, b) => a - b)).toEqual([present.id, takenOut.id].sort((a, b) => a - b));
    expect(byIds.get(takenOut.id)).toMatchObject({ code: 'HRSS-C', userId: takenOut.userId, departmentId: hrss, name: expect.stringContaining('regulator') });
  });
});
