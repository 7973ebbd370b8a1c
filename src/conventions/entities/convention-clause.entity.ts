import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { ClauseCategory } from '../domain/convention.rules.js';
import type { ConventionVersionEntity } from './convention-version.entity.js';

/** A numbered clause of a version, grouped by category (法治 / 德治 / 自治, or a custom group). */
@Entity('convention_clauses')
@Index('IDX_convention_clauses_version', ['versionId', 'position'])
export class ConventionClauseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  versionId: number;

  @ManyToOne('ConventionVersionEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'versionId' })
  version?: Relation<ConventionVersionEntity>;

  /** Order within the version, from 1. */
  @Column({ type: 'int' })
  position: number;

  /** As printed: "1", "2.3", "第五条". */
  @Column({ type: 'varchar', length: 16 })
  number: string;

  @Column({ type: 'varchar', length: 20 })
  category: ClauseCategory;

  /** Name of a custom category. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  customCategory: string | null;

  @Column({ type: 'text' })
  textZh: string;

  @Column({ type: 'text', nullable: true })
  textEn: string | null;
}
