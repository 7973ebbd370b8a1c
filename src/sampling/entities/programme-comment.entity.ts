import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A reviewer's (or the drafter's) comment on a programme. */
@Entity('programme_comments')
@Index('IDX_programme_comments_programme', ['programmeId', 'createdAt'])
export class ProgrammeCommentEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  programmeId: number;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
