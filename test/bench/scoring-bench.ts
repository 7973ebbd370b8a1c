/**
 * The scoring figures issue 12 asks for (`BENCH_ONLY=scoring`, and part of the full `npm run bench`):
 *  1. data: the bench registry's 200,000 tenants and about 10,000,000 fact records across the
 *     pillars' tables — the trainings, findings and evaluations benches' data (seeded by them, once)
 *     plus conventions (obligations, signatures, breaches) and self-reports (scoring-seed.ts);
 *  2. the month-end run, MonthRunService.run(month, { restart: true }), in a child process booted like
 *     the worker, its RSS sampled every 200 ms (target: < 120 s, peak < 1 GB);
 *  3. one hand-written set-based SQL statement computing the same totals over the same tables
 *     (scoring-sql.ts), timed in the same run (target: run ≤ 3 × SQL), and both compared tenant by
 *     tenant (totals for every tenant, rule by rule on a sample), mismatches printed;
 *  4. the live score with its explanation for 200 random tenants one after the other, through
 *     GET /api/v1/tenants/:id/score with an API token (or ScoreService.scoreOf in a child process when
 *     the route is not there), target p95 < 20 ms, beside the bare Nest route's latency and req/s.
 * Environment: BENCH_SCORING_MONTH (default 2026-06: the month whose end every pillar's seeded data
 * surrounds), BENCH_SCORING_BATCH (the run's batch size, default the service's), BENCH_SCORING_LIVE (200).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { PROJECT_ROOT } from '../../src/common/project-root.js';
import { bareNestLatency, cli, ensureAccount, startServer, stopServer, summarise } from './bench-support.js';
import { seedEvaluations } from './evaluations-bench.js';
import { seedFindings } from './findings-bench.js';
import { factRecordCounts, seedConventions, seedSelfReports } from './scoring-seed.js';
import { runScoreSql, SQL_PILLARS, SQL_RULES, type SqlPillar } from './scoring-sql.js';
import { seedTrainings } from './trainings-bench.js';

const MONTH = process.env.BENCH_SCORING_MONTH ?? '2026-06';
const LIVE = Number(process.env.BENCH_SCORING_LIVE ?? 200);
const TIME_ZONE = process.env.PARK_TIMEZONE ?? 'Asia/Shanghai';
const CHILD = join(PROJECT_ROOT, 'dist', 'test', 'bench', 'scoring-run-child.js');
const STAFF_EMAIL = 'bench-scoring@parktrust.invalid';
const STAFF_PASSWORD = 'bench-scoring-password-2026';

export interface ScoringBenchContext {
  ds: DataSource;
  /** The bench database (mysql://…/db). */
  url: string;
  mysqlType: 'mariadb' | 'mysql';
  /** First of the ports this part may use: the bare Nest app on port + 1, the server on port + 2. */
  port: number;
  /** Requests per second of the bare Nest route measured in the same run (20 clients). */
  bareNestRps: number;
  trainingSessions: number;
}

interface ChildOutcome {
  result: Record<string, unknown> | null;
  peakRssMb: number;
  samples: number;
  wallMs: number;
  code: number | null;
}

/** Resident memory of a process in MiB, from /proc (Linux); null once it is gone. */
function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Runs the child script with `args`, sampling its RSS every 200 ms; resolves with its RESULT line. */
function runChild(args: string[], env: Record<string, string>): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CHILD, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peak = 0;
    let samples = 0;
    const sample = () => {
      const mb = child.pid ? rssMb(child.pid) : null;
      if (mb !== null) {
        samples++;
        peak = Math.max(peak, mb);
      }
    };
    const timer = setInterval(sample, 200);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ result: line ? (JSON.parse(line.slice(7)) as Record<string, unknown>) : null, peakRssMb: Math.round(peak), samples, wallMs: Math.round(performance.now() - started), code });
    });
  });
}

/** Last day of a month (YYYY-MM). */
function monthEnd(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'utc' }).endOf('month').toISODate() as string;
}

