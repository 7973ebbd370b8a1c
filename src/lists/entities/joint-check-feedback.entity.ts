import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface AppliedMeasure {
  code: string;
  applied: boolean;
  note?: string;
}

/** What the calling system reports it applied after a joint check; one per check. */
@Entity('joint_check_feedback')
@Index('IDX_joint_check_feedback_check', ['jointCheckId'], { unique: true })
export class JointCheckFeedbackEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  jointCheckId: number;

  @Column({ type: 'simple-json' })
  applied: AppliedMeasure[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'int' })
  reportedById: number;

  @Column({ type: 'datetime' })
  reportedAt: Date;
}
