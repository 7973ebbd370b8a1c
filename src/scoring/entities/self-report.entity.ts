import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SelfReportKind = 'honour' | 'public_welfare' | 'neighbour_help' | 'suggestion';
export type SelfReportStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/**
 * 正面申报: a positive item a tenant officer claims with evidence (attachments `self_report`) —
 * an honour (P09), public-welfare work or help to neighbouring firms (P10), an adopted suggestion
 * (P11). Counts from `occurredOn` once park staff approved it (`decidedOn` on or before the as-of date).
 */
@Entity('self_reports')
@Index('IDX_self_reports_tenant_status', ['tenantId', 'status', 'occurredOn'])
@Index('IDX_self_reports_status', ['status', 'submittedAt'])
export class SelfReportEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 24 })
  kind: SelfReportKind;

  /** The rule it counts for: P09, P10 or P11 (from the kind, kept for set-based fact queries). */
  @Column({ type: 'varchar', length: 8 })
  rule: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  /** Who awarded the honour, ran the activity or adopted the suggestion. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  issuer: string | null;

  /** Park-zone date of the honour, the activity or the adoption. */
  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: SelfReportStatus;

  @Column({ type: 'int' })
  submittedById: number;

  @Column({ type: 'datetime' })
  submittedAt: Date;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  /** Park-zone date of the decision: an approved report counts from then on. */
  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;
}
