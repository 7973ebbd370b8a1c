import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { BullQueueAdapter, QueueUnavailableError, type BullQueueOptions } from '../../src/queue/adapters/bull-queue.adapter.js';
import { deferred, queueContract, waitFor } from '../support/queue.contract.js';
import type { JobContext, ScheduleDefinition } from '../../src/queue/queue.port.js';
import { dropRedisKeys, TEST_REDIS_URL } from '../support/redis-keys.js';
import { testDb } from '../support/test-db.js';

/*
 * The queue contract against a real Redis (REDIS_URL or 127.0.0.1:6379), plus what only Bull has:
 * several processes sharing one queue. Each test uses its own key prefix and deletes its keys after.
 * No database is involved, so it runs once: in the e2e-mysql project, the server set-up with Redis.
 */
if (testDb !== 'mysql') {
  describe('Bull queue adapter', () => {
    it.skip('runs in the e2e-mysql project only: it needs Redis and no database, so one run is enough', () => undefined);
  });
} else {
  describe('Bull queue adapter', () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    const prefixes: string[] = [];
    const adapters: BullQueueAdapter[] = [];

    function newPrefix(): string {
      const prefix = `pt-test-${randomBytes(6).toString('hex')}`;
      prefixes.push(prefix);
      return prefix;
    }

    function adapter(prefix: string, options: BullQueueOptions = {}): BullQueueAdapter {
      const created = new BullQueueAdapter(TEST_REDIS_URL, { prefix, ...options });
      adapters.push(created);
      return created;
    }

    afterEach(async () => {
      await Promise.all(adapters.splice(0).map((a) => a.close(200)));
      for (const prefix of prefixes.splice(0)) await dropRedisKeys(prefix);
    });

    afterAll(async () => {
      await redis.quit();
    });

    queueContract('bull', async () => adapter(newPrefix()));

    describe('BullQueueAdapter', () => {
      const zone = 'Asia/Shanghai';
      const defs: ScheduleDefinition[] = [
        { name: 'test.daily', cron: '0 9 * * *', timeZone: zone },
        { name: 'test.monthEnd', cron: '30 23 L * *', timeZone: zone },
      ];

      it('leaves one repeatable per name when several processes apply the same schedules', async () => {
        const prefix = newPrefix();
        const web1 = adapter(prefix);
        const web2 = adapter(prefix);
        await Promise.all([web1.applySchedules(defs), web2.applySchedules(defs)]);
        await web1.applySchedules(defs);
        const keys = await redis.zrange(`${prefix}:parktrust:repeat`, 0, -1);
        expect(keys).toHaveLength(2);
        expect((await web2.schedules()).map((s) => s.name)).toEqual(['test.daily', 'test.monthEnd']);
        // One pending occurrence per schedule, not one per process.
        expect((await web1.counts()).delayed).toBe(2);

        // A changed rule replaces the old repeatable instead of adding a second one.
        const changed = [{ ...defs[0], cron: '0 8 * * *' }, defs[1]];
        await Promise.all([web1.applySchedules(changed), web2.applySchedules(changed)]);
        expect(await redis.zcard(`${prefix}:parktrust:repeat`)).toBe(2);
        expect((await web1.schedules()).find((s) => s.name === 'test.daily')?.cron).toBe('0 8 * * *');
        expect((await web1.counts()).delayed).toBe(2);
      });

      it('runs a job again on another worker when its worker dies mid-job', async () => {
        const prefix = newPrefix();
        const dying = adapter(prefix, { stalledMs: 1_000 });
        const started = deferred();
        await dying.startProcessing(
          new Map([
            [
              'test.long',
              async () => {
                started.resolve();
                await new Promise(() => undefined); // the worker "dies" before this ends
              },
            ],
          ]),
          1,
        );
        const id = await dying.enqueue('test.long', { k: 'v' });
        await started.promise;
        await dying.close(0); // forced: the job stays active with a lock nobody renews

        const survivor = adapter(prefix, { stalledMs: 1_000 });
        const runs: JobContext[] = [];
        await survivor.startProcessing(new Map([['test.long', async (_data, ctx) => void runs.push(ctx)]]), 1);
        await waitFor('the job to run again', async () => (await survivor.job(id))?.state === 'completed', 8_000);
        expect(runs).toEqual([expect.objectContaining({ id, name: 'test.long' })]);
      }, 15_000);

      it('rejects enqueue within the timeout when Redis does not answer, and still closes', async () => {
        const offline = new BullQueueAdapter('redis://127.0.0.1:1', { prefix: newPrefix(), enqueueTimeoutMs: 300 });
        await expect(offline.enqueue('test.any', {})).rejects.toBeInstanceOf(QueueUnavailableError);
        await offline.close(100);
      });
    });
  });
}
