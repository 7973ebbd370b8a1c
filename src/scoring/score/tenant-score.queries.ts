import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText, toDate } from '../../database/raw-sql.js';
import type { ScoreGrade } from '../domain/rulebook.js';
import type { PublishedMonthRow } from '../domain/score-history.rules.js';
import { ScoreErratumEntity } from '../entities/score-erratum.entity.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';

/** Published months the score page charts (two years). */
export const HISTORY_MONTHS = 24;

export interface PublishedMonth extends PublishedMonthRow {
  snapshotId: number;
  monthId: number;
  asOf: string;
  rulebookVersion: string;
}

export interface DraftMonth {
  month: string;
  status: string;
  score: number;
  grade: ScoreGrade;
  openObjections: number;
  objectionClosesOn: string | null;
}

export interface TenantErratum {
  month: string;
  number: number;
  beforeScore: number;
  afterScore: number;
  beforeGrade: ScoreGrade;
  afterGrade: ScoreGrade;
  reason: string;
  createdAt: Date;
}

/**
 * One tenant's months for the score page: its published months (newest first, the last two years),
 * the stored explanation of a few of them, the month in review (draft or countersigned) if its
 * snapshot exists, and its errata. Each one query on the (tenantId, monthId) index.
 */
@Injectable()
export class TenantScoreQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async published(tenantId: number, limit = HISTORY_MONTHS): Promise<PublishedMonth[]> {
    const rows = await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
      .innerJoin(ScoreMonthEntity, 'm', 'm.id = s.monthId')
      .select('s.id', 'snapshotId').addSelect('m.id', 'monthId').addSelect('m.month', 'month').addSelect('m.asOf', 'asOf').addSelect('m.rulebookVersion', 'rulebookVersion')
      .addSelect('s.score', 'score').addSelect('s.grade', 'grade').addSelect('s.publishedScore', 'publishedScore').addSelect('s.publishedGrade', 'publishedGrade')
      .addSelect('s.percentile', 'percentile')
      .where('s.tenantId = :tenantId', { tenantId }).andWhere("m.status = 'published'")
      .orderBy('m.month', 'DESC').limit(limit)
      .getRawMany<Record<string, unknown>>();
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return rows.map((r) => ({
      snapshotId: Number(r.snapshotId), monthId: Number(r.monthId), month: String(r.month), asOf: dateText(r.asOf), rulebookVersion: String(r.rulebookVersion),
      score: Number(r.score), grade: String(r.grade), publishedScore: num(r.publishedScore), publishedGrade: r.publishedGrade === null || r.publishedGrade === undefined ? null : String(r.publishedGrade),
      percentile: num(r.percentile),
    }));
  }

  /** The stored explanations (JSON) of these snapshots, by snapshot id. */
  async explanations(snapshotIds: readonly number[]): Promise<Map<number, string>> {
    if (!snapshotIds.length) return new Map();
    const rows = await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
      .select(['s.id', 's.explanation']).where('s.id IN (:...ids)', { ids: [...snapshotIds] }).getMany();
    return new Map(rows.map((r) => [r.id, r.explanation]));
  }

  /** The newest month in review (draft or countersigned) in which the tenant has a snapshot. */
  async inReview(tenantId: number): Promise<DraftMonth | null> {
    const row = await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
      .innerJoin(ScoreMonthEntity, 'm', 'm.id = s.monthId')
      .select('m.month', 'month').addSelect('m.status', 'status').addSelect('m.objectionClosesOn', 'objectionClosesOn')
      .addSelect('s.score', 'score').addSelect('s.grade', 'grade').addSelect('s.openObjections', 'openObjections')
      .where('s.tenantId = :tenantId', { tenantId }).andWhere("m.status IN ('draft', 'countersigned')")
      .orderBy('m.month', 'DESC').limit(1)
      .getRawOne<Record<string, unknown>>();
    if (!row) return null;
    return {
      month: String(row.month), status: String(row.status), score: Number(row.score), grade: String(row.grade) as ScoreGrade,
      openObjections: Number(row.openObjections ?? 0), objectionClosesOn: row.objectionClosesOn ? dateText(row.objectionClosesOn) : null,
    };
  }

  /** The tenant's errata, newest first. */
  async errata(tenantId: number, limit = HISTORY_MONTHS): Promise<TenantErratum[]> {
    const rows = await this.dataSource.getRepository(ScoreErratumEntity).createQueryBuilder('e')
      .innerJoin(ScoreMonthEntity, 'm', 'm.id = e.monthId')
      .select('m.month', 'month').addSelect('e.number', 'number').addSelect('e.beforeScore', 'beforeScore').addSelect('e.afterScore', 'afterScore')
      .addSelect('e.beforeGrade', 'beforeGrade').addSelect('e.afterGrade', 'afterGrade').addSelect('e.reason', 'reason').addSelect('e.createdAt', 'createdAt')
      .where('e.tenantId = :tenantId', { tenantId })
      .orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').limit(limit)
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      month: String(r.month), number: Number(r.number), beforeScore: Number(r.beforeScore), afterScore: Number(r.afterScore),
      beforeGrade: String(r.beforeGrade) as ScoreGrade, afterGrade: String(r.afterGrade) as ScoreGrade, reason: String(r.reason),
      createdAt: toDate(r.createdAt),
    }));
  }
}
