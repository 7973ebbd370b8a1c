/**
 * The evaluations figure of issue 11: the evaluation facts (P06, N07) of every tenant of a
 * 200,000-tenant registry, loaded as of a date through the same FactSource the score uses. Seeded
 * set-based by INSERT … SELECT over the registry: 20 accredited institutions, one engagement per
 * tenant, a first round of evaluations for every tenant (accepted mid-2025, most valid a year,
 * one in eight expired by the as-of date) and a second round for half of them (70 % accepted,
 * 20 % still submitted, 10 % voided), open disputes on one accepted evaluation in fifty — about
 * 1.5 evaluations per tenant. Scores per dimension are not seeded: the facts never read them.
 */
import type { DataSource } from 'typeorm';
import { EvaluationFactsSource } from '../../src/evaluations/facts/evaluation-facts.source.js';
import { DEFAULT_RULEBOOK } from '../../src/scoring/domain/rulebook.js';

const AS_OF = '2026-06-30';
const INSTITUTIONS = 20;

export async function seedEvaluations(ds: DataSource): Promise<void> {
  const [{ n }] = (await ds.query("SELECT COUNT(*) AS n FROM evaluation_institutions WHERE name LIKE 'bench %'")) as { n: string }[];
  if (Number(n) >= INSTITUTIONS) return;
  const started = performance.now();
  const rows = Array.from({ length: INSTITUTIONS }, (_, i) => [`bench ${i}`, `91320000BENCH${String(i).padStart(5, '0')}`]);
  await ds.query(
    `INSERT INTO evaluation_institutions (name, uscc, accreditationNo, validFrom, validTo, active) VALUES ${rows.map(() => "(?, ?, 'BENCH', '2024-01-01', '2028-12-31', 1)").join(', ')}`,
    rows.flat(),
  );
  const [{ lo }] = (await ds.query("SELECT MIN(id) AS lo FROM evaluation_institutions WHERE name LIKE 'bench %'")) as { lo: number }[];
  const tenants = "FROM tenants t WHERE t.uscc LIKE '9132%'";
  await ds.query(`INSERT INTO evaluation_engagements (institutionId, tenantId, periodFrom, periodTo, status, createdBy) SELECT ${Number(lo)} + MOD(t.id, ${INSTITUTIONS}), t.id, '2024-07-01', '2026-12-31', 'active', 1 ${tenants}`);
  const grade = (salt: number) => `CASE MOD((t.id DIV 2) * 7 + ${salt}, 20) WHEN 0 THEN 'D' WHEN 1 THEN 'C' WHEN 2 THEN 'C' WHEN 3 THEN 'A' WHEN 4 THEN 'A' WHEN 5 THEN 'A' ELSE 'B' END`;
  // Round 1: every tenant, accepted 2025-07-15; one in eight expired before the as-of date.
  await ds.query(`INSERT INTO evaluations (institutionId, engagementId, tenantId, periodFrom, periodTo, grade, summary, validUntil, status, submittedById, submittedAt, acceptedById, acceptedAt, acceptedOn, source)
    SELECT e.institutionId, e.id, e.tenantId, '2024-07-01', '2025-06-30', ${grade(0)}, 'bench', CASE WHEN MOD(t.id, 8) = 0 THEN '2026-01-14' ELSE '2026-07-14' END,
      'accepted', 1, '2025-07-01 02:00:00', 1, '2025-07-15 02:00:00', '2025-07-15', 'api'
    FROM evaluation_engagements e INNER JOIN tenants t ON t.id = e.tenantId WHERE t.uscc LIKE '9132%'`);
  // Round 2: half the tenants; 70 % accepted (the latest, counts), 20 % submitted, 10 % voided.
  await ds.query(`INSERT INTO evaluations (institutionId, engagementId, tenantId, periodFrom, periodTo, grade, summary, validUntil, status, submittedById, submittedAt, acceptedById, acceptedAt, acceptedOn, source)
    SELECT e.institutionId, e.id, e.tenantId, '2025-07-01', '2026-03-31', ${grade(3)}, 'bench', '2027-04-19',
      CASE WHEN MOD(t.id, 20) < 14 THEN 'accepted' WHEN MOD(t.id, 20) < 18 THEN 'submitted' ELSE 'voided' END, 1, '2026-04-10 02:00:00',
      CASE WHEN MOD(t.id, 20) < 14 THEN 1 ELSE NULL END, CASE WHEN MOD(t.id, 20) < 14 THEN '2026-04-20 02:00:00' ELSE NULL END,
      CASE WHEN MOD(t.id, 20) < 14 THEN '2026-04-20' ELSE NULL END, 'api'
    FROM evaluation_engagements e INNER JOIN tenants t ON t.id = e.tenantId WHERE t.uscc LIKE '9132%' AND MOD(t.id, 2) = 0`);
  await ds.query(`INSERT INTO evaluation_disputes (evaluationId, tenantId, reasons, status, filedById, filedAt)
    SELECT v.id, v.tenantId, 'bench', 'open', 1, '2026-05-01 02:00:00' FROM evaluations v WHERE v.status = 'accepted' AND MOD(v.id, 50) = 0`);
  await ds.query('ANALYZE TABLE evaluation_institutions, evaluation_engagements, evaluations, evaluation_disputes');
  const [{ records }] = (await ds.query('SELECT COUNT(*) AS records FROM evaluations')) as { records: string }[];
  console.log(`seeded ${INSTITUTIONS} institutions and ${records} evaluations (with engagements and disputes) in ${Math.round(performance.now() - started)} ms`);
}

/** Loads the evaluation facts of every tenant as of AS_OF, through the FactSource, and prints the time beside the bare-Nest yardstick. */
export async function runEvaluationsBench(ds: DataSource, bareNestRps: number | null): Promise<void> {
  await seedEvaluations(ds);
  const tenantIds = ((await ds.query('SELECT id FROM tenants')) as { id: number }[]).map((r) => Number(r.id));
  const source = new EvaluationFactsSource(ds);
  const runs: number[] = [];
  let counts: Record<string, number> = {};
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const facts = await source.factsFor(tenantIds, AS_OF, DEFAULT_RULEBOOK);
    runs.push(Math.round(performance.now() - started));
    counts = {};
    for (const list of facts.values()) for (const f of list) counts[`${f.rule} ${String(f.detail.grade)}`] = (counts[`${f.rule} ${String(f.detail.grade)}`] ?? 0) + 1;
  }
  const [{ records }] = (await ds.query('SELECT COUNT(*) AS records FROM evaluations')) as { records: string }[];
  console.table([{ scenario: `evaluation facts of ${tenantIds.length} tenants as of ${AS_OF}`, records: Number(records), run1: runs[0], run2: runs[1], run3: runs[2], ...counts }]);
  const best = Math.min(...runs);
  const yardstick = bareNestRps ? `; as long as ${Math.round((best / 1000) * bareNestRps).toLocaleString('en')} bare-Nest requests (${bareNestRps} req/s)` : '';
  console.log(`evaluation facts (P06, N07) for ${tenantIds.length} tenants, ${records} evaluations: best ${best} ms of 3 (${(best / 10_000).toFixed(2)} of the 10 s target on MySQL/MariaDB${yardstick})`);
}
