import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ScoreGrade } from '../domain/rulebook.js';
import { ScoreErratumEntity } from '../entities/score-erratum.entity.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';

/** Published months kept in memory (about 1.6 MB each for 200,000 tenants). */
const MONTHS_KEPT = 24;
/** Movers shown each way. */
export const MOVERS_SHOWN = 5;

const GRADE_CODES: readonly ScoreGrade[] = ['A', 'B', 'C', 'D', 'M'];

/** One published month's scores (after errata), compact. */
export interface MonthScores {
  monthId: number;
  month: string;
  /** What the content depends on: the month's publication and its errata. */
  key: string;
  tenantIds: Int32Array;
  scores: Int32Array;
  /** 1 when the month's result has a negative-list item. */
  negative: Uint8Array;
  /** Tenants per grade. */
  counts: Partial<Record<ScoreGrade, number>>;
}

export interface Mover {
  tenantId: number;
  score: number;
  previousScore: number;
  grade: ScoreGrade;
  previousGrade: ScoreGrade | null;
  delta: number;
}

/**
 * Published months as the overview and the year read them. A published month changes only through
 * an erratum (numbered, never removed), so a month is read once and kept until an erratum of its
 * own appears: a new publication costs
 * one month's read, an erratum one month's re-read, and the home page and the annual ranking of
 * 200,000 tenants × 12 months otherwise cost two small queries.
 */
@Injectable()
export class MonthScoresCache {
  private readonly months = new Map<number, MonthScores>();
  private readonly movers = new Map<number, { key: string; up: Mover[]; down: Mover[] }>();
  private readonly reading = new Map<string, Promise<MonthScores>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Published months, oldest first: those of `[from, to]` (`YYYY-MM`), or the last `last`. */
  async published(range: { from: string; to: string } | { last: number }): Promise<ScoreMonthEntity[]> {
    const qb = this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m').where("m.status = 'published'");
    if ('last' in range) return (await qb.orderBy('m.month', 'DESC').limit(range.last).getMany()).reverse();
    return qb.andWhere('m.month >= :from AND m.month <= :to', range).orderBy('m.month', 'ASC').getMany();
  }

  /** The months' scores, in the order given (read one month at a time when not kept). */
  async scores(months: readonly ScoreMonthEntity[]): Promise<MonthScores[]> {
    const keys = await this.keys(months);
    const out: MonthScores[] = [];
    for (const m of months) {
      const key = keys.get(m.id)!;
      const kept = this.months.get(m.id);
      if (kept?.key === key) {
        this.months.delete(m.id);
        this.months.set(m.id, kept);
        out.push(kept);
        continue;
      }
      const flight = `${m.id}|${key}`;
      let pending = this.reading.get(flight);
      if (!pending) {
        pending = this.read(m, key).finally(() => this.reading.delete(flight));
        this.reading.set(flight, pending);
      }
      const read = await pending;
      this.months.delete(m.id);
      this.months.set(m.id, read);
      while (this.months.size > MONTHS_KEPT) this.months.delete(this.months.keys().next().value!);
      out.push(read);
    }
    return out;
  }

  /** The month's biggest moves up and down against the previous published score (kept like the scores). */
  async moversOf(m: ScoreMonthEntity): Promise<{ up: Mover[]; down: Mover[] }> {
    const key = (await this.keys([m])).get(m.id)!;
    const kept = this.movers.get(m.id);
    if (kept?.key === key) return kept;
    const repo = this.dataSource.getRepository(ScoreSnapshotEntity);
    const query = (dir: 'up' | 'down') => repo.createQueryBuilder('s')
      .select('s.tenantId', 'tenantId').addSelect('s.score', 'score').addSelect('s.previousScore', 'previousScore')
      .addSelect('s.grade', 'grade').addSelect('s.previousGrade', 'previousGrade')
      .where('s.monthId = :id', { id: m.id }).andWhere('s.previousScore IS NOT NULL')
      .andWhere(dir === 'up' ? 's.score > s.previousScore' : 's.score < s.previousScore')
      .orderBy('s.score - s.previousScore', dir === 'up' ? 'DESC' : 'ASC').addOrderBy('s.tenantId', 'ASC')
      .limit(MOVERS_SHOWN).getRawMany<Record<string, unknown>>();
    const mover = (r: Record<string, unknown>): Mover => ({
      tenantId: Number(r.tenantId), score: Number(r.score), previousScore: Number(r.previousScore), grade: r.grade as ScoreGrade,
      previousGrade: (r.previousGrade ?? null) as ScoreGrade | null, delta: Number(r.score) - Number(r.previousScore),
    });
    const [up, down] = await Promise.all([query('up'), query('down')]);
    const result = { key, up: up.map(mover), down: down.map(mover) };
    this.movers.clear();
    this.movers.set(m.id, result);
    return result;
  }

  /** Per month: its publication time and its errata count and last id. */
  private async keys(months: readonly ScoreMonthEntity[]): Promise<Map<number, string>> {
    if (!months.length) return new Map();
    const rows = await this.dataSource.getRepository(ScoreErratumEntity).createQueryBuilder('e')
      .select('e.monthId', 'monthId').addSelect('COUNT(*)', 'n').addSelect('MAX(e.id)', 'last')
      .where('e.monthId IN (:...ids)', { ids: months.map((m) => m.id) }).groupBy('e.monthId').getRawMany<{ monthId: unknown; n: unknown; last: unknown }>();
    const errata = new Map(rows.map((r) => [Number(r.monthId), `${Number(r.n)}:${Number(r.last)}`]));
    return new Map(months.map((m) => [m.id, `${m.month}|${m.publishedAt ? new Date(m.publishedAt).getTime() : ''}|${errata.get(m.id) ?? '0'}`]));
  }

  /** One query along the (monthId, tenantId) index; a month of 200,000 rows is a few MB while it is read. */
  private async read(m: ScoreMonthEntity, key: string): Promise<MonthScores> {
    const rows = await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
      .select('s.tenantId', 'tenantId').addSelect('s.score', 'score').addSelect('s.negativeCount', 'negativeCount').addSelect('s.grade', 'grade')
      .where('s.monthId = :id', { id: m.id }).getRawMany<{ tenantId: unknown; score: unknown; negativeCount: unknown; grade: ScoreGrade }>();
    const tenantIds = new Int32Array(rows.length);
    const scores = new Int32Array(rows.length);
    const negative = new Uint8Array(rows.length);
    const counts: Partial<Record<ScoreGrade, number>> = {};
    rows.forEach((r, i) => {
      tenantIds[i] = Number(r.tenantId);
      scores[i] = Number(r.score);
      negative[i] = Number(r.negativeCount) > 0 ? 1 : 0;
      if (GRADE_CODES.includes(r.grade)) counts[r.grade] = (counts[r.grade] ?? 0) + 1;
    });
    return { monthId: m.id, month: m.month, key, tenantIds, scores, negative, counts };
  }
}
