import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { FindingEntity } from './finding.entity.js';

/**
 * One submission of rectification evidence for a finding (files: attachments with owner
 * 'finding_rectification'), and the department's decision on it: verified (closes the
 * rectification) or returned with a reason (the tenant submits again).
 */
@Entity('finding_rectifications')
@Index('IDX_finding_rectifications_finding', ['findingId'])
export class FindingRectificationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  findingId: number;

  @ManyToOne('FindingEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'findingId' })
  finding?: Relation<FindingEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'text' })
  statement: string;

  @Column({ type: 'int' })
  submittedById: number;

  @Column({ type: 'datetime' })
  submittedAt: Date;

  /** Park-zone date of the submission. */
  @Column({ type: 'date' })
  submittedOn: string;

  /** null while awaiting verification. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  decision: 'verified' | 'returned' | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;
}
