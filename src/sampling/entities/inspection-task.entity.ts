import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AbnormalProposalStatus, FrameKind, TaskResult, TaskStatus } from '../domain/sampling-kinds.js';

/**
 * One visit to one drawn tenant, covering every item of the programme, by its assigned inspectors
 * (`task_inspectors`). Created by the draw (one per tenant and draw: a redelivered job creates
 * nothing twice); the result is recorded by an assigned inspector and published within 20 working
 * days of the inspection (`publishBy`).
 */
@Entity('inspection_tasks')
@Index('IDX_inspection_tasks_draw_tenant', ['drawId', 'tenantId'], { unique: true })
@Index('IDX_inspection_tasks_tenant', ['tenantId', 'inspectedOn'])
@Index('IDX_inspection_tasks_status_publish', ['status', 'publishBy'])
@Index('IDX_inspection_tasks_published', ['publishedAt'])
export class InspectionTaskEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  drawId: number;

  @Column({ type: 'int' })
  programmeId: number;

  /** Order in the draw's task list (0-based, as in the bundle). */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 18 })
  uscc: string;

  /** The grade stratum, or T for a targeted tenant. */
  @Column({ type: 'varchar', length: 1 })
  stratum: FrameKind;

  /** The member's rank (hex HMAC) in its stratum; null for targeted tasks. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  rank: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetedReason: string | null;

  /** Too few eligible inspectors of some department: a person must complete the assignment. */
  @Column({ type: 'boolean', default: false })
  needsManual: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  manualReason: string | null;

  @Column({ type: 'varchar', length: 16, default: 'assigned' })
  status: TaskStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  result: TaskResult | null;

  /** Park date of the visit. */
  @Column({ type: 'date', nullable: true })
  inspectedOn: string | null;

  /** What the inspectors found, in words (published with the result). */
  @Column({ type: 'text', nullable: true })
  summary: string | null;

  /** The finding the result became (problems found), or the confirmed abnormal-operations listing. */
  @Column({ type: 'int', nullable: true })
  findingId: number | null;

  /** Not found at the registered address: the abnormal-operations proposal's state. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  abnormalStatus: AbnormalProposalStatus | null;

  @Column({ type: 'int', nullable: true })
  abnormalDecidedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  abnormalDecidedAt: Date | null;

  /** Why the proposal was dismissed (or a note on its confirmation). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  abnormalReason: string | null;

  @Column({ type: 'int', nullable: true })
  recordedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  recordedAt: Date | null;

  /** Last park day to publish the result: 20 working days after `inspectedOn`. */
  @Column({ type: 'date', nullable: true })
  publishBy: string | null;

  /** Park day the "publication due" warning was queued (sent once). */
  @Column({ type: 'date', nullable: true })
  publishWarnedOn: string | null;

  @Column({ type: 'datetime', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  publishedById: number | null;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updatedAt: Date;
}
