import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { ObligationStatus } from '../domain/obligation-status.rules.js';
import type { ConventionVersionEntity } from './convention-version.entity.js';

/**
 * A tenant's obligation to sign one published version by a deadline. Signed when a signature
 * exists for it; overdue is derived (unsigned and the deadline passed), never stored.
 */
@Entity('signing_obligations')
@Index('IDX_signing_obligations_version_tenant', ['versionId', 'tenantId'], { unique: true })
@Index('IDX_signing_obligations_tenant', ['tenantId', 'versionId'])
export class SigningObligationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  versionId: number;

  @ManyToOne('ConventionVersionEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'versionId' })
  version?: Relation<ConventionVersionEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  /** Calendar date (park zone), inclusive. */
  @Index()
  @Column({ type: 'date' })
  deadline: string;

  /**
   * Whether it applies: paused while the tenant is suspended, cancelled on move-out, superseded by a
   * newer version (domain/obligation-status.rules.ts). A signed obligation stays active.
   */
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: ObligationStatus;

  /** The signature that met it, once signed. */
  @Column({ type: 'int', nullable: true, unique: true })
  signatureId: number | null;

  /** Park-zone day the "deadline passed" reminder was queued: it is sent once. */
  @Column({ type: 'date', nullable: true })
  overdueNotifiedOn: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
