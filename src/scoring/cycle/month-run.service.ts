import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { isUniqueViolation } from '../../common/filters/all-exceptions.filter.js';
import type { Actor } from '../../common/principal.js';
import { onConflictUpdate } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { QueueService } from '../../queue/queue.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { RulebookService } from '../core/rulebook.service.js';
import { ScoreHistoryQueries } from '../core/score-history.queries.js';
import { ScoreService } from '../core/score.service.js';
import { adjustedGrade, adjustedScore, isMonth, monthEnd, monthOf, negativeCount, storedExplanation } from '../domain/month-cycle.rules.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { ScoreResult } from '../domain/score-engine.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';

/** Tenants scored per batch (each batch: its facts in a bounded number of queries, then one transaction). */
export const RUN_BATCH = 10_000;
/** Rows per INSERT statement, and the statement's size in characters at most (MySQL's max_allowed_packet). */
const ROWS_PER_STATEMENT = 500;
const CHARS_PER_STATEMENT = 4_000_000;

export const RUN_ACTOR: Actor = { userId: null, label: 'job:cycle.monthEnd', ip: null };

const COLUMNS = ['monthId', 'tenantId', 'computedScore', 'adjustment', 'score', 'bandGrade', 'grade', 'previousScore', 'previousGrade', 'explanation', 'negativeCount'] as const;
/** What a re-run replaces: the computed part. The adjustment, its reason, the objections and the ids stay. */
const RECOMPUTED = ['computedScore', 'score', 'bandGrade', 'grade', 'previousScore', 'previousGrade', 'explanation', 'negativeCount'] as const;

export interface MonthRunOptions {
  /** Start again from the first tenant (default: continue after the cursor of a run that did not finish). */
  restart?: boolean;
  batchSize?: number;
  /** The park day the objection window opens (default: today, the day the run ends); back-filled months open it at their end. */
  objectionFrom?: string;
}

/**
 * The month-end run (一月一审核): a draft snapshot per active tenant as of the month's last day (or
 * today, for the month still running), set-based — tenants walked by id after the month's cursor in
 * batches, scored through ScoreService (facts for the whole batch at once), written with multi-row
 * upserts keyed (month, tenant), the cursor moved in the same transaction. Resumable (a crashed run
 * continues after the cursor), idempotent (a re-run replaces the computed part of each snapshot and
 * keeps adjustments, objections and ids), and never touches a published month. The first time a
 * month becomes a draft (with its objection window still open), the `scoring.draftNotices` job is
 * queued after commit to tell every tenant's officers; a re-run tells no one again.
 */
