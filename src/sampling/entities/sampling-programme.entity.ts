import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProgrammeStatus, TargetedRule } from '../domain/sampling-kinds.js';

/**
 * A sampling programme (抽查工作计划) for one year: its departments, items, per-grade ratios and
 * frequencies, cooldowns, targeted-inclusion rules and draw calendar live in the child tables. A
 * regulator other than the drafter approves it; approval records the SHA-256 of the canonical plan
 * and locks it. An amendment is a new draft with `amendsId` set; its approval supersedes the old one.
 */
@Entity('sampling_programmes')
@Index('IDX_sampling_programmes_year_status', ['year', 'status'])
@Index('IDX_sampling_programmes_amends', ['amendsId'])
export class SamplingProgrammeEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: ProgrammeStatus;

  /** The approved programme this draft amends (null for a first programme). */
  @Column({ type: 'int', nullable: true })
  amendsId: number | null;

  /** 1 for a first programme, previous + 1 for each amendment. */
  @Column({ type: 'int', default: 1 })
  revision: number;

  /** Targeted-inclusion rules in force, comma-separated codes from TARGETED_RULES (empty: none). */
  @Column({ type: 'varchar', length: 200, default: '' })
  targetedRules: string;

  /** A substantiated complaint counts for targeted inclusion when decided within this many days. */
  @Column({ type: 'int', default: 90 })
  complaintDays: number;

  /** Why the drafter set it up so (shown to reviewers, printed in the plan). */
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'int' })
  createdById: number;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'int', nullable: true })
  approvedById: number | null;

  @Column({ type: 'datetime', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  approvalReason: string | null;

  /** Hex SHA-256 of `planJson`, recorded at approval. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  planSha256: string | null;

  /** The canonical plan text that was approved (what the hash covers). */
  @Column({ type: 'text', nullable: true })
  planJson: string | null;

  @Column({ type: 'datetime', nullable: true })
  endedAt: Date | null;
}

export type { TargetedRule };
