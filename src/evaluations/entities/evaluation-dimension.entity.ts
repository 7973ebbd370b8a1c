import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A dimension evaluations score (0–100): the configurable list, seeded with the six defaults. */
@Entity('evaluation_dimensions')
@Index('IDX_evaluation_dimensions_code', ['code'], { unique: true })
export class EvaluationDimensionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Key of the score in the API (`scores.<code>`); never changes once used. */
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  labelZh: string;

  @Column({ type: 'varchar', length: 100 })
  labelEn: string;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  /** Only active dimensions are asked for in new evaluations; old scores keep their dimension. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
