import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../../src/app.module.js';
import type { JobName } from '../../src/queue/job-definitions.js';
import { QueuePort } from '../../src/queue/queue.port.js';
import { QueueService } from '../../src/queue/queue.service.js';
import { dropRedisKeys, TEST_REDIS_URL as REDIS_URL } from './redis-keys.js';
import { createTestApp, testDb, type TestApp } from './test-app.js';

export { dropRedisKeys };

/** A test app whose jobs run as in production for its database: in-process on SQLite, on MySQL through Bull with a worker. */
export interface JobTestApp {
  t: TestApp;
  /** Enqueues a job as the scheduler would and waits for it to complete (throws when it fails or takes over 30 s). */
  runJob(name: JobName, payload?: Record<string, string | number | boolean | null>): Promise<void>;
  /** Closes the worker and the app and removes the run's Redis keys. */
  close(): Promise<void>;
}

/**
 * On MySQL the web app only enqueues to Redis (its own key prefix) and a worker process's modules,
 * started here in the test process, take the jobs; on SQLite the in-process runner does.
 */
export async function createJobTestApp(env: Record<string, string> = {}): Promise<JobTestApp> {
  let worker: INestApplicationContext | null = null;
  let prefix: string | null = null;
  let t: TestApp;
  if (testDb === 'mysql') {
    prefix = `pt-jobs-${randomBytes(6).toString('hex')}`;
    t = await createTestApp({ ...env, REDIS_URL, REDIS_PREFIX: prefix });
    worker = await NestFactory.createApplicationContext(AppModule.forRoot(t.config, 'worker'), { logger: false });
    await worker.init();
  } else {
    t = await createTestApp(env);
  }
  return {
    t,
    async runJob(name, payload = {}) {
      const id = await t.get(QueueService).enqueue(name, payload);
      const queue = t.get(QueuePort);
      const until = Date.now() + 30_000;
      for (;;) {
        const job = await queue.job(id);
        if (job?.state === 'completed') return;
        if (job?.state === 'failed') throw new Error(`job ${name} failed: ${job.failedReason}`);
        if (Date.now() > until) throw new Error(`job ${name} did not finish (state ${job?.state ?? 'unknown'})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await worker?.close();
      await t.close();
      if (prefix) await dropRedisKeys(prefix);
    },
  };
}
