import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An accredited third-party institution (第三方评价机构): its evaluations count only while its
 * accreditation is valid (validFrom … validTo, park-zone dates) and it is active.
 */
@Entity('evaluation_institutions')
@Index('IDX_evaluation_institutions_uscc', ['uscc'], { unique: true })
export class EvaluationInstitutionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Unified social credit code, normalised and checked by the registry's rule. */
  @Column({ type: 'varchar', length: 18 })
  uscc: string;

  @Column({ type: 'varchar', length: 100 })
  accreditationNo: string;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date' })
  validTo: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
