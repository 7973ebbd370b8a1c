/**
 * `npm run bench`: the figures issue #2 asks for, on this machine.
 *  1. 200,000 tenants on MySQL/MariaDB: the tenant list page and the API list call searched by any part of
 *     a name, a USCC or a legal representative (infix), 20 concurrent clients, p95 latency; every scenario
 *     also as a fraction of a bare Nest route's requests per second measured in the same run.
 *  2. XLSX import of 5,000 tenants: dry run plus commit.
 *  3. The trainings facts (P07, P08, N03) of all 200,000 tenants with 2,000,000 attendance records (trainings-bench.ts).
 *  4. The findings facts of all 200,000 tenants with 2,000,000 findings, and an import of 20,000 findings (findings-bench.ts).
 *  5. The evaluation facts (P06, N07) of all 200,000 tenants with about 300,000 evaluations (evaluations-bench.ts).
 *  6. The scoring figures (scoring-bench.ts): about 10,000,000 fact records, the month-end run in a child process
 *     (time, peak memory), a hand-written SQL aggregate of the same totals (ratio, agreement), the live score's p95.
 * Environment: BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306), BENCH_MYSQL_TYPE (mariadb|mysql),
 * BENCH_TENANTS (default 200000), BENCH_SECONDS per scenario (default 15) after BENCH_WARMUP_SECONDS unrecorded
 * (default 3), BENCH_PORT (default 3999; the scoring part also uses the two ports after it), BENCH_ONLY
 * (registry, trainings, findings, evaluations, scoring, lists, sampling or jobs: that part alone).
 * 7. The lists figures (lists-bench.ts): the joint check's req/s beside the bare Nest route and its p95, every check
 *    logged; paging through 100,000 list changes and the EXPLAIN of a late page.
 * 8. The sampling figures (sampling-bench.ts): a draw's announcement, the draw itself (< 2 s) and verifying its bundle
 *    (< 2 s) over the 200,000 tenants graded 65/25/8/2 with 100 inspectors in two departments.
 * It creates and drops its own scratch database, unless BENCH_DATABASE_URL names one to reuse
 * (seeded on first use, kept afterwards), which makes repeated runs quick.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import type { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { buildDataSourceOptions } from '../../src/database/data-source-options.js';
import { createScratchDatabase } from '../../src/database/migration-generator.js';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-data.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import { nameSortKey } from '../../src/tenants/domain/tenant-name-sort.rules.js';
import { searchGramRows } from '../../src/tenants/tenant-search.index.js';
import { calibrate, calibrateNest, cli, ensureAccount, loginCookie, startServer, stopServer, summarise, waitForLog } from './bench-support.js';
import { runFindingsBench } from './findings-bench.js';
import { runEvaluationsBench } from './evaluations-bench.js';
import { runJobsBench } from './jobs-bench.js';
import { runListsBench } from './lists-bench.js';
import { runSamplingBench } from './sampling-bench.js';
import { runScoringBench } from './scoring-bench.js';
import { runTrainingsBench } from './trainings-bench.js';

const SERVER = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const MYSQL_TYPE = (process.env.BENCH_MYSQL_TYPE ?? 'mariadb') as 'mariadb' | 'mysql';
const TENANTS = Number(process.env.BENCH_TENANTS ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3999);
/** Training sessions of the trainings scenario; each invites one tenant in 40 (400 × 200,000 / 40 = 2,000,000 records). */
const TRAINING_SESSIONS = Number(process.env.BENCH_TRAINING_SESSIONS ?? 400);
const BASE = `http://127.0.0.1:${PORT}`;

const CITIES = ['上海', '北京', '深圳', '苏州', '杭州', '南京', '广州', '成都', '武汉', '天津', '重庆', '西安', '宁波', '无锡', '合肥', '青岛'];
const WORDS = ['星辰', '华宇', '东方', '云启', '芯联', '康源', '晶石', '精工', '顺畅', '数智', '光谷', '安泰', '蓝海', '海川', '凌云', '博远', '益生', '恒力', '启明', '环宇', '青鸟', '锐芯', '仁和', '金石', '卓越', '畅联', '天衡', '瑞丰', '鼎盛', '宏图'];
const KINDS = ['微电子', '生物科技', '新材料', '智能装备', '供应链管理', '软件技术', '半导体', '医药研发', '新能源', '机器人', '物流服务', '信息科技'];
/** GB/T 4754 division codes. */
const INDUSTRIES = ['39', '27', '26', '35', '59', '65'];
const BUILDINGS = ['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', 'C2', 'D1', 'D2'];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英'];

