import { jest } from '@jest/globals';
import { FindingRectificationEntity } from '../../src/findings/entities/finding-rectification.entity.js';
import { FindingEntity } from '../../src/findings/entities/finding.entity.js';
import { FindingFactsSource } from '../../src/findings/facts/finding-facts.source.js';
import { DEFAULT_RULEBOOK, type Rulebook } from '../../src/scoring/domain/rulebook.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

interface Fact { rule: string; recordType: string; recordId: number; date: string; detail: Record<string, unknown> }

/**
 * One park asked at several as-of dates. Findings are recorded through the API by the market
 * regulator; the rectification columns the rectification flow maintains are set directly.
 * - T1: a general fine 2026-03-10 (published to 2027-03-10) with rectification by 2026-04-30, verified
 *   on time (evidence 2026-04-20, verified 2026-05-05); annual report 2025 filed 2026-05-20.
 * - T2: an abnormal-operations listing 2026-02-01 ended 2026-08-01; a substantiated complaint 2026-03-01;
 *   an unsubstantiated complaint; annual report 2025 filed late (2026-07-15).
 * - T3: an inspection result 2026-01-05 with rectification by 2026-02-28 never done (overdue);
 *   a second one by 2026-03-31 whose evidence came on time and awaits verification.
 * - T4: nothing at all (P03).
 */
