import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A regulator in the inspector pool (执法检查人员名录) of their department, under a public code unique in the pool. */
@Entity('inspectors')
@Index('IDX_inspectors_user', ['userId'], { unique: true })
@Index('IDX_inspectors_code', ['code'], { unique: true })
@Index('IDX_inspectors_department', ['departmentId', 'active'])
export class InspectorEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int' })
  departmentId: number;

  /** The code the verification bundle names the inspector by (e.g. SCJG-007): never a person's name. */
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updatedAt: Date;
}
