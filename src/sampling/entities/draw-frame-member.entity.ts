import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FrameKind } from '../domain/sampling-kinds.js';

/**
 * A tenant in a draw's frozen frame: in a grade stratum, targeted (T, with its reason) or excluded
 * (X, with its reason). Written once at announcement; the frame hash covers the strata and targeted rows.
 */
@Entity('draw_frame_members')
@Index('IDX_draw_frame_members_tenant', ['tenantId', 'drawId'])
@Index('IDX_draw_frame_members_kind', ['drawId', 'kind'])
export class DrawFrameMemberEntity {
  @PrimaryColumn({ type: 'int' })
  drawId: number;

  @PrimaryColumn({ type: 'varchar', length: 18 })
  uscc: string;

  @Column({ type: 'int' })
  tenantId: number;

  @Column({ type: 'varchar', length: 1 })
  kind: FrameKind;

  /** Targeted or excluded: why (a TargetedRule or ExclusionReason code). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;
}
