import { jest } from '@jest/globals';
import hbs from 'hbs';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { SamplingFrameService } from '../../src/sampling/core/sampling-frame.service.js';
import { addDays, addMonths } from '../../src/sampling/domain/frame.rules.js';
import type { SamplingGrade } from '../../src/sampling/domain/sampling-kinds.js';
import { DrawEntity } from '../../src/sampling/entities/draw.entity.js';
import { InspectionTaskEntity } from '../../src/sampling/entities/inspection-task.entity.js';
import { InspectorAbsenceEntity } from '../../src/sampling/entities/inspector-absence.entity.js';
import { InspectorEntity } from '../../src/sampling/entities/inspector.entity.js';
import { ProgrammeDepartmentEntity } from '../../src/sampling/entities/programme-department.entity.js';
import { ProgrammeGradeEntity } from '../../src/sampling/entities/programme-grade.entity.js';
import { SamplingProgrammeEntity } from '../../src/sampling/entities/sampling-programme.entity.js';
import { PlanReviewService } from '../../src/sampling/review/plan-review.service.js';
import { DEFAULT_RULEBOOK } from '../../src/scoring/domain/rulebook.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../../src/scoring/entities/score-snapshot.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

/**
 * The plan review over a small park written directly (the parts that produce grades, inspections and
 * programmes are tested on their own): 20 tenants — A ×10 (one in cooldown after a clean inspection a
 * month ago), B ×4 (one with a substantiated complaint: targeted), C ×3, D ×2, one never graded (M, in B);
 * a draft programme for this year (draws in March ABCD and September CD; market and tax, 1 inspector
 * each per task; one market inspector away half of September, none in tax), the previous year's approved
 * programme (B at 5%). Then last year's published grades and results for the back-test.
 */
