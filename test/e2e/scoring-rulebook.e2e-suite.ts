import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { RulebookService } from '../../src/scoring/core/rulebook.service.js';
import { DEFAULT_RULEBOOK } from '../../src/scoring/domain/rulebook.js';
import { formOf } from '../../src/scoring/domain/rulebook-form.rules.js';
import { toEditable, type EditableRulebook } from '../../src/scoring/domain/rulebook-validation.rules.js';
import { RulebookVersionEntity } from '../../src/scoring/entities/rulebook-version.entity.js';
import { TenantsQueries } from '../../src/tenants/tenants.queries.js';
import { auditEntries, bearer, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { createTenant, createTestApp, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

/** Departments seeded by the reference data: market (1). */
const MARKET = 1;

describe('scoring: the rulebook as versioned data, its back-test and approval', () => {
  let t: TestApp;
  let today: string;
  let admin: Browser;
  let staff: Browser;
  let regulator: Browser;
  let officer: Browser;
  let tokens: Record<'admin' | 'staff' | 'regulator' | 'otherRegulator' | 'officer', string>;
  let regulatorId: number;
  let seq = 0;

  const versions = () => t.dataSource.getRepository(RulebookVersionEntity);
  const plusDays = (n: number) => DateTime.fromISO(today).plus({ days: n }).toISODate() as string;
  /** The default rulebook in the editing model, as a new version. */
  const draft = (over: Partial<EditableRulebook> = {}): EditableRulebook => ({
    ...toEditable(DEFAULT_RULEBOOK), version: `e2e-${Date.now()}-${++seq}`, effectiveFrom: plusDays(30), note: 'e2e', ...over,
  });
  const post = (token: string, path: string, body?: object) => t.http().post(`/api/v1/rulebook${path}`).set(bearer(token)).send(body ?? {});
  const get = (token: string, path: string) => t.http().get(`/api/v1/rulebook${path}`).set(bearer(token));
  /** Waits until the version's back-test has finished for its saved body. */
  const backtested = (id: number) => waitFor(`the back-test of version ${id}`, async () => {
    const res = await get(tokens.admin, `/versions/${id}`);
    return res.body.backtestState === 'done' || res.body.backtestState === 'failed' ? res.body : null;
  }, 60_000, 200);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    const tenant = await createTenant(t, { name: `规则甲${Date.now()}有限公司` });
    await createTenant(t, { name: `规则乙${Date.now()}有限公司` });
    await createTenant(t, { name: `规则丙${Date.now()}有限公司`, movedInAt: today });
    const ad = await loginAs(t, 'admin');
    const st = await loginAs(t, 'park_staff');
    const reg = await loginAs(t, 'regulator', { departmentId: MARKET });
    const reg2 = await loginAs(t, 'regulator', { departmentId: MARKET });
    const off = await loginAs(t, 'tenant_officer', { tenantId: tenant.id });
    admin = ad.browser;
    staff = st.browser;
    regulator = reg.browser;
    officer = off.browser;
    regulatorId = reg.user.id;
    tokens = {
      admin: await tokenFor(t, ad.user.id), staff: await tokenFor(t, st.user.id), regulator: await tokenFor(t, reg.user.id),
      otherRegulator: await tokenFor(t, reg2.user.id), officer: await tokenFor(t, off.user.id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the seeded default is in force; staff, regulators and admins read it, officers do not', async () => {
    const res = await get(tokens.staff, '').expect(200);
    expect(res.body).toMatchObject({ version: DEFAULT_RULEBOOK.version, rulebook: { base: 60 }, editable: { grades: { A: { from: 85, to: 100 } } } });
    expect(res.body.editable.items.find((i: { code: string }) => i.code === 'N03')).toMatchObject({ points: -2, cap: -10 });
    await get(tokens.regulator, '/versions').expect(200);
    await get(tokens.officer, '').expect(403);
    await get(tokens.staff, '?asOf=2026-02-30').expect(400);
  });

  it.each<[string, string, string, (d: EditableRulebook) => void]>([
    ['overlapping bands', 'grades.A', 'rulebookBandOverlap', (d) => { d.grades.A = { from: 80, to: 100 }; }],
    ['a gap between bands', 'grades.C', 'rulebookBandGap', (d) => { d.grades.C = { from: 61, to: 70 }; }],
    ['a cap of the wrong sign', 'items.N03.cap', 'rulebookSign', (d) => { d.items.find((i) => i.code === 'N03')!.cap = 10; }],
    ['an unknown fact', 'items.P13.fact', 'rulebookUnknownFact', (d) => { d.items.push({ code: 'P13', category: 'virtue', labelZh: '新项目', labelEn: 'New item', points: 2 }); }],
    ['a duplicated code', 'items.P01.code', 'taken', (d) => { d.items.push({ ...d.items[0] }); }],
    ['an effective date in the past', 'effectiveFrom', 'notBefore', (d) => { d.effectiveFrom = plusDays(-1); }],
    ['hysteresis over 12 months', 'hysteresis.months', 'range', (d) => { d.hysteresis.months = 13; }],
  ])('refuses %s with 422 and a field error on %s, nothing written', async (_name, field, code, mutate) => {
    const before = await versions().count();
    const body = draft();
    mutate(body);
    const res = await post(tokens.admin, '/versions', body).expect(422);
    expect(res.body.errors[field]?.map((p: { code: string }) => p.code)).toContain(code);
    expect(res.body.errors[field][0].message).not.toMatch(/^validation\./);
    expect(await versions().count()).toBe(before);
  });

  it('only admins draft: staff and regulators get 403; a taken label is a 409 on `version`', async () => {
    await post(tokens.staff, '/versions', draft()).expect(403);
    await post(tokens.regulator, '/versions', draft()).expect(403);
    const body = draft();
    await post(tokens.admin, '/versions', body).expect(201);
    const again = await post(tokens.admin, '/versions', { ...body, note: 'again' }).expect(409);
    expect(Object.keys(again.body.errors)).toEqual(['version']);
  });

  it('back-tests a draft on the tiny park: an identical copy changes no grade, a generous one moves every grade', async () => {
    const active = await t.get(TenantsQueries).countActive();
    const same = await post(tokens.admin, '/versions', draft()).expect(201);
    const generous = await post(tokens.admin, '/versions', draft({ base: 90, newTenant: { days: 0, dataFacts: [] } })).expect(201);
    const a = await backtested(same.body.id);
    const b = await backtested(generous.body.id);
    expect(a.backtestState).toBe('done');
    expect(a.backtest.months).toHaveLength(12);
    expect(a.backtest).toMatchObject({ status: 'done', tenants: active, tenantsChanged: 0, changes: 0, sample: [] });
    for (const m of a.backtest.months) {
      expect(m.changed).toBe(0);
      expect(m.proposed).toEqual(m.current);
      // No tenant has any data: every one is M under the default.
      expect(m.current.M).toBe(active);
    }
    expect(b.backtestState).toBe('done');
    expect(b.backtest).toMatchObject({ tenants: active, tenantsChanged: active, changes: active * 12 });
    for (const m of b.backtest.months) expect(m.proposed).toMatchObject({ A: active, M: 0 });
    expect(b.backtest.sample).toHaveLength(active);
    // The version page shows it.
    const page = await admin.agent.get(`/rulebook/versions/${generous.body.id}`).expect(200);
    expect(page.text).toContain(`data-backtest="done"`);
    expect(page.text).toContain(`data-changed="${active}"`);
  });

  it('submit needs a finished back-test of the saved body; the author cannot approve; another regulator approves and it is in force from its effective date', async () => {
    const from = plusDays(10);
    const created = await post(tokens.admin, '/versions', draft({ base: 70, effectiveFrom: from })).expect(201);
    const id = created.body.id as number;
    await backtested(id);
    // While a back-test runs (no result yet for the saved body), submitting is refused.
    const done = await versions().findOneByOrFail({ id });
    await versions().update({ id }, { backtest: null });
    const early = await post(tokens.admin, `/versions/${id}/submit`).expect(409);
    expect(early.body.error).toBe('scoringRulebook.errors.backtest_running');
    await versions().update({ id }, { backtest: done.backtest });
    await post(tokens.staff, `/versions/${id}/submit`).expect(403);
    const submitted = await post(tokens.admin, `/versions/${id}/submit`).expect(200);
    expect(submitted.body).toMatchObject({ status: 'pending', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Pending: no longer editable.
    await t.http().patch(`/api/v1/rulebook/versions/${id}`).set(bearer(tokens.admin)).send(draft({ version: created.body.version, effectiveFrom: from })).expect(409);
    // An admin (the author) cannot approve; a regulator recorded as the author neither.
    await post(tokens.admin, `/versions/${id}/approve`).expect(403);
    await versions().update({ id }, { createdById: regulatorId });
    const own = await post(tokens.regulator, `/versions/${id}/approve`).expect(403);
    expect(own.body.error).toBe('scoringRulebook.errors.ownVersion');
    // Another regulator approves.
    const approved = await post(tokens.otherRegulator, `/versions/${id}/approve`).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', upcoming: true, inForce: false });
    const entries = await auditEntries(t, { action: 'rulebook.approve', entityId: String(id) });
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].after ?? '{}')).toMatchObject({ sha256: submitted.body.sha256 });
    await post(tokens.otherRegulator, `/versions/${id}/approve`).expect(409);

    const dayBefore = await get(tokens.staff, `?asOf=${plusDays(9)}`).expect(200);
    expect(dayBefore.body).toMatchObject({ version: DEFAULT_RULEBOOK.version, rulebook: { base: 60 } });
    const onTheDay = await get(tokens.staff, `?asOf=${from}`).expect(200);
    expect(onTheDay.body).toMatchObject({ version: created.body.version, versionId: id, rulebook: { base: 70 } });
    expect((await t.get(RulebookService).inForce(plusDays(400))).version).toBe(created.body.version);
    expect((await t.get(RulebookService).inForce(today)).version).toBe(DEFAULT_RULEBOOK.version);
    expect((await t.get(RulebookService).current()).version).toBe(DEFAULT_RULEBOOK.version);
    expect((await t.get(RulebookService).versions()).map((v) => v.version)).toEqual([created.body.version, DEFAULT_RULEBOOK.version]);
    expect((await t.get(RulebookService).get(id))?.base).toBe(70);
  });

  it('a regulator rejects with a reason (required), audited', async () => {
    const created = await post(tokens.admin, '/versions', draft()).expect(201);
    const id = created.body.id as number;
    await backtested(id);
    await post(tokens.admin, `/versions/${id}/submit`).expect(200);
    const missing = await post(tokens.regulator, `/versions/${id}/reject`, { reason: '  ' }).expect(400);
    expect(Object.keys(missing.body.errors)).toEqual(['reason']);
    const res = await post(tokens.regulator, `/versions/${id}/reject`, { reason: '上限过宽' }).expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', decisionReason: '上限过宽' });
    expect(await auditEntries(t, { action: 'rulebook.reject', entityId: String(id) })).toHaveLength(1);
    expect(await auditEntries(t, { action: 'rulebook.submit', entityId: String(id) })).toHaveLength(1);
  });

  describe('pages', () => {
    it.each<['admin' | 'staff' | 'regulator']>([['admin'], ['staff'], ['regulator']])('/rulebook renders for %s, the version in force marked', async (who) => {
      const b = { admin, staff, regulator }[who];
      const res = await b.agent.get('/rulebook').expect(200);
      expect(res.text).toContain('data-in-force');
      expect(res.text.includes('href="/rulebook/versions/new"')).toBe(who === 'admin');
      const seeded = await versions().findOneByOrFail({ version: DEFAULT_RULEBOOK.version });
      const detail = await b.agent.get(`/rulebook/versions/${seeded.id}`).expect(200);
      expect(detail.text).toContain('data-item="N03"');
      expect(detail.text).toContain('data-bands');
    });

    it('officers are refused', async () => {
      await officer.agent.get('/rulebook').expect(403);
    });

    it('the editor: prefilled from a version, a wrong-sign cap shown beside its field, then saved and edited as a draft', async () => {
      const seeded = await versions().findOneByOrFail({ version: DEFAULT_RULEBOOK.version });
      const form = await admin.agent.get(`/rulebook/versions/new?from=${seeded.id}`).expect(200);
      expect(form.text).toContain('name="items.0.code" value="P01"');
      const fields = formOf(draft());
      const body: Record<string, string> = { ...fields.values };
      for (const r of fields.items) for (const [k, v] of Object.entries(r)) if (k !== 'row' && k !== 'remove') body[`items.${r.row}.${k}`] = String(v);
      for (const r of fields.overrides) for (const [k, v] of Object.entries(r)) if (k !== 'row' && k !== 'remove') body[`overrides.${r.row}.${k}`] = String(v);
      const n03 = fields.items.find((r) => r.code === 'N03')!.row;
      const before = await versions().count();
      const bad = await postForm(admin, '/rulebook/versions', { ...body, [`items.${n03}.cap`]: '10', 'grades.B.to': '86' }).expect(400);
      expect(fieldError(bad.text, `items.${n03}.cap`)).toBeTruthy();
      expect(fieldError(bad.text, 'grades.A.from')).toBeTruthy();
      expect(await versions().count()).toBe(before);
      const saved = await postForm(admin, '/rulebook/versions', body).expect(303);
      const id = Number(/\/rulebook\/versions\/(\d+)$/.exec(String(saved.headers.location))?.[1]);
      expect(id).toBeGreaterThan(0);
      const edit = await admin.agent.get(`/rulebook/versions/${id}/edit`).expect(200);
      expect(edit.text).toContain(`value="${body.version}"`);
      await postForm(admin, `/rulebook/versions/${id}`, { ...body, base: '62' }).expect(303);
      expect(JSON.parse((await versions().findOneByOrFail({ id })).body).base).toBe(62);
      expect(await auditEntries(t, { action: 'rulebook.draftUpdate', entityId: String(id) })).toHaveLength(1);
      await staff.agent.get(`/rulebook/versions/${id}/edit`).expect(403);
    });
  });
});
