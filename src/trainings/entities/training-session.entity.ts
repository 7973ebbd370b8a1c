import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { Audience } from '../domain/audience.rules.js';
import type { SessionStatus, TrainingKind } from '../domain/session.rules.js';
import type { TrainingSeriesEntity } from './training-series.entity.js';

/**
 * One training, law lecture, policy briefing or drill at a time and place. Who must attend is the
 * audience (all active tenants, some industries, buildings or listed tenants, or nobody: optional);
 * the required tenants are frozen in training_invitations. A host or speaker from a tenant earns P08.
 */
@Entity('training_sessions')
@Index('IDX_training_sessions_starts', ['startsAt'])
@Index('IDX_training_sessions_status_ends', ['status', 'endsAt'])
export class TrainingSessionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', nullable: true })
  seriesId: number | null;

  @ManyToOne('TrainingSeriesEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'seriesId' })
  series?: Relation<TrainingSeriesEntity>;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  kind: TrainingKind;

  /** An accounts department (through its service API); no foreign key across contexts' reference data. */
  @Column({ type: 'int', nullable: true })
  hostDepartmentId: number | null;

  @Column({ type: 'int', nullable: true })
  hostTenantId: number | null;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hostTenantId' })
  hostTenant?: Relation<TenantEntity>;

  @Column({ type: 'varchar', length: 100, default: '' })
  speaker: string;

  @Column({ type: 'int', nullable: true })
  speakerTenantId: number | null;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'speakerTenantId' })
  speakerTenant?: Relation<TenantEntity>;

  /** UTC. */
  @Column({ type: 'datetime' })
  startsAt: Date;

  /** UTC. */
  @Column({ type: 'datetime' })
  endsAt: Date;

  @Column({ type: 'varchar', length: 200 })
  location: string;

  /** Seats; null = no limit (never 0). */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'varchar', length: 16 })
  audience: Audience;

  /** JSON array: industry division codes, building ids or tenant ids, as `audience` says. */
  @Column({ type: 'text', nullable: true })
  audienceFilter: string | null;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: SessionStatus;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** Random hex the check-in codes derive from; never shown. */
  @Column({ type: 'varchar', length: 64 })
  checkinSecret: string;

  /** When the auto-absent job marked the unmarked required tenants. */
  @Column({ type: 'datetime', nullable: true })
  absencesMarkedAt: Date | null;

  /** Version of the calendar entry (.ics SEQUENCE), raised on every change sent to attendees. */
  @Column({ type: 'int', default: 0 })
  sequence: number;

  @Column({ type: 'int' })
  createdBy: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
