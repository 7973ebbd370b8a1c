import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A "forgot password" link waiting to be used: at most one per user (a newer request replaces it),
 * deleted when used. Only the SHA-256 of the token is kept; the token itself travels in the e-mail.
 */
@Entity('password_reset_tokens')
export class PasswordResetTokenEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('IDX_password_reset_tokens_user', { unique: true })
  @Column({ type: 'int' })
  userId: number;

  /** Hex SHA-256 of the token. */
  @Index('IDX_password_reset_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** Milliseconds since the epoch. */
  @Column({ type: 'bigint' })
  createdAt: string;

  /** Milliseconds since the epoch; the link does nothing from then on. */
  @Index('IDX_password_reset_tokens_expires')
  @Column({ type: 'bigint' })
  expiresAt: string;
}
