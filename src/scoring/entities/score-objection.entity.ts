import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ObjectionStatus = 'open' | 'corrected' | 'unchanged' | 'rejected';

/**
 * A tenant's objection to one contribution of its draft month (or to the result as a whole when
 * `rule` is null), with evidence (attachments `score_objection`), answered by park staff: corrected,
 * verified unchanged, or rejected, always with a reason.
 */
@Entity('score_objections')
@Index('IDX_score_objections_month_status', ['monthId', 'status'])
@Index('IDX_score_objections_snapshot', ['snapshotId'])
export class ScoreObjectionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  monthId: number;

  @Column({ type: 'int' })
  snapshotId: number;

  @Column({ type: 'int' })
  tenantId: number;

  /** The contribution's rule code; null: the result as a whole. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  rule: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  sourceType: string | null;

  @Column({ type: 'int', nullable: true })
  sourceId: number | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'int' })
  filedById: number;

  @Column({ type: 'datetime' })
  filedAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ObjectionStatus;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'int', nullable: true })
  answeredById: number | null;

  @Column({ type: 'datetime', nullable: true })
  answeredAt: Date | null;
}
