import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ItemKind } from '../domain/sampling-kinds.js';

/** One line of the inspection-item list (事项清单): what a department checks, on which legal basis. Deactivated, never deleted. */
@Entity('inspection_items')
@Index('IDX_inspection_items_code', ['code'], { unique: true })
@Index('IDX_inspection_items_department', ['departmentId', 'active'])
export class InspectionItemEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  nameZh: string;

  @Column({ type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'varchar', length: 500 })
  legalBasis: string;

  @Column({ type: 'int' })
  departmentId: number;

  /** 一般事项 (general) or 重点事项 (key). */
  @Column({ type: 'varchar', length: 8, default: 'general' })
  kind: ItemKind;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updatedAt: Date;
}
