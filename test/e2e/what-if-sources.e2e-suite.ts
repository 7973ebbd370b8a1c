import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ContributionRegistry } from '../../src/common/contributions/contribution-registry.js';
import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import type { ConventionKind } from '../../src/conventions/domain/convention.rules.js';
import { SignatureEntity } from '../../src/conventions/entities/signature.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { FindingRectificationEntity } from '../../src/findings/entities/finding-rectification.entity.js';
import { FindingEntity } from '../../src/findings/entities/finding.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import type { Locale } from '../../src/i18n/messages/index.js';
import { FactsService } from '../../src/scoring/core/facts.service.js';
import { RulebookService } from '../../src/scoring/core/rulebook.service.js';
import { addDays } from '../../src/scoring/domain/score-window.js';
import { WHAT_IF_SOURCES, type WhatIfOption } from '../../src/scoring/what-if/what-if-source.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import type { AttendanceMark } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingAttendanceEntity } from '../../src/trainings/entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../../src/trainings/entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../../src/trainings/entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../../src/trainings/entities/training-session.entity.js';
import { bearer } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, tokenFor, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const DAY = 86_400_000;

interface Body { total: number; contributions: { rule: string; points: number; source: { type: string; id: number } }[] }

/**
 * The pillars' what-if options, relative to today (park zone Asia/Shanghai), for tenant T:
 * - conventions: a management convention published 40 days ago (deadline 10 days ago, unsigned: N01),
 *   another published 5 days ago (deadline in 25 days), a credit commitment published 5 days ago.
 * - findings: a rectification overdue 10 days (N05), one due in 20 days, one due 3 days ago whose
 *   evidence came 5 days ago and awaits verification (no N05).
 * - trainings: required sessions 30, 25 and 20 days ago (present, present, absent: 2/3, no P07);
 *   upcoming in 2 and 7 days (invited), in 5 days (excused: not offered), in 9 days (not invited).
 * U: a P07 already (3/4 = 75 %), invited to the session in 2 days: the option replaces its P07.
 */