function uscc(i: number, prefix = '9132'): string {
  const body = `${prefix}0500${String(i).padStart(9, '0')}`;
  return body + usccCheckCharacter(body);
}

function tenantRow(i: number) {
  const name = `${CITIES[i % CITIES.length]}${WORDS[Math.floor(i / 16) % WORDS.length]}${KINDS[Math.floor(i / 480) % KINDS.length]}${i}有限公司`;
  const year = 2015 + (i % 11);
  const rep = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / 20) % GIVEN.length]}${i % 7 === 0 ? GIVEN[(i >> 3) % GIVEN.length] : ''}`;
  return [uscc(i), name, rep, INDUSTRIES[i % INDUSTRIES.length], BUILDINGS[i % BUILDINGS.length], String(100 + (i % 900)), `${year}-${String((i % 12) + 1).padStart(2, '0')}-01`];
}

/** Straight into the tables, with what every write path stores: the pinyin sort key, the building's id and the search grams. */
async function seedTenants(ds: DataSource, count: number): Promise<void> {
  for (const name of BUILDINGS) await ds.query('INSERT IGNORE INTO buildings (name) VALUES (?)', [name]);
  const buildingIds = new Map(((await ds.query('SELECT id, name FROM buildings')) as { id: number; name: string }[]).map((b) => [b.name, Number(b.id)]));
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - start) }, (_, k) => tenantRow(start + k));
    const placeholders = rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, 'active')").join(', ');
    await ds.query(
      `INSERT INTO tenants (uscc, name, nameSortKey, legalRepresentative, industry, buildingId, unit, movedInAt, status) VALUES ${placeholders}`,
      rows.flatMap(([code, name, rep, industry, building, unit, movedInAt]) => [code, name, nameSortKey(name), rep, industry, buildingIds.get(building), unit, movedInAt]),
    );
    const saved = (await ds.query(`SELECT id, uscc, name, legalRepresentative FROM tenants WHERE uscc IN (${rows.map(() => '?').join(', ')})`, rows.map((r) => r[0]))) as
      { id: number; uscc: string; name: string; legalRepresentative: string }[];
    const grams = searchGramRows(saved.map((t) => ({ ...t, id: Number(t.id) })));
    for (let g = 0; g < grams.length; g += 5000) {
      const part = grams.slice(g, g + 5000);
      await ds.query(`INSERT INTO tenant_search_grams (gram, tenantId) VALUES ${part.map(() => '(?, ?)').join(', ')}`, part.flatMap((x) => [x.gram, x.tenantId]));
    }
  }
  await ds.query('ANALYZE TABLE tenants, tenant_search_grams');
}

async function load(title: string, paths: string[], headers: Record<string, string>, bareNestRps: number) {
  // Warm-up, not recorded: the JIT, the connection pool and the list-total cache reach their steady state.
  let w = 0;
  await autocannon({ url: BASE, connections: 20, duration: WARMUP_SECONDS, headers, requests: [{ setupRequest: (req) => ({ ...req, path: paths[w++ % paths.length] }) }] });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let i = 0;
  // autocannon's instance is both an EventEmitter and a promise of the result; its types only know the promise.
  const instance = autocannon({
    url: BASE,
    connections: 20,
    duration: SECONDS,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
  }) as unknown as EventEmitter & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
  });
  const result = await instance;
  const s = summarise(latencies);
  const rps = Math.round(result.requests.average);
  return {
    title, requests: s.n, rps, ofBareNest: `${((100 * rps) / bareNestRps).toFixed(1)}%`, p50: s.p50, p95: s.p95, p99: s.p99, statuses: Object.fromEntries(statuses),
  };
}

async function xlsxOf(count: number, offset: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('tenants');
  ws.addRow(['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt']);
  for (let i = 0; i < count; i++) {
    const [code, name, rep, industry, building, unit, movedInAt] = tenantRow(offset + i);
    ws.addRow([uscc(offset + i, '9111'), `导入${name}`, rep, industry, building, unit, movedInAt]);
    void code;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function timedImport(token: string, file: Buffer, dryRun: boolean) {
  const form = new FormData();
  form.set('file', new Blob([file], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'tenants.xlsx');
  const started = performance.now();
  const res = await fetch(`${BASE}/api/v1/tenants/import?dryRun=${dryRun}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { rows?: number; created?: number; errors?: unknown[] };
  return { ms: Math.round(performance.now() - started), status: res.status, rows: body.rows, created: body.created, errors: body.errors?.length };
}

