import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A draw's frozen frame as its hashed text (DESIGN.md §5: `<stratum>\t<uscc>\n` per member, strata in
 * bundle order, then the targeted), in parts of whole lines, written with draw_frame_members at the
 * announcement. The draw reads these few rows instead of 200,000 member rows, and checks them against
 * the announced frame hash before it uses them; the member rows stay what every other reader uses.
 */
@Entity('draw_frame_texts')
export class DrawFrameTextEntity {
  @PrimaryColumn({ type: 'int' })
  drawId: number;

  @PrimaryColumn({ type: 'int' })
  part: number;

  @Column({ type: 'text' })
  body: string;

  /** The tenant id of each of the body's lines, in order, comma-separated (not hashed: the frame is USCCs). */
  @Column({ type: 'text' })
  tenantIds: string;
}
