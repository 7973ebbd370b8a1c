import { jest } from '@jest/globals';
import { AnnualReportEntity } from '../../src/findings/entities/annual-report.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { auditEntries, bearer, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

describe('findings: annual reports (P04)', () => {
  let t: TestApp;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let staff: Browser;
  let officerA: Browser;
  let tokens: Record<'regulator' | 'staff' | 'officerA' | 'evaluator', string>;
  let today: string;

  const reports = () => t.dataSource.getRepository(AnnualReportEntity);
  const post = (token: string, body: Record<string, unknown>) => t.http().post('/api/v1/annual-reports').set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    tenantA = await createTenant(t, { name: `年报甲${Date.now()}有限公司` });
    tenantB = await createTenant(t, { name: `年报乙${Date.now()}有限公司` });
    const reg = await loginAs(t, 'regulator');
    const st = await loginAs(t, 'park_staff');
    const offA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    const ev = await loginAs(t, 'evaluator');
    staff = st.browser;
    officerA = offA.browser;
    tokens = { regulator: await tokenFor(t, reg.user.id), staff: await tokenFor(t, st.user.id), officerA: await tokenFor(t, offA.user.id), evaluator: await tokenFor(t, ev.user.id) };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a report (201, audited) and answers a second one for the same tenant and year with the first (200, nothing written)', async () => {
    const first = await post(tokens.regulator, { tenantId: tenantA.id, year: 2024, filedOn: '2025-05-10' }).expect(201);
    expect(first.body).toMatchObject({ tenantId: tenantA.id, year: 2024, filedOn: '2025-05-10', source: 'api', created: true });
    const again = await post(tokens.staff, { uscc: tenantA.uscc.toLowerCase(), year: 2024, filedOn: '2025-06-01' }).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, filedOn: '2025-05-10', created: false });
    expect(await reports().countBy({ tenantId: tenantA.id, year: 2024 })).toBe(1);
    expect(await auditEntries(t, { action: 'annualReport.record', entityId: String(first.body.id) })).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['filed in the future', { year: 2025, filedOn: '2999-01-01' }, 'filedOn'],
    ['filed before its year ended', { year: 2025, filedOn: '2025-12-31' }, 'filedOn'],
    ['an invalid date', { year: 2025, filedOn: '2026-02-30' }, 'filedOn'],
    ['a year out of range', { year: 1999, filedOn: '2026-01-10' }, 'year'],
    ['no year', { filedOn: '2026-01-10' }, 'year'],
  ])('%s: a field error, nothing written', async (_name, over, field) => {
    const count = await reports().count();
    const res = await post(tokens.staff, { tenantId: tenantB.id, ...over }).expect(400);
    expect(Object.keys(res.body.errors)).toContain(field);
    expect(await reports().count()).toBe(count);
  });

  it('an unknown tenant is a field error; officers and evaluators may not record (403)', async () => {
    expect((await post(tokens.staff, { tenantId: 99999999, year: 2025, filedOn: '2026-03-01' }).expect(400)).body.errors).toHaveProperty('tenantId');
    expect((await post(tokens.staff, { uscc: '91310000MA1FL0000X', year: 2025, filedOn: '2026-03-01' }).expect(400)).body.errors).toHaveProperty('uscc');
    await post(tokens.officerA, { tenantId: tenantA.id, year: 2025, filedOn: '2026-03-01' }).expect(403);
    await post(tokens.evaluator, { tenantId: tenantA.id, year: 2025, filedOn: '2026-03-01' }).expect(403);
  });

  it('the page records and lists them; an officer sees only their own tenant’s', async () => {
    const page = await staff.agent.get('/findings/annual-reports').expect(200);
    expect(page.text).toContain('name="filedOn"');
    const bad = await postForm(staff, '/findings/annual-reports', { uscc: tenantB.uscc, year: '2025', filedOn: '2999-01-01' }).expect(400);
    expect(fieldError(bad.text, 'filedOn')).toBeTruthy();
    const res = await postForm(staff, '/findings/annual-reports', { uscc: tenantB.uscc, year: '2025', filedOn: today }).expect(303);
    expect(res.headers.location).toBe(`/findings/annual-reports?tenantId=${tenantB.id}`);
    const listed = await staff.agent.get(res.headers.location).expect(200);
    expect(listed.text).toContain(tenantB.name);
    const own = await t.http().get('/api/v1/annual-reports').set(bearer(tokens.officerA)).expect(200);
    expect(own.body.items.map((r: { tenantId: number }) => r.tenantId)).toEqual([tenantA.id]);
    const officerPage = await officerA.agent.get('/findings/annual-reports').expect(200);
    expect(officerPage.text).not.toContain(tenantB.name);
    expect(officerPage.text).not.toContain('name="filedOn"');
    await postForm(officerA, '/findings/annual-reports', { uscc: tenantA.uscc, year: '2025', filedOn: today }).expect(403);
  });
});