async function main(): Promise<void> {
  console.log(await calibrate());
  // BENCH_ONLY=jobs runs only the jobs/e-mail figures, BENCH_ONLY=registry only the ones above.
  if (process.env.BENCH_ONLY === 'jobs') return runJobsBench();
  const reuse = process.env.BENCH_DATABASE_URL;
  const scratch = reuse ? { url: reuse, drop: async () => undefined } : await createScratchDatabase(SERVER);
  // No demo seed: its monthly cycle (three published months and a draft) would score all 200,000 tenants four
  // times before the server answered; the demo staff account is created through the CLI instead (ensureAccount).
  const env = { DB_TYPE: MYSQL_TYPE, DATABASE_URL: scratch.url, DEMO_SEED: 'false', DB_MIGRATE_ON_START: 'true', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret!!', LOGIN_RATE_PER_MINUTE: '1000' };
  const staff = DEMO_ACCOUNTS.find((a) => a.role === 'park_staff')!;
  let server;
  try {
    const ds = await new DataSource(buildDataSourceOptions(loadConfig({ DB_TYPE: MYSQL_TYPE, DATABASE_URL: scratch.url }))).initialize();
    await ds.runMigrations();
    let t = performance.now();
    const [{ n }] = (await ds.query("SELECT COUNT(*) AS n FROM tenants WHERE uscc LIKE '9132%'")) as { n: string }[];
    if (Number(n) < TENANTS) {
      await seedTenants(ds, TENANTS);
      console.log(`seeded ${TENANTS} tenants in ${Math.round(performance.now() - t)} ms`);
    }
    // BENCH_ONLY=trainings runs only the trainings facts figure (issue 10); the full run includes it.
    if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'trainings') await runTrainingsBench(ds, TRAINING_SESSIONS);
    // The findings figures (issue 11) are printed beside the yardstick, so it is measured first when they run.
    let bareNestRps: number | undefined;
    if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'findings') {
      bareNestRps = await calibrateNest(PORT + 1, SECONDS, WARMUP_SECONDS);
      console.log(`bare Nest route: ${bareNestRps} req/s with 20 clients (every scenario's ofBareNest is its req/s as a fraction of this)`);
      await runFindingsBench(ds, loadConfig({ DB_TYPE: MYSQL_TYPE, DATABASE_URL: scratch.url, DEMO_SEED: 'false', DB_MIGRATE_ON_START: 'false' }), bareNestRps);
    }
    // BENCH_ONLY=evaluations runs only the evaluation facts figure (issue 11); the full run includes it.
    if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'evaluations') {
      if (bareNestRps === undefined) {
        bareNestRps = await calibrateNest(PORT + 1, SECONDS, WARMUP_SECONDS);
        console.log(`bare Nest route: ${bareNestRps} req/s with 20 clients (every scenario's ofBareNest is its req/s as a fraction of this)`);
      }
      await runEvaluationsBench(ds, bareNestRps);
    }
    // BENCH_ONLY=scoring runs only the scoring figures (issue 12); the full run includes them.
    if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'scoring') {
      if (bareNestRps === undefined) {
        bareNestRps = await calibrateNest(PORT + 1, SECONDS, WARMUP_SECONDS);
        console.log(`bare Nest route: ${bareNestRps} req/s with 20 clients (every scenario's ofBareNest is its req/s as a fraction of this)`);
      }
      await runScoringBench({ ds, url: scratch.url, mysqlType: MYSQL_TYPE, port: PORT, bareNestRps, trainingSessions: TRAINING_SESSIONS });
    }
    // BENCH_ONLY=lists runs only the joint check and the changes feed figures (issue 13); the full run includes them.
    if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'lists') {
      if (bareNestRps === undefined) {
        bareNestRps = await calibrateNest(PORT + 1, SECONDS, WARMUP_SECONDS);
        console.log(`bare Nest route: ${bareNestRps} req/s with 20 clients (every scenario's ofBareNest is its req/s as a fraction of this)`);
      }
      await runListsBench({ ds, env, port: PORT, bareNestRps, tenants: TENANTS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, usccOf: (i) => uscc(i) });
    }
    // BENCH_ONLY=sampling runs only the draw figures (issue 14); the full run includes them.
    if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'sampling') {
      if (bareNestRps === undefined) {
        bareNestRps = await calibrateNest(PORT + 1, SECONDS, WARMUP_SECONDS);
        console.log(`bare Nest route: ${bareNestRps} req/s with 20 clients (every scenario's ofBareNest is its req/s as a fraction of this)`);
      }
      await runSamplingBench({ ds, env, bareNestRps });
    }
    if (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === 'registry') await ensureAccount(ds, env, staff);
    await ds.destroy();
    if (process.env.BENCH_ONLY === 'trainings' || process.env.BENCH_ONLY === 'findings' || process.env.BENCH_ONLY === 'evaluations' || process.env.BENCH_ONLY === 'scoring' || process.env.BENCH_ONLY === 'lists' || process.env.BENCH_ONLY === 'sampling') return;

    // The yardstick, measured now (after seeding, before the server starts) under the same load.
    if (bareNestRps === undefined) {
      bareNestRps = await calibrateNest(PORT + 1, SECONDS, WARMUP_SECONDS);
      console.log(`bare Nest route: ${bareNestRps} req/s with 20 clients (every scenario's ofBareNest is its req/s as a fraction of this)`);
    }

    server = await startServer(env, PORT);
    const cookie = await loginCookie(BASE, staff.email, staff.password);
    const token = cli(env, ['token:create', '--email', staff.email, '--label', 'bench']);
    // The first list starts the in-memory search index in the background (the database answers until it is
    // ready): wait for it, so the figures are the steady state's.
    const indexReady = waitForLog(server, /tenant search index ready: [^\n]*/);
    t = performance.now();
    await fetch(`${BASE}/api/v1/tenants?q=${encodeURIComponent('星辰')}`, { headers: { authorization: `Bearer ${token}` } });
    // Without the log's colour codes.
    console.log(`${(await indexReady).replace(/\u001b\[[0-9;]*m/g, '')} (${Math.round(performance.now() - t)} ms after the first list)`);

    // Infix searches as people type them, none at the start of what they search: from the middle of names
    // (a two-character word such as 华宇, a word and the start of the kind, the end of the kind and the number),
    // the distinguishing digits from the middle of a USCC, and legal representatives' names.
    const sample = (k: number) => tenantRow((k * 6007) % TENANTS);
    const infixes = [
      ...Array.from({ length: 36 }, (_, k) => {
        const name = String(sample(k)[1]);
        return [name.slice(2, 4), name.slice(3, 7), name.slice(5, 10)][k % 3];
      }),
      ...Array.from({ length: 12 }, (_, k) => uscc((k * 15_551) % TENANTS).slice(10, 17)),
      ...Array.from({ length: 12 }, (_, k) => String(sample(k * 31 + 5)[2])),
    ];
    const enc = (q: string) => encodeURIComponent(q);
    const results = [];
    results.push(await load('list page, infix search (20 clients)', infixes.map((p) => `/tenants?q=${enc(p)}`), { cookie }, bareNestRps));
    results.push(await load('API list, infix search (20 clients)', infixes.map((p) => `/api/v1/tenants?q=${enc(p)}`), { authorization: `Bearer ${token}` }, bareNestRps));
    results.push(await load('API list, unfiltered page 1 (20 clients)', ['/api/v1/tenants'], { authorization: `Bearer ${token}` }, bareNestRps));
    console.table(results);
    console.log(`targets: list page ≥ 10% and API list ≥ 15% of the bare Nest route, p95 < 50 ms (this machine's cores are shared: compare fractions, not absolutes)`);

    // Import codes are fresh on every run (a reused database keeps the previous run's imports).
    const file = await xlsxOf(5000, TENANTS + 1 + (Date.now() % 1_000_000) * 5);
    t = performance.now();
    const dry = await timedImport(token, file, true);
    const commit = await timedImport(token, file, false);
    const total = Math.round(performance.now() - t);
    console.table([{ step: 'dry run', ...dry }, { step: 'commit', ...commit }]);
    console.log(`XLSX import of 5,000 tenants: dry run + commit = ${total} ms (${(file.length / 1024).toFixed(0)} KiB file)`);
  } finally {
    if (server) await stopServer(server);
    await scratch.drop();
  }
  if (process.env.BENCH_ONLY !== 'registry') await runJobsBench();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
