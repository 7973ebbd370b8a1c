import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SamplingGrade } from '../domain/sampling-kinds.js';

/** A grade's stratum in a programme: ratio per draw (basis points), draws a year that include it, cooldown after a clean inspection. */
@Entity('programme_grades')
export class ProgrammeGradeEntity {
  @PrimaryColumn({ type: 'int' })
  programmeId: number;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  grade: SamplingGrade;

  /** 0–10000 basis points per draw. */
  @Column({ type: 'int' })
  ratioBp: number;

  @Column({ type: 'int' })
  drawsPerYear: number;

  /** Months a tenant of this grade is left out after a clean inspection (0: none). */
  @Column({ type: 'int', default: 0 })
  cooldownMonths: number;
}
