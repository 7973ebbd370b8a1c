import { jest } from '@jest/globals';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import type { Principal } from '../../src/common/principal.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { ScoreHomeSection } from '../../src/scoring/score/score-home.section.js';
import { addDays } from '../../src/scoring/domain/score-window.js';
import { ScoreErratumEntity } from '../../src/scoring/entities/score-erratum.entity.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../../src/scoring/entities/score-snapshot.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, login, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(90_000);

interface Contribution { rule: string; points: number; source: { type: string; id: number }; label: string; tier: string | null; capped: boolean; date: string; record: { label: string; link: string | null } }
interface ScoreBody { tenantId: number; asOf: string; rulebookVersion: string; base: number; total: number; grade: string; bandGrade: string; gradeNote: unknown; contributions: Contribution[]; overrides: unknown[] }

/** The month `n` months before the month of `day` (`YYYY-MM`). */
function monthBefore(day: string, n: number): string {
  const [y, m] = day.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}
const lastDay = (month: string) => addDays(`${monthBefore(`${month}-01`, -1)}-01`, -1);
const clamp = (x: number) => Math.max(0, Math.min(100, x));

/**
 * One small park, today's date from the app's clock:
 * - T1: a general fine 30 days ago (N04 −8) whose rectification was due 5 days ago and is not done
 *   (N05 −5, what-if "rectify" removes it), and a minor inspection 10 days ago (N04 −3) whose rectification
 *   is due in 20 days (what-if "rectify" adds P05 +2). No signed convention, training or evaluation: grade M (no data).
 *   Two published months, an erratum, and the current month in review are seeded directly.
 * - T2: nothing (P03 +5); its officer must not reach T1.
 */
