import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { BreachSeverity, BreachStatus } from '../domain/breach-lifecycle.rules.js';
import type { ConventionClauseEntity } from './convention-clause.entity.js';

/**
 * A breach of a convention clause, recorded by staff with evidence (attachments, owner 'breach'),
 * answered by the tenant and closed by staff (domain/breach-lifecycle.rules.ts). Only a confirmed
 * breach is a score fact (N02), dated `decidedOn`.
 */
@Entity('breaches')
@Index('IDX_breaches_tenant_date', ['tenantId', 'occurredOn'])
@Index('IDX_breaches_tenant_decided', ['tenantId', 'decidedOn'])
@Index('IDX_breaches_status', ['status'])
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

  @Column({ type: 'varchar', length: 16, default: 'recorded' })
  status: BreachStatus;

  @Column({ type: 'varchar', length: 16, default: 'general' })
  severity: BreachSeverity;

  /** Optional park-zone date by which the tenant is to put the breach right. */
  @Column({ type: 'date', nullable: true })
  rectifyBy: string | null;

  /** When staff confirmed or withdrew it. */
  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  /** The decision's park-zone date: a confirmed breach's N02 date. */
  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ type: 'int', nullable: true })
  decidedById: number | null;

  @Column({ type: 'text', nullable: true })
  decisionReason: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
