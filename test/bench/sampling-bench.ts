/**
 * The sampling figures issue 14 asks for (`BENCH_ONLY=sampling`, and part of the full `npm run bench`):
 *  1. data: the bench registry's 200,000 tenants with a published month whose grades split about
 *     65% / 25% / 8% / 2% over A / B / C / D (seeded only when no month is published), 100 inspectors
 *     (regulators) in two departments, an approved joint programme with the default ratios
 *     (3% / 10% / 30% / 60%, one inspector of each department per visit) and a new draw of all grades;
 *  2. through the application's own DrawsService (an application context on the bench database):
 *     the announcement (frame frozen into draw_frame_members, seed committed), the draw (frame read,
 *     pool, selection and assignment, tasks and task_inspectors written, bundle file, notices) and
 *     the verification of the produced bundle file as sampling:verify does it (parse + recompute), each in ms, beside the bare Nest
 *     route's req/s measured in the same run and the load average (the cores are shared).
 * Targets: draw < 2 s, verify < 2 s.
 */
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { verifyBundleFile } from '../../src/cli/sampling-verify.js';
import { DrawsService } from '../../src/sampling/draws/draws.service.js';
import { count, seedPublishedMonth } from './bench-support.js';

export interface SamplingBenchContext {
  ds: DataSource;
  /** The server's environment (database, no demo seed). */
  env: Record<string, string>;
  bareNestRps: number;
}

const INSPECTORS = 100;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** A published month with the district split, the inspectors and the approved programme, each only when missing. */
async function seedSampling(ds: DataSource): Promise<number> {
  let t = performance.now();
  if (await seedPublishedMonth(ds, [65, 90, 98, 100])) {
    console.log(`sampling: seeded a published month (65/25/8/2) in ${Math.round(performance.now() - t)} ms`);
  }
  t = performance.now();
  const departments = (await ds.query("SELECT id, code FROM departments WHERE code IN ('market', 'emergency') ORDER BY code DESC")) as { id: number; code: string }[];
  if (departments.length !== 2) throw new Error('sampling bench: the market and emergency departments are missing');
  if ((await count(ds, "SELECT COUNT(*) AS n FROM users WHERE email LIKE 'bench-inspector-%'")) < INSPECTORS) {
    const rows = Array.from({ length: INSPECTORS }, (_, i) => [`bench-inspector-${i}@parktrust.invalid`, `检查员${i}`, departments[i % 2].id]);
    await ds.query(
      `INSERT IGNORE INTO users (email, name, role, passwordHash, departmentId, active, mustChangePassword) VALUES ${rows.map(() => "(?, ?, 'regulator', 'bench-no-login', ?, 1, 0)").join(', ')}`,
      rows.flat(),
    );
    const users = (await ds.query("SELECT id, departmentId, email FROM users WHERE email LIKE 'bench-inspector-%' ORDER BY id")) as { id: number; departmentId: number; email: string }[];
    const codeOf = (dept: number) => (dept === departments[0].id ? 'BSC' : 'BYJ');
    await ds.query(
      `INSERT IGNORE INTO inspectors (userId, departmentId, code, active) VALUES ${users.map(() => '(?, ?, ?, 1)').join(', ')}`,
      users.flatMap((u, i) => [u.id, u.departmentId, `${codeOf(Number(u.departmentId))}-${String(i).padStart(3, '0')}`]),
    );
    console.log(`sampling: seeded ${INSPECTORS} inspectors in ${Math.round(performance.now() - t)} ms`);
  }
  const existing = (await ds.query("SELECT id FROM sampling_programmes WHERE title = 'bench 双随机抽查计划' AND status = 'approved'")) as { id: number }[];
  if (existing.length) return Number(existing[0].id);
  const [maker, checker] = (await ds.query("SELECT id FROM users WHERE email LIKE 'bench-inspector-%' ORDER BY id LIMIT 2")) as { id: number }[];
  const year = new Date().getUTCFullYear();
  await ds.query(
    `INSERT INTO sampling_programmes (year, title, status, revision, targetedRules, complaintDays, createdById, createdAt, updatedAt, approvedById, approvedAt, approvalReason, planSha256, planJson)
     VALUES (?, 'bench 双随机抽查计划', 'approved', 1, 'black_list,abnormal_operations,recent_complaint', 90, ?, NOW(6), NOW(6), ?, NOW(6), 'bench', ?, '{}')`,
    [year, maker.id, checker.id, '0'.repeat(64)],
  );
  const [{ id }] = (await ds.query("SELECT id FROM sampling_programmes WHERE title = 'bench 双随机抽查计划'")) as { id: number }[];
  await ds.query(
    'INSERT INTO programme_departments (programmeId, departmentId, inspectorsPerTask, position) VALUES (?, ?, 1, 0), (?, ?, 1, 1)',
    [id, departments[0].id, id, departments[1].id],
  );
  await ds.query(
    `INSERT INTO programme_grades (programmeId, grade, ratioBp, drawsPerYear, cooldownMonths) VALUES (?, 'A', 300, 1, 12), (?, 'B', 1000, 1, 12), (?, 'C', 3000, 2, 0), (?, 'D', 6000, 4, 0)`,
    [id, id, id, id],
  );
  return Number(id);
}

