import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { DepartmentEntity } from '../../accounts/entities/department.entity.js';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { AbnormalCause, FindingSeverity, FindingSource, FindingType, PenaltyKind, RectificationStatus } from '../domain/finding-kinds.js';

/**
 * What a government department decided about a tenant: an administrative penalty, an
 * abnormal-operations listing, a complaint, an inspection result. One per department and decision
 * number (re-posting returns the existing record). Its publicity period is computed when it is
 * recorded from the effective-dated `publicity_rules` in force on the decision date; it counts in
 * the score only inside that period and until it is repaired.
 */
@Entity('findings')
@Index('IDX_findings_department_decision', ['departmentId', 'decisionNo'], { unique: true })
@Index('IDX_findings_tenant_date', ['tenantId', 'decisionDate'])
@Index('IDX_findings_rectification', ['rectificationStatus', 'rectifyBy'])
@Index('IDX_findings_decision_date', ['decisionDate'])
/** Covering index of the score facts' read (migration FindingsFactsIndex): every column FindingFactsSource selects. */
@Index('IDX_findings_facts', ['tenantId', 'decisionDate', 'publicityEndsOn', 'type', 'endedOn', 'rectificationStatus', 'verifiedOn', 'severity', 'repairedOn', 'rectificationRequired', 'rectifyBy', 'rectifiedOn', 'substantiated', 'departmentId', 'title', 'decisionNo'])
export class FindingEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  departmentId: number;

  @ManyToOne('DepartmentEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'departmentId' })
  department?: Relation<DepartmentEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'varchar', length: 24 })
  type: FindingType;

  @Column({ type: 'varchar', length: 16 })
  severity: FindingSeverity;

  /** What was imposed, where it changes the publicity period (a warning is not published). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  penaltyKind: PenaltyKind | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 500 })
  legalBasis: string;

  /** 决定书文号, unique per department. */
  @Column({ type: 'varchar', length: 100 })
  decisionNo: string;

  /** Park-zone date of the decision; publicity and repair periods run from it. */
  @Column({ type: 'date' })
  decisionDate: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'boolean', default: false })
  rectificationRequired: boolean;

  /** Park-zone date by which the tenant must have put it right (on or after the decision date). */
  @Column({ type: 'date', nullable: true })
  rectifyBy: string | null;

  @Column({ type: 'varchar', length: 16, default: 'none' })
  rectificationStatus: RectificationStatus;

  /** Park-zone date on which the evidence that was verified had been submitted (on time when ≤ rectifyBy). */
  @Column({ type: 'date', nullable: true })
  rectifiedOn: string | null;

  /** Park-zone date of the verification that closed the rectification. */
  @Column({ type: 'date', nullable: true })
  verifiedOn: string | null;

  /** Park-zone day the "rectification overdue" notice was queued (the daily 'findings-overdue' reminder): it is sent once. */
  @Column({ type: 'date', nullable: true })
  overdueNotifiedOn: string | null;

  /** Complaints only: substantiated (N08) or not; null until decided, and for other types. */
  @Column({ type: 'boolean', nullable: true })
  substantiated: boolean | null;

  /** Abnormal-operations listings only. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  abnormalCause: AbnormalCause | null;

  /** An abnormal-operations listing ended (the cause cured) on this park-zone date. */
  @Column({ type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ type: 'text', nullable: true })
  endedReason: string | null;

  /** End of the publicity period (exclusive): the finding counts on days before it. Equal to the decision date when it is not published at all. */
  @Column({ type: 'date' })
  publicityEndsOn: string;

  /** First day credit repair may be applied for; null when it may be applied for once the obligations are met. */
  @Column({ type: 'date', nullable: true })
  repairEligibleOn: string | null;

  /** The publicity rule row that decided the two dates above. */
  @Column({ type: 'int', nullable: true })
  publicityRuleId: number | null;

  /** Repaired (lists issue) on this park-zone date: it stops counting and stops being shown publicly; never deleted. */
  @Column({ type: 'date', nullable: true })
  repairedOn: string | null;

  @Column({ type: 'varchar', length: 16, default: 'page' })
  source: FindingSource;

  @Column({ type: 'int', nullable: true })
  recordedById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
