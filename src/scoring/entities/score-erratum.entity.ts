import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ScoreGrade } from '../domain/rulebook.js';

/** 勘误: a numbered correction of a published month for one tenant, with its reason; shown beside the month. */
@Entity('score_errata')
@Index('UQ_score_errata_month_number', ['monthId', 'number'], { unique: true })
@Index('IDX_score_errata_tenant', ['tenantId'])
export class ScoreErratumEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  monthId: number;

  /** 1, 2, 3 … within the month. */
  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'int' })
  snapshotId: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'int' })
  beforeScore: number;

  @Column({ type: 'int' })
  afterScore: number;

  @Column({ type: 'varchar', length: 1 })
  beforeGrade: ScoreGrade;

  @Column({ type: 'varchar', length: 1 })
  afterGrade: ScoreGrade;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'int' })
  createdById: number;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
