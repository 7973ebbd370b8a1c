/**
 * The figures issue #3 asks for, part of `npm run bench` (BENCH_ONLY=jobs runs only these):
 *  1. Outbox relay to a local SMTP sink: 2,000 queued outbox rows, ONE worker process
 *     (`node dist/worker.js`), every send job enqueued, messages per second until all are sent.
 *     Target ≥ 200/s.
 *  2. Enqueue cost: p50/p95/p99 of QueuePort.enqueue on Bull (2,000 sequential adds), and the p95 of
 *     a request that saves and notifies (an admin resets a password: POST /admin/users/:id/password).
 *     Target: enqueueing adds < 2 ms at p95.
 * Runs against MariaDB (BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306; a scratch database it
 * drops), a private redis-server child on a free port (never the shared one), and an SMTP sink in this
 * process. Environment: BENCH_OUTBOX_ROWS (2000), BENCH_ENQUEUES (2000), BENCH_REQUESTS (200),
 * BENCH_WORKER_CONCURRENCY (unset: the worker's configured default), BENCH_JOBS_PORT (3998).
 * Needs the build (`npm run bench` builds first).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { createScratchDatabase } from '../../src/database/migration-generator.js';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-data.js';
import { BullQueueAdapter } from '../../src/queue/adapters/bull-queue.adapter.js';
import { RedisChild, sleep, SmtpSink, WorkerChild } from '../support/fault-helpers.js';
import { loginCookie, startServer, stopServer, summarise } from './bench-support.js';

const SERVER = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const MYSQL_TYPE = (process.env.BENCH_MYSQL_TYPE ?? 'mariadb') as 'mariadb' | 'mysql';
const ROWS = Number(process.env.BENCH_OUTBOX_ROWS ?? 2_000);
const ENQUEUES = Number(process.env.BENCH_ENQUEUES ?? 2_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY;
const PORT = Number(process.env.BENCH_JOBS_PORT ?? 3998);
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = 'bench-secret-bench-secret-bench-secret!!';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function insertQueuedRows(ds: DataSource, count: number, runId: string): Promise<void> {
  const params = JSON.stringify({ adminName: 'bench', recipientName: 'x' });
  const chunk = 500;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const values: unknown[] = [];
    for (let i = start; i < start + n; i++) values.push(`bench:${runId}:${i}`, `bench.${i}@example.com`, 'zh-CN', 'test-message', params);
    await ds.query(
      `INSERT INTO outbox_messages (dedupeKey, userId, recipient, locale, template, params, status, attempts) VALUES ${Array(n).fill("(?, NULL, ?, ?, ?, ?, 'queued', 0)").join(', ')}`,
      values,
    );
  }
}

async function countByStatus(ds: DataSource, runId: string): Promise<Record<string, number>> {
  const rows = (await ds.query('SELECT status, COUNT(*) AS n FROM outbox_messages WHERE dedupeKey LIKE ? GROUP BY status', [`bench:${runId}:%`])) as { status: string; n: string }[];
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** 1. One worker sends ROWS queued messages to the sink; messages per second from the first enqueue to the last 'sent'. */
async function relayThroughput(ds: DataSource, env: Record<string, string>, redisUrl: string, sink: SmtpSink) {
  const runId = Date.now().toString(36);
  await insertQueuedRows(ds, ROWS, runId);
  const ids = ((await ds.query('SELECT id FROM outbox_messages WHERE dedupeKey LIKE ? ORDER BY id', [`bench:${runId}:%`])) as { id: number }[]).map((r) => Number(r.id));
  const workerEnv: Record<string, string> = { ...env, SCHEDULES_ENABLED: 'false', ...(CONCURRENCY ? { WORKER_CONCURRENCY: CONCURRENCY } : {}) };
  const worker = await WorkerChild.start(workerEnv, 'bench worker', 60_000);
  const producer = new BullQueueAdapter(redisUrl);
  const receivedBefore = sink.received.length;
  try {
    const started = performance.now();
    // Enqueued as the after-commit hook and the relay do: one job per message, the first try's job id.
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(ids.slice(i, i + 100).map((id) => producer.enqueue('outbox.send', { outboxId: id }, { jobId: `outbox-${id}-a1` })));
    }
    const enqueuedMs = performance.now() - started;
    const deadline = Date.now() + 300_000;
    let counts = await countByStatus(ds, runId);
    while ((counts.sent ?? 0) + (counts.failed ?? 0) < ROWS) {
      if (!worker.alive) throw new Error(`the worker died:\n${worker.output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`not all sent after 300 s: ${JSON.stringify(counts)}`);
      await sleep(50);
      counts = await countByStatus(ds, runId);
    }
    const elapsedMs = performance.now() - started;
    return {
      scenario: `outbox relay → SMTP sink, 1 worker (concurrency ${CONCURRENCY ?? 'default'})`,
      messages: ROWS,
      sent: counts.sent ?? 0,
      failed: counts.failed ?? 0,
      received: sink.received.length - receivedBefore,
      'enqueue all (ms)': Math.round(enqueuedMs),
      'total (ms)': Math.round(elapsedMs),
      'msg/s': Math.round(((counts.sent ?? 0) / elapsedMs) * 1000),
      target: '≥ 200 msg/s',
    };
  } finally {
    await producer.close(1_000);
    await worker.kill();
  }
}

/** 2a. QueuePort.enqueue on Bull, one add at a time, on its own key prefix (no worker takes them). */
async function enqueueLatency(redisUrl: string) {
  const queue = new BullQueueAdapter(redisUrl, { prefix: `bench-enqueue-${Date.now().toString(36)}` });
  try {
    for (let i = 0; i < 50; i++) await queue.enqueue('outbox.send', { outboxId: -i }, { jobId: `warm-${i}` }); // connection and scripts loaded
    const latencies: number[] = [];
    for (let i = 0; i < ENQUEUES; i++) {
      const t = performance.now();
      await queue.enqueue('outbox.send', { outboxId: i + 1 }, { jobId: `outbox-${i + 1}-a1` });
      latencies.push(performance.now() - t);
    }
    const s = summarise(latencies);
    return { scenario: `QueuePort.enqueue on Bull (${ENQUEUES} sequential)`, n: s.n, 'p50 (ms)': round(s.p50), 'p95 (ms)': round(s.p95), 'p99 (ms)': round(s.p99), 'max (ms)': round(s.max), target: 'p95 < 2 ms' };
  } finally {
    await queue.close(1_000);
  }
}

/** 2b. An admin resets a password (a save that notifies and enqueues after commit), sequentially. */
async function notifyingRequestLatency(ds: DataSource) {
  const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
  const target = DEMO_ACCOUNTS.find((a) => a.role === 'tenant_officer')!;
  const [{ id }] = (await ds.query('SELECT id FROM users WHERE email = ?', [target.email])) as { id: number }[];
  const cookie = await loginCookie(BASE, admin.email, admin.password);
  const page = await fetch(`${BASE}/admin/users/${id}`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error(`no CSRF token on /admin/users/${id} (status ${page.status})`);
  const post = () => fetch(`${BASE}/admin/users/${id}/password`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, password: 'Bench-Password-2026' }),
  });
  for (let i = 0; i < 5; i++) await post(); // warm-up
  const notices = async () => Number(((await ds.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE template = 'password-reset'")) as { n: string }[])[0].n);
  const before = await notices();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  for (let i = 0; i < REQUESTS; i++) {
    const t = performance.now();
    const res = await post();
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }
  const after = await notices();
  const s = summarise(latencies);
  return {
    scenario: `POST /admin/users/:id/password, saves + notifies (${REQUESTS} sequential)`,
    n: s.n, 'p50 (ms)': round(s.p50, 1), 'p95 (ms)': round(s.p95, 1), 'p99 (ms)': round(s.p99, 1), 'max (ms)': round(s.max, 1),
    statuses: JSON.stringify(Object.fromEntries(statuses)), notices: after - before,
  };
}

export async function runJobsBench(): Promise<void> {
  console.log('\n== jobs and e-mail (issue #3) ==');
  const scratch = await createScratchDatabase(SERVER);
  let redis: RedisChild | null = null;
  let sink: SmtpSink | null = null;
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let ds: DataSource | null = null;
  try {
    redis = await RedisChild.start();
    sink = await SmtpSink.start();
    const env: Record<string, string> = {
      NODE_ENV: 'production', SESSION_SECRET: SECRET, DB_TYPE: MYSQL_TYPE, DATABASE_URL: scratch.url,
      REDIS_URL: redis.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port),
    };
    ds = await new DataSource(buildDataSourceOptions(loadConfig({ DB_TYPE: MYSQL_TYPE, DATABASE_URL: scratch.url }))).initialize();
    await ds.runMigrations();

    const throughput = await relayThroughput(ds, env, redis.url, sink);
    console.table([throughput]);

    const enqueue = await enqueueLatency(redis.url);
    // The web process with REDIS_URL only enqueues; no worker runs meanwhile, so the request is measured alone.
    server = await startServer({ ...env, DEMO_SEED: 'true', DB_MIGRATE_ON_START: 'true', SCHEDULES_ENABLED: 'false', LOGIN_RATE_PER_MINUTE: '1000' }, PORT);
    const request = await notifyingRequestLatency(ds);
    console.table([enqueue, request]);
    console.log(`enqueue p95 ${enqueue['p95 (ms)']} ms (target < 2 ms); the notifying request's p95 is ${request['p95 (ms)']} ms (argon2 hashing, two transactions, the enqueue after commit not awaited).`);
  } finally {
    if (server) await stopServer(server);
    await ds?.destroy().catch(() => undefined);
    await redis?.kill();
    await sink?.stop();
    await scratch.drop();
  }
}
