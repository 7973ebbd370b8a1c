import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { EngagementStatus } from '../domain/evaluation.rules.js';
import { EvaluationInstitutionEntity } from './evaluation-institution.entity.js';

/** An institution engaged to evaluate a tenant for a period; its report is due by `periodTo`. */
@Entity('evaluation_engagements')
@Index('IDX_evaluation_engagements_institution_tenant', ['institutionId', 'tenantId'])
@Index('IDX_evaluation_engagements_tenant', ['tenantId'])
export class EvaluationEngagementEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  institutionId: number;

  @ManyToOne(() => EvaluationInstitutionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Relation<EvaluationInstitutionEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: EngagementStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'int', nullable: true })
  createdBy: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
