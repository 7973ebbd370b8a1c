import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { EvaluationGrade, EvaluationSource, EvaluationStatus } from '../domain/evaluation.rules.js';
import { EvaluationEngagementEntity } from './evaluation-engagement.entity.js';
import { EvaluationInstitutionEntity } from './evaluation-institution.entity.js';

/**
 * A third-party evaluation of a tenant: submitted by an evaluator of an engaged institution,
 * accepted by park staff (then it counts from `acceptedOn` to `validUntil`), or voided when a
 * dispute is upheld. A correction after a dispute changes grade and scores in place; the values
 * before are kept on the dispute and in the audit log.
 */
@Entity('evaluations')
@Index('IDX_evaluations_tenant_status', ['tenantId', 'status', 'validUntil'])
@Index('IDX_evaluations_institution_status', ['institutionId', 'status'])
@Index('IDX_evaluations_status_submitted', ['status', 'submittedAt'])
export class EvaluationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  institutionId: number;

  @ManyToOne(() => EvaluationInstitutionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Relation<EvaluationInstitutionEntity>;

  @Column({ type: 'int' })
  engagementId: number;

  @ManyToOne(() => EvaluationEngagementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'engagementId' })
  engagement?: Relation<EvaluationEngagementEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  @Column({ type: 'varchar', length: 1 })
  grade: EvaluationGrade;

  @Column({ type: 'text' })
  summary: string;

  /** Last park-zone day the evaluation counts (inclusive). */
  @Column({ type: 'date' })
  validUntil: string;

  @Column({ type: 'varchar', length: 16, default: 'submitted' })
  status: EvaluationStatus;

  @Column({ type: 'int' })
  submittedById: number;

  @Column({ type: 'datetime' })
  submittedAt: Date;

  @Column({ type: 'int', nullable: true })
  acceptedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  acceptedAt: Date | null;

  /** Park-zone day of the acceptance: the evaluation counts from it. */
  @Column({ type: 'date', nullable: true })
  acceptedOn: string | null;

  @Column({ type: 'varchar', length: 8, default: 'page' })
  source: EvaluationSource;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
