/**
 * The scoring bench's data beyond what the trainings, findings and evaluations benches seed: the
 * conventions pillar (a management convention in four versions and a credit commitment, one signing
 * obligation per tenant and version, most of them signed, some late, some never; confirmed,
 * withdrawn and open breaches) and self-reported positive items (honours, public welfare, help to
 * neighbours, adopted suggestions; approved, pending, rejected, withdrawn). Set-based, by INSERT …
 * SELECT over ranges of the bench registry's tenants (uscc `9132…`), and resumable: each table
 * continues after the highest tenant id it already holds, so a second run only counts. Every row
 * is recognisable: versions titled `bench …`, breaches and self-reports described `bench`.
 */
import type { DataSource } from 'typeorm';

/** Tenants per INSERT … SELECT. */
const TENANT_CHUNK = 20_000;
/** The last day of the seeded years (as the findings bench: the data means the same on any later day). */
const ANCHOR = '2026-11-29';

interface BenchVersion {
  key: string;
  kind: 'management' | 'commitment';
  versionNo: number;
  title: string;
  /** Park day of publication (09:00 park time = 01:00 UTC). */
  published: string;
  deadline: string;
  superseded: string | null;
}

/**
 * The management convention's versions follow each other (each current until the next is published);
 * the commitment letter has one version, current throughout. A month-end as of 2026-06-30 sees M3
 * (deadline 2026-06-14) and C1 as current.
 */
export const BENCH_VERSIONS: readonly BenchVersion[] = [
  { key: 'M1', kind: 'management', versionNo: 1, title: 'bench 园区企业自律管理公约（2024 版）', published: '2024-01-10', deadline: '2024-02-09', superseded: '2025-03-01' },
  { key: 'M2', kind: 'management', versionNo: 2, title: 'bench 园区企业自律管理公约（2025 版）', published: '2025-03-01', deadline: '2025-03-31', superseded: '2026-05-15' },
  { key: 'M3', kind: 'management', versionNo: 3, title: 'bench 园区企业自律管理公约（2026 版）', published: '2026-05-15', deadline: '2026-06-14', superseded: '2026-10-01' },
  { key: 'M4', kind: 'management', versionNo: 4, title: 'bench 园区企业自律管理公约（2026 修订版）', published: '2026-10-01', deadline: '2026-10-31', superseded: null },
  { key: 'C1', kind: 'commitment', versionNo: 1, title: 'bench 企业信用承诺书', published: '2024-06-01', deadline: '2024-07-01', superseded: null },
];

/**
 * How each version's obligations were met, from h = MOD(tenant id × 7919 + salt, 100): signed on time
 * (a day up to four weeks after publication, never after the deadline), signed late, or never signed.
 * M3 also has signatures after 2026-06-30 (unsigned as of that month's end: N01) and unsigned ones;
 * M4 is still being signed.
 */
const SIGNING: Record<string, { onTime: number; late: number; salt: number }> = {
  M1: { onTime: 86, late: 94, salt: 11 },
  M2: { onTime: 84, late: 93, salt: 23 },
  M3: { onTime: 75, late: 88, salt: 37 },
  M4: { onTime: 70, late: 70, salt: 41 },
  C1: { onTime: 72, late: 85, salt: 53 },
};

async function benchRange(ds: DataSource): Promise<{ lo: number; hi: number }> {
  const [{ lo, hi }] = (await ds.query("SELECT MIN(id) AS lo, MAX(id) AS hi FROM tenants WHERE uscc LIKE '9132%'")) as { lo: number; hi: number }[];
  return { lo: Number(lo), hi: Number(hi) };
}

/** Runs `insert(from, to)` per range of bench tenants after the highest tenant id `resumeSql` finds. */
async function chunked(ds: DataSource, resumeSql: string, insert: (from: number, to: number) => Promise<void>): Promise<boolean> {
  const { lo, hi } = await benchRange(ds);
  const [{ done }] = (await ds.query(resumeSql)) as { done: number | null }[];
  const start = done === null ? lo : Number(done) + 1;
  if (start > hi) return false;
  for (let from = start; from <= hi; from += TENANT_CHUNK) await insert(from, Math.min(hi, from + TENANT_CHUNK - 1));
  return true;
}