@Injectable()
export class MonthRunService {
  private readonly logger = new Logger('MonthRun');
  /** Months being computed by this process: one run at a time. */
  private readonly running = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scores: ScoreService,
    private readonly rulebooks: RulebookService,
    private readonly history: ScoreHistoryQueries,
    private readonly tenants: TenantsQueries,
    private readonly audit: AuditService,
    private readonly i18n: I18nService,
    private readonly uow: UnitOfWork,
    private readonly queue: QueueService,
    private readonly calendar: WorkingCalendarService,
  ) {}

  /** Whether this process is computing the month right now. */
  isRunning(month: string): boolean {
    return this.running.has(month);
  }

  async run(month: string, options: MonthRunOptions = {}, actor: Actor = RUN_ACTOR): Promise<{ monthId: number; snapshots: number }> {
    if (!isMonth(month)) throw new ValidationFailedError({ month: [{ code: 'format' }] });
    const today = this.i18n.today();
    if (month > monthOf(today)) throw new ValidationFailedError({ month: [{ code: 'notFuture', params: { limit: monthOf(today) } }] });
    if (this.running.has(month)) throw new ConflictError('scoringCycle.runInProgress', { month });
    this.running.add(month);
    try {
      return await this.compute(month, today, options, actor);
    } finally {
      this.running.delete(month);
    }
  }

  private async compute(month: string, today: string, options: MonthRunOptions, actor: Actor): Promise<{ monthId: number; snapshots: number }> {
    const started = Date.now();
    const batchSize = Math.max(1, Math.trunc(options.batchSize ?? RUN_BATCH));
    const { row, resumed, firstDraft } = await this.start(month, today, options.restart === true);
    const rulebook = await this.rulebooks.inForce(row.asOf);
    const repo = this.dataSource.getRepository(ScoreMonthEntity);
    const total = await this.tenants.countActive();
    await repo.update({ id: row.id }, { tenantsTotal: total });
    let cursor = resumed ? row.cursor : 0;
    let done = resumed ? row.tenantsDone : 0;
    for (;;) {
      const ids = await this.activeIdsAfter(cursor, batchSize);
      if (!ids.length) break;
      const prior = await this.history.priorMonths(ids, month, Math.max(1, rulebook.hysteresis?.months ?? 1));
      const results = await this.scores.scoreMany(ids, row.asOf, { rulebook, prior });
      const adjustments = await this.adjustments(row.id, ids[0], ids[ids.length - 1]);
      const rows = ids.map((tenantId) => this.snapshotRow(row.id, results.get(tenantId)!, prior.get(tenantId)?.[0] ?? null, adjustments.get(tenantId) ?? 0, rulebook));
      cursor = ids[ids.length - 1];
      done += ids.length;
      await this.dataSource.transaction(async (m) => {
        await this.upsert(m, rows);
        await m.getRepository(ScoreMonthEntity).update({ id: row.id }, { cursor, tenantsDone: done });
      });
      if (ids.length < batchSize) break;
    }
    // The objection window counts the park's working days (holidays and 调休 weekends on file), read before the transaction.
    const objectionClosesOn = await this.calendar.addWorkingDays(options.objectionFrom ?? today, rulebook.objectionWorkingDays ?? 5);
    const snapshots = await this.uow.run(async (m, afterCommit) => {
      const table = this.dataSource.getMetadata(ScoreSnapshotEntity).tableName;
      // Tenants no longer active since an earlier run of this month lose their draft snapshot.
      await m.query(`DELETE FROM ${table} WHERE monthId = ? AND tenantId NOT IN (${this.tenants.activeIdsSql()})`, [row.id]);
      const count = await m.getRepository(ScoreSnapshotEntity).countBy({ monthId: row.id });
      const finished = { status: 'draft' as const, computedAt: new Date(), objectionClosesOn, tenantsDone: count, tenantsTotal: count, cursor };
      await m.getRepository(ScoreMonthEntity).update({ id: row.id }, finished);
      await this.audit.record(m, actor, {
        action: 'scoreMonth.run', entityType: 'score_month', entityId: row.id,
        before: { status: row.status },
        after: { month, asOf: row.asOf, rulebookVersion: rulebook.version, snapshots: count, objectionClosesOn, status: 'draft', resumed },
      });
      // The month is a draft for the first time: every tenant's officers are told, once (a re-run tells no one).
      if (firstDraft && objectionClosesOn >= today) {
        afterCommit(() => this.queue.enqueue('scoring.draftNotices', { monthId: row.id }, { jobId: `score-draft-${row.id}` }));
      }
      return count;
    });
    this.logger.log(`${month}: ${snapshots} snapshots as of ${row.asOf} in ${Date.now() - started} ms${resumed ? ' (resumed)' : ''}`);
    return { monthId: row.id, snapshots };
  }

  /**
   * The month's row, computing: created, or reset for a re-run (which also voids a countersignature),
   * or — when a run did not finish and no restart is asked — left as it is to continue after its cursor.
   * `firstDraft`: the month has not been a draft before (new, or its runs never finished — a crashed
   * re-run of a draft counts too, and the notices' dedupe key then sends nothing new).
   */
  private async start(month: string, today: string, restart: boolean): Promise<{ row: ScoreMonthEntity; resumed: boolean; firstDraft: boolean }> {
    const end = monthEnd(month);
    const asOf = end < today ? end : today;
    const rulebook = await this.rulebooks.inForce(asOf);
    const repo = this.dataSource.getRepository(ScoreMonthEntity);
    let row = await repo.findOneBy({ month });
    if (!row) {
      try {
        // insert, not save: save would open a transaction of its own outside the SQLite connection's queue.
        await repo.insert({ month, asOf, status: 'computing', rulebookVersion: rulebook.version, tenantsTotal: 0, tenantsDone: 0, cursor: 0, createdAt: new Date() });
        return { row: await repo.findOneByOrFail({ month }), resumed: false, firstDraft: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        row = await repo.findOneByOrFail({ month });
      }
    }
    if (row.status === 'published') throw new ConflictError('scoringCycle.monthPublished', { month });
    const firstDraft = row.status === 'computing';
    if (firstDraft && !restart && row.cursor > 0) return { row, resumed: true, firstDraft };
    const reset = {
      status: 'computing' as const, asOf, rulebookVersion: rulebook.version, cursor: 0, tenantsDone: 0, computedAt: null, objectionClosesOn: null,
      countersignedById: null, countersignedAt: null, countersignNote: null,
    };
    // Conditional on the month not having been published meanwhile.
    const moved = await repo.createQueryBuilder().update().set(reset).where("id = :id AND status <> 'published'", { id: row.id }).execute();
    if (!moved.affected) throw new ConflictError('scoringCycle.monthPublished', { month });
    return { row: Object.assign(row, reset), resumed: false, firstDraft };
  }

  /** The next `limit` active tenant ids after `cursor`, ascending. */
  private async activeIdsAfter(cursor: number, limit: number): Promise<number[]> {
    const rows: { id: number | string }[] = await this.dataSource.query(`${this.tenants.activeIdsSql()} AND id > ? ORDER BY id LIMIT ?`, [cursor, limit]);
    return rows.map((r) => Number(r.id));
  }

  /** Staff adjustments already made in this month for tenants of an id range (a re-run keeps them). */
  private async adjustments(monthId: number, from: number, to: number): Promise<Map<number, number>> {
    const rows = await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
      .select(['s.tenantId', 's.adjustment'])
      .where('s.monthId = :monthId AND s.tenantId BETWEEN :from AND :to AND s.adjustment <> 0', { monthId, from, to })
      .getMany();
    return new Map(rows.map((r) => [r.tenantId, r.adjustment]));
  }

  private snapshotRow(monthId: number, r: ScoreResult, previous: { score: number; grade: string } | null, adjustment: number, rulebook: Rulebook): unknown[] {
    const score = adjustedScore(r.total, adjustment, rulebook);
    const { grade, bandGrade } = adjustedGrade(score, adjustment, rulebook, r);
    return [monthId, r.tenantId, r.total, adjustment, score, bandGrade, grade, previous?.score ?? null, previous?.grade ?? null, JSON.stringify(storedExplanation(r, rulebook)), negativeCount(r.contributions)];
  }

  /** Multi-row upserts keyed (monthId, tenantId), a few hundred rows (and a few MB) per statement. */
  private async upsert(m: EntityManager, rows: unknown[][]): Promise<void> {
    const table = this.dataSource.getMetadata(ScoreSnapshotEntity).tableName;
    const sqlite = this.dataSource.options.type === 'better-sqlite3';
    const fresh = (c: string) => (sqlite ? `excluded.${c}` : `VALUES(${c})`);
    const tail = `${onConflictUpdate(this.dataSource, 'monthId, tenantId')} ${RECOMPUTED.map((c) => `${c} = ${fresh(c)}`).join(', ')}`;
    const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
    let chunk: unknown[][] = [];
    let chars = 0;
    const flush = async () => {
      if (!chunk.length) return;
      await m.query(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')} ${tail}`, chunk.flat());
      chunk = [];
      chars = 0;
    };
    for (const row of rows) {
      const size = (row[9] as string).length + 100;
      if (chunk.length >= ROWS_PER_STATEMENT || (chunk.length && chars + size > CHARS_PER_STATEMENT)) await flush();
      chunk.push(row);
      chars += size;
    }
    await flush();
  }
}
