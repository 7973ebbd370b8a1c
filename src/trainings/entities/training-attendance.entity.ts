import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { AttendanceMark } from '../domain/attendance-rate.rules.js';
import type { AttendanceSource } from '../domain/checkin.rules.js';
import type { TrainingSessionEntity } from './training-session.entity.js';

export type { AttendanceMark, AttendanceSource };

/** One mark per tenant per session; hours attended = the session's duration for present/late. */
@Entity('training_attendance')
@Index('IDX_training_attendance_tenant', ['tenantId', 'sessionId'])
/** Covering: a tenant's marks read from the index alone (score facts). */
@Index('IDX_training_attendance_tenant_mark', ['tenantId', 'sessionId', 'mark'])
export class TrainingAttendanceEntity {
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

  @Column({ type: 'varchar', length: 16 })
  mark: AttendanceMark;

  @Column({ type: 'varchar', length: 16 })
  source: AttendanceSource;

  @Column({ type: 'int', nullable: true })
  markedBy: number | null;

  @Column({ type: 'datetime' })
  markedAt: Date;
}
