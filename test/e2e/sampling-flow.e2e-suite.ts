import { jest } from '@jest/globals';
import { DepartmentsService } from '../../src/accounts/departments.service.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { QueuePort } from '../../src/queue/queue.port.js';
import { verifyBundle } from '../../src/sampling/domain/draw.rules.js';
import { DrawEntity } from '../../src/sampling/entities/draw.entity.js';
import { InspectionItemsService } from '../../src/sampling/items/inspection-items.service.js';
import { bearer, binary } from '../support/http-helpers.js';
import { createJobTestApp, type JobTestApp } from '../support/job-app.js';
import { createTenant, createUser, testDb, tokenFor, type TestApp } from '../support/test-app.js';

/*
 * The whole of risk-based random inspection through HTTP, as the people do it: staff draft a joint
 * programme (two departments), a regulator other than the drafter approves it, the draw job announces
 * it (frame frozen, seed committed), a regulator enters public entropy, the draw job draws (on MySQL
 * through Bull on Redis with a worker process's modules, on SQLite in-process), anyone verifies the
 * bundle, an assigned inspector records problems (a finding) and another a clean visit, a regulator
 * publishes, the public results page shows it, the tenant's live score carries the finding and the
 * effectiveness page counts it all.
 */

jest.setTimeout(120_000);