/** A new draw of every grade, due now (a reused database keeps the earlier ones: each run draws afresh, excluding the previous draw's inspectors). */
async function newDraw(ds: DataSource, programmeId: number): Promise<number> {
  const seq = (await count(ds, 'SELECT COALESCE(MAX(seq), 0) AS n FROM draws WHERE programmeId = ?', [programmeId])) + 1;
  await ds.query(
    "INSERT INTO draws (programmeId, seq, grades, status, announceAt, drawAt, createdAt, updatedAt) VALUES (?, ?, 'ABCD', 'planned', NOW(6) - INTERVAL 1 HOUR, NOW(6) - INTERVAL 1 MINUTE, NOW(6), NOW(6))",
    [programmeId, seq],
  );
  return count(ds, 'SELECT id AS n FROM draws WHERE programmeId = ? AND seq = ?', [programmeId, seq]);
}

export async function runSamplingBench(ctx: SamplingBenchContext): Promise<void> {
  const { ds, env } = ctx;
  const programmeId = await seedSampling(ds);
  const drawId = await newDraw(ds, programmeId);
  const dataDir = mkdtempSync(join(tmpdir(), 'parktrust-sampling-bench-'));
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(loadConfig({ ...env, DATA_DIR: dataDir, DB_MIGRATE_ON_START: 'false' }), 'cli'),
    { logger: ['error', 'warn'] },
  );
  try {
    const draws = app.get(DrawsService);
    const loadBefore = load();
    let t = performance.now();
    const announced = await draws.announce(drawId);
    const announceMs = Math.round(performance.now() - t);
    const announcePhases = { ...draws.lastTimings };
    t = performance.now();
    const { draw } = await draws.execute(drawId);
    const executeMs = Math.round(performance.now() - t);
    const drawPhases = { ...draws.lastTimings };
    const file = join(app.get(AppConfig).filesDir, 'draws', `${drawId}.json`);
    t = performance.now();
    const verdict = await verifyBundleFile(file);
    const verifyMs = Math.round(performance.now() - t);
    const text = readFileSync(file, 'utf8');
    const loadAfter = load();
    console.table([
      { step: 'announce (frame frozen, seed committed)', ms: announceMs, rows: announced.memberCount + announced.targetedCount + announced.excludedCount },
      { step: 'draw (selection, assignment, tasks, bundle, notices)', ms: executeMs, rows: draw.taskCount },
      { step: 'verify bundle (sampling:verify: read, parse, recompute)', ms: verifyMs, rows: text.length },
    ]);
    console.log(
      `sampling: draw ${drawId} over ${announced.memberCount} stratum members + ${announced.targetedCount} targeted (${announced.excludedCount} excluded), `
      + `${INSPECTORS} inspectors: ${draw.taskCount} tasks, ${draw.flaggedCount} flagged; bundle ${(text.length / 1e6).toFixed(1)} MB, verify ${verdict.exitCode === 0 ? 'OK' : `FAILED: ${verdict.lines.slice(0, 3).join('; ')}`}`,
    );
    console.log(`sampling: announce phases (ms) ${JSON.stringify(announcePhases)}; draw phases (ms, threads: how many the engine used) ${JSON.stringify(drawPhases)}`);
    console.log(`sampling: announce ${announceMs} ms, draw ${executeMs} ms (target < 2,000), verify ${verifyMs} ms (target < 2,000); `
      + `bare Nest route ${ctx.bareNestRps} req/s in the same run; load average ${loadBefore} → ${loadAfter} on ${cpus().length} cores`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
