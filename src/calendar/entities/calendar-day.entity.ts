import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CalendarDayKind = 'holiday' | 'workday';

/**
 * A day of the park's working calendar that is not an ordinary weekday or weekend day: a public
 * holiday (法定节假日, off even on a weekday) or a weekend day worked instead (调休上班). Admins keep the
 * list; deadlines counted in working days (objection windows, repair reviews, result publication) read it.
 */
@Entity('calendar_days')
export class CalendarDayEntity {
  /** Park-zone day `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 8 })
  kind: CalendarDayKind;

  /** What it is: 春节, 国庆节调休 … */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'int', nullable: true })
  updatedById: number | null;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
