/**
 * The yardstick of the month-end run: one hand-written, set-based SQL statement computing every
 * active tenant's total as of a date over the same tables the pillars' fact sources read, with the
 * default rulebook's points, caps and windows written out by hand (CASE for tiers, LEAST for caps,
 * date windows), into a scratch table `bench_scoring_sql` of the bench database. It knows nothing
 * of the engine, the fact sources or the rulebook code: where it and the run disagree, one of them
 * is wrong, and the per-rule columns say which rule. MySQL/MariaDB only.
 *
 * Pillars can be left out (a pillar whose @FactSource is not registered yet produces no facts in the
 * run either): `pillars` names those to include.
 */
import type { DataSource } from 'typeorm';

export const SQL_RULES = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P11', 'N01', 'N02', 'N03', 'N04', 'N05', 'N06', 'N07', 'N08'] as const;
export type SqlRule = (typeof SQL_RULES)[number];
export const SQL_PILLARS = ['conventions', 'trainings', 'evaluations', 'findings', 'self-reports'] as const;
export type SqlPillar = (typeof SQL_PILLARS)[number];

/** The scratch table: one row per active tenant, total and the points of each rule (signed). */
export async function createScoreTable(ds: DataSource): Promise<void> {
  await ds.query('DROP TABLE IF EXISTS bench_scoring_sql');
  await ds.query(`CREATE TABLE bench_scoring_sql (tenantId int NOT NULL PRIMARY KEY, total int NOT NULL, unclamped int NOT NULL, bandGrade char(1) NOT NULL,
    ${SQL_RULES.map((r) => `${r.toLowerCase()} int NOT NULL`).join(', ')}) ENGINE=InnoDB`);
}

/**
 * The per-tenant counts the branches produce; the outer query turns their sums into points. A tenant's
 * row from `tenants` carries `active`, so every active tenant has a result and only active ones do.
 */
const COUNTS = [
  'active', 'p01', 'p02', 'n01', 'n02', 'required', 'attended', 'absent', 'p08', 'p06pts', 'n07pts',
  'breakers', 'n04pts', 'p05', 'n05', 'n06', 'n08', 'p04', 'p09', 'p10', 'p11',
] as const;
type Count = (typeof COUNTS)[number];

/**
 * The statement: one branch per pillar table group, each aggregated per tenant, glued by UNION ALL and
 * summed per tenant once (no join of grouped derived tables: MariaDB would re-run them per tenant as
 * "lateral derived" tables). `asOf` is a park day, `offsetMinutes` the park zone's UTC offset that day
 * (DATETIME columns hold UTC: a park day of an instant is DATE(instant + offset)).
 */
