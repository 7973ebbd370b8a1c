import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { I18nService } from '../../i18n/i18n.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import type { JobContext } from '../../queue/queue.port.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FactsService } from '../core/facts.service.js';
import { RulebookService } from '../core/rulebook.service.js';
import { ScoreService } from '../core/score.service.js';
import type { Rulebook, ScoreGrade } from '../domain/rulebook.js';
import { BacktestTally, completedMonthEnds, factsKey, nextPrior, type BacktestResult } from '../domain/rulebook-backtest.rules.js';
import type { PriorMonth } from '../domain/score-engine.js';
import { RulebookVersionEntity } from '../entities/rulebook-version.entity.js';
import { sha256Hex } from './rulebook-versions.service.js';

/** Tenants scored together (each side, each month: one ScoreService call). */
export const BACKTEST_BATCH = 2000;

/**
 * Back-test of a drafted rulebook version: for the last 12 completed month ends and every active
 * tenant (walked by id in batches), the grade under the version in force then and under the
 * proposed one, each side chaining its own results month to month as the hysteresis' memory. The
 * result is stored on the version for the body it was computed for; a body edited meanwhile keeps
 * its newer job's result. Idempotent.
 */
@Injectable()
export class BacktestJob {
  private readonly logger = new Logger('Backtest');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scores: ScoreService,
    private readonly facts: FactsService,
    private readonly rulebooks: RulebookService,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  @JobHandler('scoring.backtest')
  async run(payload: Record<string, unknown>, ctx?: JobContext): Promise<{ done: boolean; changes?: number }> {
    const versionId = Number(payload.versionId);
    const repo = this.dataSource.getRepository(RulebookVersionEntity);
    const row = Number.isInteger(versionId) ? await repo.findOneBy({ id: versionId }) : null;
    if (!row || row.status !== 'draft') {
      this.logger.log(`version ${String(payload.versionId)} is not a draft (any more): no back-test`);
      return { done: false };
    }
    const bodySha256 = sha256Hex(row.body);
    try {
      const proposed = { ...(JSON.parse(row.body) as Rulebook), version: row.version, effectiveFrom: row.effectiveFrom };
      const result = await this.compute(proposed, bodySha256);
      const saved = await this.store(versionId, bodySha256, result);
      this.logger.log(`version ${versionId} (${row.version}): ${result.status === 'done' ? `${result.changes} grade changes over ${result.tenants} tenants` : 'failed'}${saved ? '' : ' (body edited meanwhile: not stored)'}`);
      return { done: saved, changes: result.status === 'done' ? result.changes : undefined };
    } catch (err) {
      if (!ctx || ctx.attempt >= ctx.maxAttempts) await this.store(versionId, bodySha256, { status: 'failed', bodySha256 });
      throw err;
    }
  }

  /** Every active tenant, batch by batch; per batch the 12 months under both sides. */
  async compute(proposed: Rulebook, bodySha256: string): Promise<BacktestResult> {
    const months = completedMonthEnds(this.i18n.today());
    const current = await Promise.all(months.map((m) => this.rulebooks.inForce(m.asOf)));
    const tally = new BacktestTally(months.map((m, i) => ({ ...m, currentVersion: current[i].version })));
    const keep = (rb: Rulebook) => Math.max(1, rb.hysteresis?.months ?? 1);
    // Where the draft changes only points, bands or grade rules, both sides score the same facts: load them once.
    const sameFacts = current.map((rb) => factsKey(rb) === factsKey(proposed));
    let after = 0;
    for (;;) {
      const ids = await this.activeIdsAfter(after, BACKTEST_BATCH);
      if (!ids.length) break;
      after = ids[ids.length - 1];
      let priorCurrent = new Map<number, PriorMonth[]>();
      let priorProposed = new Map<number, PriorMonth[]>();
      const gradesCurrent = new Map<number, ScoreGrade[]>(ids.map((id) => [id, []]));
      const gradesProposed = new Map<number, ScoreGrade[]>(ids.map((id) => [id, []]));
      for (let i = 0; i < months.length; i++) {
        const { month, asOf } = months[i];
        const facts = sameFacts[i] ? await this.facts.factsFor(ids, asOf, proposed) : undefined;
        const [a, b] = await Promise.all([
          this.scores.scoreMany(ids, asOf, { rulebook: current[i], prior: priorCurrent, facts }),
          this.scores.scoreMany(ids, asOf, { rulebook: proposed, prior: priorProposed, facts }),
        ]);
        const nextA = new Map<number, PriorMonth[]>();
        const nextB = new Map<number, PriorMonth[]>();
        for (const id of ids) {
          const ra = a.get(id)!;
          const rb = b.get(id)!;
          gradesCurrent.get(id)!.push(ra.grade);
          gradesProposed.get(id)!.push(rb.grade);
          nextA.set(id, nextPrior(priorCurrent.get(id) ?? [], month, ra, keep(current[i])));
          nextB.set(id, nextPrior(priorProposed.get(id) ?? [], month, rb, keep(proposed)));
        }
        priorCurrent = nextA;
        priorProposed = nextB;
      }
      for (const id of ids) tally.add(id, gradesCurrent.get(id)!, gradesProposed.get(id)!);
      if (ids.length < BACKTEST_BATCH) break;
    }
    const summaries = await this.tenants.summaries(tally.sampleIds());
    return tally.result(bodySha256, new Map([...summaries].map(([id, s]) => [id, s.name])));
  }

  private async activeIdsAfter(after: number, limit: number): Promise<number[]> {
    const rows: { id: number | string }[] = await this.dataSource.query(
      `SELECT a.id AS id FROM (${this.tenants.activeIdsSql()}) a WHERE a.id > ? ORDER BY a.id LIMIT ?`, [after, limit],
    );
    return rows.map((r) => Number(r.id));
  }

  /** Stores the result if the draft still has the body it was computed for. */
  private async store(versionId: number, bodySha256: string, result: BacktestResult): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(RulebookVersionEntity);
      const row = await repo.findOne({ select: { id: true, body: true, status: true }, where: { id: versionId } });
      if (!row || row.status !== 'draft' || sha256Hex(row.body) !== bodySha256) return false;
      await repo.update({ id: versionId }, { backtest: JSON.stringify(result), backtestAt: new Date() });
      return true;
    });
  }
}
