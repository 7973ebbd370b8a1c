import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { UserEntity } from '../../accounts/entities/user.entity.js';
import type { OutboxStatus } from '../domain/outbox.rules.js';

/**
 * Transactional outbox: an e-mail to send, written in the same transaction as the change that
 * causes it; a job sends it. The dedupe key makes the same notice impossible to queue twice.
 */
@Entity('outbox_messages')
@Index('IDX_outbox_status_next', ['status', 'nextAttemptAt'])
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 190, unique: true })
  dedupeKey: string;

  @Column({ type: 'int', nullable: true })
  userId: number | null;

  @ManyToOne('UserEntity', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 8 })
  locale: string;

  @Column({ type: 'varchar', length: 64 })
  template: string;

  /** JSON object of template parameters. */
  @Column({ type: 'text' })
  params: string;

  /**
   * JSON array of files sent with the message (`MailAttachment`: file name, content type, text
   * content), stored as they were made with the change that caused the message, so a retry sends the
   * same file; null for none. Small text files only (a calendar entry), never uploads.
   */
  @Column({ type: 'text', nullable: true })
  attachments: string | null;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** Not sent before this time (backoff after a temporary failure). */
  @Column({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null;

  /** While `sending`: the claim expires at this time (a worker that died mid-send). */
  @Column({ type: 'datetime', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'datetime', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