export function scoreSql(asOf: string, offsetMinutes: number, pillars: ReadonlySet<SqlPillar>): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`not a date: ${asOf}`);
  const D = `'${asOf}'`;
  const off = `INTERVAL ${Math.trunc(offsetMinutes)} MINUTE`;
  const day = (instant: string) => `DATE(${instant} + ${off})`;
  /** First day of a trailing window of 12 months ending on D (inclusive): D − 12 months + 1 day (month ends clamp). */
  const wf = `DATE_ADD(DATE_SUB(${D}, INTERVAL 12 MONTH), INTERVAL 1 DAY)`;
  /** The same window as instants: after the start of its first park day, up to the end of D. */
  const fromUtc = `(TIMESTAMP(${wf}) - ${off})`;
  const toUtc = `(TIMESTAMP(DATE_ADD(${D}, INTERVAL 1 DAY)) - ${off})`;
  const branches: string[] = [];
  /** A branch: `from` (with its WHERE and GROUP BY) selecting `tenantId` and the given counts; the others are 0. */
  const branch = (counts: Partial<Record<Count | 'tenantId', string>>, from: string) =>
    `SELECT ${counts.tenantId ?? 'tenantId'} AS tenantId, ${COUNTS.map((c) => `${counts[c] ?? '0'} AS ${c}`).join(', ')} ${from}`;

  branches.push(branch({ tenantId: 'id', active: '1' }, "FROM tenants WHERE status = 'active'"));

  if (pillars.has('conventions')) {
    // P01 +5: the current management convention signed by its deadline; N01 −10: unsigned as of D after
    // the deadline (unless paused or cancelled); P02 +2: a current commitment signed. No caps.
    branches.push(branch({
      tenantId: 'o.tenantId',
      p01: `SUM(v.kind = 'management' AND sg.id IS NOT NULL AND ${day('sg.signedAt')} <= o.deadline)`,
      p02: "SUM(v.kind = 'commitment' AND sg.id IS NOT NULL)",
      n01: `SUM(v.kind = 'management' AND sg.id IS NULL AND o.deadline < ${D} AND o.status NOT IN ('paused', 'cancelled'))`,
    }, `FROM (SELECT cv.id, c.kind FROM convention_versions cv INNER JOIN conventions c ON c.id = cv.conventionId
              WHERE cv.status IN ('published', 'superseded') AND ${day('cv.publishedAt')} <= ${D}
                AND (cv.supersededAt IS NULL OR ${day('cv.supersededAt')} > ${D})) v
        INNER JOIN signing_obligations o ON o.versionId = v.id
        LEFT JOIN signatures sg ON sg.obligationId = o.id AND ${day('sg.signedAt')} <= ${D}
        GROUP BY o.tenantId`));
    // N02 −5: each breach confirmed in the 12 months ending on D (dated at the decision). No cap.
    branches.push(branch({ n02: 'COUNT(*)' },
      `FROM breaches WHERE status = 'confirmed' AND decidedOn > DATE_SUB(${D}, INTERVAL 12 MONTH) AND decidedOn <= ${D} GROUP BY tenantId`));
  }

  if (pillars.has('trainings')) {
    // Required sessions that ended in the window (scheduled ones), not excused (mark or approved request),
    // not started before the move-in: P07 by the rate (≥ 90 % → 6, ≥ 75 % → 3), N03 −2 per absence, cap 10.
    branches.push(branch({
      tenantId: 'i.tenantId', required: 'COUNT(*)', attended: "SUM(a.mark IN ('present', 'late'))", absent: "SUM(a.mark = 'absent')",
    }, `FROM training_sessions s
        INNER JOIN training_invitations i ON i.sessionId = s.id
        INNER JOIN tenants tt ON tt.id = i.tenantId
        LEFT JOIN training_attendance a ON a.sessionId = i.sessionId AND a.tenantId = i.tenantId
        WHERE s.status = 'scheduled' AND s.endsAt > ${fromUtc} AND s.endsAt <= ${toUtc}
          AND (a.mark IS NULL OR a.mark <> 'excused')
          AND ${day('s.startsAt')} >= tt.movedInAt
          AND NOT EXISTS (SELECT 1 FROM training_excuses e WHERE e.sessionId = i.sessionId AND e.tenantId = i.tenantId AND e.status = 'approved')
        GROUP BY i.tenantId`));
    // P08 +2: each session of the window hosted or spoken at (once per session), cap 4.
    branches.push(branch({ tenantId: 'x.tenantId', p08: 'COUNT(DISTINCT x.sessionId)' }, `FROM (
          SELECT id AS sessionId, hostTenantId AS tenantId FROM training_sessions WHERE status = 'scheduled' AND hostTenantId IS NOT NULL AND endsAt > ${fromUtc} AND endsAt <= ${toUtc}
          UNION ALL
          SELECT id, speakerTenantId FROM training_sessions WHERE status = 'scheduled' AND speakerTenantId IS NOT NULL AND endsAt > ${fromUtc} AND endsAt <= ${toUtc}) x
        GROUP BY x.tenantId`));
  }

  if (pillars.has('evaluations')) {
    // The evaluation that counts on D: accepted, accepted on or before D, valid on D, the latest by period,
    // acceptance, id. A +10, B +5, C −3, D −10.
    branches.push(branch({
      p06pts: "CASE grade WHEN 'A' THEN 10 WHEN 'B' THEN 5 ELSE 0 END",
      n07pts: "CASE grade WHEN 'C' THEN -3 WHEN 'D' THEN -10 ELSE 0 END",
    }, `FROM (SELECT v.tenantId, v.grade, ROW_NUMBER() OVER (PARTITION BY v.tenantId ORDER BY v.periodTo DESC, v.acceptedOn DESC, v.id DESC) AS rn
          FROM evaluations v WHERE v.status = 'accepted' AND v.acceptedOn <= ${D} AND v.validUntil >= ${D}) x WHERE rn = 1`));
  }

  if (pillars.has('findings')) {
    // One pass over the findings decided by D (rep: repaired by D; ev: the evidence submitted, verified or awaiting).
    // P03 +5 when none breaks it (decided in the window, not repaired, complaints only substantiated);
    // N04 by severity in the publicity period (3 / 8 / 20); P05 +2 per on-time rectification verified in the window, cap 6;
    // N05 −5 per overdue rectification (no on-time evidence, not verified by D); N06 −10 per open abnormal listing;
    // N08 −2 per substantiated complaint in the window, cap 10.
    const inPeriod = `x.type IN ('penalty', 'inspection', 'other') AND ${D} < x.publicityEndsOn AND NOT x.rep`;
    branches.push(branch({
      breakers: `SUM(NOT x.rep AND (x.type <> 'complaint' OR x.substantiated = 1) AND x.decisionDate >= ${wf})`,
      n04pts: `SUM(CASE WHEN ${inPeriod} THEN CASE x.severity WHEN 'minor' THEN 3 WHEN 'general' THEN 8 WHEN 'serious' THEN 20 ELSE 0 END ELSE 0 END)`,
      p05: `SUM(x.rectificationRequired = 1 AND x.rectifyBy IS NOT NULL AND x.rectifiedOn IS NOT NULL AND x.rectifiedOn <= x.rectifyBy
              AND x.verifiedOn >= ${wf} AND x.verifiedOn <= ${D})`,
      n05: `SUM(NOT x.rep AND x.rectificationRequired = 1 AND x.rectifyBy IS NOT NULL AND x.rectifyBy < ${D}
              AND NOT (x.verifiedOn IS NOT NULL AND x.verifiedOn <= ${D})
              AND NOT (x.ev IS NOT NULL AND x.ev <= x.rectifyBy AND x.ev <= ${D}))`,
      n06: `SUM(NOT x.rep AND x.type = 'abnormal_operations' AND (x.endedOn IS NULL OR x.endedOn > ${D}))`,
      n08: `SUM(NOT x.rep AND x.type = 'complaint' AND x.substantiated = 1 AND x.decisionDate >= ${wf})`,
    }, `FROM (SELECT f.tenantId, f.type, f.severity, f.decisionDate, f.publicityEndsOn, f.substantiated, f.endedOn,
              f.rectificationRequired, f.rectifyBy, f.rectifiedOn, f.verifiedOn,
              (f.repairedOn IS NOT NULL AND f.repairedOn <= ${D}) AS rep,
              CASE f.rectificationStatus WHEN 'verified' THEN f.rectifiedOn
                WHEN 'submitted' THEN (SELECT MAX(r.submittedOn) FROM finding_rectifications r WHERE r.findingId = f.id AND r.decision IS NULL) END AS ev
            FROM findings f WHERE f.decisionDate <= ${D}) x
        GROUP BY x.tenantId`));
    // P04 +2: last year's annual report filed by 30 June of D's year, and by D.
    branches.push(branch({ p04: 'COUNT(*)' },
      `FROM annual_reports WHERE year = YEAR(${D}) - 1 AND filedOn <= CONCAT(YEAR(${D}), '-06-30') AND filedOn <= ${D} GROUP BY tenantId`));
  }

  if (pillars.has('self-reports')) {
    // Approved by D and occurred in the window: P09 +3 cap 6, P10 +1 cap 5, P11 +1 cap 3.
    branches.push(branch({ p09: "SUM(rule = 'P09')", p10: "SUM(rule = 'P10')", p11: "SUM(rule = 'P11')" },
      `FROM self_reports WHERE status = 'approved' AND decidedOn <= ${D} AND occurredOn >= ${wf} AND occurredOn <= ${D} GROUP BY tenantId`));
  }

  const has = (p: SqlPillar) => pillars.has(p);
  const points: Record<SqlRule, string> = {
    P01: '5 * SUM(u.p01)', P02: '2 * SUM(u.p02)', N01: '-10 * SUM(u.n01)', N02: '-5 * SUM(u.n02)',
    P07: 'CASE WHEN SUM(u.required) > 0 AND SUM(u.attended) * 100 >= 90 * SUM(u.required) THEN 6 WHEN SUM(u.required) > 0 AND SUM(u.attended) * 100 >= 75 * SUM(u.required) THEN 3 ELSE 0 END',
    N03: '-LEAST(2 * SUM(u.absent), 10)', P08: 'LEAST(2 * SUM(u.p08), 4)',
    P06: 'SUM(u.p06pts)', N07: 'SUM(u.n07pts)',
    // A tenant without findings still earns P03 (nothing breaks it), but only when the findings pillar is read.
    P03: has('findings') ? 'IF(SUM(u.breakers) = 0, 5, 0)' : '0',
    N04: '-SUM(u.n04pts)', P05: 'LEAST(2 * SUM(u.p05), 6)', N05: '-5 * SUM(u.n05)', N06: '-10 * SUM(u.n06)', N08: '-LEAST(2 * SUM(u.n08), 10)',
    P04: '2 * SUM(u.p04)', P09: 'LEAST(3 * SUM(u.p09), 6)', P10: 'LEAST(SUM(u.p10), 5)', P11: 'LEAST(SUM(u.p11), 3)',
  };
  const sum = `(60 + ${SQL_RULES.map((r) => `s.${r.toLowerCase()}`).join(' + ')})`;
  return `INSERT INTO bench_scoring_sql (tenantId, total, unclamped, bandGrade, ${SQL_RULES.map((r) => r.toLowerCase()).join(', ')})
    SELECT s.tenantId, LEAST(100, GREATEST(0, ${sum})), ${sum},
      CASE WHEN LEAST(100, GREATEST(0, ${sum})) >= 85 THEN 'A' WHEN LEAST(100, GREATEST(0, ${sum})) >= 70 THEN 'B' WHEN LEAST(100, GREATEST(0, ${sum})) >= 60 THEN 'C' ELSE 'D' END,
      ${SQL_RULES.map((r) => `s.${r.toLowerCase()}`).join(', ')}
    FROM (SELECT u.tenantId, ${SQL_RULES.map((r) => `${points[r]} AS ${r.toLowerCase()}`).join(', ')}
          FROM (${branches.join('\n      UNION ALL\n      ')}) u
          GROUP BY u.tenantId HAVING SUM(u.active) > 0) s`;
}

/** Runs the statement into a fresh scratch table; returns the milliseconds it took and the rows. */
export async function runScoreSql(ds: DataSource, asOf: string, offsetMinutes: number, pillars: ReadonlySet<SqlPillar>): Promise<{ ms: number; rows: number }> {
  await createScoreTable(ds);
  const sql = scoreSql(asOf, offsetMinutes, pillars);
  // Room for the per-tenant grouping in memory (200,000 tenants × 21 sums pass the 16 MB default and would go to disk).
  const memory = "SET STATEMENT tmp_table_size = 1073741824, max_heap_table_size = 1073741824, sort_buffer_size = 67108864 FOR";
  const started = performance.now();
  await ds.query(`${ds.options.type === 'mariadb' ? memory : ''} ${sql}`);
  const ms = Math.round(performance.now() - started);
  const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM bench_scoring_sql')) as { n: string }[];
  return { ms, rows: Number(n) };
}
