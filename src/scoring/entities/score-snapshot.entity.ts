import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Grade, ScoreGrade } from '../domain/rulebook.js';

/**
 * One tenant's score in one month: the engine's result (`computedScore`, its contributions and
 * overrides), the staff adjustment with its reason, the final `score` and `grade`, last month's for
 * the movers, and, once published, the percentile. `publishedScore`/`publishedGrade` are written at
 * publication and never change; `score`/`grade` change after publication only through an erratum.
 */
@Entity('score_snapshots')
@Index('UQ_score_snapshots_month_tenant', ['monthId', 'tenantId'], { unique: true })
@Index('IDX_score_snapshots_month_grade', ['monthId', 'grade'])
@Index('IDX_score_snapshots_tenant_month', ['tenantId', 'monthId'])
export class ScoreSnapshotEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  monthId: number;

  @Column({ type: 'int' })
  tenantId: number;

  /** The engine's total. */
  @Column({ type: 'int' })
  computedScore: number;

  /** Staff adjustment in points (signed), 0 when none. */
  @Column({ type: 'int', default: 0 })
  adjustment: number;

  @Column({ type: 'text', nullable: true })
  adjustmentReason: string | null;

  @Column({ type: 'int', nullable: true })
  adjustedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  adjustedAt: Date | null;

  /** Final score: computedScore + adjustment, clamped. */
  @Column({ type: 'int' })
  score: number;

  /** The band of `score`, before hysteresis, M and overrides (the hysteresis rule's memory). */
  @Column({ type: 'varchar', length: 1 })
  bandGrade: Grade;

  /** Final grade (A–D or M). */
  @Column({ type: 'varchar', length: 1 })
  grade: ScoreGrade;

  /** Last published month's score and grade (null: none). */
  @Column({ type: 'int', nullable: true })
  previousScore: number | null;

  @Column({ type: 'varchar', length: 1, nullable: true })
  previousGrade: ScoreGrade | null;

  /** JSON `{ contributions, overrides, gradeNote }` of the engine's result. */
  @Column({ type: 'text' })
  explanation: string;

  /** How many negative-list contributions the result has (the year's red-list criterion reads it in SQL). */
  @Column({ type: 'int', default: 0 })
  negativeCount: number;

  /** Objections not yet answered (the "disputed" mark). */
  @Column({ type: 'int', default: 0 })
  openObjections: number;

  /** Share of the park's tenants with a score at or below this one, 0–100, set at publication. */
  @Column({ type: 'smallint', nullable: true })
  percentile: number | null;

  @Column({ type: 'int', nullable: true })
  publishedScore: number | null;

  @Column({ type: 'varchar', length: 1, nullable: true })
  publishedGrade: ScoreGrade | null;
}
