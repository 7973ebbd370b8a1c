import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';

/** Counts a hit and starts the window on the first one; returns the count and the milliseconds left in the window. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }`;

/** Takes a hit back, never below zero and never creating a key. */
const DECREMENT = `
if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0`;

/**
 * express-rate-limit counters in Redis, so every web process shares one count per client IP.
 * A fixed window per key: INCR, and PEXPIRE on the first hit of the window, in one script.
 */
export class RedisRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(private readonly client: Redis, readonly prefix: string) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private key(key: string): string {
    return `${this.prefix}${key}`;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const [hits, ttl] = (await this.client.eval(INCREMENT, 1, this.key(key), String(this.windowMs))) as [number, number];
    return { totalHits: Number(hits), resetTime: new Date(Date.now() + Number(ttl)) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [hits, ttl] = await Promise.all([this.client.get(this.key(key)), this.client.pttl(this.key(key))]);
    if (hits === null) return undefined;
    return { totalHits: Number(hits), resetTime: ttl > 0 ? new Date(Date.now() + ttl) : undefined };
  }

  async decrement(key: string): Promise<void> {
    await this.client.eval(DECREMENT, 1, this.key(key));
  }

  async resetKey(key: string): Promise<void> {
    await this.client.del(this.key(key));
  }
}

/**
 * Where the per-IP login limit keeps its counters: Redis when REDIS_URL is set (shared by every web
 * process), otherwise express-rate-limit's own memory (one process, the embedded mode).
 */
@Injectable()
export class LoginRateLimitStores implements OnModuleDestroy {
  private readonly logger = new Logger('LoginRateLimit');
  private client?: Redis;

  constructor(private readonly config: AppConfig) {}

  /** A store for the limiter named `name`, or undefined for the in-memory default. */
  store(name: string): Store | undefined {
    if (!this.config.REDIS_URL) return undefined;
    if (!this.client) {
      this.client = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
      this.client.on('error', (err: Error) => this.logger.warn(`Redis: ${err.message}`));
    }
    return new RedisRateLimitStore(this.client, `${this.config.REDIS_PREFIX}:rate:${name}:`);
  }

  onModuleDestroy(): void {
    this.client?.disconnect();
  }
}
