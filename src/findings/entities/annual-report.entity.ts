import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';

/**
 * A tenant's annual report (企业年报) for a year, filed with the market regulator by 30 June of the
 * next year (the due date is the rulebook's): P04 when filed on time. Recorded by a regulator or
 * staff, or imported.
 */
@Entity('annual_reports')
@Index('IDX_annual_reports_tenant_year', ['tenantId', 'year'], { unique: true })
export class AnnualReportEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  tenantId: number;

  @ManyToOne('TenantEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  /** The business year reported on. */
  @Column({ type: 'int' })
  year: number;

  /** Park-zone date it was filed. */
  @Column({ type: 'date' })
  filedOn: string;

  @Column({ type: 'varchar', length: 16, default: 'page' })
  source: 'page' | 'api' | 'import';

  @Column({ type: 'int', nullable: true })
  recordedById: number | null;

  @CreateDateColumn()
  createdAt: Date;
}
