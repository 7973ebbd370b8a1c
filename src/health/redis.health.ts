import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/** Pings Redis when one is configured; one lazy connection, closed on shutdown. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private client?: Redis;

  constructor(private readonly config: AppConfig, private readonly indicator: HealthIndicatorService) {}

  get configured(): boolean {
    return Boolean(this.config.REDIS_URL);
  }

  async check(key: string) {
    const probe = this.indicator.check(key);
    try {
      this.client ??= new Redis(this.config.REDIS_URL as string, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, enableOfflineQueue: false });
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
      await this.client.ping();
      return probe.up();
    } catch (err) {
      return probe.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client?.disconnect();
  }
}
