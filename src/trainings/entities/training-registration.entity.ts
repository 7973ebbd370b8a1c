import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { TrainingSessionEntity } from './training-session.entity.js';

export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';

/** One seat per tenant and session; the waiting list is ordered by (createdAt, id); capacity counts 'registered'. */
@Entity('training_registrations')
@Index('IDX_training_registrations_session_tenant', ['sessionId', 'tenantId'], { unique: true })
@Index('IDX_training_registrations_tenant', ['tenantId'])
export class TrainingRegistrationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  sessionId: number;

  @ManyToOne('TrainingSessionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sessionId' })
  session?: Relation<TrainingSessionEntity>;

  @Column({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  /** The officer who registered. */
  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  status: RegistrationStatus;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
