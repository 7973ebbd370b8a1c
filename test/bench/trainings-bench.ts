/**
 * The trainings figure issue 10 asks for: the attendance facts (P07, P08, N03) of every tenant of a
 * 200,000-tenant registry with 2,000,000 attendance records, loaded as of a date through the same
 * FactSource the score uses. Seeded set-based: sessions by multi-row INSERT, invitations and marks
 * by INSERT … SELECT joining sessions to tenants (each session invites one tenant in 40, so
 * BENCH_TRAINING_SESSIONS sessions × tenants / 40 records), approved excuses for some excused marks.
 * The sessions span the two years before the as-of date, so about half the records are in the window;
 * tenants that moved in during the window (about 1 in 22 here) take the row-by-row path.
 */
import type { DataSource } from 'typeorm';
import type { I18nService } from '../../src/i18n/i18n.service.js';
import { DEFAULT_RULEBOOK } from '../../src/scoring/domain/rulebook.js';
import { TenantsQueries } from '../../src/tenants/tenants.queries.js';
import { TrainingFactsSource } from '../../src/trainings/facts/training-facts.source.js';

const AS_OF = '2026-06-30';
const FIRST = Date.parse('2024-07-01T01:00:00Z');
const SPAN_DAYS = 730;
/** Every session invites the tenants whose id is congruent to the session's modulo this. */
const GROUPS = 40;

export async function seedTrainings(ds: DataSource, sessions: number): Promise<void> {
  const [{ n }] = (await ds.query("SELECT COUNT(*) AS n FROM training_sessions WHERE title LIKE 'bench %'")) as { n: string }[];
  if (Number(n) >= sessions) return;
  const started = performance.now();
  const [{ lo, hi }] = (await ds.query("SELECT MIN(id) AS lo, MAX(id) AS hi FROM tenants WHERE uscc LIKE '9132%'")) as { lo: number; hi: number }[];
  const kinds = ['law_lecture', 'policy_briefing', 'safety_drill', 'other'];
  const rows: unknown[][] = [];
  for (let i = 0; i < sessions; i++) {
    const startsAt = new Date(FIRST + Math.floor((i * SPAN_DAYS * 86_400_000) / sessions));
    const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
    const host = i % 10 === 0 ? Number(lo) + ((i * 7919) % (Number(hi) - Number(lo))) : null;
    const speaker = i % 10 === 5 ? Number(lo) + ((i * 104_729) % (Number(hi) - Number(lo))) : null;
    rows.push([`bench ${i}`, kinds[i % 4], host, speaker, startsAt, endsAt]);
  }
  const fmt = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);
  for (let s = 0; s < rows.length; s += 500) {
    const part = rows.slice(s, s + 500);
    await ds.query(
      `INSERT INTO training_sessions (title, kind, hostTenantId, speakerTenantId, speaker, startsAt, endsAt, location, audience, status, checkinSecret, createdBy) VALUES ${part.map(() => "(?, ?, ?, ?, '讲师', ?, ?, '会议中心', 'industries', 'scheduled', 'bench', 1)").join(', ')}`,
      part.flatMap(([title, kind, host, speaker, startsAt, endsAt]) => [title, kind, host, speaker, fmt(startsAt as Date), fmt(endsAt as Date)]),
    );
  }
  const ids = ((await ds.query("SELECT id FROM training_sessions WHERE title LIKE 'bench %' ORDER BY id")) as { id: number }[]).map((r) => Number(r.id));
  // A mark from the tenant and the session's round (t.id and s.id agree modulo GROUPS, so not t.id + s.id):
  // 5 % absent, 5 % excused, 10 % late, the rest present.
  const markSql = `CASE MOD(t.id * 7 + (s.id DIV ${GROUPS}) * 13, 20) WHEN 0 THEN 'absent' WHEN 1 THEN 'excused' WHEN 2 THEN 'late' WHEN 3 THEN 'late' ELSE 'present' END`;
  for (let s = 0; s < ids.length; s += 20) {
    const part = ids.slice(s, s + 20);
    const where = `s.id IN (${part.join(', ')}) AND t.uscc LIKE '9132%' AND MOD(t.id, ${GROUPS}) = MOD(s.id, ${GROUPS})`;
    await ds.query(`INSERT INTO training_invitations (sessionId, tenantId) SELECT s.id, t.id FROM training_sessions s INNER JOIN tenants t ON ${where}`);
    await ds.query(`INSERT INTO training_attendance (sessionId, tenantId, mark, source, markedBy, markedAt) SELECT s.id, t.id, ${markSql}, 'roll_call', NULL, s.startsAt FROM training_sessions s INNER JOIN tenants t ON ${where}`);
  }
  // Half the excused marks come from an approved request.
  await ds.query(`INSERT INTO training_excuses (sessionId, tenantId, reason, status, requestedBy, requestedAt, decidedBy, decidedAt)
    SELECT a.sessionId, a.tenantId, '出差', 'approved', 1, a.markedAt, 1, a.markedAt FROM training_attendance a WHERE a.mark = 'excused' AND MOD(a.tenantId, 2) = 0`);
  await ds.query('ANALYZE TABLE training_sessions, training_invitations, training_attendance, training_excuses');
  const [{ records }] = (await ds.query('SELECT COUNT(*) AS records FROM training_attendance')) as { records: string }[];
  console.log(`seeded ${sessions} training sessions and ${records} attendance records (with their invitations) in ${Math.round(performance.now() - started)} ms`);
}

/** Loads the trainings facts of every tenant as of AS_OF, through the FactSource, and prints the time. */
export async function runTrainingsBench(ds: DataSource, sessions: number): Promise<void> {
  await seedTrainings(ds, sessions);
  const tenantIds = ((await ds.query('SELECT id FROM tenants')) as { id: number }[]).map((r) => Number(r.id));
  const source = new TrainingFactsSource(ds, new TenantsQueries(ds), { timeZone: 'Asia/Shanghai' } as I18nService);
  const runs: number[] = [];
  let counts: Record<string, number> = {};
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const facts = await source.factsFor(tenantIds, AS_OF, DEFAULT_RULEBOOK);
    runs.push(Math.round(performance.now() - started));
    counts = {};
    for (const list of facts.values()) for (const f of list) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  }
  const [{ records }] = (await ds.query('SELECT COUNT(*) AS records FROM training_attendance')) as { records: string }[];
  console.table([{ scenario: `trainings facts of ${tenantIds.length} tenants as of ${AS_OF}`, records: Number(records), run1: runs[0], run2: runs[1], run3: runs[2], ...counts }]);
  console.log(`trainings facts (P07, P08, N03) for ${tenantIds.length} tenants, ${records} attendance records: best ${Math.min(...runs)} ms of 3 (target < 10,000 ms on MySQL/MariaDB; the calibration line above says how loaded this machine was)`);
}