/** The bench versions' ids by key, creating the conventions, versions and clauses once. */
async function benchVersions(ds: DataSource): Promise<Map<string, { id: number; clauses: number[] }>> {
  const out = new Map<string, { id: number; clauses: number[] }>();
  const utc = (day: string) => `${day} 01:00:00`;
  let conventionIds: Record<string, number> | null = null;
  for (const v of BENCH_VERSIONS) {
    let [row] = (await ds.query('SELECT id FROM convention_versions WHERE title = ?', [v.title])) as { id: number }[];
    if (!row) {
      if (!conventionIds) {
        const existing = (await ds.query("SELECT v.conventionId AS id, c.kind FROM convention_versions v INNER JOIN conventions c ON c.id = v.conventionId WHERE v.title LIKE 'bench %'")) as { id: number; kind: string }[];
        conventionIds = Object.fromEntries(existing.map((e) => [e.kind, Number(e.id)]));
        for (const kind of ['management', 'commitment']) {
          if (conventionIds[kind]) continue;
          const result = (await ds.query('INSERT INTO conventions (kind, createdById) VALUES (?, NULL)', [kind])) as { insertId: number };
          conventionIds[kind] = Number(result.insertId);
        }
      }
      await ds.query(
        `INSERT INTO convention_versions (conventionId, versionNo, title, status, effectiveDate, signingPeriodDays, signingDeadline, publishedAt, supersededAt, textSha256)
         VALUES (?, ?, ?, ?, ?, 30, ?, ?, ?, REPEAT('0', 64))`,
        [conventionIds[v.kind], v.versionNo, v.title, v.superseded ? 'superseded' : 'published', v.published, v.deadline, utc(v.published), v.superseded ? utc(v.superseded) : null],
      );
      [row] = (await ds.query('SELECT id FROM convention_versions WHERE title = ?', [v.title])) as { id: number }[];
      for (let k = 1; k <= 3; k++) {
        await ds.query("INSERT INTO convention_clauses (versionId, position, number, category, textZh) VALUES (?, ?, ?, 'other', ?)", [row.id, k, `第${k}条`, `bench 条款 ${k}`]);
      }
    }
    const clauses = ((await ds.query('SELECT id FROM convention_clauses WHERE versionId = ? ORDER BY position', [row.id])) as { id: number }[]).map((c) => Number(c.id));
    out.set(v.key, { id: Number(row.id), clauses });
  }
  return out;
}

