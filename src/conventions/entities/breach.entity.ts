import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { ConventionClauseEntity } from './convention-clause.entity.js';

/** A confirmed breach of a convention clause, recorded by staff with evidence (attachments, owner 'breach'). */
@Entity('breaches')
@Index('IDX_breaches_tenant_date', ['tenantId', 'occurredOn'])
export class BreachEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'int' })
  versionId: number;

  @Column({ type: 'int' })
  clauseId: number;

  @ManyToOne('ConventionClauseEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clauseId' })
  clause?: Relation<ConventionClauseEntity>;

  /** Calendar date (park zone) of the breach. */
  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'int', nullable: true })
  recordedById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
