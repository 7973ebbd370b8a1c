import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * express-session storage, shared by every web process through the database. The JSON `data` is the
 * session; the other columns mirror what a user's session list needs (TypeormSessionStore writes them).
 */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  /** Milliseconds since the epoch. */
  @Index()
  @Column({ type: 'bigint' })
  expiresAt: string;

  @Column({ type: 'text' })
  data: string;

  /** Who is logged in with it; null for an anonymous session (the login form's). */
  @Index()
  @Column({ type: 'int', nullable: true })
  userId: number | null;

  /** When the user logged in with it, milliseconds since the epoch. */
  @Column({ type: 'bigint', nullable: true })
  createdAt: string | null;

  /** Its last request, to the minute (touches are written at most once a minute), milliseconds since the epoch. */
  @Column({ type: 'bigint', nullable: true })
  lastSeenAt: string | null;

  /** The client address at login. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  /** The browser's User-Agent at login, cut to 255 characters. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;
}
