import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TenantStatus } from '../domain/tenant-status.js';
import { BuildingEntity } from './building.entity.js';

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

  /** The name in 汉语拼音 order (domain/tenant-name-sort.rules.ts), computed on every write; the list sorts by it. */
  @Index('IDX_tenants_nameSortKey')
  @Column({ type: 'varchar', length: 255, default: '' })
  nameSortKey: string;

  @Column({ type: 'varchar', length: 100 })
  legalRepresentative: string;

  /** GB/T 4754-2017 division code (domain/industry-classification.ts); null for a former free-text industry no division fitted. */
  @Index()
  @Column({ type: 'varchar', length: 2, nullable: true })
  industry: string | null;

  /** One of the buildings staff keep; null only for tenants registered before the list existed without one. */
  @Index('IDX_tenants_buildingId')
  @Column({ type: 'int', nullable: true })
  buildingId: number | null;

  /** Loaded with the tenant. No foreign key constraint: buildings are retired, never deleted. */
  @ManyToOne(() => BuildingEntity, { createForeignKeyConstraints: false, eager: true })
  @JoinColumn({ name: 'buildingId' })
  building?: BuildingEntity | null;

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

  /** Every write sets it (the database's clock); the in-memory search index reads the rows changed since its last look by it. */
  @Index('IDX_tenants_updatedAt')
  @UpdateDateColumn()
  updatedAt: Date;
}
