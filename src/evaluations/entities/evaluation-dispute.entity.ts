import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { DisputeStatus } from '../domain/evaluation.rules.js';
import { EvaluationEntity } from './evaluation.entity.js';

/**
 * A tenant's dispute of an evaluation, with reasons and files (attachments `evaluation_dispute`),
 * resolved by park staff: upheld (the evaluation is voided), corrected (staff's grade and scores,
 * the before → after kept in `corrections`) or rejected (the evaluation stands).
 */
@Entity('evaluation_disputes')
@Index('IDX_evaluation_disputes_evaluation', ['evaluationId'])
@Index('IDX_evaluation_disputes_status', ['status'])
export class EvaluationDisputeEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  evaluationId: number;

  @ManyToOne(() => EvaluationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evaluationId' })
  evaluation?: Relation<EvaluationEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'text' })
  reasons: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: DisputeStatus;

  @Column({ type: 'int' })
  filedById: number;

  @Column({ type: 'datetime' })
  filedAt: Date;

  @Column({ type: 'int', nullable: true })
  resolvedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  resolutionReason: string | null;

  /** JSON `{ grade?: { before, after }, scores?: { <code>: { before, after } } }` of a correction. */
  @Column({ type: 'text', nullable: true })
  corrections: string | null;
}
