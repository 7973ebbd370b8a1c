import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DepartmentsService } from '../../src/accounts/departments.service.js';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { QueuePort } from '../../src/queue/queue.port.js';
import { verifyBundle, type DrawBundle } from '../../src/sampling/domain/draw.rules.js';
import { DrawsService } from '../../src/sampling/draws/draws.service.js';
import { DrawFrameTextEntity } from '../../src/sampling/entities/draw-frame-text.entity.js';
import { DrawEntity } from '../../src/sampling/entities/draw.entity.js';
import { InspectionTaskEntity } from '../../src/sampling/entities/inspection-task.entity.js';
import { InspectorEntity } from '../../src/sampling/entities/inspector.entity.js';
import { TaskInspectorEntity } from '../../src/sampling/entities/task-inspector.entity.js';
import { InspectionItemsService } from '../../src/sampling/items/inspection-items.service.js';
import { anonymousBrowser, bearer, binary, loginAs, postForm } from '../support/http-helpers.js';
import { createJobTestApp, type JobTestApp } from '../support/job-app.js';
import { createTenant, createUser, TEST_ACTOR, testDb, tokenFor, type TestApp } from '../support/test-app.js';

/*
 * Scheduled draws through HTTP: the job announces (frame frozen, seed committed, nothing secret
 * shown), a regulator enters public entropy, the job draws once due (on MySQL through Bull with a
 * worker process's modules), the tasks and assignments in the database are exactly the served
 * bundle's, which verifies; a second run, a button pressed again and two concurrent runs create
 * nothing twice; an unapproved programme's draw and late entropy are refused; the public pages show
 * the announcement, then the result.
 */

jest.setTimeout(120_000);

