import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/project-root.js';
import type { DataSource } from 'typeorm';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarise(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/**
 * Starts the built web process (dist/main.js) and resolves once /health answers. BENCH_SERVER_NODE_ARGS adds
 * node flags to it alone (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server
 * under a scenario's load (NODE_OPTIONS refuses --cpu-prof, and would profile the load generator too).
 */
export async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(PROJECT_ROOT, 'dist', 'main.js')], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Read (and otherwise drop) the server's log, so waitForLog can look for a line in it.
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-10_000);
    child.emit('log', log);
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('server did not start within 120 s');
}

/** Waits until the server's log (its last 10,000 characters) matches `pattern`, at most `ms`; returns the match. */
export function waitForLog(child: ChildProcess, pattern: RegExp, ms = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('log', onLog);
      reject(new Error(`the server did not log ${pattern} within ${ms} ms`));
    }, ms);
    function onLog(log: string) {
      const match = pattern.exec(log);
      if (!match) return;
      clearTimeout(timer);
      child.off('log', onLog);
      resolve(match[0]);
    }
    child.on('log', onLog);
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** Logs in through the login form; returns the Cookie header of the session. */
export async function loginCookie(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, email, password }),
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
}

/** Starts the bare Nest app (test/bench/bare-nest.ts) as its own process and resolves once it answers. */
async function startBareNest(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'test', 'bench', 'bare-nest.js')], {
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Read (and otherwise drop) the server's log, so waitForLog can look for a line in it.
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-10_000);
    child.emit('log', log);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bare Nest app exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('bare Nest app did not start within 30 s');
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Requests per second of a bare Nest route (test/bench/bare-nest.ts: one controller, same express
 * platform, its own process like the real server) under the same 20-client load as the scenarios,
 * after a warm-up. Every scenario is reported as a fraction of it.
 */
export async function calibrateNest(port: number, seconds: number, warmupSeconds: number): Promise<number> {
  const child = await startBareNest(port);
  try {
    const url = `http://127.0.0.1:${port}/`;
    await autocannon({ url, connections: 20, duration: warmupSeconds });
    const result = await autocannon({ url, connections: 20, duration: seconds });
    return Math.round(result.requests.average);
  } finally {
    await stopServer(child);
  }
}

/**
 * Latency of the bare Nest route for one client asking `n` times in a row (after `n / 10` unrecorded),
 * as the yardstick of a one-at-a-time latency figure such as the live score's p95.
 */
export async function bareNestLatency(port: number, n: number): Promise<ReturnType<typeof summarise>> {
  const child = await startBareNest(port);
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < Math.max(10, n / 10); i++) await (await fetch(url)).text();
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      await (await fetch(url)).text();
      latencies.push(performance.now() - started);
    }
    return summarise(latencies);
  } finally {
    await stopServer(child);
  }
}

/**
 * How fast this machine is right now, so runs on different days (the cores are shared) can be
 * compared: requests per second of a bare node:http "ok" server under the same 20-client load.
 */
export async function calibrate(seconds = 3): Promise<string> {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 20, duration: seconds });
    return `calibration: bare node:http answers ${Math.round(result.requests.average)} req/s with 20 clients (${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'})`;
  } finally {
    server.close();
  }
}

/** Runs the built CLI (dist/src/cli/main.js) on the bench database; returns what it printed. */
export function cli(env: Record<string, string>, args: string[]): string {
  return execFileSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], {
    env: { ...process.env, ...env, DB_MIGRATE_ON_START: 'false', DEMO_SEED: 'false' }, encoding: 'utf8',
  }).trim();
}

/**
 * A staff account on the bench database, created through the CLI as an operator would when it is not
 * there yet: the bench's servers run without the demo seed, whose monthly cycle would score 200,000
 * tenants four times before the server answered.
 */
export async function ensureAccount(ds: DataSource, env: Record<string, string>, account: { email: string; name: string; role: string; password: string }): Promise<void> {
  const [user] = (await ds.query('SELECT id FROM users WHERE email = ?', [account.email])) as { id: number }[];
  if (!user) cli(env, ['user:create', '--email', account.email, '--name', account.name, '--role', account.role, '--password', account.password]);
}

/** The first row's `n` of a COUNT(*) AS n statement. */
export const count = async (ds: DataSource, sql: string, params: unknown[] = []): Promise<number> => Number(((await ds.query(sql, params)) as { n: string | number }[])[0].n);

/**
 * Publishes month 2026-10 for every bench tenant (USCC 9132…) once, with grades by tenant id: A below
 * `cuts[0]`, B below `cuts[1]`, C below `cuts[2]`, else D, of `id MOD cuts[3]`. Returns whether it seeded
 * (a database already holding a published month keeps its grades, whichever bench wrote them).
 */
export async function seedPublishedMonth(ds: DataSource, cuts: readonly [number, number, number, number]): Promise<boolean> {
  if ((await count(ds, "SELECT COUNT(*) AS n FROM score_months WHERE status = 'published'")) > 0) return false;
  await ds.query(
    `INSERT INTO score_months (month, asOf, status, rulebookVersion, tenantsTotal, tenantsDone, \`cursor\`, computedAt, publishedAt, createdAt)
     VALUES ('2026-10', '2026-10-31', 'published', 'bench', 0, 0, 0, NOW(6), NOW(6), NOW(6))`,
  );
  const [{ id }] = (await ds.query("SELECT id FROM score_months WHERE month = '2026-10'")) as { id: number }[];
  const [a, b, c, mod] = cuts;
  const grade = `CASE WHEN MOD(id, ${mod}) < ${a} THEN 'A' WHEN MOD(id, ${mod}) < ${b} THEN 'B' WHEN MOD(id, ${mod}) < ${c} THEN 'C' ELSE 'D' END`;
  await ds.query(
    `INSERT INTO score_snapshots (monthId, tenantId, computedScore, adjustment, score, bandGrade, grade, explanation, negativeCount, openObjections, publishedScore, publishedGrade)
     SELECT ?, id, 50 + MOD(id, 50), 0, 50 + MOD(id, 50), ${grade}, ${grade}, '{"contributions":[],"overrides":[],"gradeNote":null}', 0, 0, 50 + MOD(id, 50), ${grade}
     FROM tenants WHERE uscc LIKE '9132%'`,
    [id],
  );
  await ds.query('ANALYZE TABLE score_snapshots');
  return true;
}
