import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FindingSeverity, PenaltyKind } from '../domain/finding-kinds.js';

/**
 * How long a finding is published and when repair may be applied for, by severity (and, where it
 * matters, the penalty imposed), effective-dated: the regime in force on the decision date decides.
 * Seeded from shared/domain/rules.md (the rules before and from 2026-04-01); admins edit the data.
 */
@Entity('publicity_rules')
@Index('IDX_publicity_rules_effective', ['effectiveFrom', 'severity'])
export class PublicityRuleEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** First decision date (park zone) the row applies to; the latest regime on or before the decision date wins. */
  @Column({ type: 'date' })
  effectiveFrom: string;

  @Column({ type: 'varchar', length: 16 })
  severity: FindingSeverity;

  /** A row for one penalty kind (a warning) beats the severity's general row; null = any. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  penaltyKind: PenaltyKind | null;

  /** false: not published at all (the finding never counts as a published record). */
  @Column({ type: 'boolean', default: true })
  published: boolean;

  /** Shortest publicity period in months: the earliest repair. */
  @Column({ type: 'int', default: 0 })
  minMonths: number;

  /** Longest publicity period in months: it stops counting at its end without any application. */
  @Column({ type: 'int', default: 0 })
  maxMonths: number;

  /** Months after the decision from which repair may be applied for; null = once the obligations are met. */
  @Column({ type: 'int', nullable: true })
  repairAfterMonths: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