describe('sampling plan review', () => {
  let t: TestApp;
  let T: TenantEntity[];
  let staff: string;
  let staffId: number;
  let regulator: string;
  let admin: string;
  let officer: string;
  let evaluator: string;
  let today: string;
  let year: number;
  let draft: number;
  let previous: number;
  const tag = `${Date.now()}`.slice(-6);
  const gradeOf = (i: number): SamplingGrade | null => (i < 10 ? 'A' : i < 14 ? 'B' : i < 17 ? 'C' : i < 19 ? 'D' : null);

  const publish = async (month: string, tenants: { tenant: TenantEntity; grade: SamplingGrade }[]) => {
    const [y, m] = month.split('-').map(Number);
    const asOf = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const row = await t.dataSource.getRepository(ScoreMonthEntity).save({
      month, asOf, status: 'published', rulebookVersion: DEFAULT_RULEBOOK.version, tenantsTotal: tenants.length, tenantsDone: tenants.length, cursor: 0,
      computedAt: new Date(), createdAt: new Date(), publishedAt: new Date(`${asOf}T12:00:00Z`),
    });
    const score = { A: 90, B: 75, C: 65, D: 50 };
    await t.dataSource.getRepository(ScoreSnapshotEntity).insert(tenants.map(({ tenant, grade }) => ({
      monthId: row.id, tenantId: tenant.id, computedScore: score[grade], adjustment: 0, score: score[grade], bandGrade: grade, grade, previousScore: null, previousGrade: null,
      explanation: '{"contributions":[],"overrides":[],"gradeNote":null}', negativeCount: 0, openObjections: 0, percentile: null, publishedScore: score[grade], publishedGrade: grade,
    })));
  };

  const programme = async (p: { year: number; status: 'draft' | 'approved'; ratioB: number; draws: { month: string; grades: string }[] }) => {
    const row = await t.dataSource.getRepository(SamplingProgrammeEntity).save({
      year: p.year, title: `${p.year} 抽查计划 ${tag}`, status: p.status, targetedRules: 'black_list,abnormal_operations,recent_complaint', complaintDays: 90,
      createdById: staffId, approvedById: p.status === 'approved' ? staffId : null, approvedAt: p.status === 'approved' ? new Date(`${p.year}-01-10T02:00:00Z`) : null,
    });
    await t.dataSource.getRepository(ProgrammeDepartmentEntity).insert([
      { programmeId: row.id, departmentId: 1, inspectorsPerTask: 1, position: 0 }, { programmeId: row.id, departmentId: 2, inspectorsPerTask: 1, position: 1 },
    ]);
    await t.dataSource.getRepository(ProgrammeGradeEntity).insert([
      { programmeId: row.id, grade: 'A', ratioBp: 300, drawsPerYear: 1, cooldownMonths: 12 },
      { programmeId: row.id, grade: 'B', ratioBp: p.ratioB, drawsPerYear: 1, cooldownMonths: 12 },
      { programmeId: row.id, grade: 'C', ratioBp: 3000, drawsPerYear: 2, cooldownMonths: 0 },
      { programmeId: row.id, grade: 'D', ratioBp: 6000, drawsPerYear: 2, cooldownMonths: 0 },
    ]);
    await t.dataSource.getRepository(DrawEntity).insert(p.draws.map((d, i) => ({
      programmeId: row.id, seq: i + 1, grades: d.grades, status: 'planned' as const,
      announceAt: new Date(`${p.year}-${d.month}-03T02:00:00Z`), drawAt: new Date(`${p.year}-${d.month}-10T02:00:00Z`),
    })));
    return row.id;
  };

  const task = (tenant: TenantEntity, stratum: string, result: 'clean' | 'problems' | 'not_found', inspectedOn: string, drawId: number) => ({
    drawId, programmeId: 0, position: 0, tenantId: tenant.id, uscc: tenant.uscc, stratum: stratum as InspectionTaskEntity['stratum'],
    status: 'recorded' as const, result, inspectedOn, recordedAt: new Date(),
  });

  const review = async (id: number, query = '', token = regulator) => (await t.http().get(`/api/v1/sampling/programmes/${id}/review${query}`).set(bearer(token)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    today = t.get(I18nService).today();
    const lastMonth = addMonths(today, -1).slice(0, 7);
    year = Number(lastMonth.slice(0, 4));
    T = [];
    for (let i = 0; i < 20; i++) T.push(await createTenant(t, { name: `审查${tag}第${i}号有限公司` }));
    const staffUser = await createUser(t, 'park_staff');
    staffId = staffUser.id;
    staff = await tokenFor(t, staffId);
    const reg = await createUser(t, 'regulator', { departmentId: 1 });
    regulator = await tokenFor(t, reg.id);
    admin = await tokenFor(t, (await createUser(t, 'admin')).id);
    officer = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: T[0].id })).id);
    evaluator = await tokenFor(t, (await createUser(t, 'evaluator')).id);

    await publish(lastMonth, T.flatMap((tenant, i) => (gradeOf(i) ? [{ tenant, grade: gradeOf(i)! }] : [])));
    // A clean inspection a month ago: T[0] is in its 12-month cooldown. A problem found earlier does not end it.
    await t.dataSource.getRepository(InspectionTaskEntity).insert([task(T[0], 'A', 'clean', addDays(today, -30), 900001), task(T[0], 'A', 'problems', addDays(today, -200), 900000)]);
    // A substantiated complaint decided today: T[13] is targeted.
    await t.http().post('/api/v1/findings').set(bearer(regulator)).send({
      tenantId: T[13].id, type: 'complaint', severity: 'minor', title: '投诉属实', legalBasis: '某条例', decisionNo: `投诉〔${year}〕${tag}`,
      description: '说明', decisionDate: today, substantiated: true,
    }).expect(201);
    const inspector = await t.dataSource.getRepository(InspectorEntity).save({ userId: reg.id, departmentId: 1, code: `SCJG-${tag}`, active: true });
    await t.dataSource.getRepository(InspectorAbsenceEntity).insert({ inspectorId: inspector.id, fromDate: `${year}-09-01`, toDate: `${year}-09-15`, reason: '培训', createdById: staffId });

    previous = await programme({ year: year - 1, status: 'approved', ratioB: 500, draws: [{ month: '04', grades: 'ABCD' }, { month: '10', grades: 'CD' }] });
    draft = await programme({ year, status: 'draft', ratioB: 1000, draws: [{ month: '03', grades: 'ABCD' }, { month: '09', grades: 'CD' }] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('builds the frame: M in B, the targeted tenant in no stratum, the cooldown excluded, ascending USCC, only the draw’s grades', async () => {
    const frames = t.get(SamplingFrameService);
    const rules = { grades: (await review(draft)).grades.map((g: { grade: SamplingGrade; ratioBp: number; drawsPerYear: number; cooldownMonths: number }) => g), targetedRules: ['recent_complaint' as const], complaintDays: 90 };
    const frame = await frames.frameFor(rules, ['A', 'B', 'C', 'D'], today);
    expect(frame.gradesMonth).toBe(addMonths(today, -1).slice(0, 7));
    const ids = (list: { tenantId: number }[]) => list.map((m) => m.tenantId).sort((a, b) => a - b);
    expect(frame.strata.map((s) => [s.grade, s.members.length])).toEqual([['A', 9], ['B', 4], ['C', 3], ['D', 2]]);
    expect(ids(frame.strata[1].members)).toEqual(ids([T[10], T[11], T[12], T[19]].map((x) => ({ tenantId: x.id }))));
    expect(frame.strata[1].members.find((m) => m.tenantId === T[19].id)!.grade).toBe('M');
    expect(frame.targeted).toEqual([{ tenantId: T[13].id, uscc: T[13].uscc, grade: 'B', reason: 'recent_complaint' }]);
    expect(frame.excluded).toEqual([{ tenantId: T[0].id, uscc: T[0].uscc, grade: 'A', reason: 'cooldown', until: addMonths(addDays(today, -30), 12) }]);
    for (const s of frame.strata) expect(s.members.map((m) => m.uscc)).toEqual(s.members.map((m) => m.uscc).sort());
    const cd = await frames.frameFor(rules, ['D', 'C'], today);
    expect(cd.strata.map((s) => s.grade)).toEqual(['C', 'D']);
    expect(cd.excluded).toEqual([]);
    expect(cd.targeted).toHaveLength(1);
    // Without the complaint rule the tenant is back in its stratum.
    const plain = await frames.frameFor({ ...rules, targetedRules: [] }, ['B'], today);
    expect(plain.targeted).toEqual([]);
    expect(plain.strata[0].members).toHaveLength(5);
  });

  it('gives per grade the population, sample, inclusion probability and expected inspections', async () => {
    const r = await review(draft);
    expect(r).toMatchObject({ programmeId: draft, year, status: 'draft', on: today, gradesMonth: addMonths(today, -1).slice(0, 7), tenants: 20 });
    expect(r.grades.map((g: Record<string, unknown>) => [g.grade, g.population, g.members, g.cooldown, g.targeted, g.ungraded, g.calendarDraws, g.samplePerDraw, g.pYear])).toEqual([
      ['A', 10, 9, 1, 0, 0, 1, 1, 0.111111],
      ['B', 5, 4, 0, 1, 1, 1, 1, 0.25],
      ['C', 3, 3, 0, 0, 0, 2, 1, 0.555556],
      ['D', 2, 2, 0, 0, 0, 2, 2, 1],
    ]);
    expect(r.targeted).toEqual({ total: 1, drawsPerYear: 2, expectedInspections: 2 });
    expect(r.targetedByRule).toEqual({ black_list: 0, abnormal_operations: 0, recent_complaint: 1 });
  });

  it('states the 无事不扰 number and the random floor with the rule behind it', async () => {
    const r = await review(draft);
    expect(r.aGrade).toEqual({ expectedPerYear: 0.111111, everyYears: 9, average: 0.1 });
    expect(r.floor).toMatchObject({ probability: 0, grade: 'A', cause: 'cooldown', samplingFloor: { probability: 0.111111, grade: 'A' } });
    expect(r.floor.zeroCauses).toEqual([{ grade: 'A', cause: 'cooldown', tenants: 1 }]);
  });

  it('spreads the workload over the available inspectors by month and flags overload and understaffing', async () => {
    const r = await review(draft);
    const market = r.workload.departments.find((d: { departmentId: number }) => d.departmentId === 1);
    const cell = (m: string) => market.months.find((c: { month: string }) => c.month === m);
    expect(cell('03')).toMatchObject({ draws: 1, tasks: 6, visits: 6, available: 1, perInspector: 6, overloaded: false, understaffed: false });
    expect(cell('09')).toMatchObject({ draws: 1, tasks: 4, available: 0.5, perInspector: 8, overloaded: false });
    expect(market.people[0].months.find((m: { month: string }) => m.month === '09')).toMatchObject({ absentDays: 15, visits: 4 });
    const tax = r.workload.departments.find((d: { departmentId: number }) => d.departmentId === 2);
    expect(tax.inspectors).toBe(0);
    expect(tax.months.filter((c: { understaffed: boolean }) => c.understaffed).map((c: { month: string }) => c.month)).toEqual(['03', '09']);
    expect(r.workload.flagged).toBe(true);
    const tight = await review(draft, '?maxVisits=7');
    expect(tight.workload.departments[0].months.filter((c: { overloaded: boolean }) => c.overloaded).map((c: { month: string }) => c.month)).toEqual(['09']);
  });

  it('says there is no data for last year, and compares with the previous approved programme', async () => {
    const r = await review(draft);
    expect(r.backTest).toMatchObject({ year: year - 1, hasData: false, noDataReason: 'no_frames', planHits: 0, uniformHits: 0 });
    expect(r.diff).toMatchObject({ previousId: previous });
    const changed = r.diff.rows.filter((x: { changed: boolean }) => x.changed).map((x: { key: string; params: object; before: string; after: string }) => [x.key, x.params, x.before, x.after]);
    expect(changed).toEqual([
      ['ratio', { grade: 'B' }, '5%', '10%'],
      ['draw', { seq: 1 }, `${year - 1}-04-10 ABCD`, `${year}-03-10 ABCD`],
      ['draw', { seq: 2 }, `${year - 1}-10-10 CD`, `${year}-09-10 CD`],
    ]);
    expect(r.diff.changes).toBe(3);
  });

  it('renders the partial in either language, without script', async () => {
    const html = hbs.handlebars.compile('{{> sampling-plan-review review}}')({ review: await t.get(PlanReviewService).review(draft, 'en'), locale: 'en' });
    expect(html).toContain('about once every 9 years');
    expect(html).toContain('No data for last year');
    expect(html).toContain('grade A: 1 tenants are in cooldown');
    expect(html).toMatch(/data-diff="ratio"[^>]*data-changed[\s\S]*?Grade B ratio[\s\S]*?5%[\s\S]*?10%/);
    expect(html).not.toContain('<script');
    const zh = hbs.handlebars.compile('{{> sampling-plan-review review}}')({ review: await t.get(PlanReviewService).review(draft, 'zh-CN'), locale: 'zh-CN' });
    expect(zh).toContain('约每 9 年一次');
    expect(zh).toContain('去年没有可用数据');
  });

  it('back-tests on last year’s published grades and results against uniform sampling', async () => {
    await publish(`${year - 1}-06`, T.flatMap((tenant, i) => (gradeOf(i) ? [{ tenant, grade: gradeOf(i)! }] : [])));
    await t.dataSource.getRepository(InspectionTaskEntity).insert([
      task(T[1], 'A', 'clean', `${year - 1}-05-20`, 900010), task(T[14], 'C', 'problems', `${year - 1}-05-20`, 900010), task(T[17], 'D', 'not_found', `${year - 1}-05-21`, 900010),
    ]);
    // Another draft (another calendar): July ABCD and October CD, each against last year's June grades.
    const other = await programme({ year, status: 'draft', ratioB: 1000, draws: [{ month: '07', grades: 'ABCD' }, { month: '10', grades: 'CD' }] });
    const b = (await review(other)).backTest;
    expect(b).toMatchObject({ year: year - 1, source: 'grades', hasData: true, sampleSize: 8 });
    expect(b.strata.map((s: Record<string, unknown>) => [s.stratum, s.sample, s.recorded, s.hits, s.ownRate])).toEqual([
      ['A', 1, 1, 0, true], ['B', 1, 0, 0, false], ['C', 2, 1, 1, true], ['D', 4, 1, 1, true], ['T', 0, 0, 0, false],
    ]);
    expect(b.planHits).toBeCloseTo(6.67, 2);
    expect(b.uniformHits).toBeCloseTo(8 * (8 * (2 / 3) + 6 + 4) / 38, 2);
    expect(b.lift).toBeGreaterThan(1);
  });

  it('is for readers only: staff, admin and regulators; officers and evaluators 403; anonymous 401; unknown 404; bad options 400', async () => {
    await review(draft, '', staff);
    await review(draft, '', admin);
    for (const token of [officer, evaluator]) await t.http().get(`/api/v1/sampling/programmes/${draft}/review`).set(bearer(token)).expect(403);
    await t.http().get(`/api/v1/sampling/programmes/${draft}/review`).expect(401);
    await t.http().get('/api/v1/sampling/programmes/999999/review').set(bearer(staff)).expect(404);
    await t.http().get(`/api/v1/sampling/programmes/${draft}/review?maxVisits=0`).set(bearer(staff)).expect(400);
    await t.http().get('/api/v1/sampling/programmes/abc/review').set(bearer(staff)).expect(400);
  });
});
