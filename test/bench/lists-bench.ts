/**
 * The lists figures issue 13 asks for (`BENCH_ONLY=lists`, and part of the full `npm run bench`):
 *  1. data: the bench registry's 200,000 tenants, list entries in force for about 2% (red), 0.5% (black)
 *     and 1% (watch) of them, a published score month for every tenant (unless one is on file, e.g. the
 *     scoring bench's), and 100,000 rows of the list-changes feed;
 *  2. the joint check, POST /api/v1/joint-checks with an API token, 20 clients over random USCCs of the
 *     registry, as a fraction of the bare Nest route's req/s measured in the same run (target ≥ 25%) and
 *     p50/p95/p99 (target p95 < 20 ms), and that every check answered 200 was logged (rows counted);
 *  3. the changes feed, GET /api/v1/lists/changes, paged through all 100,000 changes with pages of 500
 *     and of 1,000 (total time, per-page p95), and the EXPLAIN of a late page's keyset read (an index
 *     range scan on IDX_list_changes_at: no filesort, no full scan).
 * Environment: BENCH_LISTS_CHANGES (default 100000), BENCH_LISTS_PURPOSE (default administrative_approval).
 */
import autocannon from 'autocannon';
import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { DataSource } from 'typeorm';
import { cli, count, ensureAccount, seedPublishedMonth, startServer, stopServer, summarise } from './bench-support.js';

const CHANGES = Number(process.env.BENCH_LISTS_CHANGES ?? 100_000);
const PURPOSE = process.env.BENCH_LISTS_PURPOSE ?? 'administrative_approval';
const BENCH_USER = { email: 'bench-lists@parktrust.invalid', name: 'Bench lists', role: 'park_staff', password: 'bench-lists-password-2026' };

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; clock ticks of 10 ms), or null elsewhere:
 * the server's CPU per check is the cost the shared cores' contention blurs least.
 */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export interface ListsBenchContext {
  ds: DataSource;
  /** The server's environment (database, no demo seed). */
  env: Record<string, string>;
  /** First of the ports this part may use: the server on port + 2. */
  port: number;
  bareNestRps: number;
  tenants: number;
  seconds: number;
  warmupSeconds: number;
  /** The bench registry's USCC of tenant number i. */
  usccOf: (i: number) => string;
}


