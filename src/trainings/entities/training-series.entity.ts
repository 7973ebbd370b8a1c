import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Recurrence } from '../domain/series.rules.js';

/** A repeating training: one session per occurrence until `untilDate` (park-zone date, inclusive). */
@Entity('training_series')
export class TrainingSeriesEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  recurrence: Recurrence;

  /** Calendar date (park zone), inclusive; a series always ends. */
  @Column({ type: 'date' })
  untilDate: string;

  @Column({ type: 'int' })
  createdBy: number;

  @CreateDateColumn()
  createdAt: Date;
}
