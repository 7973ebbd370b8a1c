import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A period an inspector is unavailable (leave, training, secondment): park dates, both inclusive. */
@Entity('inspector_absences')
@Index('IDX_inspector_absences_inspector', ['inspectorId', 'fromDate'])
export class InspectorAbsenceEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  inspectorId: number;

  @Column({ type: 'date' })
  fromDate: string;

  @Column({ type: 'date' })
  toDate: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'int' })
  createdById: number;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;
}
