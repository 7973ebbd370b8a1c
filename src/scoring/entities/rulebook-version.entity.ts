import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type RulebookVersionStatus = 'draft' | 'pending' | 'approved' | 'rejected';

/**
 * One version of the rulebook (body: the `Rulebook` JSON of domain/rulebook.ts). An admin drafts
 * it, sees the back-test, submits it; a regulator other than the author approves or rejects it with
 * a reason. The approved version with the latest `effectiveFrom` on or before a date is in force on
 * that date. Never deleted; an approved body never changes (its SHA-256 is recorded at approval).
 */
@Entity('rulebook_versions')
@Index('UQ_rulebook_versions_version', ['version'], { unique: true })
@Index('IDX_rulebook_versions_status_from', ['status', 'effectiveFrom'])
export class RulebookVersionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  version: string;

  @Column({ type: 'date' })
  effectiveFrom: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: RulebookVersionStatus;

  /** The `Rulebook` JSON. */
  @Column({ type: 'text' })
  body: string;

  /** Hex SHA-256 of `body`, set when submitted for approval (what the regulator approved). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  /** What changed and why, in the author's words. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Null for the seeded default. */
  @Column({ type: 'int', nullable: true })
  createdById: number | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  /** JSON back-test result (grades under the version in force and this one over the last 12 months). */
  @Column({ type: 'text', nullable: true })
  backtest: string | null;

  @Column({ type: 'datetime', nullable: true })
  backtestAt: Date | null;
}
