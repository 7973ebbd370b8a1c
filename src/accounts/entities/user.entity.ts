import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { TenantEntity } from '../../tenants/entities/tenant.entity.js';
import type { DepartmentEntity } from './department.entity.js';
import type { Role } from '../domain/roles.js';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stored lower-case; the login name. */
  @Column({ type: 'varchar', length: 190, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** argon2id PHC string. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'int', nullable: true })
  tenantId: number | null;

  @ManyToOne('TenantEntity', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tenantId' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'int', nullable: true })
  departmentId: number | null;

  @ManyToOne('DepartmentEntity', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'departmentId' })
  department?: Relation<DepartmentEntity>;

  /** The accredited institution of an evaluator; the institutions table arrives with evaluations. */
  @Column({ type: 'int', nullable: true })
  institutionId: number | null;

  /** Preferred language of pages and e-mail; null means the park default. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  locale: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ type: 'datetime', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
