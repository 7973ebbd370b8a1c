import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RepairSubjectKind } from '../domain/list-kinds.js';

/**
 * What a credit-repair application needs and how fast it is reviewed, per kind of record,
 * effective-dated data (rules.md: reply within 10 working days, decision within 3 after that).
 * When the application may be made comes from the finding's own `repairEligibleOn` or from the list rule.
 */
@Entity('repair_rules')
@Index('IDX_repair_rules_subject_from', ['subject', 'effectiveFrom'], { unique: true })
export class RepairRuleEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 24 })
  subject: RepairSubjectKind;

  @Column({ type: 'date' })
  effectiveFrom: string;

  /** A certificate of a training completed in ParkTrust must be attached. */
  @Column({ type: 'boolean', default: false })
  needsTraining: boolean;

  /** Working days from submission to the reviewer's reply (受理 or a request for more). */
  @Column({ type: 'int' })
  replyWorkingDays: number;

  /** Working days from the reply to the decision. */
  @Column({ type: 'int' })
  decisionWorkingDays: number;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
