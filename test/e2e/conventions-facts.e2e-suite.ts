import { jest } from '@jest/globals';
import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import type { ConventionKind } from '../../src/conventions/domain/convention.rules.js';
import { BreachEntity } from '../../src/conventions/entities/breach.entity.js';
import { ConventionClauseEntity } from '../../src/conventions/entities/convention-clause.entity.js';
import { SignatureEntity } from '../../src/conventions/entities/signature.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { ConventionFactsSource } from '../../src/conventions/facts/convention-facts.source.js';
import { DEFAULT_RULEBOOK, type Rulebook } from '../../src/scoring/domain/rulebook.js';
import { FactsService } from '../../src/scoring/core/facts.service.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, tokenFor, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

/**
 * One scenario, asked at several as-of dates. Publication and signing times are fixed in the past
 * (park zone Asia/Shanghai, UTC+8):
 * - management convention v1 published 2025-01-10 10:00 → deadline 2025-02-09; v2 published 2025-06-01 → deadline 2025-07-01.
 * - credit commitment published 2025-01-10 10:00.
 * - T1 signs v1 on time and the commitment; T2 never signs; T3 signs v1 late (2025-02-20);
 *   T4 signs v1 at 23:30 on the deadline (15:30 UTC), T5 at 00:30 the day after (still the deadline in UTC).
 * - T1 breaches on 2025-02-01 and 2025-06-01.
 */
