import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DrawStatus } from '../domain/sampling-kinds.js';

/**
 * One scheduled draw of a programme (DESIGN.md §5). Planned with the programme's calendar; at
 * `announceAt` the frame is frozen into `draw_frame_members`, the seed generated and committed and
 * the announcement published; a regulator may enter public entropy until `drawAt`; at `drawAt` the
 * job draws, creates the tasks and writes the verification bundle. `seed` is never shown before the draw.
 */
@Entity('draws')
@Index('IDX_draws_programme_seq', ['programmeId', 'seq'], { unique: true })
@Index('IDX_draws_status_announce', ['status', 'announceAt'])
@Index('IDX_draws_status_draw', ['status', 'drawAt'])
export class DrawEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  programmeId: number;

  /** 1-based order in the programme's calendar. */
  @Column({ type: 'int' })
  seq: number;

  /** The grades this draw includes, e.g. `ABCD` or `CD`. */
  @Column({ type: 'varchar', length: 8 })
  grades: string;

  @Column({ type: 'varchar', length: 16, default: 'planned' })
  status: DrawStatus;

  /** When the frame is frozen and the commitment published (UTC). */
  @Column({ type: 'datetime' })
  announceAt: Date;

  /** When the draw runs (UTC); after `announceAt`, in the programme's year. */
  @Column({ type: 'datetime' })
  drawAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  frameHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  seedCommitment: string | null;

  @Column({ type: 'datetime', nullable: true })
  committedAt: Date | null;

  /** 64 lowercase hex characters; secret until `drawnAt`. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  seed: string | null;

  /** A public value (e.g. an official lottery result) entered before the draw; empty when none. */
  @Column({ type: 'varchar', length: 200, default: '' })
  publicEntropy: string;

  @Column({ type: 'int', nullable: true })
  entropyById: number | null;

  @Column({ type: 'datetime', nullable: true })
  entropyAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  drawnAt: Date | null;

  /** Counts of the frozen frame: stratum members, targeted, excluded. */
  @Column({ type: 'int', default: 0 })
  memberCount: number;

  @Column({ type: 'int', default: 0 })
  targetedCount: number;

  @Column({ type: 'int', default: 0 })
  excludedCount: number;

  @Column({ type: 'int', default: 0 })
  taskCount: number;

  /** Tasks that need a manual assignment (too few eligible inspectors). */
  @Column({ type: 'int', default: 0 })
  flaggedCount: number;

  /** Hex SHA-256 of the published bundle file. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  bundleSha256: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelledReason: string | null;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updatedAt: Date;
}
