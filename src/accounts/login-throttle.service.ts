import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { execute, onConflictUpdate } from '../database/raw-sql.js';
import { backoffMs, longestMemoryMs, throttlePolicies, waitMs, type ThrottlePolicy, type ThrottleScope, type ThrottleState } from './domain/login-throttle.rules.js';

const SCOPES: readonly ThrottleScope[] = ['pair', 'account', 'address'];

interface ThrottleRow {
  subject: string;
  failures: number | string;
  lastFailureAt: number | string;
  blockedUntil: number | string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);

/**
 * Failed-login counters in the database (so they hold across web processes), per e-mail from one
 * address, per e-mail and per address, with exponential backoff (domain/login-throttle.rules.ts).
 * The e-mail is whatever was typed: an unknown one is counted and throttled exactly like an account.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('LoginThrottle');
  private readonly policies: Record<ThrottleScope, ThrottlePolicy>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource, config: AppConfig) {
    this.policies = throttlePolicies(config.LOGIN_MAX_ATTEMPTS, config.LOGIN_BACKOFF_MAX_MINUTES * 60_000);
  }

  private subjects(email: string, ip: string | null): Record<ThrottleScope, string> {
    const e = digest(email.trim().toLowerCase());
    const a = digest(ip ?? '');
    return { pair: `p:${e}:${a}`, account: `a:${e}`, address: `i:${a}` };
  }

  private async read(subjects: string[]): Promise<Map<string, ThrottleState>> {
    const rows = (await this.dataSource.query(
      `SELECT subject, failures, lastFailureAt, blockedUntil FROM login_throttles WHERE subject IN (${subjects.map(() => '?').join(', ')})`,
      subjects,
    )) as ThrottleRow[];
    return new Map(rows.map((r) => [r.subject, { failures: Number(r.failures), lastFailureAt: Number(r.lastFailureAt), blockedUntil: Number(r.blockedUntil) }]));
  }

  /** How many milliseconds an attempt for `email` from `ip` must still wait; 0 when it may be checked now. */
  async waitMs(email: string, ip: string | null, now = Date.now()): Promise<number> {
    const states = await this.read(Object.values(this.subjects(email, ip)));
    return waitMs([...states.values()], now);
  }

  /** Counts a failed attempt on each subject and sets its wait. */
  async failed(email: string, ip: string | null, now = Date.now()): Promise<void> {
    const subjects = this.subjects(email, ip);
    for (const scope of SCOPES) {
      // A subject whose last failure is older than its forget window starts again at 1.
      await execute(
        this.dataSource,
        `INSERT INTO login_throttles (subject, failures, lastFailureAt, blockedUntil) VALUES (?, 1, ?, 0)
         ${onConflictUpdate(this.dataSource, 'subject')} failures = CASE WHEN lastFailureAt < ? THEN 1 ELSE failures + 1 END, lastFailureAt = ?`,
        [subjects[scope], now, now - this.policies[scope].forgetMs, now],
      );
    }
    const states = await this.read(Object.values(subjects));
    for (const scope of SCOPES) {
      const state = states.get(subjects[scope]);
      const wait = state ? backoffMs(state.failures, this.policies[scope]) : 0;
      if (!wait) continue;
      if (state!.failures === this.policies[scope].free + 1) this.logger.warn(`login backoff starts: ${scope} ${subjects[scope]} from ${ip ?? 'unknown address'}`);
      await execute(this.dataSource, 'UPDATE login_throttles SET blockedUntil = ? WHERE subject = ? AND blockedUntil < ?', [now + wait, subjects[scope], now + wait]);
    }
  }

  /** A successful login clears the e-mail's counters (not the address's: one's own account must not reset it). */
  async succeeded(email: string, ip: string | null): Promise<void> {
    const { pair, account } = this.subjects(email, ip);
    await execute(this.dataSource, 'DELETE FROM login_throttles WHERE subject IN (?, ?)', [pair, account]);
  }

  /** Clears every counter of an e-mail, from every address (an admin reset its password or enabled it). */
  async clearAccount(email: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const e = digest(email.trim().toLowerCase());
    await manager.query('DELETE FROM login_throttles WHERE subject = ? OR subject LIKE ?', [`a:${e}`, `p:${e}:%`]);
  }

  /** Deletes counters that neither block nor count any more. */
  async prune(now = Date.now()): Promise<number> {
    return execute(this.dataSource, 'DELETE FROM login_throttles WHERE lastFailureAt < ? AND blockedUntil <= ?', [now - longestMemoryMs(this.policies), now]);
  }
}