describe('sampling: programme → approval → announcement → draw → results → publication → score → effectiveness', () => {
  let t: TestApp;
  let app: JobTestApp;
  const tokens: Record<string, string> = {};
  const users: Record<string, { id: number; name: string }> = {};
  const inspectorUsers = new Map<number, string>(); // userId → token key
  let market: number;
  let emergency: number;
  let tenantIds: number[] = [];
  let programmeId: number;
  let drawId: number;
  let today: string;
  let problemTask: { id: number; tenantId: number; tenantName: string; uscc: string };
  let findingId: number;

  const api = (who: string) => ({
    get: (path: string) => t.http().get(path).set(bearer(tokens[who])),
    post: (path: string, body: object = {}) => t.http().post(path).set(bearer(tokens[who])).send(body),
  });

  /** Runs the draw job as the scheduler would and waits for it to finish (Bull: a worker's modules take it). */
  const runDrawJob = () => app.runJob('sampling.drawExecutions');

  const draw = () => t.dataSource.getRepository(DrawEntity).findOneByOrFail({ id: drawId });

  beforeAll(async () => {
    // On MySQL the web app only enqueues to Redis and a worker process's modules take the jobs.
    app = await createJobTestApp({ SCHEDULES_ENABLED: 'false' });
    t = app.t;
    expect(t.get(QueuePort).kind).toBe(testDb === 'mysql' ? 'bull' : 'in-process');
    today = t.get(I18nService).today();
    const departments = t.get(DepartmentsService);
    market = (await departments.findByCode('market'))!.id;
    emergency = (await departments.findByCode('emergency'))!.id;
    const make = async (key: string, role: 'park_staff' | 'regulator' | 'tenant_officer' | 'evaluator', extra: { departmentId?: number; tenantId?: number } = {}) => {
      const user = await createUser(t, role, extra);
      users[key] = { id: user.id, name: user.name };
      tokens[key] = await tokenFor(t, user.id);
      return user;
    };
    for (let i = 0; i < 6; i++) tenantIds.push((await createTenant(t, { name: `抽查流程企业${i}有限公司` })).id);
    await make('staff', 'park_staff');
    await make('approver', 'regulator', { departmentId: market });
    await make('market1', 'regulator', { departmentId: market });
    await make('market2', 'regulator', { departmentId: market });
    await make('emergency1', 'regulator', { departmentId: emergency });
    await make('emergency2', 'regulator', { departmentId: emergency });
    await make('officer', 'tenant_officer', { tenantId: tenantIds[0] });
    await make('evaluator', 'evaluator');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('staff flag four regulators of two departments as inspectors', async () => {
    for (const key of ['market1', 'market2', 'emergency1', 'emergency2']) {
      const res = await api('staff').post('/api/v1/sampling/inspectors', { userId: users[key].id });
      expect(res.status).toBe(201);
      inspectorUsers.set(users[key].id, key);
    }
  });

  it('staff draft a joint programme over the API; the drafter cannot approve, another regulator does', async () => {
    const items = await t.get(InspectionItemsService).listActive([market, emergency]);
    const itemIds = [items.find((i) => i.departmentId === market)!.id, items.find((i) => i.departmentId === emergency)!.id];
    const year = Number(today.slice(0, 4));
    const now = Date.now();
    const created = await api('staff').post('/api/v1/sampling/programmes', {
      year, title: `${year} 年度联合抽查计划（流程测试）`,
      departments: [{ departmentId: market, inspectorsPerTask: 1 }, { departmentId: emergency, inspectorsPerTask: 1 }],
      itemIds, targetedRules: [],
      // Every tenant here is ungraded (M, sampled as B): half of them are drawn.
      grades: { A: { ratioBp: 300, drawsPerYear: 1, cooldownMonths: 12 }, B: { ratioBp: 5000, drawsPerYear: 1, cooldownMonths: 12 }, C: { ratioBp: 3000, drawsPerYear: 2, cooldownMonths: 0 }, D: { ratioBp: 6000, drawsPerYear: 4, cooldownMonths: 0 } },
      draws: [{ grades: 'ABCD', announceAt: new Date(now - 60_000).toISOString(), drawAt: new Date(now + 3_600_000).toISOString() }],
    });
    expect(created.status).toBe(201);
    programmeId = created.body.id;
    expect(created.body.status).toBe('draft');
    expect(created.body.draws).toHaveLength(1);
    drawId = created.body.draws[0].id;

    // Staff may not approve (regulators do); before approval the job announces nothing.
    expect((await api('staff').post(`/api/v1/sampling/programmes/${programmeId}/approve`, { reason: '同意' })).status).toBe(403);
    await runDrawJob();
    expect((await draw()).status).toBe('planned');

    const approved = await api('approver').post(`/api/v1/sampling/programmes/${programmeId}/approve`, { reason: '计划合理，同意实施。' });
    expect([200, 201]).toContain(approved.status);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.planSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the draw job announces the draw: the frame is frozen and the seed committed, not shown', async () => {
    await runDrawJob();
    const d = await draw();
    expect(d.status).toBe('announced');
    expect(d.memberCount).toBe(6);
    expect(d.frameHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    // Not drawn yet: no bundle.
    expect((await t.http().get(`/api/v1/draws/${drawId}/bundle`)).status).toBe(404);
  });

  it('a regulator enters public entropy before the draw; the draw job draws once the time has come, and a second run changes nothing', async () => {
    const entropy = await api('approver').post(`/api/v1/draws/${drawId}/entropy`, { value: '体彩大乐透 第26137期 03 11 19 24 31 + 05 09' });
    expect([200, 201]).toContain(entropy.status);
    // The draw time comes (the calendar said in an hour: the clock moves instead of the test waiting).
    await t.dataSource.getRepository(DrawEntity).update({ id: drawId }, { drawAt: new Date(Date.now() - 1_000) });
    await runDrawJob();
    const d = await draw();
    expect(d.status).toBe('drawn');
    expect(d.taskCount).toBe(3);
    await runDrawJob();
    const again = await api('staff').get(`/api/v1/sampling/tasks?drawId=${drawId}`);
    expect(again.status).toBe(200);
    expect(again.body.total).toBe(3);
    // Entropy after the draw: refused.
    expect((await api('approver').post(`/api/v1/draws/${drawId}/entropy`, { value: 'late' })).status).toBe(409);
  });

  it('anyone downloads the bundle and it verifies from the bundle alone', async () => {
    const res = await t.http().get(`/api/v1/draws/${drawId}/bundle`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const bundle = JSON.parse((res.body as Buffer).toString('utf8')) as { publicEntropy: string; selected: unknown[]; assignments: { inspectors: string[] }[] };
    expect(bundle.publicEntropy).toContain('大乐透');
    expect(bundle.selected).toHaveLength(3);
    expect(bundle.assignments.every((a) => a.inspectors.length === 2)).toBe(true);
    const verdict = verifyBundle(bundle);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('an assigned inspector records problems (a finding) and another task clean; someone not on the task is refused', async () => {
    const list = await api('staff').get(`/api/v1/sampling/tasks?drawId=${drawId}`);
    const ids = (list.body.items as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);
    const details = await Promise.all(ids.map(async (id) => (await api('staff').get(`/api/v1/sampling/tasks/${id}`)).body as {
      id: number; tenant: { id: number; name: string; uscc: string }; inspectors: { userId: number; departmentId: number }[];
    }));
    for (const task of details) {
      expect(task.inspectors.map((i) => i.departmentId).sort()).toEqual([market, emergency].sort());
    }
    const [first, second] = details;
    const marketInspector = inspectorUsers.get(first.inspectors.find((i) => i.departmentId === market)!.userId)!;
    const outsider = ['market1', 'market2'].find((k) => k !== marketInspector)!;
    const problems = {
      result: 'problems', inspectedOn: today, summary: '消防通道堆放杂物，未按规定标示产品信息。', severity: 'general',
      title: '产品标识不符合规定', legalBasis: '《中华人民共和国产品质量法》第二十七条', description: '抽查发现部分产品未标注生产日期。',
      // Text values: the task routes take a form-shaped body (strings only), from a browser or over JSON.
      rectificationRequired: 'true', rectifyBy: today, departmentId: String(market),
    };
    if (!first.inspectors.some((i) => i.userId === users[outsider].id)) {
      expect((await api(outsider).post(`/api/v1/sampling/tasks/${first.id}/result`, problems)).status).toBe(403);
    }
    const recorded = await api(marketInspector).post(`/api/v1/sampling/tasks/${first.id}/result`, problems);
    expect(recorded.status).toBe(200);
    expect(recorded.body.status).toBe('recorded');
    expect(recorded.body.findingId).toEqual(expect.any(Number));
    findingId = recorded.body.findingId;
    problemTask = { id: first.id, tenantId: first.tenant.id, tenantName: first.tenant.name, uscc: first.tenant.uscc };

    const emergencyInspector = inspectorUsers.get(second.inspectors.find((i) => i.departmentId === emergency)!.userId)!;
    const clean = await api(emergencyInspector).post(`/api/v1/sampling/tasks/${second.id}/result`, { result: 'clean', inspectedOn: today, summary: '未发现问题。' });
    expect(clean.status).toBe(200);
    expect(clean.body.findingId).toBeNull();
  });

  it('a regulator of the department publishes; the public results page and API show it', async () => {
    const published = await api('approver').post(`/api/v1/sampling/tasks/${problemTask.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const page = await t.http().get('/public/inspections');
    expect(page.status).toBe(200);
    expect(page.text).toContain(problemTask.tenantName);
    const json = await t.http().get(`/api/v1/public/inspections?q=${problemTask.uscc}`);
    expect(json.status).toBe(200);
    expect(json.body.items).toEqual([expect.objectContaining({ uscc: problemTask.uscc, result: 'problems' })]);
  });

  it('the tenant\'s live score carries the finding', async () => {
    const res = await api('staff').get(`/api/v1/tenants/${problemTask.tenantId}/score?asOf=${today}`);
    expect(res.status).toBe(200);
    const contribution = (res.body.contributions as { points: number; source: { type: string; id: number } }[]).find((c) => c.source.type === 'finding' && c.source.id === findingId);
    expect(contribution).toBeDefined();
    expect(contribution!.points).toBeLessThan(0);
  });

  it('effectiveness counts the draw: one hit in two results of three tasks, the estimate and the uniform comparison', async () => {
    const res = await api('approver').get(`/api/v1/sampling/draws/${drawId}/effectiveness`);
    expect(res.status).toBe(200);
    const b = res.body.report.strata.find((s: { stratum: string }) => s.stratum === 'B');
    expect(b).toMatchObject({ population: 6, tasks: 3, recorded: 2, unrecorded: 1, hits: 1, problems: 1, hitRate: 0.5, inclusionProbability: 0.5, estimatedViolators: 3 });
    expect(res.body.report.estimate.rate).toBeCloseTo(0.5, 12);
    expect(res.body.report.uniform).toMatchObject({ sampleSize: 2, actualHits: 1, uniformExpectedHits: 1, lift: 1 });

    const programme = await api('staff').get(`/api/v1/sampling/programmes/${programmeId}/effectiveness`);
    expect(programme.status).toBe(200);
    expect(programme.body.draws).toHaveLength(1);
    expect(programme.body.report.total).toMatchObject({ tasks: 3, recorded: 2, hits: 1 });

    const page = await api('staff').get(`/sampling/draws/${drawId}/effectiveness`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<tr data-stratum="B">[\s\S]*?data-hit-rate>50\.0%</);
    expect(page.text).toContain('data-rate>50.0%');
    expect((await api('staff').get(`/sampling/programmes/${programmeId}/effectiveness`)).status).toBe(200);
  });

  it('effectiveness is for readers only, and an unknown id is a 404', async () => {
    for (const who of ['officer', 'evaluator']) {
      expect((await api(who).get(`/api/v1/sampling/draws/${drawId}/effectiveness`)).status).toBe(403);
      expect((await api(who).get(`/api/v1/sampling/programmes/${programmeId}/effectiveness`)).status).toBe(403);
    }
    expect((await t.http().get(`/api/v1/sampling/draws/${drawId}/effectiveness`)).status).toBe(401);
    expect((await api('staff').get('/api/v1/sampling/draws/999999/effectiveness')).status).toBe(404);
    expect((await api('staff').get('/api/v1/sampling/programmes/999999/effectiveness')).status).toBe(404);
    expect((await api('staff').get('/api/v1/sampling/draws/abc/effectiveness')).status).toBe(400);
  });
});
