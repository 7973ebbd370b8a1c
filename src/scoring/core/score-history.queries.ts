import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PriorMonth } from '../domain/score-engine.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';

/** Tenants per IN (…) list. */
const CHUNK = 5000;

/**
 * The published months the grade rule remembers (hysteresis), set-based: for many tenants, their
 * last `count` published months before a month, most recent first, in one query per 5,000 tenants.
 */
@Injectable()
export class ScoreHistoryQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Published months before `beforeMonth` (`YYYY-MM`), newest first, at most `count` of them. */
  async publishedMonthsBefore(beforeMonth: string, count: number): Promise<{ id: number; month: string }[]> {
    return this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m')
      .select(['m.id', 'm.month'])
      .where("m.status = 'published'").andWhere('m.month < :beforeMonth', { beforeMonth })
      .orderBy('m.month', 'DESC').limit(count)
      .getMany();
  }

  /** Each tenant's published months before `beforeMonth`, newest first (tenants without any are absent). */
  async priorMonths(tenantIds: readonly number[], beforeMonth: string, count = 2): Promise<Map<number, PriorMonth[]>> {
    const out = new Map<number, PriorMonth[]>();
    const months = await this.publishedMonthsBefore(beforeMonth, count);
    if (!months.length || !tenantIds.length) return out;
    const monthOf = new Map(months.map((m) => [m.id, m.month]));
    const ids = [...new Set(tenantIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
        .select(['s.tenantId', 's.monthId', 's.score', 's.grade', 's.bandGrade'])
        .where('s.monthId IN (:...monthIds)', { monthIds: [...monthOf.keys()] })
        .andWhere('s.tenantId IN (:...chunk)', { chunk })
        .getMany();
      for (const r of rows) {
        const list = out.get(r.tenantId) ?? [];
        list.push({ month: monthOf.get(r.monthId)!, score: r.score, grade: r.grade, bandGrade: r.bandGrade });
        out.set(r.tenantId, list);
      }
    }
    for (const list of out.values()) list.sort((a, b) => b.month.localeCompare(a.month));
    return out;
  }
}
