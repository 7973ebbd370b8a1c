import { jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { DEFAULT_RULEBOOK, type Grade } from '../../src/scoring/domain/rulebook.js';
import { RulebookVersionEntity } from '../../src/scoring/entities/rulebook-version.entity.js';
import { ScoreErratumEntity } from '../../src/scoring/entities/score-erratum.entity.js';
import { ScoreMonthEntity, type ScoreMonthStatus } from '../../src/scoring/entities/score-month.entity.js';
import { ScoreObjectionEntity } from '../../src/scoring/entities/score-objection.entity.js';
import { ScoreSnapshotEntity } from '../../src/scoring/entities/score-snapshot.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type TestApp } from '../support/test-app.js';

jest.setTimeout(90_000);

interface Row { rank: number; tenantId: number; annualScore: number; monthsCounted: number; negativeMonths: number; scoreSum: number }

/**
 * The park at a glance and the year, over months and snapshots written directly (the cycle that
 * produces them is tested on its own). 2025-10 … 2025-12 published; 2026-01 a draft with an open
 * objection (awaits countersignature); 2026-02 countersigned, its objection window closed (ready to publish).
 * - T1: 95, 92, 94 — mean 93.67, nominated.
 * - T2: 91, 90, 89 — mean 90 exactly, but an open finding today (N04): held back.
 * - T3: 96 ×3, a negative item in November: not nominated.
 * - T4: 88 ×3 — below 90, until an erratum lifts December to 94 (mean 90): then nominated, tied with T2.
 * - T5: December only, 70.
 */
describe('scoring overview: the park at a glance and the year', () => {
  let t: TestApp;
  let T: TenantEntity[];
  let staff: string;
  let regulator: string;
  let officer: string;
  let evaluator: string;
  const month: Record<string, number> = {};
  const tag = `${Date.now()}`.slice(-6);

  const insertMonth = async (m: string, status: ScoreMonthStatus, extra: Partial<ScoreMonthEntity> = {}) => {
    const [y, mm] = m.split('-').map(Number);
    const asOf = new Date(Date.UTC(y, mm, 0)).toISOString().slice(0, 10);
    const row = await t.dataSource.getRepository(ScoreMonthEntity).save({
      month: m, asOf, status, rulebookVersion: DEFAULT_RULEBOOK.version, tenantsTotal: 5, tenantsDone: 5, cursor: 0,
      computedAt: new Date(), createdAt: new Date(), publishedAt: status === 'published' ? new Date(`${asOf}T12:00:00Z`) : null, ...extra,
    });
    month[m] = row.id;
    return row.id;
  };
  const grade = (score: number): Grade => (score >= 85 ? 'A' : score >= 70 ? 'B' : score >= 60 ? 'C' : 'D');
  const snapshot = (m: string, tenant: TenantEntity, score: number, previousScore: number | null, negativeCount = 0) => ({
    monthId: month[m], tenantId: tenant.id, computedScore: score, adjustment: 0, score, bandGrade: grade(score), grade: grade(score),
    previousScore, previousGrade: previousScore === null ? null : grade(previousScore), explanation: '{"contributions":[],"overrides":[],"gradeNote":null}',
    negativeCount, openObjections: 0, percentile: null, publishedScore: score, publishedGrade: grade(score),
  });
  const annual = async (query = '', token = staff) => (await t.http().get(`/api/v1/score-years/2025${query}`).set(bearer(token)).expect(200)).body as { items: Row[]; total: number; ranked: number; months: string[] };
  const ranks = (rows: Row[]) => rows.map((r) => [T.findIndex((x) => x.id === r.tenantId) + 1, r.rank, r.annualScore]);

  beforeAll(async () => {
    t = await createTestApp();
    T = [];
    for (let i = 1; i <= 5; i++) T.push(await createTenant(t, { name: `年度${tag}第${i}号有限公司` }));
    staff = await tokenFor(t, (await createUser(t, 'park_staff')).id);
    regulator = await tokenFor(t, (await createUser(t, 'regulator', { departmentId: 1 })).id);
    officer = await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: T[0].id })).id);
    evaluator = await tokenFor(t, (await createUser(t, 'evaluator')).id);

    for (const m of ['2025-10', '2025-11', '2025-12']) await insertMonth(m, 'published');
    await insertMonth('2026-01', 'draft', { objectionClosesOn: '2026-02-06' });
    await insertMonth('2026-02', 'countersigned', { objectionClosesOn: '2026-03-06', countersignedAt: new Date(), countersignedById: 1 });
    const scores: [number, number, number][] = [[95, 92, 94], [91, 90, 89], [96, 96, 96], [88, 88, 88]];
    const snaps = scores.flatMap((s, i) => [
      snapshot('2025-10', T[i], s[0], null), snapshot('2025-11', T[i], s[1], s[0], i === 2 ? 1 : 0), snapshot('2025-12', T[i], s[2], s[1]),
    ]);
    snaps.push(snapshot('2025-12', T[4], 70, null), snapshot('2026-01', T[0], 99, 94), snapshot('2026-01', T[1], 99, 89));
    await t.dataSource.getRepository(ScoreSnapshotEntity).insert(snaps);
    const draft = await t.dataSource.getRepository(ScoreSnapshotEntity).findOneByOrFail({ monthId: month['2026-01'], tenantId: T[1].id });
    await t.dataSource.getRepository(ScoreObjectionEntity).insert({
      monthId: month['2026-01'], snapshotId: draft.id, tenantId: T[1].id, rule: null, sourceType: null, sourceId: null, reason: '不同意', filedById: 1, filedAt: new Date(), status: 'open',
    });
    await t.dataSource.getRepository(RulebookVersionEntity).insert({
      version: `pending-${tag}`, effectiveFrom: '2027-01-01', status: 'pending', body: JSON.stringify(DEFAULT_RULEBOOK), createdById: 1, createdAt: new Date(), submittedAt: new Date(),
    });
    // T2: a general fine today — a finding in its publicity period (N04) keeps it off the red list.
    const today = t.get(I18nService).today();
    await t.http().post('/api/v1/findings').set(bearer(regulator)).send({
      tenantId: T[1].id, type: 'penalty', severity: 'general', penaltyKind: 'fine', title: '年度测试处罚', legalBasis: '某条例',
      decisionNo: `年度〔2026〕${tag}`, description: '说明', decisionDate: today,
    }).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ranks the park by the mean of the published months, densely, from the highest', async () => {
    const res = await annual();
    expect(res.months).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(res.total).toBe(5);
    expect(ranks(res.items)).toEqual([[3, 1, 96], [1, 2, 93.67], [2, 3, 90], [4, 4, 88], [5, 5, 70]]);
    expect(res.items.find((r) => r.tenantId === T[2].id)).toMatchObject({ monthsCounted: 3, negativeMonths: 1, scoreSum: 288 });
    expect(res.items.find((r) => r.tenantId === T[4].id)).toMatchObject({ monthsCounted: 1, negativeMonths: 0 });
  });

  it('paginates and searches while the ranks stay the park’s', async () => {
    const page2 = await annual('?pageSize=2&page=2');
    expect(ranks(page2.items)).toEqual([[2, 3, 90], [4, 4, 88]]);
    expect(page2.total).toBe(5);
    const found = await annual(`?q=${encodeURIComponent(`年度${tag}第4号`)}`);
    expect(found.total).toBe(1);
    expect(found.ranked).toBe(5);
    expect(ranks(found.items)).toEqual([[4, 4, 88]]);
    const byUscc = await annual(`?q=${T[4].uscc}`);
    expect(ranks(byUscc.items)).toEqual([[5, 5, 70]]);
  });

  it('a year without published months is empty, draft months never count', async () => {
    const res = await t.http().get('/api/v1/score-years/2026').set(bearer(staff)).expect(200);
    expect(res.body).toMatchObject({ year: 2026, months: [], items: [], total: 0 });
  });

  it('nominates on the rulebook’s threshold, no negative month and no open finding today', async () => {
    const res = await t.http().get('/api/v1/score-years/2025/nominations').set(bearer(regulator)).expect(200);
    expect(res.body).toMatchObject({ year: 2025, minAnnual: 90, rulebookVersion: DEFAULT_RULEBOOK.version, checkedOn: t.get(I18nService).today() });
    expect(res.body.items.map((r: Row) => r.tenantId)).toEqual([T[0].id]);
    expect(res.body.excluded).toEqual([expect.objectContaining({ tenantId: T[1].id, rules: ['N04'], annualScore: 90 })]);
  });

  it('reads the score after errata: an erratum lifts T4 to 90, tied with T2, and onto the list', async () => {
    const snap = await t.dataSource.getRepository(ScoreSnapshotEntity).findOneByOrFail({ monthId: month['2025-12'], tenantId: T[3].id });
    await t.dataSource.getRepository(ScoreErratumEntity).insert({
      monthId: month['2025-12'], number: 1, snapshotId: snap.id, tenantId: T[3].id, beforeScore: 88, afterScore: 94, beforeGrade: 'A', afterGrade: 'A', reason: '更正', createdById: 1, createdAt: new Date(),
    });
    await t.dataSource.getRepository(ScoreSnapshotEntity).update({ id: snap.id }, { score: 94 });
    const res = await annual();
    expect(ranks(res.items)).toEqual([[3, 1, 96], [1, 2, 93.67], [2, 3, 90], [4, 3, 90], [5, 4, 70]]);
    const n = await t.http().get('/api/v1/score-years/2025/nominations').set(bearer(staff)).expect(200);
    expect(n.body.items.map((r: Row) => r.tenantId)).toEqual([T[0].id, T[3].id]);
  });

  it('refuses a bad year with a field error and other roles with 403', async () => {
    for (const year of ['abc', '1999', '2101', '2025.5']) {
      const bad = await t.http().get(`/api/v1/score-years/${year}`).set(bearer(staff)).expect(400);
      expect(bad.body.errors.year).toBeDefined();
    }
    const badPage = await t.http().get('/api/v1/score-years/2025?pageSize=1000').set(bearer(staff)).expect(400);
    expect(badPage.body.errors.pageSize).toBeDefined();
    for (const token of [officer, evaluator]) {
      await t.http().get('/api/v1/score-years/2025').set(bearer(token)).expect(403);
      await t.http().get('/api/v1/score-years/2025/nominations').set(bearer(token)).expect(403);
    }
    await t.http().get('/api/v1/score-years/2025').expect(401);
  });

  it('exports the ranking as CSV and XLSX', async () => {
    const csv = await t.http().get('/api/v1/score-years/2025/export?format=csv&lang=en').set(bearer(staff)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(csv.headers['content-disposition']).toMatch(/annual-scores-2025\.csv/);
    const rows = parse((csv.body as Buffer).toString('utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(rows[0]).toEqual(['Rank', 'Tenant', 'USCC', 'Annual score', 'Months counted', 'Months with a negative item']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['1', T[2].name, '96.00'], ['2', T[0].name, '93.67'], ['3', T[1].name, '90.00'], ['3', T[3].name, '90.00'], ['4', T[4].name, '70.00'],
    ]);
    const xlsx = await t.http().get('/api/v1/score-years/2025/export?format=xlsx').set(bearer(staff)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('pages: the annual ranking, its export and the nominations, for staff and regulators', async () => {
    const { browser } = await loginAs(t, 'park_staff');
    const page = await browser.agent.get('/scores/annual?year=2025&lang=en').expect(200);
    expect(page.text).toContain('Annual scores and ranking 2025');
    expect(page.text).toMatch(new RegExp(`data-tenant="${T[2].id}" data-rank="1" data-score="96.00"`));
    expect(page.text).toContain('Tenants with an annual score of at least 90 and no negative item in the year: 3.');
    const searched = await browser.agent.get(`/scores/annual?year=2025&q=${encodeURIComponent(`年度${tag}第5号`)}`).expect(200);
    expect(searched.text.match(/class="annual"/g)).toHaveLength(1);
    const csv = await browser.agent.get('/scores/annual/export.csv?year=2025').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    await browser.agent.get('/scores/annual/export.xlsx?year=2025').expect(200);
    // Without a year: the last published month's.
    expect((await browser.agent.get('/scores/annual?lang=en').expect(200)).text).toContain('Annual scores and ranking 2025');
    await browser.agent.get('/scores/annual?year=abc').expect(400);
    const { browser: reg } = await loginAs(t, 'regulator');
    const nominations = await reg.agent.get('/scores/annual/nominations?year=2025&lang=en').expect(200);
    expect(nominations.text).toMatch(new RegExp(`class="nomination" data-tenant="${T[0].id}"`));
    expect(nominations.text).toMatch(new RegExp(`class="excluded" data-tenant="${T[1].id}"`));
    const { browser: off } = await loginAs(t, 'tenant_officer', { tenantId: T[0].id });
    const refused = await off.agent.get('/scores/annual?year=2025');
    expect(refused.status).toBe(403);
  });

  it('home: staff see the distribution, trend, movers, objections and the month ready to publish', async () => {
    const { browser } = await loginAs(t, 'park_staff');
    const home = (await browser.agent.get('/?lang=en').expect(200)).text;
    expect(home).toContain('id="home-scores-overview"');
    expect(home).toContain('Grades in 2025-12, the last published month');
    // December: T1 94 A, T2 89 A, T3 96 A, T4 94 A (after the erratum), T5 70 B.
    expect(home).toMatch(/<tr data-grade="A">.*?<td class="num">4<\/td><td class="num">80%<\/td>/s);
    expect(home).toMatch(/<tr data-grade="B">.*?<td class="num">1<\/td><td class="num">20%<\/td>/s);
    expect(home).toMatch(/<svg[^>]*class="chart"/);
    expect(home).toMatch(/data-grade="A" data-count="4" data-percent="80"/);
    expect(home).toContain('id="home-scores-trend-table"');
    expect(home).toMatch(/<tr data-month="2025-10">/);
    expect(home).toMatch(new RegExp(`class="mover-up" data-tenant="${T[3].id}"[^]*?\\+6`));
    expect(home).toMatch(new RegExp(`class="mover-down" data-tenant="${T[1].id}"[^]*?▼ -1`));
    expect(home).toMatch(/class="open-objections" data-month="2026-01" data-count="1"/);
    expect(home).toMatch(/class="pending-publish" data-month="2026-02"/);
    expect(home).not.toContain('pending-countersign');
    expect(home).not.toContain('pending-rulebook');
    expect(home).toContain('href="/scores/annual?year=2025"');
  });

  it('home: regulators see what waits for their countersignature and approval; officers see no overview', async () => {
    const { browser } = await loginAs(t, 'regulator');
    const home = (await browser.agent.get('/?lang=en').expect(200)).text;
    expect(home).toMatch(/class="pending-countersign" data-month="2026-01"/);
    expect(home).toMatch(/class="pending-rulebook" data-version="\d+"/);
    expect(home).toContain(`Rulebook version pending-${tag} awaits approval`);
    expect(home).not.toContain('pending-publish');
    const { browser: off } = await loginAs(t, 'tenant_officer', { tenantId: T[0].id });
    expect((await off.agent.get('/').redirects(2).expect(200)).text).not.toContain('home-scores-overview');
  });
});
