import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { EvaluationDimensionEntity } from './evaluation-dimension.entity.js';
import { EvaluationEntity } from './evaluation.entity.js';

/** An evaluation's score (0–100) in one dimension. */
@Entity('evaluation_scores')
export class EvaluationScoreEntity {
  @PrimaryColumn({ type: 'int' })
  evaluationId: number;

  @ManyToOne(() => EvaluationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evaluationId' })
  evaluation?: Relation<EvaluationEntity>;

  @PrimaryColumn({ type: 'int' })
  dimensionId: number;

  @ManyToOne(() => EvaluationDimensionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dimensionId' })
  dimension?: Relation<EvaluationDimensionEntity>;

  @Column({ type: 'int' })
  score: number;
}
