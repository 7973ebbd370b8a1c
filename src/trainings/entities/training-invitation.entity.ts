import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { TrainingSessionEntity } from './training-session.entity.js';

/** A tenant required to attend a session (frozen when scheduled, kept up to date while it is upcoming). */
@Entity('training_invitations')
@Index('IDX_training_invitations_tenant', ['tenantId', 'sessionId'])
export class TrainingInvitationEntity {
  @PrimaryColumn({ type: 'int' })
  sessionId: number;

  @ManyToOne('TrainingSessionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sessionId' })
  session?: Relation<TrainingSessionEntity>;

  @PrimaryColumn({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  @CreateDateColumn()
  createdAt: Date;
}
