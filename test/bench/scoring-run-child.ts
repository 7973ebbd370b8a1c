/**
 * The scoring bench's child process (`node dist/test/bench/scoring-run-child.js <mode> …`), so the
 * parent can sample its memory from outside as it would a worker's:
 *  - `run <YYYY-MM>`: boots the application context on the bench database and runs the month-end run
 *    (MonthRunService.run(month, { restart: true })), as the worker's `cycle.monthEnd` job does;
 *  - `live <n> <id,id,…>`: the live score of the given tenants one after the other through
 *    ScoreService.scoreOf (the fallback when the HTTP score route is not there), after a warm-up;
 *  - `profile <YYYY-MM> <id,id,…>`: where the time goes — for one batch of the run (10,000 tenants from
 *    the middle of the park) each fact source, the published months, the move-ins, the engine and the
 *    stored explanations' JSON, timed apart; for the given tenants one at a time, the same parts of the
 *    live score plus the records' names (the explanation's links).
 * It prints one line `RESULT {json}` on stdout: boot and run times, the snapshots written, the
 * registered fact sources (the pillars the run read), its own peak RSS.
 * Environment: DB_TYPE, DATABASE_URL (the bench database), BENCH_SCORING_BATCH (the run's batch size).
 */
import 'reflect-metadata';
import { DateTime } from 'luxon';
import { createAppContext } from '../../src/bootstrap.js';
import { ContributionRegistry } from '../../src/common/contributions/contribution-registry.js';
import { loadConfig } from '../../src/config/app-config.js';
import { DataSource } from 'typeorm';
import { RulebookService } from '../../src/scoring/core/rulebook.service.js';
import { ScoreHistoryQueries } from '../../src/scoring/core/score-history.queries.js';
import { ScoreService } from '../../src/scoring/core/score.service.js';
import { MonthRunService } from '../../src/scoring/cycle/month-run.service.js';
import { monthEnd, storedExplanation } from '../../src/scoring/domain/month-cycle.rules.js';
import { computeScore } from '../../src/scoring/domain/score-engine.js';
import type { ScoreFact } from '../../src/scoring/domain/score-fact.js';
import { FACT_SOURCES } from '../../src/scoring/facts/fact-source.js';
import { LiveScoreService } from '../../src/scoring/score/live-score.service.js';
import { TenantsQueries } from '../../src/tenants/tenants.queries.js';