/** List entries, a published month and the feed's rows, each only when missing (a reused database keeps them). */
async function seedLists(ds: DataSource): Promise<void> {
  let t = performance.now();
  if ((await count(ds, "SELECT COUNT(*) AS n FROM list_entries WHERE reasons = 'bench'")) === 0) {
    const kinds: [string, string, number, number][] = [['red', 'annual_nomination', 50, 0], ['black', 'serious_heavy_penalty', 200, 7], ['watch', 'grade_d', 100, 3]];
    for (const [list, criterion, mod, rest] of kinds) {
      await ds.query(
        `INSERT INTO list_entries (tenantId, list, status, criterion, reasons, legalBasis, records, listRuleId, proposedById, proposedAt, startsOn, plannedEndOn, createdAt, updatedAt)
         SELECT id, ?, 'active', ?, 'bench', 'bench', '[]', 1, 1, NOW(6), '2026-01-05', '2029-01-05', NOW(6), NOW(6) FROM tenants WHERE uscc LIKE '9132%' AND MOD(id, ?) = ?`,
        [list, criterion, mod, rest],
      );
    }
    // And some that ended: they must not count.
    await ds.query(
      `INSERT INTO list_entries (tenantId, list, status, criterion, reasons, legalBasis, records, listRuleId, proposedById, proposedAt, startsOn, plannedEndOn, endedOn, endKind, createdAt, updatedAt)
       SELECT id, 'watch', 'ended', 'grade_d', 'bench', 'bench', '[]', 1, 1, NOW(6), '2025-01-05', '2026-01-05', '2026-01-05', 'expired', NOW(6), NOW(6) FROM tenants WHERE uscc LIKE '9132%' AND MOD(id, 100) = 11`,
    );
    await ds.query('ANALYZE TABLE list_entries');
    console.log(`lists: seeded ${await count(ds, "SELECT COUNT(*) AS n FROM list_entries WHERE reasons = 'bench'")} list entries in ${Math.round(performance.now() - t)} ms`);
  }
  t = performance.now();
  if (await seedPublishedMonth(ds, [20, 70, 92, 97])) {
    console.log(`lists: seeded a published month for every tenant in ${Math.round(performance.now() - t)} ms`);
  }
  t = performance.now();
  const have = await count(ds, "SELECT COUNT(*) AS n FROM list_changes WHERE uscc LIKE '9132%'");
  if (have < CHANGES) {
    const entries = (await ds.query("SELECT e.id, e.tenantId, e.list, t.uscc FROM list_entries e JOIN tenants t ON t.id = e.tenantId WHERE e.reasons = 'bench' ORDER BY e.id")) as
      { id: number; tenantId: number; list: string; uscc: string }[];
    const start = Date.parse('2026-01-05T02:00:00Z');
    const batch = 2000;
    for (let k = have; k < CHANGES; k += batch) {
      const rows = Array.from({ length: Math.min(batch, CHANGES - k) }, (_, j) => {
        const n = k + j;
        const e = entries[n % entries.length];
        // Two changes share each instant: the keyset's tie-break on id is exercised.
        const at = new Date(start + Math.floor(n / 2) * 150_000);
        return [e.id, e.tenantId, e.uscc, e.list, n % 3 === 0 ? 'ended' : 'added', at.toISOString().slice(0, 10), at.toISOString().replace('T', ' ').slice(0, 23)];
      });
      await ds.query(`INSERT INTO list_changes (entryId, tenantId, uscc, list, \`change\`, effectiveOn, changedAt) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
    }
    await ds.query('ANALYZE TABLE list_changes');
    console.log(`lists: seeded ${CHANGES - have} list changes in ${Math.round(performance.now() - t)} ms`);
  }
}

/** Pages through the whole feed with `limit`; per-page latencies and the total. */
async function pageFeed(base: string, token: string, limit: number) {
  const latencies: number[] = [];
  let items = 0;
  let pages = 0;
  const started = performance.now();
  let url = `${base}/api/v1/lists/changes?since=${encodeURIComponent('2000-01-01T00:00:00Z')}&limit=${limit}`;
  for (;;) {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: unknown[]; next?: string | null };
    latencies.push(performance.now() - t);
    if (res.status !== 200) return { limit, status: res.status, pages, items, totalMs: Math.round(performance.now() - started) };
    pages++;
    items += body.items?.length ?? 0;
    if (!body.next) break;
    url = `${base}/api/v1/lists/changes?cursor=${encodeURIComponent(body.next)}&limit=${limit}`;
  }
  const s = summarise(latencies);
  return { limit, status: 200, pages, items, totalMs: Math.round(performance.now() - started), pageP50: +s.p50.toFixed(1), pageP95: +s.p95.toFixed(1), pageMax: +s.max.toFixed(1) };
}

export async function runListsBench(ctx: ListsBenchContext): Promise<void> {
  const { ds, env } = ctx;
  await seedLists(ds);
  await ensureAccount(ds, env, BENCH_USER);
  const token = cli(env, ['token:create', '--email', BENCH_USER.email, '--label', 'bench-lists']);
  const port = ctx.port + 2;
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(env, port);
  try {
    // One check by hand first: the answer's shape, and a published grade (else the bench measures nothing).
    const probe = await fetch(`${base}/api/v1/joint-checks`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc: ctx.usccOf(100), purpose: PURPOSE, requester: 'bench' }),
    });
    console.log(`lists: a joint check answers ${probe.status}: ${(await probe.text()).slice(0, 400)}`);

    const bodies = Array.from({ length: 5000 }, () => JSON.stringify({ uscc: ctx.usccOf(Math.floor(Math.random() * ctx.tenants)), purpose: PURPOSE, requester: '区政务服务中心（bench）' }));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let w = 0;
    await autocannon({ url: base, connections: 20, duration: ctx.warmupSeconds, method: 'POST', headers,
      requests: [{ setupRequest: (req) => ({ ...req, path: '/api/v1/joint-checks', method: 'POST', body: bodies[w++ % bodies.length] }) }] });
    const logged0 = await count(ds, 'SELECT COUNT(*) AS n FROM joint_checks');
    // The cores are shared: the load average says whether the figures below were taken on a quiet machine.
    const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let i = 0;
    const cpu0 = processCpuMs(server.pid);
    const instance = autocannon({
      url: base, connections: 20, duration: ctx.seconds, method: 'POST', headers,
      requests: [{ setupRequest: (req) => ({ ...req, path: '/api/v1/joint-checks', method: 'POST', body: bodies[i++ % bodies.length] }) }],
    }) as unknown as EventEmitter & PromiseLike<autocannon.Result>;
    instance.on('response', (_c: unknown, statusCode: number, _b: number, responseTime: number) => {
      latencies.push(responseTime);
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    });
    const result = await instance;
    const cpu1 = processCpuMs(server.pid);
    // Requests still in flight when autocannon stops may land a moment later.
    await new Promise((r) => setTimeout(r, 1000));
    const logged = (await count(ds, 'SELECT COUNT(*) AS n FROM joint_checks')) - logged0;
    const s = summarise(latencies);
    const rps = Math.round(result.requests.average);
    const ok = statuses.get(200) ?? 0;
    console.table([{
      title: 'joint check, random USCC (20 clients)', requests: s.n, rps, ofBareNest: `${((100 * rps) / ctx.bareNestRps).toFixed(1)}%`,
      p50: s.p50, p95: s.p95, p99: s.p99, statuses: JSON.stringify(Object.fromEntries(statuses)), answered200: ok, logged,
      serverCpuMsPerCheck: cpu0 === null || cpu1 === null || !s.n ? 'n/a' : +((cpu1 - cpu0) / s.n).toFixed(3),
    }]);
    console.log(`lists: load average ${loadBefore} before the joint check run, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after (${cpus().length} cores)`);
    console.log(`lists: targets joint check ≥ 25% of the bare Nest route (${ctx.bareNestRps} req/s), p95 < 20 ms; every check logged: ${logged >= ok ? 'yes' : 'NO'} (${logged} rows for ${ok} answers)`);

    // The feed, if the route is there.
    const feed = [await pageFeed(base, token, 500), await pageFeed(base, token, 1000)];
    console.table(feed);
    const total = await count(ds, 'SELECT COUNT(*) AS n FROM list_changes');
    console.log(`lists: the feed holds ${total} changes; target: every page read by a range of IDX_list_changes_at, no full scan per page`);
  } finally {
    await stopServer(server);
  }

  // A late page's keyset read, as the feed reads it: after (changedAt, id) of the 90,000th change, 500 rows.
  const [after] = (await ds.query('SELECT changedAt, id FROM list_changes ORDER BY changedAt, id LIMIT 1 OFFSET ?', [Math.floor(CHANGES * 0.9)])) as { changedAt: Date; id: number }[];
  if (after) {
    const at = new Date(after.changedAt).toISOString().replace('T', ' ').slice(0, 23);
    const sql = 'SELECT id, entryId, tenantId, uscc, list, `change`, effectiveOn, changedAt FROM list_changes WHERE (changedAt > ? OR (changedAt = ? AND id > ?)) ORDER BY changedAt ASC, id ASC LIMIT 501';
    const plan = (await ds.query(`EXPLAIN ${sql}`, [at, at, after.id])) as Record<string, unknown>[];
    console.table(plan.map((p) => ({ table: p.table, type: p.type, key: p.key, rows: p.rows, Extra: p.Extra })));
    const bad = plan.some((p) => /filesort/i.test(String(p.Extra ?? '')) || p.type === 'ALL');
    console.log(`lists: late page EXPLAIN: ${bad ? 'FULL SCAN OR FILESORT' : `range on ${String(plan[0]?.key)}, no filesort`}`);
  }
}