/** A small deterministic generator, so two runs score the same "random" tenants. */
function sampleIds(lo: number, hi: number, n: number): number[] {
  let x = 20_261_129;
  const out = new Set<number>();
  while (out.size < Math.min(n, hi - lo + 1)) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    out.add(lo + (x % (hi - lo + 1)));
  }
  return [...out];
}

/** Points per rule of a stored explanation's contributions. */
function pointsByRule(explanation: string): Record<string, number> {
  const e = JSON.parse(explanation) as { contributions?: { rule: string; points: number }[] };
  const out: Record<string, number> = {};
  for (const c of e.contributions ?? []) out[c.rule] = (out[c.rule] ?? 0) + c.points;
  return out;
}

async function seed(ctx: ScoringBenchContext): Promise<void> {
  const { ds } = ctx;
  const steps: { step: string; ms: number }[] = [];
  const time = async (step: string, fn: () => Promise<unknown>) => {
    const started = performance.now();
    await fn();
    steps.push({ step, ms: Math.round(performance.now() - started) });
  };
  // Each generator returns at once when its data is there (a reused database: a second run only counts).
  await time('trainings (sessions, invitations, attendance, excuses)', () => seedTrainings(ds, ctx.trainingSessions));
  await time('findings (findings, rectifications, annual reports)', () => seedFindings(ds));
  await time('evaluations (engagements, evaluations, disputes)', () => seedEvaluations(ds));
  await time('conventions (versions, obligations, signatures, breaches)', () => seedConventions(ds));
  await time('self-reports', () => seedSelfReports(ds));
  console.table(steps);
  const counts = await factRecordCounts(ds);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const [{ tenants, active }] = (await ds.query("SELECT COUNT(*) AS tenants, SUM(status = 'active') AS active FROM tenants")) as { tenants: string; active: string }[];
  console.table(Object.entries(counts).map(([table, rows]) => ({ table, rows })));
  console.log(`scoring data: ${Number(tenants).toLocaleString('en')} tenants (${Number(active).toLocaleString('en')} active), ${total.toLocaleString('en')} fact records in the pillars' tables (target 10,000,000)`);
}

/** The month-end run in a child process, its time and peak memory. */
async function monthRun(ctx: ScoringBenchContext): Promise<{ ms: number | null; peakRssMb: number; monthId: number | null; snapshots: number; sources: string[] }> {
  const env: Record<string, string> = { DB_TYPE: ctx.mysqlType, DATABASE_URL: ctx.url };
  if (process.env.BENCH_SCORING_BATCH) env.BENCH_SCORING_BATCH = process.env.BENCH_SCORING_BATCH;
  const outcome = await runChild(['run', MONTH], env);
  const r = outcome.result;
  if (!r || outcome.code !== 0) {
    console.log(`month-end run of ${MONTH}: the child failed (exit ${outcome.code}, after ${outcome.wallMs} ms, peak RSS ${outcome.peakRssMb} MB); see its error above`);
    return { ms: null, peakRssMb: outcome.peakRssMb, monthId: null, snapshots: 0, sources: [] };
  }
  const ms = Number(r.runMs);
  console.table([{
    scenario: `month-end run ${MONTH} (as of ${monthEnd(MONTH)})`, snapshots: r.snapshots, 'boot ms': r.bootMs, 'run ms': ms,
    'peak RSS MB (sampled 5/s)': outcome.peakRssMb, 'max RSS MB (child)': r.maxRssMb, samples: outcome.samples,
  }]);
  console.log(`fact sources registered (the pillars the run read): ${(r.sources as string[]).join(', ')}`);
  return { ms, peakRssMb: Math.max(outcome.peakRssMb, Number(r.maxRssMb ?? 0)), monthId: Number(r.monthId), snapshots: Number(r.snapshots), sources: r.sources as string[] };
}

