import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { TrainingSessionEntity } from './training-session.entity.js';

export type ExcuseStatus = 'pending' | 'approved' | 'rejected';

/** A tenant's request to be excused from a session, asked before it starts and decided by staff. */
@Entity('training_excuses')
@Index('IDX_training_excuses_session_tenant', ['sessionId', 'tenantId'])
export class TrainingExcuseEntity {
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

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ExcuseStatus;

  @Column({ type: 'int' })
  requestedBy: number;

  @Column({ type: 'datetime' })
  requestedAt: Date;

  @Column({ type: 'int', nullable: true })
  decidedBy: number | null;

  @Column({ type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;
}
