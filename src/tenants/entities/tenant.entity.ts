import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TenantStatus } from '../domain/tenant-status.js';

/** 入驻企业: a tenant company of the park. Never hard-deleted; moving out is a status. */
@Entity('tenants')
@Index('IDX_tenants_status_name', ['status', 'name'])
export class TenantEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Unified social credit code, normalised, 18 characters. */
  @Column({ type: 'varchar', length: 18, unique: true })
  uscc: string;

  @Index()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  legalRepresentative: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  industry: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  building: string;

  @Column({ type: 'varchar', length: 32, default: '' })
  unit: string;

  /** Calendar date in the park's time zone (YYYY-MM-DD). */
  @Column({ type: 'date' })
  movedInAt: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: TenantStatus;

  /** Why the status last changed (suspension or move-out reason). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  statusReason: string | null;

  /** The status before the last change, while that change can be reversed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  previousStatus: TenantStatus | null;

  /** Set when staff accepted a code that fails the GB 32100 check; says why. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  usccOverrideReason: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  contactPhone: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