/** Obligations and signatures of every bench version for every bench tenant, then the breaches. */
export async function seedConventions(ds: DataSource): Promise<boolean> {
  const versions = await benchVersions(ds);
  let seeded = false;
  for (const v of BENCH_VERSIONS) {
    const { id } = versions.get(v.key)!;
    const s = SIGNING[v.key];
    const h = `MOD(t.id * 7919 + ${s.salt}, 100)`;
    // An unsigned obligation of a superseded version is marked superseded (as the conventions context does).
    const status = v.superseded ? `IF(${h} >= ${s.late}, 'superseded', 'active')` : `'active'`;
    seeded = (await chunked(ds, `SELECT MAX(tenantId) AS done FROM signing_obligations WHERE versionId = ${id}`, async (from, to) => {
      await ds.query(`INSERT INTO signing_obligations (versionId, tenantId, deadline, status)
        SELECT ${id}, t.id, '${v.deadline}', ${status} FROM tenants t WHERE t.uscc LIKE '9132%' AND t.id BETWEEN ? AND ?`, [from, to]);
    })) || seeded;
    // On time: 1 to 28 days after publication, at most the deadline; late: 1 to 40 days after the deadline,
    // up to the anchor (M3: some after 2026-06-30). The time of day varies, in UTC (park time − 8 h).
    const signedAt = `DATE_ADD(IF(${h} < ${s.onTime},
        LEAST(DATE_ADD('${v.published}', INTERVAL 1 + MOD(o.tenantId * 31, 28) DAY), '${v.deadline}'),
        LEAST(DATE_ADD('${v.deadline}', INTERVAL 1 + MOD(o.tenantId * 17, 40) DAY), '${ANCHOR}')),
      INTERVAL MOD(o.tenantId * 13, 86400) SECOND) - INTERVAL 8 HOUR`;
    seeded = (await chunked(ds, `SELECT MAX(tenantId) AS done FROM signatures WHERE versionId = ${id}`, async (from, to) => {
      await ds.query(`INSERT INTO signatures (obligationId, versionId, tenantId, method, signerName, signerTitle, signedAt, textSha256, verificationCode)
        SELECT o.id, o.versionId, o.tenantId, IF(MOD(o.tenantId, 10) = 0, 'paper', 'online'), '法定代表人', '总经理', ${signedAt}, REPEAT('0', 64), CONCAT('BENCH', o.id)
        FROM signing_obligations o INNER JOIN tenants t ON t.id = o.tenantId
        WHERE o.versionId = ${id} AND o.tenantId BETWEEN ? AND ? AND ${h} < ${s.late}`, [from, to]);
      await ds.query(`UPDATE signing_obligations o INNER JOIN signatures s ON s.obligationId = o.id SET o.signatureId = s.id
        WHERE o.versionId = ${id} AND o.tenantId BETWEEN ? AND ? AND o.signatureId IS NULL`, [from, to]);
    })) || seeded;
  }

  // Breaches: MOD(id × 13, 4) per tenant (0 … 3, 1.5 on average) over 2024-01 … the anchor, against the
  // management version current on the day. Half confirmed and a fifth withdrawn three weeks later (capped
  // at the anchor); the rest recorded or answered, undecided.
  const seq = Array.from({ length: 3 }, (_, i) => `SELECT ${i} AS n`).join(' UNION ALL ');
  const occurred = `DATE_ADD('2024-01-15', INTERVAL MOD(t.id * 37 + q.n * 211, ${Math.round((Date.parse(ANCHOR) - Date.parse('2024-01-15')) / 86_400_000) + 1}) DAY)`;
  const m = (key: string) => versions.get(key)!;
  const versionOf = (day: string) => `CASE WHEN ${day} < '2025-03-01' THEN ${m('M1').id} WHEN ${day} < '2026-05-15' THEN ${m('M2').id} WHEN ${day} < '2026-10-01' THEN ${m('M3').id} ELSE ${m('M4').id} END`;
  const clauseOf = (day: string, k: string) => `CASE WHEN ${day} < '2025-03-01' THEN ELT(1 + ${k}, ${m('M1').clauses.join(', ')}) WHEN ${day} < '2026-05-15' THEN ELT(1 + ${k}, ${m('M2').clauses.join(', ')})
    WHEN ${day} < '2026-10-01' THEN ELT(1 + ${k}, ${m('M3').clauses.join(', ')}) ELSE ELT(1 + ${k}, ${m('M4').clauses.join(', ')}) END`;
  seeded = (await chunked(ds, "SELECT MAX(tenantId) AS done FROM breaches WHERE description = 'bench'", async (from, to) => {
    await ds.query(`INSERT INTO breaches (tenantId, versionId, clauseId, occurredOn, description, recordedById, status, severity, decidedAt, decidedOn, decisionReason)
      SELECT b.tenantId, ${versionOf('b.occurredOn')}, ${clauseOf('b.occurredOn', 'MOD(b.r, 3)')}, b.occurredOn, 'bench', NULL,
        CASE WHEN b.r < 50 THEN 'confirmed' WHEN b.r < 70 THEN 'withdrawn' WHEN b.r < 85 THEN 'responded' ELSE 'recorded' END,
        IF(MOD(b.r, 4) = 0, 'minor', 'general'),
        IF(b.r < 70, TIMESTAMP(LEAST(DATE_ADD(b.occurredOn, INTERVAL 21 DAY), '${ANCHOR}')) - INTERVAL 6 HOUR, NULL),
        IF(b.r < 70, LEAST(DATE_ADD(b.occurredOn, INTERVAL 21 DAY), '${ANCHOR}'), NULL),
        IF(b.r < 70, 'bench', NULL)
      FROM (SELECT t.id AS tenantId, ${occurred} AS occurredOn, MOD(t.id * 29 + q.n * 53, 100) AS r
            FROM tenants t INNER JOIN (${seq}) q ON q.n < MOD(t.id * 13, 4)
            WHERE t.uscc LIKE '9132%' AND t.id BETWEEN ? AND ?) b`, [from, to]);
  })) || seeded;
  if (seeded) await ds.query('ANALYZE TABLE convention_versions, signing_obligations, signatures, breaches');
  return seeded;
}

