import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ListKind } from '../domain/list-kinds.js';

/**
 * How a list works, effective-dated data (rules.md: the black list lasts 3 years with early exit
 * after 1; the tenant is told before listing and may object within 10 working days). The row in force
 * on the day an entry is proposed decides its dates.
 */
@Entity('list_rules')
@Index('IDX_list_rules_list_from', ['list', 'effectiveFrom'], { unique: true })
export class ListRuleEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 8 })
  list: ListKind;

  @Column({ type: 'date' })
  effectiveFrom: string;

  /** How long an entry lasts from its start; it ends by itself on the planned end. */
  @Column({ type: 'int' })
  durationMonths: number;

  /** An early exit may be decided from this many months after the start; null: at any time. */
  @Column({ type: 'int', nullable: true })
  earlyExitAfterMonths: number | null;

  /** Working days the tenant has to object after the prior notice; 0: no notice and no window (red list). */
  @Column({ type: 'int' })
  objectionWorkingDays: number;

  /** Credit repair of an entry may be applied for this many months after its start; null: it cannot be repaired. */
  @Column({ type: 'int', nullable: true })
  repairAfterMonths: number | null;

  /** A repair application must attach a certificate of a training completed in ParkTrust after the start. */
  @Column({ type: 'boolean', default: false })
  repairNeedsTraining: boolean;

  /** The legal basis proposals start from. */
  @Column({ type: 'varchar', length: 500 })
  legalBasis: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
