import { Redis } from 'ioredis';

/*
 * The shared Redis of the e2e-mysql project, and the clean-up of a test's keys. Free of application
 * imports, so a suite that needs Redis but not the application (the Bull queue contract) stays light.
 */

/** REDIS_URL, else the local server on 6379. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every Redis key under `prefix:`. */
export async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
