import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RepairStatus, RepairSubjectType } from '../domain/list-kinds.js';

/**
 * 信用修复申请: a tenant asks that a finding or a black/watch entry stop counting and stop being shown.
 * Submitted with a credit commitment letter signed in ParkTrust, rectification evidence (attachments
 * `repair_application`) and, where the rule asks, training certificates from ParkTrust's attendance
 * records; replied to within `replyDueOn`, decided by a regulator other than the replier within
 * `decisionDueOn`. Never deleted.
 */
@Entity('repair_applications')
@Index('IDX_repair_applications_tenant', ['tenantId', 'status'])
@Index('IDX_repair_applications_status_due', ['status', 'replyDueOn'])
@Index('IDX_repair_applications_subject', ['subjectType', 'subjectId'])
export class RepairApplicationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 16 })
  subjectType: RepairSubjectType;

  @Column({ type: 'int' })
  subjectId: number;

  @Column({ type: 'varchar', length: 16, default: 'submitted' })
  status: RepairStatus;

  /** What the tenant did to put it right. */
  @Column({ type: 'text' })
  statement: string;

  /** The signature (conventions) of the credit commitment letter attached. */
  @Column({ type: 'int', nullable: true })
  commitmentSignatureId: number | null;

  /** Attendance records (trainings) whose certificates are attached: JSON number[]. */
  @Column({ type: 'simple-json' })
  trainingAttendanceIds: number[];

  /** The eligibility date that applied when it was submitted. */
  @Column({ type: 'date', nullable: true })
  eligibleOn: string | null;

  @Column({ type: 'int' })
  repairRuleId: number;

  @Column({ type: 'int' })
  submittedById: number;

  @Column({ type: 'datetime' })
  submittedAt: Date;

  /** Last park day for the reply (working days from the submission day). */
  @Column({ type: 'date' })
  replyDueOn: string;

  @Column({ type: 'int', nullable: true })
  repliedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  repliedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  replyNote: string | null;

  /** Last park day for the decision (working days from the reply day). */
  @Column({ type: 'date', nullable: true })
  decisionDueOn: string | null;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