describe('scoring: live score, explanation, what-if, history', () => {
  let t: TestApp;
  let T1: TenantEntity;
  let T2: TenantEntity;
  let today: string;
  let staff: string;
  let officer1: string;
  let officer2: string;
  let evaluator: string;
  let officerBrowser: Browser;
  let staffBrowser: Browser;
  const id: Record<string, number> = {};
  const months: Record<'older' | 'last' | 'review', string> = { older: '', last: '', review: '' };

  beforeAll(async () => {
    t = await createTestApp();
    today = t.get(I18nService).today();
    T1 = await createTenant(t, { name: `评分一号${Date.now()}有限公司` });
    T2 = await createTenant(t, { name: `评分二号${Date.now()}有限公司` });
    const regulator = await tokenFor(t, (await createUser(t, 'regulator', { departmentId: 1 })).id);
    const staffUser = await createUser(t, 'park_staff');
    staff = await tokenFor(t, staffUser.id);
    const officerUser = await createUser(t, 'tenant_officer', { tenantId: T1.id });
    officer1 = await tokenFor(t, officerUser.id);
    officer2 = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: T2.id })).id);
    evaluator = await tokenFor(t, (await createUser(t, 'evaluator')).id);
    officerBrowser = await login(t, officerUser.email);
    staffBrowser = await login(t, staffUser.email);

    let seq = 0;
    const record = async (over: Record<string, unknown>) => {
      const res = await t.http().post('/api/v1/findings').set(bearer(regulator)).send({
        tenantId: T1.id, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: `评分测试${++seq}`, legalBasis: '某条例',
        decisionNo: `评分〔2026〕${Date.now()}-${seq}`, description: '说明', ...over,
      });
      if (res.status !== 201) throw new Error(`recording: ${res.status} ${res.text}`);
      return res.body.id as number;
    };
    id.fine = await record({ decisionDate: addDays(today, -30), rectificationRequired: true, rectifyBy: addDays(today, -5) });
    id.inspection = await record({ type: 'inspection', severity: 'minor', penaltyKind: null, decisionDate: addDays(today, -10), rectificationRequired: true, rectifyBy: addDays(today, 20) });

    // Published history of T1, an erratum, and the month in review (the cycle's tables, written directly).
    months.older = monthBefore(today, 2);
    months.last = monthBefore(today, 1);
    months.review = monthBefore(today, 0);
    const monthRepo = t.dataSource.getRepository(ScoreMonthEntity);
    const snapRepo = t.dataSource.getRepository(ScoreSnapshotEntity);
    const month = async (m: string, status: ScoreMonthEntity['status']) => (await monthRepo.save(monthRepo.create({
      month: m, asOf: lastDay(m), status, rulebookVersion: 'default-2026-04-01', tenantsTotal: 2, tenantsDone: 2, createdAt: new Date(),
      objectionClosesOn: status === 'draft' ? addDays(today, 3) : null,
    }))).id;
    const explanation = (contributions: unknown[]) => JSON.stringify({ contributions, overrides: [], gradeNote: null });
    id.olderMonth = await month(months.older, 'published');
    id.lastMonth = await month(months.last, 'published');
    id.reviewMonth = await month(months.review, 'draft');
    await snapRepo.insert([
      { monthId: id.olderMonth, tenantId: T1.id, computedScore: 72, score: 72, bandGrade: 'B', grade: 'B', publishedScore: 72, publishedGrade: 'B', percentile: 60,
        explanation: explanation([
          { rule: 'P03', fact: 'P03', sign: 1, points: 5, capped: false, tier: null, source: { type: 'tenant', id: T1.id }, date: lastDay(months.older), detail: {} },
          { rule: 'P01', fact: 'P01', sign: 1, points: 5, capped: false, tier: null, source: { type: 'signature', id: 999 }, date: lastDay(months.older), detail: { title: '园区管理公约 2026' } },
        ]) },
      { monthId: id.lastMonth, tenantId: T1.id, computedScore: 52, score: 55, bandGrade: 'D', grade: 'D', publishedScore: 52, publishedGrade: 'D', percentile: 25,
        explanation: explanation([
          { rule: 'N04', fact: 'N04', sign: -1, points: -8, capped: false, tier: 'general', source: { type: 'finding', id: id.fine }, date: addDays(today, -30), detail: {} },
        ]) },
      { monthId: id.reviewMonth, tenantId: T1.id, computedScore: 47, score: 47, bandGrade: 'D', grade: 'D', openObjections: 1,
        explanation: explanation([]) },
    ]);
    const lastSnapshot = await snapRepo.findOneByOrFail({ monthId: id.lastMonth, tenantId: T1.id });
    await t.dataSource.getRepository(ScoreErratumEntity).insert({
      monthId: id.lastMonth, number: 1, snapshotId: lastSnapshot.id, tenantId: T1.id, beforeScore: 52, afterScore: 55, beforeGrade: 'D', afterGrade: 'D',
      reason: '补录整改材料', createdById: staffUser.id, createdAt: new Date(),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const score = (tenantId: number, token: string, query = '') => t.http().get(`/api/v1/tenants/${tenantId}/score${query}`).set(bearer(token));

  describe('GET /api/v1/tenants/:id/score', () => {
    it('answers the live score with every contribution naming its rule, points, label and record; base + Σ points clamped is the total', async () => {
      const res = await score(T1.id, staff, '?lang=en');
      expect(res.status).toBe(200);
      const body = res.body as ScoreBody;
      expect(body).toMatchObject({ tenantId: T1.id, asOf: today, base: 60, rulebookVersion: expect.any(String) });
      expect(body.total).toBe(clamp(body.base + body.contributions.reduce((s, c) => s + c.points, 0)));
      const n04 = body.contributions.find((c) => c.rule === 'N04' && c.source.id === id.fine)!;
      expect(n04).toMatchObject({ points: -8, tier: 'general', source: { type: 'finding', id: id.fine }, capped: false, label: expect.stringMatching(/Regulator finding/) });
      expect(n04.record.link).toBe(`/findings/${id.fine}`);
      expect(n04.record.label).toContain('评分测试1');
      expect(body.contributions.find((c) => c.rule === 'N05')).toMatchObject({ points: -5, source: { type: 'finding', id: id.fine } });
      expect(body.contributions.some((c) => c.rule === 'P03')).toBe(false);
      // No signed convention, training record or evaluation: M.
      expect(body.grade).toBe('M');
      expect(body.gradeNote).toEqual({ kind: 'new', reason: 'noData' });
    });

    it('scores a past date: before the fine, neither N04 nor N05, and P03 holds', async () => {
      const res = await score(T1.id, staff, `?asOf=${addDays(today, -31)}`).expect(200);
      const rules = (res.body as ScoreBody).contributions.map((c) => c.rule);
      expect(rules).toContain('P03');
      expect(rules).not.toContain('N04');
      expect(rules).not.toContain('N05');
      expect((res.body as ScoreBody).asOf).toBe(addDays(today, -31));
    });

    it.each([
      ['tomorrow', () => addDays(today, 1), 'notFuture'],
      ['malformed', () => '2026-13-45', 'date'],
      ['not a date', () => 'yesterday', 'date'],
    ])('refuses an asOf %s with 422 on the field', async (_name, asOf, code) => {
      const res = await score(T1.id, staff, `?asOf=${encodeURIComponent(asOf())}`).expect(422);
      expect(res.body.errors.asOf[0].code).toBe(code);
    });

    it('lets the tenant’s own officer in, hides the tenant from another officer (404), refuses an evaluator (403) and 404s an unknown tenant', async () => {
      await score(T1.id, officer1).expect(200);
      await score(T1.id, officer2).expect(404);
      await score(T1.id, evaluator).expect(403);
      await score(9_999_999, staff).expect(404);
      await t.http().get(`/api/v1/tenants/${T1.id}/score`).expect(401);
    });

    it('T2 with nothing on file: the base plus P03', async () => {
      const body = (await score(T2.id, officer2).expect(200)).body as ScoreBody;
      expect(body.contributions.map((c) => [c.rule, c.points])).toEqual([['P03', 5]]);
      expect(body.total).toBe(65);
    });
  });

  describe('what-if', () => {
    it('lists the options on offer: rectify each open finding', async () => {
      const res = await t.http().get(`/api/v1/tenants/${T1.id}/score/what-if`).set(bearer(officer1)).expect(200);
      const keys = (res.body.options as { key: string; action: string; link: string }[]).map((o) => o.key);
      expect(keys).toEqual(expect.arrayContaining([`findings:finding:${id.fine}`, `findings:finding:${id.inspection}`]));
      await t.http().get(`/api/v1/tenants/${T1.id}/score/what-if`).set(bearer(officer2)).expect(404);
    });

    it('answers current and hypothetical scores and saves nothing', async () => {
      const audit = t.dataSource.getRepository(AuditEntryEntity);
      const before = await audit.count();
      const snapshots = await t.dataSource.getRepository(ScoreSnapshotEntity).count();
      const res = await t.http().post(`/api/v1/tenants/${T1.id}/score/what-if`).set(bearer(officer1))
        .send({ options: [`findings:finding:${id.fine}`, `findings:finding:${id.inspection}`] }).expect(200);
      const { current, whatIf, delta } = res.body as { current: ScoreBody; whatIf: ScoreBody; delta: number };
      expect(current.contributions.some((c) => c.rule === 'N05')).toBe(true);
      expect(whatIf.contributions.some((c) => c.rule === 'N05')).toBe(false);
      expect(whatIf.contributions.find((c) => c.rule === 'P05')).toMatchObject({ points: 2, source: { type: 'finding', id: id.inspection } });
      expect(delta).toBe(whatIf.total - current.total);
      expect(delta).toBe(7);
      expect(whatIf.total).toBe(clamp(whatIf.base + whatIf.contributions.reduce((s, c) => s + c.points, 0)));
      expect(await audit.count()).toBe(before);
      expect(await t.dataSource.getRepository(ScoreSnapshotEntity).count()).toBe(snapshots);
      // The live score is unchanged afterwards.
      expect(((await score(T1.id, officer1).expect(200)).body as ScoreBody).total).toBe(current.total);
    });

    it('no option: the same score on both sides', async () => {
      const res = await t.http().post(`/api/v1/tenants/${T1.id}/score/what-if`).set(bearer(staff)).send({ options: [] }).expect(200);
      expect(res.body.whatIf.total).toBe(res.body.current.total);
      expect(res.body.delta).toBe(0);
    });

    it.each([
      ['an unknown option', { options: ['findings:finding:0'] }, 422, 'options'],
      ['another tenant’s option shape', { options: [`conventions:obligation:${id.fine ?? 1}`] }, 422, 'options'],
      ['a future asOf', { options: [], asOf: '2999-01-01' }, 422, 'asOf'],
      ['options not a list', { options: 'x'.repeat(300) }, 400, 'options'],
      ['an unknown field', { options: [], extra: 1 }, 400, 'extra'],
    ])('refuses %s', async (_name, body, status, field) => {
      const res = await t.http().post(`/api/v1/tenants/${T1.id}/score/what-if`).set(bearer(officer1)).send(body).expect(status);
      expect(Object.keys(res.body.errors)).toContain(field);
    });
  });

  describe('the score page', () => {
    it('shows the score, the explanation with links, the month in review, the percentile, the history chart and table with the erratum, and why it changed', async () => {
      const res = await officerBrowser.agent.get(`/tenants/${T1.id}/score`).expect(200);
      const html = res.text;
      expect(html).toMatch(/<span class="num" data-score>\d+<\/span>/);
      expect(html).toContain('data-rule="N04"');
      expect(html).toContain(`href="/findings/${id.fine}"`);
      expect(html).toMatch(/data-equation>60 − 16 (=|&#x3D;) 44</);
      expect(html).toContain(`href="/scores/${months.review}/tenants/${T1.id}"`);
      expect(html).toContain('id="score-percentile"');
      expect(html).toContain('25%');
      // Chart: one point per published month, oldest first; the corrected month marked.
      const points = [...html.matchAll(/<g class="point" data-month="([^"]+)" data-score="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
      expect(points).toEqual([[months.older, 72], [months.last, 55]]);
      expect(html).toMatch(new RegExp(`data-month="${months.last}" data-score="55" data-grade="D" data-erratum="1"`));
      expect(html).toContain('补录整改材料');
      // Why it changed between the two published months: N04 appeared, P01 and P03 no longer count.
      const why = html.slice(html.indexOf('id="score-why-last"'));
      expect([...why.matchAll(/class="score-change" data-kind="(\w+)" data-rule="(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`).slice(0, 3))
        .toEqual(['appeared:N04', 'disappeared:P01', 'disappeared:P03']);
      // And since the last published month: N05 appeared.
      const live = html.slice(html.indexOf('id="score-why-live"'), html.indexOf('id="score-why-last"'));
      expect(live).toContain('data-kind="appeared" data-rule="N05"');
      // What-if form, one box per option.
      expect(html).toContain(`value="findings:finding:${id.fine}"`);
    });

    it('an asOf in the past: that day’s score, no what-if; a future one: 422 with the error beside the picker', async () => {
      const past = await officerBrowser.agent.get(`/tenants/${T1.id}/score?asOf=${addDays(today, -31)}`).expect(200);
      expect(past.text).not.toContain('id="score-what-if"');
      const explanation = past.text.slice(past.text.indexOf('id="score-explanation"'), past.text.indexOf('id="score-history"'));
      expect(explanation).toContain('data-rule="P03"');
      expect(explanation).not.toContain('data-rule="N04"');
      const future = await officerBrowser.agent.get(`/tenants/${T1.id}/score?asOf=${addDays(today, 1)}`).expect(422);
      expect(future.text).toMatch(/<p class="error" id="e-asOf">/);
    });

    it('what-if from the form renders the hypothetical result; an option not on offer is shown beside the boxes', async () => {
      const res = await postForm(officerBrowser, `/tenants/${T1.id}/score/what-if`, { options: `findings:finding:${id.fine}` }).expect(200);
      expect(res.text).toContain('id="score-what-if-result"');
      expect(res.text).toMatch(/data-what-if-delta>\+5</);
      expect(res.text).toMatch(new RegExp(`value="findings:finding:${id.fine}" checked`));
      const bad = await postForm(officerBrowser, `/tenants/${T1.id}/score/what-if`, { options: 'findings:finding:0' }).expect(422);
      expect(bad.text).toContain('id="e-options"');
      await postForm(officerBrowser, `/tenants/${T2.id}/score/what-if`, {}).expect(404);
    });

    it('is not reachable for another tenant’s officer', async () => {
      await officerBrowser.agent.get(`/tenants/${T2.id}/score`).expect(404);
    });

    it('staff see the score card on the hub; the officer’s hub (their home) adds the things that raise the score most', async () => {
      const hub = await staffBrowser.agent.get(`/tenants/${T1.id}`).expect(200);
      const card = hub.text.slice(hub.text.indexOf('id="hub-score"'));
      expect(card).toContain(`href="/tenants/${T1.id}/score"`);
      expect(card).toMatch(/data-trend="down"/);
      expect(card.slice(0, card.indexOf('</section>'))).not.toContain('data-option=');
      await officerBrowser.agent.get('/').expect(303).expect('Location', `/tenants/${T1.id}`);
      const own = await officerBrowser.agent.get(`/tenants/${T1.id}`).expect(200);
      const ownCard = own.text.slice(own.text.indexOf('id="hub-score"'));
      expect([...ownCard.slice(0, ownCard.indexOf('</section>')).matchAll(/<li data-option="([^"]+)">/g)].map((m) => m[1]))
        .toEqual([`findings:finding:${id.fine}`, `findings:finding:${id.inspection}`]);
    });

    it('the home section: the officer’s score, trend and the three options that raise it most (each alone); nothing for staff', async () => {
      const section = t.get(ScoreHomeSection);
      const principal = (role: string, tenantId: number | null) => ({ userId: 1, email: 'x', name: 'x', role, tenantId, departmentId: null, institutionId: null, locale: 'en', via: 'session', mustChangePassword: false }) as Principal;
      const model = await section.section(principal('tenant_officer', T1.id)) as { total: number; trend: { direction: string }; raisers: { key: string; gain: string }[] };
      expect(model.raisers.map((r) => [r.key, r.gain])).toEqual([[`findings:finding:${id.fine}`, '+5'], [`findings:finding:${id.inspection}`, '+2']]);
      expect(model.trend.direction).toBe('down');
      expect(await section.section(principal('park_staff', null))).toBeNull();
      expect(await section.section(principal('tenant_officer', null))).toBeNull();
    });
  });
});