/** Totals for every tenant, and rule by rule on a sample: the run's snapshots against the SQL statement's rows. */
async function compare(ds: DataSource, monthId: number): Promise<{ compared: number; mismatched: number }> {
  const [c] = (await ds.query(`SELECT COUNT(*) AS compared, COALESCE(SUM(s.computedScore <> q.total), 0) AS totals, COALESCE(SUM(s.bandGrade <> q.bandGrade), 0) AS bands,
      (SELECT COUNT(*) FROM score_snapshots x WHERE x.monthId = ? AND NOT EXISTS (SELECT 1 FROM bench_scoring_sql y WHERE y.tenantId = x.tenantId)) AS onlyRun,
      (SELECT COUNT(*) FROM bench_scoring_sql y WHERE NOT EXISTS (SELECT 1 FROM score_snapshots x WHERE x.monthId = ? AND x.tenantId = y.tenantId)) AS onlySql
    FROM score_snapshots s INNER JOIN bench_scoring_sql q ON q.tenantId = s.tenantId WHERE s.monthId = ?`, [monthId, monthId, monthId])) as Record<string, string>[];
  const compared = Number(c.compared);
  const mismatched = Number(c.totals);
  console.log(`agreement: ${compared.toLocaleString('en')} tenants in both, totals differ for ${mismatched.toLocaleString('en')}, band grades for ${Number(c.bands).toLocaleString('en')}; only in the run: ${c.onlyRun}, only in SQL: ${c.onlySql}`);

  const cols = SQL_RULES.map((r) => `q.${r.toLowerCase()}`).join(', ');
  type Row = Record<string, unknown> & { tenantId: number; computedScore: number; total: number; explanation: string };
  const diffOf = (row: Row) => {
    const run = pointsByRule(row.explanation);
    const diff: Record<string, string> = {};
    for (const rule of new Set([...SQL_RULES, ...Object.keys(run)])) {
      const sql = Number(row[rule.toLowerCase()] ?? 0);
      const r = run[rule] ?? 0;
      if (r !== sql) diff[rule] = `run ${r} / sql ${sql}`;
    }
    return diff;
  };
  if (mismatched) {
    const rows = (await ds.query(`SELECT s.tenantId, s.computedScore, q.total, s.explanation, ${cols}
      FROM score_snapshots s INNER JOIN bench_scoring_sql q ON q.tenantId = s.tenantId WHERE s.monthId = ? AND s.computedScore <> q.total ORDER BY s.tenantId LIMIT 10`, [monthId])) as Row[];
    console.log('first tenants whose totals differ (rule: run points / SQL points):');
    console.table(rows.map((row) => ({ tenant: row.tenantId, run: row.computedScore, sql: row.total, ...diffOf(row) })));
  }
  // Rule by rule on about 1 tenant in 97: totals can agree while rules disagree (a clamp, two errors cancelling).
  const sample = (await ds.query(`SELECT s.tenantId, s.computedScore, q.total, s.explanation, ${cols}
    FROM score_snapshots s INNER JOIN bench_scoring_sql q ON q.tenantId = s.tenantId WHERE s.monthId = ? AND MOD(s.tenantId, 97) = 0`, [monthId])) as Row[];
  const byRule = new Map<string, { tenants: number; example: string }>();
  for (const row of sample) {
    for (const [rule, text] of Object.entries(diffOf(row))) {
      const e = byRule.get(rule) ?? { tenants: 0, example: `tenant ${row.tenantId}: ${text}` };
      e.tenants++;
      byRule.set(rule, e);
    }
  }
  if (byRule.size) {
    console.log(`rule by rule on a sample of ${sample.length} tenants, the rules that differ:`);
    console.table([...byRule].map(([rule, e]) => ({ rule, tenants: e.tenants, example: e.example })));
  } else {
    console.log(`rule by rule on a sample of ${sample.length} tenants: every rule's points agree`);
  }
  return { compared, mismatched };
}

