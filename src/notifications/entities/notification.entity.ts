import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { UserEntity } from '../../accounts/entities/user.entity.js';

/** An in-app notice for one user (the bell). Every e-mail notice has one of these too. */
@Entity('notifications')
@Index('IDX_notifications_user_read', ['userId', 'readAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne('UserEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<UserEntity>;

  /** The message template; its subject in the catalogue (`emails.<template>.subject`) is the notice's title. */
  @Column({ type: 'varchar', length: 64 })
  template: string;

  /** JSON object of template parameters. */
  @Column({ type: 'text' })
  params: string;

  /** Where the notice leads, a path inside the portal. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  link: string | null;

  /**
   * What the notice is about (`<kind>:<id>`, e.g. one signing obligation), so the owner can retire
   * notices that no longer apply (NotificationsService.retire).
   */
  @Index('IDX_notifications_subject')
  @Column({ type: 'varchar', length: 64, nullable: true })
  subject: string | null;

  @Column({ type: 'datetime', nullable: true })
  readAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;
}