describe('sampling draws: announce → entropy → draw → bundle, idempotent, public', () => {
  let t: TestApp;
  let app: JobTestApp;
  const tokens: Record<string, string> = {};
  let market: number;
  let emergency: number;
  let programmeId: number;
  let drawId: number;
  let secondDrawId: number;
  let draftDrawId: number;
  const tenantNames: string[] = [];
  const tenantIds: number[] = [];
  const tenantUsccs: string[] = [];
  const inspectorIds: Record<string, number> = {};

  const api = (who: string) => ({
    get: (path: string) => t.http().get(path).set(bearer(tokens[who])),
    post: (path: string, body: object = {}) => t.http().post(path).set(bearer(tokens[who])).send(body),
  });
  const drawRow = (id: number) => t.dataSource.getRepository(DrawEntity).findOneByOrFail({ id });

  const runDrawJob = () => app.runJob('sampling.drawExecutions');
  const frameTexts = (id: number) => t.dataSource.getRepository(DrawFrameTextEntity).find({ where: { drawId: id }, order: { part: 'ASC' } });
  const frameText = async (id: number) => (await frameTexts(id)).map((p) => p.body).join('');

  /** A new draw of the programme, announced by the job and then made due. */
  async function announcedDueDraw(seq: number): Promise<number> {
    const repo = t.dataSource.getRepository(DrawEntity);
    const id = (await repo.save(repo.create({
      programmeId, seq, grades: 'ABCD', status: 'planned', announceAt: new Date(Date.now() - 60_000), drawAt: new Date(Date.now() + 3_600_000),
    }))).id;
    await runDrawJob();
    expect((await drawRow(id)).status).toBe('announced');
    await repo.update({ id }, { drawAt: new Date(Date.now() - 1_000) });
    return id;
  }

  async function bundleOf(id: number): Promise<{ res: { status: number; headers: Record<string, string> }; bundle: DrawBundle }> {
    const res = await t.http().get(`/api/v1/draws/${id}/bundle`).buffer(true).parse(binary);
    return { res, bundle: JSON.parse((res.body as Buffer).toString('utf8')) as DrawBundle };
  }

  /** The tasks and their inspectors' codes as stored, in draw order: what the bundle's assignments must equal. */
  async function storedAssignments(id: number): Promise<{ uscc: string; inspectors: string[] }[]> {
    const tasks = await t.dataSource.getRepository(InspectionTaskEntity).find({ where: { drawId: id }, order: { position: 'ASC' } });
    const links = await t.dataSource.getRepository(TaskInspectorEntity).find({ order: { position: 'ASC' } });
    const codes = new Map((await t.dataSource.getRepository(InspectorEntity).find()).map((i) => [i.id, i.code]));
    return tasks.map((task) => ({ uscc: task.uscc, inspectors: links.filter((l) => l.taskId === task.id).map((l) => codes.get(l.inspectorId) as string) }));
  }

  beforeAll(async () => {
    app = await createJobTestApp({ SCHEDULES_ENABLED: 'false', LOGIN_RATE_PER_MINUTE: '1000' });
    t = app.t;
    expect(t.get(QueuePort).kind).toBe(testDb === 'mysql' ? 'bull' : 'in-process');
    const departments = t.get(DepartmentsService);
    market = (await departments.findByCode('market'))!.id;
    emergency = (await departments.findByCode('emergency'))!.id;
    const make = async (key: string, role: 'admin' | 'park_staff' | 'regulator' | 'tenant_officer' | 'evaluator', extra: { departmentId?: number; tenantId?: number } = {}) => {
      const user = await createUser(t, role, extra);
      tokens[key] = await tokenFor(t, user.id);
      return user;
    };
    for (let i = 0; i < 8; i++) {
      const name = `抽取测试企业${i}有限公司`;
      tenantNames.push(name);
      const tenant = await createTenant(t, { name });
      tenantIds.push(tenant.id);
      tenantUsccs.push(tenant.uscc);
    }
    await make('staff', 'park_staff');
    await make('admin', 'admin');
    await make('approver', 'regulator', { departmentId: market });
    await make('officer', 'tenant_officer', { tenantId: tenantIds[0] });
    await make('evaluator', 'evaluator');
    for (const [key, dept] of [['m1', market], ['m2', market], ['e1', emergency]] as const) {
      const user = await make(key, 'regulator', { departmentId: dept });
      const flagged = await api('staff').post('/api/v1/sampling/inspectors', { userId: user.id });
      expect(flagged.status).toBe(201);
      inspectorIds[key] = flagged.body.id;
    }

    const items = await t.get(InspectionItemsService).listActive([market, emergency]);
    const itemIds = [items.find((i) => i.departmentId === market)!.id, items.find((i) => i.departmentId === emergency)!.id];
    const year = Number(t.get(I18nService).today().slice(0, 4));
    const now = Date.now();
    const plan = (title: string) => ({
      year, title,
      departments: [{ departmentId: market, inspectorsPerTask: 1 }, { departmentId: emergency, inspectorsPerTask: 1 }],
      itemIds, targetedRules: [],
      grades: { A: { ratioBp: 100, drawsPerYear: 1, cooldownMonths: 0 }, B: { ratioBp: 5000, drawsPerYear: 2, cooldownMonths: 0 }, C: { ratioBp: 1000, drawsPerYear: 1, cooldownMonths: 0 }, D: { ratioBp: 1000, drawsPerYear: 1, cooldownMonths: 0 } },
      draws: [
        { grades: 'ABCD', announceAt: new Date(now - 60_000).toISOString(), drawAt: new Date(now + 3_600_000).toISOString() },
        { grades: 'ABCD', announceAt: new Date(now - 30_000).toISOString(), drawAt: new Date(now + 7_200_000).toISOString() },
      ],
    });
    const created = await api('staff').post('/api/v1/sampling/programmes', plan('抽取测试计划'));
    expect(created.status).toBe(201);
    programmeId = created.body.id;
    [drawId, secondDrawId] = (created.body.draws as { id: number }[]).map((d) => d.id);
    const draft = await api('staff').post('/api/v1/sampling/programmes', plan('未批准的抽取测试计划'));
    expect(draft.status).toBe(201);
    draftDrawId = draft.body.draws[0].id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('an unapproved programme\'s draws are neither announced by the job nor run by hand (409)', async () => {
    await t.dataSource.getRepository(DrawEntity).update({ id: draftDrawId }, { drawAt: new Date(Date.now() - 1_000) });
    await runDrawJob();
    expect((await drawRow(draftDrawId)).status).toBe('planned');
    expect((await drawRow(drawId)).status).toBe('planned');
    const res = await api('staff').post(`/api/v1/draws/${draftDrawId}/execute`);
    expect(res.status).toBe(409);
    expect((await drawRow(draftDrawId)).status).toBe('planned');
    // Entropy before the announcement: nothing to bind it to.
    expect((await api('approver').post(`/api/v1/draws/${draftDrawId}/entropy`, { value: 'x' })).status).toBe(409);
    // Not public while planned.
    expect((await t.http().get(`/public/draws/${draftDrawId}`)).status).toBe(404);
    expect((await t.http().get(`/api/v1/public/draws/${draftDrawId}`)).status).toBe(404);
  });

  it('after approval the job announces: frame frozen, seed committed; the public sees the commitment, never the seed', async () => {
    const approved = await api('approver').post(`/api/v1/sampling/programmes/${programmeId}/approve`, { reason: '同意。' });
    expect([200, 201]).toContain(approved.status);
    await runDrawJob();
    const d = await drawRow(drawId);
    expect(d.status).toBe('announced');
    expect(d.memberCount).toBe(8);
    expect(d.frameHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d.seed).toMatch(/^[0-9a-f]{64}$/);
    // The frame is also kept as its hashed text, which the draw reads instead of the member rows.
    expect(createHash('sha256').update(await frameText(drawId)).digest('hex')).toBe(d.frameHash);
    expect((await api('staff').get(`/api/v1/draws/${drawId}`)).body).toMatchObject({ status: 'announced', seed: null, frameHash: d.frameHash, seedCommitment: d.seedCommitment });
    expect((await t.http().get(`/api/v1/draws/${drawId}/bundle`)).status).toBe(404);
    // Not due: "run now" refused.
    expect((await api('staff').post(`/api/v1/draws/${drawId}/execute`)).status).toBe(409);

    const page = await t.http().get(`/public/draws/${drawId}`).expect(200);
    expect(page.text).toContain(d.frameHash);
    expect(page.text).toContain(d.seedCommitment);
    expect(page.text).not.toContain(d.seed);
    expect(page.text).not.toContain('抽取测试企业');
    expect(page.headers['cache-control']).toBe('public, max-age=60');
    const list = await t.http().get('/api/v1/public/draws').expect(200);
    expect((list.body.items as { id: number }[]).map((i) => i.id)).toContain(drawId);
    expect(JSON.stringify(list.body)).not.toContain(d.seed);
    expect(await t.dataSource.getRepository(AuditEntryEntity).countBy({ action: 'sampling.draw.announce', entityId: String(drawId) })).toBe(1);
  });

  it('public entropy: regulators only, at most 200 characters, audited', async () => {
    expect((await api('staff').post(`/api/v1/draws/${drawId}/entropy`, { value: 'x' })).status).toBe(403);
    const long = await api('approver').post(`/api/v1/draws/${drawId}/entropy`, { value: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(Object.keys(long.body.errors ?? {})).toContain('value');
    expect((await api('approver').post(`/api/v1/draws/${drawId}/entropy`, { value: 'x', extra: 1 })).status).toBe(400);
    const ok = await api('approver').post(`/api/v1/draws/${drawId}/entropy`, { value: '体彩 第26137期 03 11 19 24 31' });
    expect(ok.status).toBe(200);
    expect(ok.body.publicEntropy).toBe('体彩 第26137期 03 11 19 24 31');
    expect(await t.dataSource.getRepository(AuditEntryEntity).countBy({ action: 'sampling.draw.entropy', entityId: String(drawId) })).toBe(1);
  });

  it('the job draws once due: tasks and assignments are exactly the served bundle\'s, which verifies; a second run changes nothing', async () => {
    await t.dataSource.getRepository(DrawEntity).update({ id: drawId }, { drawAt: new Date(Date.now() - 1_000) });
    await runDrawJob();
    const d = await drawRow(drawId);
    expect(d.status).toBe('drawn');
    expect(d.taskCount).toBe(4);
    const { res, bundle } = await bundleOf(drawId);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.headers.etag).toBe(`"${d.bundleSha256}"`);
    const verdict = verifyBundle(bundle);
    expect(verdict.problems).toEqual([]);
    expect(bundle.publicEntropy).toBe('体彩 第26137期 03 11 19 24 31');
    expect(bundle.seed).toBe(d.seed);
    expect(await storedAssignments(drawId)).toEqual(bundle.assignments);
    expect(bundle.assignments.every((a) => a.inspectors.length === 2)).toBe(true);
    // Each task is its tenant's (the ids come from the frame kept at the announcement).
    const tasks = await t.dataSource.getRepository(InspectionTaskEntity).findBy({ drawId });
    expect(tasks.map((task) => tenantIds[tenantUsccs.indexOf(task.uscc)])).toEqual(tasks.map((task) => task.tenantId));
    // Each assigned inspector has one notice for the draw.
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'sampling-draw-assigned' })).toBe(3);

    await runDrawJob();
    const again = await api('staff').post(`/api/v1/draws/${drawId}/execute`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'drawn', ranNow: false, taskCount: 4 });
    expect(await t.dataSource.getRepository(InspectionTaskEntity).countBy({ drawId })).toBe(4);
    expect((await bundleOf(drawId)).bundle).toEqual(bundle);
    expect(await t.dataSource.getRepository(AuditEntryEntity).countBy({ action: 'sampling.draw.execute', entityId: String(drawId) })).toBe(1);
    // Entropy after the draw: refused.
    expect((await api('approver').post(`/api/v1/draws/${drawId}/entropy`, { value: 'late' })).status).toBe(409);
  });

  it('the public page shows the result: the seed, the selected firms by layer (never a grade), the bundle link', async () => {
    const d = await drawRow(drawId);
    const { bundle } = await bundleOf(drawId);
    const page = await t.http().get(`/public/draws/${drawId}`).expect(200);
    expect(page.text).toContain(d.seed);
    expect(page.text).toContain(`/api/v1/draws/${drawId}/bundle`);
    for (const s of bundle.selected) expect(page.text).toContain(s.uscc);
    // Ungraded firms are sampled as B: the second of the draw's four layers, never named by its grade.
    expect(page.text).toContain('随机抽取（第 2 层）');
    expect(page.text).not.toMatch(/[ABCD] 级/);
    const how = await t.http().get('/public/draws/how').expect(200);
    expect(how.text).toContain('npm run cli -- sampling:verify bundle.json');
    const api1 = await t.http().get(`/api/v1/public/draws/${drawId}`).expect(200);
    expect(api1.body).toMatchObject({ seed: d.seed, selected: 4, publicEntropy: d.publicEntropy });
  });

  it('two concurrent runs of the next draw write one result; inspectors of the previous draw are left out for its firms', async () => {
    await t.dataSource.getRepository(DrawEntity).update({ id: secondDrawId }, { drawAt: new Date(Date.now() - 1_000) });
    // A conflict declared after the announcement still counts: the pool is read at the draw.
    const conflict = await api('staff').post(`/api/v1/sampling/inspectors/${inspectorIds.m1}/conflicts`, { tenantId: tenantIds[3], reason: '亲属任该企业法定代表人' });
    expect(conflict.status).toBe(201);
    const service = t.get(DrawsService);
    const runs = await Promise.all([service.runNow(secondDrawId, TEST_ACTOR), service.runNow(secondDrawId, TEST_ACTOR)]);
    expect(runs.filter((r) => r.ranNow)).toHaveLength(1);
    expect(await t.dataSource.getRepository(InspectionTaskEntity).countBy({ drawId: secondDrawId })).toBe(4);
    const { bundle } = await bundleOf(secondDrawId);
    expect(verifyBundle(bundle).problems).toEqual([]);
    expect(await storedAssignments(secondDrawId)).toEqual(bundle.assignments);
    const first = (await bundleOf(drawId)).bundle;
    const withConflict = bundle.inspectorPool.filter((i) => i.excluded.some((x) => x.reason === 'conflict'));
    expect(withConflict).toHaveLength(1);
    expect(withConflict[0].department).toBe('market');
    expect(withConflict[0].excluded.filter((x) => x.reason === 'conflict')).toEqual([{ uscc: tenantUsccs[3], reason: 'conflict' }]);
    const e1 = bundle.inspectorPool.find((i) => i.department === 'emergency')!;
    const visited = first.assignments.filter((a) => a.inspectors.includes(e1.code)).map((a) => a.uscc).sort();
    expect(e1.excluded).toEqual(visited.map((uscc) => ({ uscc, reason: 'previous_draw' })));
    // The emergency department's only inspector is left out for firms it visited last time: those tasks are flagged.
    const short = bundle.assignments.filter((a) => a.inspectors.length < 2);
    expect(short.map((a) => a.uscc)).toEqual(expect.arrayContaining(bundle.assignments.filter((a) => visited.includes(a.uscc)).map((a) => a.uscc)));
    expect((await drawRow(secondDrawId)).flaggedCount).toBe(short.length);
    const flaggedRows = await t.dataSource.getRepository(InspectionTaskEntity).findBy({ drawId: secondDrawId, needsManual: true });
    expect(flaggedRows.map((r) => r.uscc).sort()).toEqual(short.map((a) => a.uscc).sort());
    expect(flaggedRows.every((r) => /^(market|emergency) \d\/1/.test(r.manualReason ?? ''))).toBe(true);
  });

  it('pages: readers see the list, the draw with its tasks and exports; others are refused', async () => {
    const { browser: staff } = await loginAs(t, 'park_staff');
    const list = await staff.agent.get('/sampling/draws').expect(200);
    expect(list.text).toContain(`/sampling/draws/${drawId}`);
    const detail = await staff.agent.get(`/sampling/draws/${drawId}`).expect(200);
    const { bundle } = await bundleOf(drawId);
    for (const a of bundle.assignments) for (const code of a.inspectors) expect(detail.text).toContain(code);
    expect(detail.text).toContain(`/sampling/draws/${drawId}/effectiveness`);
    expect(detail.text).not.toContain(`action="/sampling/draws/${drawId}/entropy"`);
    const flagged = await staff.agent.get(`/sampling/draws/${secondDrawId}?flagged=true`).expect(200);
    expect((flagged.text.match(/class="draw-task flagged"/g) ?? []).length).toBe((await drawRow(secondDrawId)).flaggedCount);
    const xlsx = await staff.agent.get(`/sampling/draws/${drawId}/export.xlsx`).buffer(true).parse(binary).expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const pdf = await staff.agent.get(`/sampling/draws/${drawId}/export.pdf`).buffer(true).parse(binary).expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // Run now again from the page: post-redirect-get, nothing new.
    const rerun = await postForm(staff, `/sampling/draws/${drawId}/run`);
    expect(rerun.status).toBe(303);
    expect(await t.dataSource.getRepository(InspectionTaskEntity).countBy({ drawId })).toBe(4);

    for (const who of ['officer', 'evaluator']) {
      expect((await api(who).get('/api/v1/draws')).status).toBe(403);
      expect((await api(who).post(`/api/v1/draws/${drawId}/execute`)).status).toBe(403);
    }
    expect((await api('admin').get(`/api/v1/draws/${drawId}`)).status).toBe(200);
    expect((await api('approver').get('/api/v1/draws')).status).toBe(200);
    const anon = await anonymousBrowser(t);
    expect((await anon.agent.get('/sampling/draws')).status).toBe(303);
    expect((await t.http().get('/api/v1/draws')).status).toBe(401);
    expect((await t.http().get('/api/v1/draws/999999/bundle')).status).toBe(404);
    expect((await t.http().get('/public/draws')).status).toBe(200);
  });

  it('an announced draw still runs at its time after an approved amendment supersedes its programme; its planned draws are cancelled', async () => {
    // Two more draws of the (approved) programme: one whose announcement is due, one still far off.
    const now = Date.now();
    const repo = t.dataSource.getRepository(DrawEntity);
    const [announcedId, plannedId] = await Promise.all([3, 4].map(async (seq) => (await repo.save(repo.create({
      programmeId, seq, grades: 'ABCD', status: 'planned',
      announceAt: new Date(seq === 3 ? now - 60_000 : now + 3_600_000), drawAt: new Date(now + (seq === 3 ? 3_600_000 : 7_200_000)),
    }))).id));
    await runDrawJob();
    expect((await drawRow(announcedId)).status).toBe('announced');

    const amendment = await api('staff').post(`/api/v1/sampling/programmes/${programmeId}/amend`);
    expect(amendment.status).toBe(201);
    expect([200, 201]).toContain((await api('approver').post(`/api/v1/sampling/programmes/${amendment.body.id}/approve`, { reason: '同意修订。' })).status);
    expect((await api('staff').get(`/api/v1/sampling/programmes/${programmeId}`)).body.status).toBe('superseded');
    expect((await drawRow(plannedId)).status).toBe('cancelled');
    expect((await drawRow(announcedId)).status).toBe('announced');

    // Due: the job draws it (the commitment was public), and it verifies.
    await t.dataSource.getRepository(DrawEntity).update({ id: announcedId }, { drawAt: new Date(Date.now() - 1_000) });
    await runDrawJob();
    const d = await drawRow(announcedId);
    expect(d.status).toBe('drawn');
    expect(d.taskCount).toBeGreaterThan(0);
    expect(await t.dataSource.getRepository(InspectionTaskEntity).countBy({ drawId: announcedId })).toBe(d.taskCount);
    const { bundle } = await bundleOf(announcedId);
    expect(verifyBundle(bundle).problems).toEqual([]);
    expect(bundle.programmeId).toBe(programmeId);
    // A cancelled draw of the superseded programme stays refused.
    expect((await api('staff').post(`/api/v1/draws/${plannedId}/execute`)).status).toBe(409);
  });
  it('a frame whose stored text was altered after the announcement is not drawn; a draw announced before the texts were kept draws from its member rows', async () => {
    // The programme in force is now the approved amendment.
    programmeId = Number(((await t.dataSource.query("SELECT id FROM sampling_programmes WHERE status = 'approved'")) as { id: number }[])[0].id);
    const altered = await announcedDueDraw(90);
    const [first] = await frameTexts(altered);
    const swapped = first.body.replace(/\t(\S)/, (_m, c: string) => `\t${c === '9' ? '8' : '9'}`);
    expect(swapped).not.toBe(first.body);
    await t.dataSource.getRepository(DrawFrameTextEntity).update({ drawId: altered, part: first.part }, { body: swapped });
    await runDrawJob();
    expect((await drawRow(altered)).status).toBe('announced');
    expect(await t.dataSource.getRepository(InspectionTaskEntity).countBy({ drawId: altered })).toBe(0);
    expect((await t.http().get(`/api/v1/draws/${altered}/bundle`)).status).toBe(404);

    const older = await announcedDueDraw(91);
    await t.dataSource.getRepository(DrawFrameTextEntity).delete({ drawId: older });
    await runDrawJob();
    const d = await drawRow(older);
    expect(d.status).toBe('drawn');
    const { bundle } = await bundleOf(older);
    expect(verifyBundle(bundle).problems).toEqual([]);
    expect(bundle.frameHash).toBe(d.frameHash);
    expect(await storedAssignments(older)).toEqual(bundle.assignments);

    // A firm visited in that draw which has left the park since is not in the next frame: no exclusion is kept for it.
    const [gone, ...stayed] = bundle.assignments;
    await t.dataSource.query("UPDATE tenants SET status = 'moved_out' WHERE uscc = ?", [gone.uscc]);
    const next = await announcedDueDraw(92);
    await runDrawJob();
    expect((await drawRow(next)).status).toBe('drawn');
    const after = (await bundleOf(next)).bundle;
    expect(verifyBundle(after).problems).toEqual([]);
    const excludedFor = (uscc: string) => after.inspectorPool.filter((i) => i.excluded.some((x) => x.uscc === uscc && x.reason === 'previous_draw')).map((i) => i.code);
    expect(excludedFor(gone.uscc)).toEqual([]);
    for (const a of stayed) expect(excludedFor(a.uscc).sort()).toEqual([...a.inspectors].sort());
  });
});
