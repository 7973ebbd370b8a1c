import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { VersionStatus } from '../domain/convention.rules.js';
import type { ConventionEntity } from './convention.entity.js';

/**
 * One version of a convention. Drafts are editable; publishing freezes the text (its SHA-256 is
 * kept), asks every active tenant to sign by the deadline and supersedes the previous version.
 */
@Entity('convention_versions')
@Index('IDX_convention_versions_no', ['conventionId', 'versionNo'], { unique: true })
export class ConventionVersionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  conventionId: number;

  @ManyToOne('ConventionEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'conventionId' })
  convention?: Relation<ConventionEntity>;

  @Column({ type: 'int' })
  versionNo: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  titleEn: string | null;

  @Index()
  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: VersionStatus;

  /** Calendar date (park zone) from which the version applies. */
  @Column({ type: 'date' })
  effectiveDate: string;

  @Column({ type: 'int' })
  signingPeriodDays: number;

  /** Calendar date (park zone): last day to sign; set at publication. */
  @Column({ type: 'date', nullable: true })
  signingDeadline: string | null;

  @Column({ type: 'datetime', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  publishedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  supersededAt: Date | null;

  /** SHA-256 of the canonical text (versionText), fixed at publication. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  textSha256: string | null;

  @Column({ type: 'int', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