/** A staff account and an API token on the bench database (through the CLI, as an operator would). */
async function apiToken(ctx: ScoringBenchContext, env: Record<string, string>): Promise<string> {
  await ensureAccount(ctx.ds, env, { email: STAFF_EMAIL, name: 'bench scoring', role: 'park_staff', password: STAFF_PASSWORD });
  return cli(env, ['token:create', '--email', STAFF_EMAIL, '--label', 'bench scoring']);
}

/** The live score of `ids` one after the other: through HTTP when the route answers, else in a child process. */
async function liveScore(ctx: ScoringBenchContext, ids: number[]): Promise<{ via: string; s: ReturnType<typeof summarise>; contributions: number } | null> {
  const env = {
    DB_TYPE: ctx.mysqlType, DATABASE_URL: ctx.url, DEMO_SEED: 'false', DB_MIGRATE_ON_START: 'false',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!!', LOGIN_RATE_PER_MINUTE: '1000',
  };
  const port = ctx.port + 2;
  const base = `http://127.0.0.1:${port}`;
  const token = await apiToken(ctx, env);
  const server = await startServer(env, port);
  try {
    const headers = { authorization: `Bearer ${token}` };
    const probe = await fetch(`${base}/api/v1/tenants/${ids[0]}/score`, { headers });
    const probeBody = await probe.text();
    if (probe.status === 200) {
      for (const id of ids.slice(0, 20)) await (await fetch(`${base}/api/v1/tenants/${id}/score`, { headers })).text();
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      let contributions = 0;
      for (const id of ids) {
        const started = performance.now();
        const res = await fetch(`${base}/api/v1/tenants/${id}/score`, { headers });
        const body = (await res.json()) as { contributions?: unknown[] };
        latencies.push(performance.now() - started);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        contributions += body.contributions?.length ?? 0;
      }
      if (statuses.size !== 1 || !statuses.has(200)) console.log(`live score statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
      return { via: 'GET /api/v1/tenants/:id/score (HTTP, API token, 1 client)', s: summarise(latencies), contributions };
    }
    console.log(`GET /api/v1/tenants/:id/score answered ${probe.status} (${probeBody.slice(0, 120)}): timing ScoreService.scoreOf in a child process instead`);
  } finally {
    await stopServer(server);
  }
  const outcome = await runChild(['live', String(ids.length), ids.join(',')], { DB_TYPE: ctx.mysqlType, DATABASE_URL: ctx.url });
  if (!outcome.result) {
    console.log(`live score: the child failed (exit ${outcome.code})`);
    return null;
  }
  return { via: 'ScoreService.scoreOf (in process, no HTTP)', s: summarise(outcome.result.latencies as number[]), contributions: Number(outcome.result.contributions) };
}

/** Where the time goes: one batch of the run part by part, and the live score's parts (a child process again). */
async function profile(ctx: ScoringBenchContext, ids: number[], run: { ms: number | null; snapshots: number }): Promise<void> {
  const outcome = await runChild(['profile', MONTH, ids.slice(0, 50).join(',')], { DB_TYPE: ctx.mysqlType, DATABASE_URL: ctx.url });
  if (!outcome.result) {
    console.log(`profile: the child failed (exit ${outcome.code})`);
    return;
  }
  const batch = outcome.result.batch as Record<string, number>;
  // The probe's writes stand in for the run's: the share of the batch the run's own writes took is what the parts leave.
  const parts = Object.entries(batch).filter(([k]) => !k.startsWith('write:')).reduce((a, [, b]) => a + b, 0);
  const perBatch = run.ms !== null && run.snapshots ? Math.round((run.ms * 10_000) / run.snapshots) : null;
  const rows = Object.entries(batch).map(([part, ms]) => ({ part, ms, share: perBatch ? `${Math.round((100 * ms) / perBatch)} %` : '' }));
  if (perBatch !== null) rows.push({ part: 'the run\'s own writes and the rest (its time per batch minus the parts above the probe\'s writes)', ms: Math.max(0, perBatch - parts), share: `${Math.round((100 * Math.max(0, perBatch - parts)) / perBatch)} %` });
  console.log(`where the run's time goes: one batch of 10,000 tenants, part by part${perBatch !== null ? ` (the run took ${perBatch} ms per 10,000 tenants)` : ''}`);
  console.table(rows);
  console.log('where the live score\'s time goes: mean ms per tenant over 50 tenants, in process (no HTTP)');
  console.table(Object.entries(outcome.result.live as Record<string, number>).map(([part, ms]) => ({ part, ms })));
}

export async function runScoringBench(ctx: ScoringBenchContext): Promise<void> {
  const { ds } = ctx;
  await seed(ctx);
  const asOf = monthEnd(MONTH);
  const offsetMinutes = DateTime.fromISO(asOf, { zone: TIME_ZONE }).offset;

  const run = await monthRun(ctx);
  // The statement reads the pillars the run read (a pillar not registered yet has no facts in either).
  const pillars = new Set<SqlPillar>(run.sources.length ? SQL_PILLARS.filter((p) => run.sources.includes(p)) : SQL_PILLARS);
  const sqlRuns = [];
  for (let i = 0; i < 2; i++) sqlRuns.push(await runScoreSql(ds, asOf, offsetMinutes, pillars));
  const sqlMs = Math.min(...sqlRuns.map((r) => r.ms));
  console.table([{ scenario: `hand-written SQL aggregate as of ${asOf} (${[...pillars].join(', ')})`, tenants: sqlRuns[0].rows, run1: sqlRuns[0].ms, run2: sqlRuns[1].ms }]);
  const agreement = run.monthId !== null ? await compare(ds, run.monthId) : null;

  const [{ lo, hi }] = (await ds.query("SELECT MIN(id) AS lo, MAX(id) AS hi FROM tenants WHERE uscc LIKE '9132%'")) as { lo: number; hi: number }[];
  const ids = sampleIds(Number(lo), Number(hi), LIVE);
  const live = await liveScore(ctx, ids);
  const bare = await bareNestLatency(ctx.port + 1, LIVE);
  await profile(ctx, ids, run);

  const ratio = run.ms !== null ? run.ms / sqlMs : null;
  const fmt = (n: number) => n.toFixed(1);
  console.table([
    { figure: 'month-end run (200k tenants)', measured: run.ms === null ? 'failed' : `${(run.ms / 1000).toFixed(1)} s`, target: '< 120 s', beside: run.ms === null ? '' : `as long as ${Math.round((run.ms / 1000) * ctx.bareNestRps).toLocaleString('en')} bare-Nest requests` },
    { figure: 'worker peak RSS during the run', measured: `${run.peakRssMb} MB`, target: '< 1024 MB', beside: '' },
    { figure: 'run / hand-written SQL aggregate', measured: ratio === null ? '—' : `${ratio.toFixed(2)} × (SQL ${(sqlMs / 1000).toFixed(1)} s)`, target: '≤ 3', beside: '' },
    { figure: 'run and SQL agree (totals)', measured: agreement ? `${agreement.compared - agreement.mismatched} of ${agreement.compared}` : '—', target: 'all', beside: '' },
    live
      ? { figure: `live score p95, ${live.s.n} tenants (${live.via})`, measured: `${fmt(live.s.p95)} ms (p50 ${fmt(live.s.p50)}, p99 ${fmt(live.s.p99)}, ${(live.contributions / live.s.n).toFixed(1)} contributions each)`, target: '< 20 ms', beside: `${(live.s.p95 / bare.p95).toFixed(1)} × the bare Nest route's p95 (${fmt(bare.p95)} ms, 1 client); bare Nest ${ctx.bareNestRps} req/s with 20 clients` }
      : { figure: 'live score', measured: 'failed', target: '< 20 ms p95', beside: '' },
  ]);
  console.log('(2 shared cores here: compare ratios between runs, not absolutes)');
}