describe('findings: score facts (P03 P04 P05 N04 N05 N06 N08)', () => {
  let t: TestApp;
  let T: TenantEntity[];
  let regulator: string;
  let staff: string;
  const id: Record<string, number> = {};
  let seq = 0;

  const record = async (tenant: TenantEntity, over: Record<string, unknown>): Promise<number> => {
    const res = await t.http().post('/api/v1/findings').set(bearer(regulator)).send({
      tenantId: tenant.id, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: `事实测试${++seq}`, legalBasis: '某条例',
      decisionNo: `事实〔2026〕${Date.now()}-${seq}`, description: '说明', ...over,
    });
    if (res.status !== 201) throw new Error(`recording: ${res.status} ${res.text}`);
    return res.body.id as number;
  };
  const factsOf = async (tenant: TenantEntity, asOf: string): Promise<string[]> => {
    const res = await t.http().get(`/api/v1/tenants/${tenant.id}/facts?asOf=${asOf}`).set(bearer(staff)).expect(200);
    return (res.body.facts as Fact[]).filter((f) => /^(P03|P04|P05|N04|N05|N06|N08)$/.test(f.rule)).map((f) => `${f.rule}:${f.recordType}:${f.recordId}`).sort();
  };

  beforeAll(async () => {
    t = await createTestApp();
    T = [];
    for (let i = 1; i <= 4; i++) T.push(await createTenant(t, { name: `事实${i}号${Date.now()}有限公司` }));
    regulator = await tokenFor(t, (await createUser(t, 'regulator', { departmentId: 1 })).id);
    staff = await tokenFor(t, (await createUser(t, 'park_staff')).id);
    const findings = t.dataSource.getRepository(FindingEntity);

    id.fine = await record(T[0], { decisionDate: '2026-03-10', rectificationRequired: true, rectifyBy: '2026-04-30' });
    await findings.update({ id: id.fine }, { rectificationStatus: 'verified', rectifiedOn: '2026-04-20', verifiedOn: '2026-05-05' });
    id.listing = await record(T[1], { type: 'abnormal_operations', abnormalCause: 'missing_annual_report', decisionDate: '2026-02-01' });
    await t.http().post(`/api/v1/findings/${id.listing}/end`).set(bearer(regulator)).send({ endedOn: '2026-08-01', reason: '已补报' }).expect(200);
    id.complaint = await record(T[1], { type: 'complaint', severity: 'minor', penaltyKind: null, decisionDate: '2026-03-01', substantiated: true });
    id.unfounded = await record(T[1], { type: 'complaint', severity: 'minor', penaltyKind: null, decisionDate: '2026-03-02', substantiated: false });
    id.overdue = await record(T[2], { type: 'inspection', severity: 'minor', penaltyKind: null, decisionDate: '2026-01-05', rectificationRequired: true, rectifyBy: '2026-02-28' });
    id.pending = await record(T[2], { type: 'inspection', severity: 'minor', penaltyKind: null, decisionDate: '2026-01-06', rectificationRequired: true, rectifyBy: '2026-03-31' });
    await findings.update({ id: id.pending }, { rectificationStatus: 'submitted' });
    await t.dataSource.getRepository(FindingRectificationEntity).insert({
      findingId: id.pending, tenantId: T[2].id, statement: '已整改', submittedById: 1, submittedAt: new Date('2026-03-30T02:00:00Z'), submittedOn: '2026-03-30',
    });
    const report = async (tenant: TenantEntity, filedOn: string) => {
      const res = await t.http().post('/api/v1/annual-reports').set(bearer(regulator)).send({ uscc: tenant.uscc, year: 2025, filedOn }).expect(201);
      return res.body.id as number;
    };
    id.report1 = await report(T[0], '2026-05-20');
    id.report2 = await report(T[1], '2026-07-15');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each<[string, number, string, string[]]>([
    ['T1 before its fine: clean, no report yet', 0, '2026-03-09', ['P03:tenant:T1']],
    ['T1 after the report and the verification', 0, '2026-06-01', ['N04:finding:fine', 'P04:annual_report:report1', 'P05:finding:fine']],
    ['T1 a year after the fine: the period ended (exclusive), P03 again, the verification still in its window', 0, '2027-03-10', ['P03:tenant:T1', 'P05:finding:fine']],
    ['T2 while listed, with a substantiated complaint', 1, '2026-06-01', ['N06:finding:listing', 'N08:finding:complaint']],
    ['T2 after the listing ended; the late report is no P04', 1, '2026-08-01', ['N08:finding:complaint']],
    ['T3: overdue and pending on time', 2, '2026-04-15', ['N05:finding:overdue']],
    ['T3 before the first deadline passed', 2, '2026-02-28', []],
    ['T4: nothing on file', 3, '2026-06-01', ['P03:tenant:T4']],
  ])('%s', async (_name, index, asOf, expected) => {
    const resolve = (s: string) => s.replace(/:(T\d)$/, (_m, x: string) => `:${T[Number(x.slice(1)) - 1].id}`).replace(/:([a-z]+\d?)$/, (m, k: string) => (k in id ? `:${id[k]}` : m));
    expect(await factsOf(T[index], asOf)).toEqual(expected.map(resolve).sort());
  });

  it('facts carry their record and the detail a person recognises', async () => {
    const res = await t.http().get(`/api/v1/tenants/${T[0].id}/facts?asOf=2026-06-01`).set(bearer(staff)).expect(200);
    const n04 = (res.body.facts as Fact[]).find((f) => f.rule === 'N04')!;
    expect(n04).toMatchObject({ recordType: 'finding', recordId: id.fine, date: '2026-03-10', detail: { severity: 'general', department: 'market', publicityEndsOn: '2027-03-10' } });
    const p04 = (res.body.facts as Fact[]).find((f) => f.rule === 'P04')!;
    expect(p04).toMatchObject({ recordId: id.report1, date: '2026-05-20', detail: { year: 2025, dueOn: '2026-06-30' } });
  });

  it('takes the windows and P04’s due date from the rulebook it is given, for many tenants at once', async () => {
    const rulebook: Rulebook = {
      ...DEFAULT_RULEBOOK,
      items: { ...DEFAULT_RULEBOOK.items, P04: { ...DEFAULT_RULEBOOK.items.P04, params: { dueMonthDay: '07-31' } }, P03: { ...DEFAULT_RULEBOOK.items.P03, windowMonths: 1 } },
    };
    const out = await t.get(FindingFactsSource).factsFor(T.map((x) => x.id), '2026-08-15', rulebook);
    expect([...out.keys()]).toEqual(T.map((x) => x.id));
    expect(out.get(T[1].id)!.map((f) => f.rule)).toContain('P04');
    // A one-month window: T1's fine (March) no longer breaks P03.
    expect(out.get(T[0].id)!.map((f) => f.rule)).toContain('P03');
  });

  it('answers the same for a sparse set of tenants (an id list) as for a dense one (an id range)', async () => {
    const source = t.get(FindingFactsSource);
    const rules = (m: Map<number, { rule: string; recordId: number }[]>, id: number) => m.get(id)!.map((f) => `${f.rule}:${f.recordId}`);
    const dense = await source.factsFor(T.map((x) => x.id), '2026-06-01', DEFAULT_RULEBOOK);
    const sparse = await source.factsFor([T[0].id, T[2].id, 1_000_000], '2026-06-01', DEFAULT_RULEBOOK);
    expect(rules(sparse, T[0].id)).toEqual(rules(dense, T[0].id));
    expect(rules(sparse, T[2].id)).toEqual(rules(dense, T[2].id));
    expect(sparse.has(T[1].id)).toBe(false);
    // A range with a gap: the tenant in between, not asked for, is left out.
    const gap = await source.factsFor([T[0].id, T[2].id], '2026-06-01', DEFAULT_RULEBOOK);
    expect([...gap.keys()].sort()).toEqual([T[0].id, T[2].id].sort());
    expect(rules(gap, T[2].id)).toEqual(rules(dense, T[2].id));
    expect(rules(dense, T[1].id).length).toBeGreaterThan(0);
  });
});
