import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** express-session storage, shared by every web process through the database. */
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
}