describe('conventions: score facts (P01, P02, N01, N02, D01)', () => {
  let t: TestApp;
  let facts: ConventionFactsSource;
  let T: TenantEntity[];
  let v1: number;
  let v2: number;
  let com: number;
  const sig: Record<string, number> = {};
  const ob: Record<string, number> = {};
  let b1: number;
  let b3: number;

  const at = (local: string) => new Date(`${local}+08:00`);

  async function publishAt(kind: ConventionKind, title: string, when: Date): Promise<{ conventionId: number; versionId: number }> {
    const authoring = t.get(AuthoringService);
    const created = await authoring.createConvention({
      kind, title, titleEn: null, effectiveDate: '2025-01-01', signingPeriodDays: 30,
      clauses: [{ number: '1', category: 'law', customCategory: null, textZh: '遵守法律法规。', textEn: null }],
    }, TEST_ACTOR);
    await authoring.publish(created.versionId, TEST_ACTOR, when);
    return created;
  }

  async function obligationOf(versionId: number, tenant: TenantEntity): Promise<number> {
    return (await t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ versionId, tenantId: tenant.id })).id;
  }

  let codeSeq = 0;
  async function signAt(versionId: number, tenant: TenantEntity, when: Date): Promise<number> {
    const obligationId = await obligationOf(versionId, tenant);
    const repo = t.dataSource.getRepository(SignatureEntity);
    const s = await repo.save(repo.create({
      obligationId, versionId, tenantId: tenant.id, method: 'online', signerName: '签署人', signerTitle: '合规专员', userId: null, signedAt: when,
      ip: null, userAgent: null, textSha256: 'b'.repeat(64), verificationCode: `F${Date.now() % 1e9}${++codeSeq}`, paperReason: null, recordedById: null,
    }));
    await t.dataSource.getRepository(SigningObligationEntity).update({ id: obligationId }, { signatureId: s.id });
    return s.id;
  }

  /** A breach staff confirmed on the day it occurred (only confirmed breaches are N02 facts, dated at the confirmation). */
  async function breach(tenant: TenantEntity, versionId: number, occurredOn: string, over: Partial<BreachEntity> = {}): Promise<number> {
    const clause = await t.dataSource.getRepository(ConventionClauseEntity).findOneByOrFail({ versionId });
    const repo = t.dataSource.getRepository(BreachEntity);
    return (await repo.save(repo.create({
      tenantId: tenant.id, versionId, clauseId: clause.id, occurredOn, description: '违约', recordedById: null,
      status: 'confirmed', decidedOn: occurredOn, decidedAt: new Date(`${occurredOn}T02:00:00Z`), decisionReason: '证据确凿', ...over,
    }))).id;
  }

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    facts = t.get(ConventionFactsSource);
    T = [];
    for (let i = 0; i < 5; i++) T.push(await createTenant(t));
    const mgmt = await publishAt('management', '园区管理公约', at('2025-01-10T10:00:00'));
    v1 = mgmt.versionId;
    com = (await publishAt('commitment', '信用承诺书', at('2025-01-10T10:00:00'))).versionId;
    sig.t1v1 = await signAt(v1, T[0], at('2025-01-20T09:00:00'));
    sig.t1com = await signAt(com, T[0], at('2025-01-12T09:00:00'));
    sig.t3v1 = await signAt(v1, T[2], at('2025-02-20T09:00:00'));
    sig.t4v1 = await signAt(v1, T[3], at('2025-02-09T23:30:00'));
    sig.t5v1 = await signAt(v1, T[4], at('2025-02-10T00:30:00'));
    ob.t2v1 = await obligationOf(v1, T[1]);
    ob.t3v1 = await obligationOf(v1, T[2]);
    b1 = await breach(T[0], v1, '2025-02-01');
    // Supersede: v2 of the management convention, published 2025-06-01.
    const draft = await t.get(AuthoringService).newDraft(mgmt.conventionId, TEST_ACTOR);
    await t.get(AuthoringService).publish(draft.id, TEST_ACTOR, at('2025-06-01T10:00:00'));
    v2 = draft.id;
    for (const [i, tenant] of T.entries()) ob[`t${i + 1}v2`] = await obligationOf(v2, tenant);
    b3 = await breach(T[0], v2, '2025-06-01');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** `rule:recordType:recordId` per tenant (T1…T5), in the service's order. */
  /** The default rulebook, with another breach window (N02) when asked. */
  function rulebook(months?: number): Rulebook {
    if (months === undefined) return DEFAULT_RULEBOOK;
    return { ...DEFAULT_RULEBOOK, items: { ...DEFAULT_RULEBOOK.items, N02: { ...DEFAULT_RULEBOOK.items.N02, windowMonths: months } } };
  }

  async function factsAsOf(asOf: string, months?: number): Promise<string[][]> {
    const map = await facts.factsFor(T.map((x) => x.id), asOf, rulebook(months));
    return T.map((x) => (map.get(x.id) ?? []).map((f) => `${f.rule}:${f.recordType}:${f.recordId}`));
  }

  it('before publication: no facts for anyone', async () => {
    expect(await factsAsOf('2025-01-09')).toEqual([[], [], [], [], []]);
  });

  it('on publication day, before any deadline: only signatures made by then', async () => {
    expect(await factsAsOf('2025-01-10')).toEqual([[], [], [], [], []]);
    // D01: a signature on file (the latest by then), beside what it earns.
    expect(await factsAsOf('2025-01-12')).toEqual([[`D01:signature:${sig.t1com}`, `P02:signature:${sig.t1com}`], [], [], [], []]);
  });

  it('after the deadline: P01 for on-time signatures (park-zone day), N01 for the unsigned, nothing for late signers (but D01: a signature on file)', async () => {
    expect(await factsAsOf('2025-03-01')).toEqual([
      [`D01:signature:${sig.t1v1}`, `N02:breach:${b1}`, `P01:signature:${sig.t1v1}`, `P02:signature:${sig.t1com}`],
      [`N01:obligation:${ob.t2v1}`],
      [`D01:signature:${sig.t3v1}`],
      [`D01:signature:${sig.t4v1}`, `P01:signature:${sig.t4v1}`],
      [`D01:signature:${sig.t5v1}`],
    ]);
  });

  it('a signature made after the as-of date does not count yet', async () => {
    const [, t2, t3] = await factsAsOf('2025-02-15');
    expect(t2).toEqual([`N01:obligation:${ob.t2v1}`]);
    expect(t3).toEqual([`N01:obligation:${ob.t3v1}`]);
  });

  it('after a supersede: the new version counts (unsigned, then overdue); the old signatures no longer do', async () => {
    // The signatures of the old version stay on file (D01): data for the M grade, no points. T1's names
    // its signature of a current version (the commitment), the others' their latest older one.
    expect(await factsAsOf('2025-06-15')).toEqual([
      [`D01:signature:${sig.t1com}`, `N02:breach:${b1}`, `N02:breach:${b3}`, `P02:signature:${sig.t1com}`], [], [`D01:signature:${sig.t3v1}`], [`D01:signature:${sig.t4v1}`], [`D01:signature:${sig.t5v1}`],
    ]);
    expect(await factsAsOf('2025-07-05')).toEqual([
      [`D01:signature:${sig.t1com}`, `N01:obligation:${ob.t1v2}`, `N02:breach:${b1}`, `N02:breach:${b3}`, `P02:signature:${sig.t1com}`],
      [`N01:obligation:${ob.t2v2}`], [`D01:signature:${sig.t3v1}`, `N01:obligation:${ob.t3v2}`], [`D01:signature:${sig.t4v1}`, `N01:obligation:${ob.t4v2}`], [`D01:signature:${sig.t5v1}`, `N01:obligation:${ob.t5v2}`],
    ]);
    // The day before the supersede, v1 is still the current version.
    expect((await factsAsOf('2025-05-31'))[3]).toEqual([`D01:signature:${sig.t4v1}`, `P01:signature:${sig.t4v1}`]);
  });

  it('breaches count within 12 months up to the as-of date (start exclusive); the window is the rulebook\'s', async () => {
    expect((await factsAsOf('2026-02-01'))[0]).toEqual([`D01:signature:${sig.t1com}`, `N01:obligation:${ob.t1v2}`, `N02:breach:${b3}`, `P02:signature:${sig.t1com}`]);
    expect((await factsAsOf('2026-01-31'))[0]).toContain(`N02:breach:${b1}`);
    expect((await factsAsOf('2025-07-05', 3))[0]).toEqual([`D01:signature:${sig.t1com}`, `N01:obligation:${ob.t1v2}`, `N02:breach:${b3}`, `P02:signature:${sig.t1com}`]);
    expect((await factsAsOf('2025-05-31'))[0]).not.toContain(`N02:breach:${b3}`);
  });

  it('is set-based over chunks of 5,000 tenants: every id gets an entry, results unchanged', async () => {
    const ids = [T[0].id, ...Array.from({ length: 10_100 }, (_, i) => 10_000_000 + i), T[1].id];
    const map = await facts.factsFor(ids, '2025-03-01', DEFAULT_RULEBOOK);
    expect(map.size).toBe(ids.length);
    expect(map.get(T[0].id)!.map((f) => f.rule)).toEqual(['D01', 'N02', 'P01', 'P02']);
    expect(map.get(T[1].id)!.map((f) => f.recordId)).toEqual([ob.t2v1]);
    expect(map.get(10_000_000)).toEqual([]);
    expect((await facts.factsFor([], '2025-03-01', DEFAULT_RULEBOOK)).size).toBe(0);
  });

  it('D01 across chunks of 5,000 tenants: the latest signature of a current version by the end of the as-of day (park zone), else the latest older one', async () => {
    const ids = [...T.map((x) => x.id), ...Array.from({ length: 10_100 }, (_, i) => 20_000_000 + i)];
    const d01 = (m: Map<number, { rule: string; recordId: number }[]>) => T.map((x) => m.get(x.id)!.filter((f) => f.rule === 'D01').map((f) => f.recordId));
    const many = await facts.factsFor(ids, '2025-02-10', DEFAULT_RULEBOOK);
    expect(many.size).toBe(ids.length);
    // T5 signed at 00:30 park time on the 10th: on file as of the 10th, not as of the 9th.
    expect(d01(many)).toEqual([[sig.t1v1], [], [], [sig.t4v1], [sig.t5v1]]);
    expect(d01(await facts.factsFor(T.map((x) => x.id), '2025-02-10', DEFAULT_RULEBOOK))).toEqual(d01(many));
    expect(d01(await facts.factsFor(T.map((x) => x.id), '2025-02-09', DEFAULT_RULEBOOK))).toEqual([[sig.t1v1], [], [], [sig.t4v1], []]);
    // After the supersede nobody signed v2: D01 is the latest signature of the old version (T1 still has a current one, its commitment).
    expect(d01(await facts.factsFor(ids, '2025-07-05', DEFAULT_RULEBOOK))).toEqual([[sig.t1com], [], [sig.t3v1], [sig.t4v1], [sig.t5v1]]);
  });

  it('GET /api/v1/tenants/:id/facts: every source\'s facts; staff and regulators any tenant, an officer only their own', async () => {
    const staff = await tokenFor(t, (await createUser(t, 'park_staff')).id);
    const regulator = await tokenFor(t, (await createUser(t, 'regulator')).id);
    const own = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: T[0].id })).id);
    const other = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: T[1].id })).id);
    const evaluator = await tokenFor(t, (await createUser(t, 'evaluator')).id);
    const path = `/api/v1/tenants/${T[0].id}/facts?asOf=2025-03-01`;

    const res = await t.http().get(path).set(bearer(staff)).expect(200);
    expect(res.body).toEqual({
      tenantId: T[0].id, asOf: '2025-03-01',
      facts: [
        // Zero points: a signature on file, for the M grade (the latest one by then).
        { rule: 'D01', recordType: 'signature', recordId: sig.t1v1, date: '2025-01-20', detail: { signedOn: '2025-01-20' } },
        { rule: 'N02', recordType: 'breach', recordId: b1, date: '2025-02-01', detail: { occurredOn: '2025-02-01', confirmedOn: '2025-02-01', versionId: v1, clauseId: expect.any(Number) } },
        { rule: 'P01', recordType: 'signature', recordId: sig.t1v1, date: '2025-01-20', detail: { versionId: v1, title: '园区管理公约', deadline: '2025-02-09', signedOn: '2025-01-20' } },
        { rule: 'P02', recordType: 'signature', recordId: sig.t1com, date: '2025-01-12', detail: { versionId: com, title: '信用承诺书', deadline: '2025-02-09', signedOn: '2025-01-12' } },
        // The other pillars answer too: no regulator finding in the 12 months (findings, P03).
        { rule: 'P03', recordType: 'tenant', recordId: T[0].id, date: '2025-03-01', detail: { windowFrom: '2024-03-02' } },
      ],
    });
    await t.http().get(path).set(bearer(regulator)).expect(200);
    await t.http().get(path).set(bearer(own)).expect(200);
    await t.http().get(path).set(bearer(other)).expect(404);
    await t.http().get(path).set(bearer(evaluator)).expect(403);
    await t.http().get(path).expect(401);
    const bad = await t.http().get(`/api/v1/tenants/${T[0].id}/facts?asOf=2025-02-30`).set(bearer(staff)).expect(400);
    expect(bad.body.errors.asOf).toBeDefined();
    await t.http().get('/api/v1/tenants/99999999/facts').set(bearer(staff)).expect(404);
    const today = await t.http().get(`/api/v1/tenants/${T[0].id}/facts`).set(bearer(own)).expect(200);
    expect(today.body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('the scoring port merges the conventions source, discovered at boot, with the same facts', async () => {
    const merged = await t.get(FactsService).factsFor(T.map((x) => x.id), '2025-03-01');
    const direct = await facts.factsFor(T.map((x) => x.id), '2025-03-01', DEFAULT_RULEBOOK);
    // The merge holds every source's facts; those of the conventions rules are the conventions source's, unchanged.
    const conventionsRules = new Set(['P01', 'P02', 'N01', 'N02', 'D01']);
    const ofConventions = (tenantId: number) => merged.get(tenantId)!.filter((f) => conventionsRules.has(f.rule)).map((f) => `${f.rule}:${f.recordId}`).sort();
    for (const tenant of T) expect(ofConventions(tenant.id)).toEqual(direct.get(tenant.id)!.map((f) => `${f.rule}:${f.recordId}`).sort());
    expect(ofConventions(T[0].id)).toHaveLength(4);
    expect(merged.get(T[0].id)!.map((f) => f.rule)).toContain('P03');
  });
});
