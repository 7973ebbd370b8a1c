import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A department taking part in a programme, in bundle order, with how many of its inspectors go on each visit (≥ 1). */
@Entity('programme_departments')
@Index('IDX_programme_departments_programme', ['programmeId', 'departmentId'], { unique: true })
export class ProgrammeDepartmentEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  programmeId: number;

  @Column({ type: 'int' })
  departmentId: number;

  @Column({ type: 'int' })
  inspectorsPerTask: number;

  /** Bundle order (0-based). */
  @Column({ type: 'int' })
  position: number;
}
