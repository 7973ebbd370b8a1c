import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** computing → draft (review and objections) → countersigned → published (immutable; errata only). */
export type ScoreMonthStatus = 'computing' | 'draft' | 'countersigned' | 'published';

/**
 * One month of the cycle (一月一审核、一月一公示): the month-end run writes a snapshot per active
 * tenant as of the month's last day; staff review and adjust; tenants object until
 * `objectionClosesOn`; a regulator countersigns; staff publish. The run is resumable: `cursor` is
 * the last tenant id whose snapshot is written.
 */
@Entity('score_months')
@Index('UQ_score_months_month', ['month'], { unique: true })
export class ScoreMonthEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** `YYYY-MM`. */
  @Column({ type: 'varchar', length: 7 })
  month: string;

  /** The month's last day (park zone): the snapshots' as-of date. */
  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'varchar', length: 16, default: 'computing' })
  status: ScoreMonthStatus;

  @Column({ type: 'varchar', length: 64 })
  rulebookVersion: string;

  @Column({ type: 'int', default: 0 })
  tenantsTotal: number;

  @Column({ type: 'int', default: 0 })
  tenantsDone: number;

  /** The last tenant id whose snapshot is written (resume point). */
  @Column({ type: 'int', default: 0 })
  cursor: number;

  @Column({ type: 'datetime', nullable: true })
  computedAt: Date | null;

  /** Last park day on which tenants may object. */
  @Column({ type: 'date', nullable: true })
  objectionClosesOn: string | null;

  @Column({ type: 'int', nullable: true })
  countersignedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  countersignedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  countersignNote: string | null;

  @Column({ type: 'int', nullable: true })
  publishedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
