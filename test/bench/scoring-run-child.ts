/**
 * The scoring bench's child process (`node dist/test/bench/scoring-run-child.js <mode> …`), so the
 * parent can sample its memory from outside as it would a worker's:
 *  - `run <YYYY-MM>`: boots the application context on the bench database and runs the month-end run
 *    (MonthRunService.run(month, { restart: true })), as the worker's `cycle.monthEnd` job does;
 *  - `live <n> <id,id,…>`: the live score of the given tenants one after the other through
 *    ScoreService.scoreOf (the fallback when the HTTP score route is not there), after a warm-up.
 * It prints one line `RESULT {json}` on stdout: boot and run times, the snapshots written, the
 * registered fact sources (the pillars the run read), its own peak RSS.
 * Environment: DB_TYPE, DATABASE_URL (the bench database), BENCH_SCORING_BATCH (the run's batch size).
 */
import 'reflect-metadata';
import { DateTime } from 'luxon';
import { createAppContext } from '../../src/bootstrap.js';
import { ContributionRegistry } from '../../src/common/contributions/contribution-registry.js';
import { loadConfig } from '../../src/config/app-config.js';
import { ScoreService } from '../../src/scoring/core/score.service.js';
import { MonthRunService } from '../../src/scoring/cycle/month-run.service.js';
import { FACT_SOURCES } from '../../src/scoring/facts/fact-source.js';

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
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    await app.close();
  }
}

function report(result: Record<string, unknown>): void {
  // maxRSS is in kilobytes: the peak of the whole process, boot included.
  process.stdout.write(`RESULT ${JSON.stringify({ ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