async function main(): Promise<void> {
  const [mode, arg, list] = process.argv.slice(2);
  const config = loadConfig({
    DB_TYPE: process.env.DB_TYPE, DATABASE_URL: process.env.DATABASE_URL, DEMO_SEED: 'false', DB_MIGRATE_ON_START: 'false',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!!',
  });
  const booting = performance.now();
  const app = await createAppContext(config, { logger: false });
  const bootMs = Math.round(performance.now() - booting);
  try {
    const sources = app.get(ContributionRegistry).of(FACT_SOURCES).map((s) => s.meta.name);
    if (mode === 'run') {
      const started = performance.now();
      const batchSize = process.env.BENCH_SCORING_BATCH ? Number(process.env.BENCH_SCORING_BATCH) : undefined;
      const result = await app.get(MonthRunService).run(arg, { restart: true, batchSize });
      const runMs = Math.round(performance.now() - started);
      report({ bootMs, runMs, ...result, sources });
    } else if (mode === 'live') {
      const ids = list.split(',').map(Number);
      const scores = app.get(ScoreService);
      const today = DateTime.now().setZone(config.PARK_TIMEZONE).toISODate() as string;
      for (const id of ids.slice(0, 20)) await scores.scoreOf(id, today);
      const latencies: number[] = [];
      let contributions = 0;
      for (const id of ids.slice(0, Number(arg))) {
        const started = performance.now();
        const r = await scores.scoreOf(id, today);
        latencies.push(performance.now() - started);
        contributions += r.contributions.length;
      }
      report({ bootMs, latencies, contributions, sources, asOf: today });
    } else if (mode === 'profile') {
      report({ bootMs, sources, batch: await profileBatch(app, arg), live: await profileLive(app, list.split(',').map(Number), config.PARK_TIMEZONE) });
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    await app.close();
  }
}

type App = Awaited<ReturnType<typeof createAppContext>>;

async function timed<T>(out: Record<string, number>, key: string, fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const value = await fn();
  out[key] = (out[key] ?? 0) + (performance.now() - started);
  return value;
}

/** One batch of the run, part by part (the writes are what the run's time per batch leaves). */
async function profileBatch(app: App, month: string): Promise<Record<string, number>> {
  const asOf = monthEnd(month);
  const rows = (await app.get(DataSource).query("SELECT id FROM tenants WHERE status = 'active' ORDER BY id LIMIT 10000 OFFSET 100000")) as { id: number }[];
  const ids = rows.map((r) => Number(r.id));
  const rulebook = await app.get(RulebookService).inForce(asOf);
  const ms: Record<string, number> = {};
  const facts = new Map<number, ScoreFact[]>(ids.map((id) => [id, []]));
  for (const source of app.get(ContributionRegistry).of(FACT_SOURCES)) {
    const got = await timed(ms, `facts: ${source.meta.name}`, () => source.fn(ids, asOf, rulebook));
    for (const [id, list] of got) facts.get(id)?.push(...list);
  }
  const prior = await timed(ms, 'published months (prior)', () => app.get(ScoreHistoryQueries).priorMonths(ids, month, 2));
  const since = DateTime.fromISO(asOf).minus({ days: (rulebook.newTenant?.days ?? 0) + 1 }).toISODate() as string;
  const movedIn = await timed(ms, 'move-ins', () => app.get(TenantsQueries).movedInAfter(ids, since));
  const results = await timed(ms, 'engine (computeScore × 10,000)', () => ids.map((tenantId) => computeScore({
    facts: facts.get(tenantId) ?? [], rulebook, asOf, subject: { tenantId, movedInOn: movedIn.get(tenantId) ?? null }, prior: prior.get(tenantId) ?? [],
  })));
  const json = await timed(ms, 'explanations to JSON', () => results.map((r) => JSON.stringify(storedExplanation(r))));
  // The writes, as the run makes them (500-row upserts keyed (month, tenant) in one transaction), into a
  // scratch copy of score_snapshots: once inserting, once replacing (a re-run), and once with the
  // explanations' contributions without their `detail` (what the record's name could be looked up from).
  const ds = app.get(DataSource);
  await ds.query('DROP TABLE IF EXISTS bench_snapshot_probe');
  await ds.query('CREATE TABLE bench_snapshot_probe LIKE score_snapshots');
  const columns = 'monthId, tenantId, computedScore, adjustment, score, bandGrade, grade, previousScore, previousGrade, explanation, negativeCount';
  const write = async (texts: string[]) => ds.transaction(async (m) => {
    for (let i = 0; i < results.length; i += 500) {
      const part = results.slice(i, i + 500);
      await m.query(
        `INSERT INTO bench_snapshot_probe (${columns}) VALUES ${part.map(() => '(?, ?, ?, 0, ?, ?, ?, NULL, NULL, ?, 0)').join(', ')}
         ON DUPLICATE KEY UPDATE computedScore = VALUES(computedScore), score = VALUES(score), bandGrade = VALUES(bandGrade), grade = VALUES(grade), explanation = VALUES(explanation)`,
        part.flatMap((r, k) => [1, r.tenantId, r.total, r.total, r.bandGrade, r.grade, texts[i + k]]),
      );
    }
  });
  const kb = (texts: string[]) => Math.round(texts.reduce((a, t) => a + Buffer.byteLength(t), 0) / 1024);
  await timed(ms, `write: insert (explanations ${kb(json)} KiB)`, () => write(json));
  await timed(ms, 'write: replace (a re-run)', () => write(json));
  await ds.query('TRUNCATE TABLE bench_snapshot_probe');
  const lean = results.map((r) => JSON.stringify({ ...storedExplanation(r), contributions: r.contributions.map(({ detail: _detail, ...c }) => c) }));
  await timed(ms, `write: insert without details (${kb(lean)} KiB)`, () => write(lean));
  await ds.query('DROP TABLE bench_snapshot_probe');
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)]));
}

/** The live score's parts for each tenant one at a time, averaged (ms). */
async function profileLive(app: App, ids: number[], timeZone: string): Promise<Record<string, number>> {
  const asOf = DateTime.now().setZone(timeZone).toISODate() as string;
  const rulebook = await app.get(RulebookService).inForce(asOf);
  const sources = app.get(ContributionRegistry).of(FACT_SOURCES);
  const live = app.get(LiveScoreService);
  const ms: Record<string, number> = {};
  for (const id of ids.slice(0, 10)) await live.live(id, asOf, 'zh-CN');
  for (const id of ids) {
    for (const source of sources) await timed(ms, `facts: ${source.meta.name}`, () => source.fn([id], asOf, rulebook));
    await timed(ms, 'published months (prior)', () => app.get(ScoreHistoryQueries).priorMonths([id], asOf.slice(0, 7), 2));
    await timed(ms, 'ScoreService.scoreOf (all of the above + engine)', () => app.get(ScoreService).scoreOf(id, asOf, { rulebook }));
    await timed(ms, 'LiveScoreService: tenant + live (with the records\' names) + body', async () => {
      const [, score] = await Promise.all([live.tenant(id), live.live(id, asOf, 'zh-CN')]);
      return live.body(score, 'zh-CN');
    });
  }
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round((10 * v) / ids.length) / 10]));
}

function report(result: Record<string, unknown>): void {
  // maxRSS is in kilobytes: the peak of the whole process, boot included.
  process.stdout.write(`RESULT ${JSON.stringify({ ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
