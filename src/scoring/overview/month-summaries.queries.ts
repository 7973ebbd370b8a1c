import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ScoreGrade } from '../domain/rulebook.js';
import { ScoreErratumEntity } from '../entities/score-erratum.entity.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';

/** Movers shown each way. */
export const MOVERS_SHOWN = 5;
/** Published months the trend covers. */
export const TREND_MONTHS = 12;

export interface Mover {
  tenantId: number;
  score: number;
  previousScore: number;
  grade: ScoreGrade;
  previousGrade: ScoreGrade | null;
  delta: number;
}

export interface MonthSummary {
  monthId: number;
  month: string;
  /** Tenants per grade (after errata). */
  counts: Partial<Record<ScoreGrade, number>>;
  tenants: number;
  up: Mover[];
  down: Mover[];
}

interface Cached {
  key: string;
  summary: MonthSummary;
}

/**
 * What the park overview reads of published months: the distribution by grade and the biggest movers
 * of each. A published month changes only through an erratum, so each month's summary is computed
 * once (a GROUP BY on the (monthId, grade) index and two ordered reads of its snapshots) and kept
 * until an erratum of that month appears: the home page of 200,000 tenants then costs a few small
 * queries, whatever the number of months in the trend.
 */
@Injectable()
export class MonthSummariesQueries {
  private readonly cache = new Map<number, Cached>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The last `count` published months, oldest first. */
  async publishedMonths(count = TREND_MONTHS): Promise<ScoreMonthEntity[]> {
    const rows = await this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m')
      .where("m.status = 'published'").orderBy('m.month', 'DESC').limit(count).getMany();
    return rows.reverse();
  }

  /** The summaries of these (published) months, in the order given. */
  async summaries(months: readonly ScoreMonthEntity[]): Promise<MonthSummary[]> {
    if (!months.length) return [];
    const keys = await this.keys(months);
    return Promise.all(months.map(async (m) => {
      const key = keys.get(m.id)!;
      const hit = this.cache.get(m.id);
      if (hit && hit.key === key) return hit.summary;
      const summary = await this.compute(m);
      this.cache.set(m.id, { key, summary });
      return summary;
    }));
  }

  /** What a month's summary depends on besides its id: its publication and its errata (numbered, never removed). */
  private async keys(months: readonly ScoreMonthEntity[]): Promise<Map<number, string>> {
    const rows = await this.dataSource.getRepository(ScoreErratumEntity).createQueryBuilder('e')
      .select('e.monthId', 'monthId').addSelect('COUNT(*)', 'n').addSelect('MAX(e.id)', 'last')
      .where('e.monthId IN (:...ids)', { ids: months.map((m) => m.id) }).groupBy('e.monthId').getRawMany<{ monthId: unknown; n: unknown; last: unknown }>();
    const errata = new Map(rows.map((r) => [Number(r.monthId), `${Number(r.n)}:${Number(r.last)}`]));
    return new Map(months.map((m) => [m.id, `${m.month}|${m.publishedAt ? new Date(m.publishedAt).getTime() : ''}|${errata.get(m.id) ?? '0'}`]));
  }

  private async compute(m: ScoreMonthEntity): Promise<MonthSummary> {
    const repo = this.dataSource.getRepository(ScoreSnapshotEntity);
    const movers = (dir: 'up' | 'down') => repo.createQueryBuilder('s')
      .select('s.tenantId', 'tenantId').addSelect('s.score', 'score').addSelect('s.previousScore', 'previousScore')
      .addSelect('s.grade', 'grade').addSelect('s.previousGrade', 'previousGrade')
      .where('s.monthId = :id', { id: m.id }).andWhere('s.previousScore IS NOT NULL')
      .andWhere(dir === 'up' ? 's.score > s.previousScore' : 's.score < s.previousScore')
      .orderBy('s.score - s.previousScore', dir === 'up' ? 'DESC' : 'ASC').addOrderBy('s.tenantId', 'ASC')
      .limit(MOVERS_SHOWN).getRawMany<Record<string, unknown>>();
    const [grades, up, down] = await Promise.all([
      repo.createQueryBuilder('s').select('s.grade', 'grade').addSelect('COUNT(*)', 'n').where('s.monthId = :id', { id: m.id }).groupBy('s.grade')
        .getRawMany<{ grade: ScoreGrade; n: unknown }>(),
      movers('up'),
      movers('down'),
    ]);
    const counts: Partial<Record<ScoreGrade, number>> = {};
    for (const g of grades) counts[g.grade] = Number(g.n);
    const mover = (r: Record<string, unknown>): Mover => ({
      tenantId: Number(r.tenantId), score: Number(r.score), previousScore: Number(r.previousScore), grade: r.grade as ScoreGrade,
      previousGrade: (r.previousGrade ?? null) as ScoreGrade | null, delta: Number(r.score) - Number(r.previousScore),
    });
    return {
      monthId: m.id, month: m.month, counts, tenants: Object.values(counts).reduce((s, n) => s + (n ?? 0), 0),
      up: up.map(mover), down: down.map(mover),
    };
  }
}
