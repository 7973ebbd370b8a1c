import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PasswordResetTokenEntity } from './entities/password-reset-token.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

/** A reset link that is unknown, used, replaced by a newer one or expired: all look the same. */
export class ResetLinkInvalidError extends ValidationFailedError {
  constructor() {
    super({}, 'auth.reset.invalid');
  }
}

/** 32 random bytes, base64url: 256 bits, 43 characters. */
export const RESET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A second request for the same account within this time sends nothing new (the first link still works). */
const RESEND_AFTER_MS = 60_000;

/** What is stored of a token, in the table and in the session of the browser using the link: its hex SHA-256. */
export function resetTokenDigest(token: string): string | null {
  return RESET_TOKEN_PATTERN.test(token) ? createHash('sha256').update(token, 'utf8').digest('hex') : null;
}
const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * "Forgot password": a single-use link by e-mail. Only the token's SHA-256 is stored; a newer request replaces the
 * waiting link, using it deletes it, and it expires after PASSWORD_RESET_MINUTES. Asking never tells whether the
 * address has an account.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Sends a link when the e-mail belongs to an active account; does nothing visible otherwise. */
  async request(emailInput: string, now = Date.now()): Promise<void> {
    const email = emailInput.trim().toLowerCase();
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email });
    if (!user || !user.active) return;
    const token = randomBytes(32).toString('base64url');
    const minutes = this.config.PASSWORD_RESET_MINUTES;
    await this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(PasswordResetTokenEntity);
      const waiting = await repo.findOneBy({ userId: user.id });
      if (waiting && Number(waiting.createdAt) > now - RESEND_AFTER_MS && Number(waiting.expiresAt) > now) return;
      await repo.delete({ userId: user.id });
      const row = await repo.save(repo.create({ userId: user.id, tokenHash: resetTokenDigest(token)!, createdAt: String(now), expiresAt: String(now + minutes * 60_000) }));
      await this.notifications.notify(m, afterCommit, {
        userIds: [user.id], template: 'password-reset-link', params: { resetPath: `/account/reset?token=${token}`, minutes },
        dedupeKey: `password-reset-link:${row.id}:${row.createdAt}`, inApp: false,
      });
    });
  }

  /** Whether a link (by its digest) still opens the reset form; looking does not spend it. */
  async isValid(tokenHash: string, now = Date.now()): Promise<boolean> {
    if (!DIGEST_PATTERN.test(tokenHash)) return false;
    const row = await this.dataSource.getRepository(PasswordResetTokenEntity).findOneBy({ tokenHash });
    return !!row && Number(row.expiresAt) > now;
  }

  /**
   * Sets the new password with the link (by its digest), once: the link is deleted in the same transaction (a second
   * use, or a concurrent one, finds nothing), every session of the user ends, the login counters of the account are
   * cleared, and the change is audited as done by the user from `ip`.
   */
  async reset(tokenHash: string, password: string, ip: string | null, now = Date.now()): Promise<void> {
    if (!DIGEST_PATTERN.test(tokenHash)) throw new ResetLinkInvalidError();
    const row = await this.dataSource.getRepository(PasswordResetTokenEntity).findOneBy({ tokenHash });
    if (!row || Number(row.expiresAt) <= now) throw new ResetLinkInvalidError();
    const passwordHash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (m) => {
      const taken = await m.getRepository(PasswordResetTokenEntity).delete({ id: row.id, tokenHash });
      if (!taken.affected) throw new ResetLinkInvalidError();
      const user = await m.getRepository(UserEntity).findOneBy({ id: row.userId });
      if (!user || !user.active) throw new ResetLinkInvalidError();
      await m.getRepository(UserEntity).update({ id: user.id }, { passwordHash, mustChangePassword: false });
      await this.throttle.clearAccount(user.email, m);
      const sessionsEnded = await this.sessions.endAllBut(m, user.id, null);
      await this.audit.record(m, { userId: user.id, label: user.email, ip }, {
        action: 'user.resetPasswordByLink', entityType: 'user', entityId: user.id, after: { sessionsEnded },
      });
    });
  }

  /** Deletes links that expired (the hourly session maintenance calls it). */
  async prune(now = Date.now()): Promise<number> {
    const result = await this.dataSource.createQueryBuilder().delete().from(PasswordResetTokenEntity).where('expiresAt <= :now', { now: String(now) }).execute();
    return result.affected ?? 0;
  }
}
