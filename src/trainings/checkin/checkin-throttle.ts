import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { MemoryStore, type Options, type Store } from 'express-rate-limit';
import { LoginRateLimitStores } from '../../accounts/auth/login-rate-limit.store.js';
import { WRONG_CODE_LIMIT } from '../domain/checkin.rules.js';

/**
 * Wrong check-in codes per account, in the app's rate-limit stores (express-rate-limit's: Redis when REDIS_URL is
 * set, shared by every web process, else this process's memory). Only wrong codes count: a check-in refused for its
 * window or its invitation says so without guessing anything.
 */
@Injectable()
export class CheckinThrottle implements OnModuleDestroy {
  private readonly store: Store;
  private readonly windowMs = WRONG_CODE_LIMIT.windowMinutes * 60_000;

  constructor(stores: LoginRateLimitStores) {
    this.store = stores.store('checkin') ?? new MemoryStore();
    void this.store.init?.({ windowMs: this.windowMs } as Options);
  }

  private key(userId: number): string {
    return `u:${userId}`;
  }

  /** Whole minutes an account must still wait, or 0 when it may try a code. Were the store down, it may. */
  async waitMinutes(userId: number, now = Date.now()): Promise<number> {
    const info = await Promise.resolve(this.store.get?.(this.key(userId))).catch(() => undefined);
    if (!info || info.totalHits < WRONG_CODE_LIMIT.attempts) return 0;
    const left = info.resetTime ? info.resetTime.getTime() - now : this.windowMs;
    return left > 0 ? Math.max(1, Math.ceil(left / 60_000)) : 0;
  }

  async wrongCode(userId: number): Promise<void> {
    await Promise.resolve(this.store.increment(this.key(userId))).catch(() => undefined);
  }

  onModuleDestroy(): void {
    void this.store.shutdown?.();
  }
}