/**
 * Self-reports: MOD(id × 17, 7) per tenant (0 … 6, 3 on average), occurred between 2024-06 and the
 * anchor; 20 % honours (P09), 35 % public welfare and 25 % help to neighbours (P10), 20 % adopted
 * suggestions (P11); 65 % approved and 15 % rejected within a month (capped at the anchor), 15 %
 * pending, 5 % withdrawn.
 */
export async function seedSelfReports(ds: DataSource): Promise<boolean> {
  const seq = Array.from({ length: 6 }, (_, i) => `SELECT ${i} AS n`).join(' UNION ALL ');
  const span = Math.round((Date.parse(ANCHOR) - Date.parse('2024-06-01')) / 86_400_000) + 1;
  const seeded = await chunked(ds, "SELECT MAX(tenantId) AS done FROM self_reports WHERE description = 'bench'", async (from, to) => {
    await ds.query(`INSERT INTO self_reports (tenantId, kind, rule, title, description, issuer, occurredOn, status, submittedById, submittedAt, decidedById, decidedAt, decidedOn, decisionReason)
      SELECT x.tenantId, x.kind, CASE x.kind WHEN 'honour' THEN 'P09' WHEN 'suggestion' THEN 'P11' ELSE 'P10' END,
        CONCAT('bench ', x.kind, ' ', x.n), 'bench', '园区管委会', x.occurredOn, x.status, 1,
        TIMESTAMP(LEAST(DATE_ADD(x.occurredOn, INTERVAL 2 DAY), '${ANCHOR}')),
        IF(x.status IN ('approved', 'rejected'), 1, NULL),
        IF(x.status IN ('approved', 'rejected'), TIMESTAMP(x.decidedOn) - INTERVAL 6 HOUR, NULL),
        IF(x.status IN ('approved', 'rejected'), x.decidedOn, NULL),
        IF(x.status = 'rejected', '材料不足', NULL)
      FROM (SELECT y.*, LEAST(DATE_ADD(y.occurredOn, INTERVAL 3 + MOD(y.r, 28) DAY), '${ANCHOR}') AS decidedOn,
              CASE WHEN y.r < 65 THEN 'approved' WHEN y.r < 80 THEN 'rejected' WHEN y.r < 95 THEN 'pending' ELSE 'withdrawn' END AS status
            FROM (SELECT t.id AS tenantId, q.n,
                    CASE WHEN MOD(t.id * 3 + q.n * 7, 20) < 4 THEN 'honour' WHEN MOD(t.id * 3 + q.n * 7, 20) < 11 THEN 'public_welfare'
                         WHEN MOD(t.id * 3 + q.n * 7, 20) < 16 THEN 'neighbour_help' ELSE 'suggestion' END AS kind,
                    DATE_ADD('2024-06-01', INTERVAL MOD(t.id * 41 + q.n * 173, ${span}) DAY) AS occurredOn,
                    MOD(t.id * 43 + q.n * 59, 100) AS r
                  FROM tenants t INNER JOIN (${seq}) q ON q.n < MOD(t.id * 17, 7)
                  WHERE t.uscc LIKE '9132%' AND t.id BETWEEN ? AND ?) y) x`, [from, to]);
  });
  if (seeded) await ds.query('ANALYZE TABLE self_reports');
  return seeded;
}

/** The tables the pillars' facts are read from, with their row counts: the "fact records" of the figure. */
export const FACT_TABLES = [
  'signing_obligations', 'signatures', 'breaches',
  'training_invitations', 'training_attendance', 'training_excuses',
  'evaluations', 'evaluation_disputes',
  'findings', 'finding_rectifications', 'annual_reports',
  'self_reports',
] as const;

export async function factRecordCounts(ds: DataSource): Promise<Record<string, number>> {
  const rows = (await ds.query(`SELECT ${FACT_TABLES.map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(', ')}`)) as Record<string, string>[];
  return Object.fromEntries(FACT_TABLES.map((t) => [t, Number(rows[0][t])]));
}
