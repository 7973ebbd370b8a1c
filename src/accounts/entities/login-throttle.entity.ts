import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Failed-login counters of one throttle subject (see domain/login-throttle.rules.ts); deleted when stale. */
@Entity('login_throttles')
export class LoginThrottleEntity {
  /** `<scope letter>:<SHA-256 prefix of the e-mail and/or address>`: neither is stored in clear. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  subject: string;

  @Column({ type: 'int' })
  failures: number;

  /** Milliseconds since the epoch. */
  @Index()
  @Column({ type: 'bigint' })
  lastFailureAt: string;

  /** Milliseconds since the epoch; no attempt of the subject is checked before. */
  @Column({ type: 'bigint' })
  blockedUntil: string;
}