describe('what-if sources of the pillars (sign, rectify, attend)', () => {
  let t: TestApp;
  let T: TenantEntity;
  let U: TenantEntity;
  let today: string;
  let officer: string;
  let otherOfficer: string;
  const id: Record<string, number> = {};
  const S: Record<string, TrainingSessionEntity> = {};

  async function publishAt(kind: ConventionKind, title: string, when: Date): Promise<number> {
    const authoring = t.get(AuthoringService);
    const created = await authoring.createConvention({
      kind, title, titleEn: `${title} (en)`, effectiveDate: '2025-01-01', signingPeriodDays: 30,
      clauses: [{ number: '1', category: 'law', customCategory: null, textZh: '遵守法律法规。', textEn: null }],
    }, TEST_ACTOR);
    await authoring.publish(created.versionId, TEST_ACTOR, when);
    return created.versionId;
  }
  const obligationOf = async (versionId: number, tenant: TenantEntity) => (await t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ versionId, tenantId: tenant.id })).id;

  async function session(key: string, daysFromNow: number) {
    const startsAt = new Date(Math.floor((Date.now() + daysFromNow * DAY) / 60_000) * 60_000);
    const repo = t.dataSource.getRepository(TrainingSessionEntity);
    S[key] = await repo.save(repo.create({
      title: `合规讲座 ${key}`, kind: 'law_lecture', hostDepartmentId: null, hostTenantId: null, speaker: '李律师', speakerTenantId: null,
      startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), location: '园区会议中心', capacity: null, audience: 'tenants',
      audienceFilter: null, status: 'scheduled', cancelReason: null, checkinSecret: randomBytes(20).toString('hex'), absencesMarkedAt: null, createdBy: 1,
    }));
  }
  const invite = (key: string, tenant: TenantEntity) => t.dataSource.getRepository(TrainingInvitationEntity).insert({ sessionId: S[key].id, tenantId: tenant.id });
  const mark = (key: string, tenant: TenantEntity, m: AttendanceMark) =>
    t.dataSource.getRepository(TrainingAttendanceEntity).insert({ sessionId: S[key].id, tenantId: tenant.id, mark: m, source: 'roll_call', markedBy: null, markedAt: S[key].startsAt });

  let regulator: string;
  let seq = 0;
  const record = async (over: Record<string, unknown>): Promise<number> => {
    const res = await t.http().post('/api/v1/findings').set(bearer(regulator)).send({
      tenantId: T.id, type: 'inspection', severity: 'minor', penaltyKind: null, title: `假设整改${++seq}`, legalBasis: '某条例',
      decisionNo: `假设〔2026〕${Date.now()}-${seq}`, description: '说明', rectificationRequired: true, ...over,
    });
    if (res.status !== 201) throw new Error(`recording: ${res.status} ${res.text}`);
    return res.body.id as number;
  };

  /** Every pillar's options for a tenant, straight from the contributions (as the score service gathers them). */
  async function options(tenant: TenantEntity, locale: Locale = 'zh-CN'): Promise<WhatIfOption[]> {
    const rulebook = await t.get(RulebookService).inForce(today);
    const facts = (await t.get(FactsService).factsFor([tenant.id], today, rulebook)).get(tenant.id) ?? [];
    const lists = await Promise.all(t.get(ContributionRegistry).of(WHAT_IF_SOURCES).map((s) => s.fn(tenant.id, today, rulebook, facts, locale)));
    return lists.flat();
  }
  const byKey = (list: WhatIfOption[], key: string) => {
    const o = list.find((x) => x.key === key);
    if (!o) throw new Error(`no option ${key} among ${list.map((x) => x.key).join(', ')}`);
    return o;
  };
  const shape = (o: WhatIfOption) => ({
    action: o.action, link: o.link, source: o.source,
    remove: o.remove.map((k) => `${k.rule}:${k.recordType}:${k.recordId}`), add: o.add.map((f) => `${f.rule}:${f.recordType}:${f.recordId}@${f.date}`),
  });
  const whatIf = async (keys: string[], token = officer) =>
    (await t.http().post(`/api/v1/tenants/${T.id}/score/what-if`).set(bearer(token)).send({ options: keys }).expect(200)).body as { current: Body; whatIf: Body; delta: number };

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    today = t.get(I18nService).today();
    T = await createTenant(t, { name: `假设甲${Date.now()}有限公司` });
    U = await createTenant(t, { name: `假设乙${Date.now()}有限公司` });
    officer = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: T.id })).id);
    otherOfficer = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: U.id })).id);
    regulator = await tokenFor(t, (await createUser(t, 'regulator', { departmentId: 1 })).id);

    // Conventions (published at 10:00 park time, N days ago).
    const at = (days: number) => new Date(`${addDays(today, -days)}T10:00:00+08:00`);
    id.lateVersion = await publishAt('management', '园区管理公约', at(40));
    id.dueVersion = await publishAt('management', '安全生产公约', at(5));
    id.commitmentVersion = await publishAt('commitment', '信用承诺书', at(5));
    id.late = await obligationOf(id.lateVersion, T);
    id.due = await obligationOf(id.dueVersion, T);
    id.commitment = await obligationOf(id.commitmentVersion, T);

    // Findings.
    id.overdue = await record({ decisionDate: addDays(today, -40), rectifyBy: addDays(today, -10) });
    id.open = await record({ decisionDate: addDays(today, -10), rectifyBy: addDays(today, 20) });
    id.pending = await record({ decisionDate: addDays(today, -30), rectifyBy: addDays(today, -3) });
    await t.dataSource.getRepository(FindingEntity).update({ id: id.pending }, { rectificationStatus: 'submitted' });
    await t.dataSource.getRepository(FindingRectificationEntity).insert({
      findingId: id.pending, tenantId: T.id, statement: '已整改', submittedById: 1, submittedAt: new Date(Date.now() - 5 * DAY), submittedOn: addDays(today, -5),
    });

    // Trainings.
    for (const [key, days] of [['P1', -30], ['P2', -25], ['P3', -20], ['P4', -15], ['N1', 2], ['N2', 5], ['N3', 7], ['N4', 9]] as const) await session(key, days);
    for (const key of ['P1', 'P2', 'P3', 'N1', 'N2', 'N3']) await invite(key, T);
    await mark('P1', T, 'present'); await mark('P2', T, 'present'); await mark('P3', T, 'absent');
    await t.dataSource.getRepository(TrainingExcuseEntity).insert({
      sessionId: S.N2.id, tenantId: T.id, reason: '出差', status: 'approved', requestedBy: 1, requestedAt: new Date(), decidedBy: 1, decidedAt: new Date(), decisionNote: null,
    });
    for (const key of ['P1', 'P2', 'P3', 'P4', 'N1']) await invite(key, U);
    await mark('P1', U, 'present'); await mark('P2', U, 'present'); await mark('P3', U, 'present'); await mark('P4', U, 'absent');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the three pillars contribute a what-if source, discovered at boot', () => {
    expect(t.get(ContributionRegistry).of(WHAT_IF_SOURCES).map((s) => s.meta.name).sort()).toEqual(expect.arrayContaining(['conventions', 'findings', 'trainings']));
  });

  it('conventions "sign": the overdue one loses its N01 (late: no P01), the one still due earns P01, the commitment P02; each a first signature on file (D01)', async () => {
    const list = await options(T);
    expect(shape(byKey(list, `conventions:obligation:${id.late}`))).toEqual({
      action: 'sign', link: `/conventions/obligations/${id.late}`, source: { type: 'obligation', id: id.late },
      remove: [`N01:obligation:${id.late}`], add: [`D01:obligation:${id.late}@${today}`],
    });
    expect(shape(byKey(list, `conventions:obligation:${id.due}`)).add).toEqual([`D01:obligation:${id.due}@${today}`, `P01:obligation:${id.due}@${today}`]);
    expect(shape(byKey(list, `conventions:obligation:${id.commitment}`))).toMatchObject({ remove: [], add: [`D01:obligation:${id.commitment}@${today}`, `P02:obligation:${id.commitment}@${today}`] });
    expect(byKey(list, `conventions:obligation:${id.late}`).label).toBe(`补签「园区管理公约」（已于 ${addDays(today, -10)} 逾期）`);
    expect(byKey(list, `conventions:obligation:${id.due}`).label).toBe(`签署「安全生产公约」（截止 ${addDays(today, 25)}）`);
    expect(byKey(await options(T, 'en'), `conventions:obligation:${id.due}`).label).toBe(`Sign “安全生产公约 (en)” (due ${addDays(today, 25)})`);
  });

  it('findings "rectify": the overdue one loses its N05 (late: no P05), the one not yet due earns P05, evidence sent in time and verified earns P05', async () => {
    const list = await options(T);
    expect(shape(byKey(list, `findings:finding:${id.overdue}`))).toEqual({
      action: 'rectify', link: `/findings/${id.overdue}/rectification`, source: { type: 'finding', id: id.overdue },
      remove: [`N05:finding:${id.overdue}`], add: [],
    });
    expect(shape(byKey(list, `findings:finding:${id.open}`))).toMatchObject({ remove: [], add: [`P05:finding:${id.open}@${today}`] });
    expect(shape(byKey(list, `findings:finding:${id.pending}`))).toMatchObject({ remove: [], add: [`P05:finding:${id.pending}@${today}`] });
    expect(byKey(list, `findings:finding:${id.open}`).label).toMatch(/^完成整改：假设整改\d+（假设〔2026〕.+，整改期限 \d{4}-\d{2}-\d{2}）$/);
    expect(byKey(list, `findings:finding:${id.pending}`).label).toMatch(/^整改材料通过核验：/);
    expect(byKey(await options(T, 'en'), `findings:finding:${id.open}`).label).toMatch(/^Complete the rectification: /);
  });

  it('trainings "attend": the upcoming required sessions not excused, each raising the rate to 3/4 = 75 % (P07, one rate record for all)', async () => {
    const list = (await options(T)).filter((o) => o.action === 'attend');
    expect(list.map((o) => o.key)).toEqual([`trainings:training_session:${S.N1.id}`, `trainings:training_session:${S.N3.id}`]);
    for (const o of list) {
      expect(shape(o)).toMatchObject({ link: '/trainings/my', remove: [], add: [`P07:training_attendance:${S.N1.id}@${today}`] });
      expect(o.add[0].detail).toEqual({ rate: 75, attended: 3, required: 4, threshold: 75 });
    }
    expect(list[0].label).toBe(`参加必修培训：合规讲座 N1（${addDays(today, 2)}）`);
  });

  it('trainings "attend" replaces an existing P07 by the new rate', async () => {
    const [o] = (await options(U)).filter((x) => x.action === 'attend');
    expect(shape(o)).toMatchObject({ remove: [`P07:training_attendance:${S.P4.id}`], add: [`P07:training_attendance:${S.N1.id}@${today}`] });
    expect(o.add[0].detail).toEqual({ rate: 80, attended: 4, required: 5, threshold: 75 });
  });

  it('through the score API: each option moves the score by its rule\'s points; two sessions attended keep one P07; nothing is saved', async () => {
    const options = (await t.http().get(`/api/v1/tenants/${T.id}/score/what-if`).set(bearer(officer)).expect(200)).body.options as { key: string }[];
    expect(options.map((o) => o.key)).toEqual(expect.arrayContaining([`conventions:obligation:${id.late}`, `findings:finding:${id.overdue}`, `trainings:training_session:${S.N1.id}`]));
    expect((await whatIf([`conventions:obligation:${id.late}`])).delta).toBe(10);
    expect((await whatIf([`conventions:obligation:${id.due}`])).delta).toBe(5);
    expect((await whatIf([`conventions:obligation:${id.commitment}`])).delta).toBe(2);
    expect((await whatIf([`findings:finding:${id.overdue}`])).delta).toBe(5);
    expect((await whatIf([`findings:finding:${id.open}`])).delta).toBe(2);
    expect((await whatIf([`trainings:training_session:${S.N1.id}`])).delta).toBe(3);
    const both = await whatIf([`trainings:training_session:${S.N1.id}`, `trainings:training_session:${S.N3.id}`]);
    expect(both.delta).toBe(3);
    expect(both.whatIf.contributions.filter((c) => c.rule === 'P07')).toHaveLength(1);
    const all = await whatIf([`conventions:obligation:${id.late}`, `findings:finding:${id.overdue}`, `findings:finding:${id.open}`]);
    expect(all.delta).toBe(17);
    expect(all.whatIf.contributions.some((c) => c.rule === 'N01' || c.rule === 'N05')).toBe(false);
    // Nothing was saved: the facts are as before.
    const facts = (await t.get(FactsService).factsFor([T.id], today)).get(T.id)!;
    expect(facts.filter((f) => f.rule === 'N01').map((f) => f.recordId)).toEqual([id.late]);
    expect(facts.some((f) => f.rule === 'D01' || f.rule === 'P07')).toBe(false);
    // Another tenant's officer sees none of it; another tenant's option is not on offer here.
    await t.http().get(`/api/v1/tenants/${T.id}/score/what-if`).set(bearer(otherOfficer)).expect(404);
    await t.http().post(`/api/v1/tenants/${T.id}/score/what-if`).set(bearer(officer)).send({ options: [`conventions:obligation:${await obligationOf(id.lateVersion, U)}`] }).expect(422);
  });

  it('the explanation names an obligation by its tenant, convention and deadline, linked to its signing page', async () => {
    const body = (await t.http().get(`/api/v1/tenants/${T.id}/score`).set(bearer(officer)).expect(200)).body as { contributions: { rule: string; source: { type: string; id: number }; record: { label: string; link: string | null } }[] };
    const n01 = body.contributions.find((c) => c.rule === 'N01' && c.source.id === id.late)!;
    expect(n01.record).toEqual({ label: expect.stringContaining('园区管理公约'), link: `/conventions/obligations/${id.late}` });
    expect(n01.record.label).toContain(addDays(today, -10));
  });

  it('a signed obligation and a verified rectification are no longer offered', async () => {
    const signatures = t.dataSource.getRepository(SignatureEntity);
    const signature = await signatures.save(signatures.create({
      obligationId: id.due, versionId: id.dueVersion, tenantId: T.id, method: 'online', signerName: '签署人', signerTitle: '合规专员', userId: null, signedAt: new Date(),
      ip: null, userAgent: null, textSha256: 'c'.repeat(64), verificationCode: `W${Date.now() % 1e9}`, paperReason: null, recordedById: null,
    }));
    await t.dataSource.getRepository(SigningObligationEntity).update({ id: id.due }, { signatureId: signature.id });
    await t.dataSource.getRepository(FindingEntity).update({ id: id.open }, { rectificationStatus: 'verified', rectifiedOn: today, verifiedOn: today });
    const list = await options(T);
    const keys = list.map((o) => o.key);
    expect(keys).not.toContain(`conventions:obligation:${id.due}`);
    expect(keys).not.toContain(`findings:finding:${id.open}`);
    // Now with a signature on file, signing another adds no second D01.
    expect(shape(byKey(list, `conventions:obligation:${id.late}`)).add).toEqual([]);
    expect(shape(byKey(list, `conventions:obligation:${id.commitment}`)).add).toEqual([`P02:obligation:${id.commitment}@${today}`]);
  });
});
