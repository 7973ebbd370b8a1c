import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText } from '../../database/raw-sql.js';
import type { ScoreGrade } from '../domain/rulebook.js';
import type { PriorMonth } from '../domain/score-engine.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';

/** A tenant's standing in the last published month: its score and grade (after any erratum), and that month's as-of day. */
export interface PublishedStanding {
  tenantId: number;
  month: string;
  asOf: string;
  score: number;
  grade: ScoreGrade;
}

/** The last published month, cached this long: publication is monthly, and the joint check asks on every transaction. */
const LAST_MONTH_TTL_MS = 30_000;

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

  private lastMonth: { at: number; month: Promise<{ id: number; month: string; asOf: string } | null> } | null = null;

  /** The last published month, or null when none was (cached for 30 s: other systems read it on every check). */
  /**
   * A statement text reading one month's published standing (`tenantId, score, grade`) with one placeholder,
   * the month id: for a caller that joins its own rows to it in one statement (the joint check).
   */
  monthStandingSql(): string {
    return `SELECT tenantId, score, grade FROM ${this.dataSource.getMetadata(ScoreSnapshotEntity).tableName} WHERE monthId = ?`;
  }

  lastPublishedMonth(): Promise<{ id: number; month: string; asOf: string } | null> {
    const now = Date.now();
    if (!this.lastMonth || now - this.lastMonth.at > LAST_MONTH_TTL_MS) {
      const month = this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m')
        .select(['m.id', 'm.month', 'm.asOf']).where("m.status = 'published'").orderBy('m.month', 'DESC').limit(1).getOne()
        .then((m) => (m ? { id: m.id, month: m.month, asOf: dateText(m.asOf) } : null));
      month.catch(() => { this.lastMonth = null; });
      this.lastMonth = { at: now, month };
    }
    return this.lastMonth.month;
  }

  /** Each tenant's standing in the last published month (tenants without a snapshot there are absent). */
  async publishedStanding(tenantIds: readonly number[]): Promise<Map<number, PublishedStanding>> {
    const out = new Map<number, PublishedStanding>();
    const last = await this.lastPublishedMonth();
    if (!last || !tenantIds.length) return out;
    const ids = [...new Set(tenantIds)];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      // A raw statement on UQ_score_snapshots_month_tenant: the joint check reads it on every call, and query building
      // and entity hydration cost more than the query.
      const rows = (await this.dataSource.query(
        `SELECT tenantId, score, grade FROM score_snapshots WHERE monthId = ? AND tenantId IN (${chunk.map(() => '?').join(', ')})`,
        [last.id, ...chunk],
      )) as { tenantId: number | string; score: number | string; grade: ScoreGrade }[];
      for (const r of rows) {
        const tenantId = Number(r.tenantId);
        out.set(tenantId, { tenantId, month: last.month, asOf: last.asOf, score: Number(r.score), grade: r.grade });
      }
    }
    return out;
  }

  /** The tenants whose grade in the last published month is one of `grades` (watch-list candidates: D), ascending id. */
  async tenantsWithPublishedGrade(grades: readonly ScoreGrade[]): Promise<{ month: string | null; tenantIds: number[] }> {
    const last = await this.lastPublishedMonth();
    if (!last || !grades.length) return { month: last?.month ?? null, tenantIds: [] };
    const rows = await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
      .select('s.tenantId', 'tenantId').where('s.monthId = :monthId', { monthId: last.id }).andWhere('s.grade IN (:...grades)', { grades: [...grades] })
      .orderBy('s.tenantId', 'ASC').getRawMany<{ tenantId: number }>();
    return { month: last.month, tenantIds: rows.map((r) => Number(r.tenantId)) };
  }

  /**
   * The grade of every tenant with a snapshot in the last published month on or before `month` (YYYY-MM),
   * with that month; null when none was published by then. One statement over the month's snapshots
   * (the sampling plan's back-test reads last year's months).
   */
  async publishedGradesAsOf(month: string): Promise<{ month: string; grades: Map<number, ScoreGrade> } | null> {
    const m = await this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m')
      .select(['m.id', 'm.month']).where("m.status = 'published'").andWhere('m.month <= :month', { month })
      .orderBy('m.month', 'DESC').limit(1).getOne();
    if (!m) return null;
    const rows = (await this.dataSource.query('SELECT tenantId, grade FROM score_snapshots WHERE monthId = ?', [m.id])) as { tenantId: number | string; grade: ScoreGrade }[];
    return { month: m.month, grades: new Map(rows.map((r) => [Number(r.tenantId), r.grade])) };
  }

  /**
   * How many tenants had each grade in the last published month on or before `month` (YYYY-MM), with
   * that month; null when none was published by then. One grouped statement (the sampling plan's back-test).
   */
  async publishedGradeCountsAsOf(month: string): Promise<{ month: string; counts: Partial<Record<ScoreGrade, number>> } | null> {
    const m = await this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m')
      .select(['m.id', 'm.month']).where("m.status = 'published'").andWhere('m.month <= :month', { month })
      .orderBy('m.month', 'DESC').limit(1).getOne();
    if (!m) return null;
    const rows = (await this.dataSource.query('SELECT grade, COUNT(*) AS n FROM score_snapshots WHERE monthId = ? GROUP BY grade', [m.id])) as { grade: ScoreGrade; n: number | string }[];
    return { month: m.month, counts: Object.fromEntries(rows.map((r) => [r.grade, Number(r.n)])) };
  }

  /** Forget the cached last published month (after a publication in this process). */
  published(): void {
    this.lastMonth = null;
  }
}
