import { Logger } from '@nestjs/common';
import Bull from 'bull';
import type { Job, JobOptions, JobStatus, Queue } from 'bull';
import { backoffDelay } from '../domain/backoff.rules.js';
import {
  PermanentJobError,
  QueuePort,
  type EnqueueOptions,
  type JobHandlerFn,
  type JobState,
  type QueueCounts,
  type QueuedJob,
  type ScheduleDefinition,
  type ScheduleEntry,
} from '../queue.port.js';
import { assertScheduleDefinitions, KEEP_FINISHED_JOBS, retryPolicyFor } from '../retry-policy.js';

export const BULL_QUEUE_NAME = 'parktrust';

/**
 * Bull's built-in 'exponential' waits delay × (2^n − 1) and so drifts from backoffDelay() from the
 * third try on; this custom strategy applies backoffDelay() itself.
 */
const BACKOFF_TYPE = 'parktrust-exponential';

/** Bound on the final Redis disconnect when closing, so close() never hangs on a dead server. */
const DISCONNECT_BOUND_MS = 2_000;

export interface BullQueueOptions {
  /** Redis key prefix. Default `parktrust`. */
  prefix?: string;
  /** A running job whose worker stops renewing its lock for this long is run again. Default 30 s. */
  stalledMs?: number;
  /** How long enqueue() waits for Redis before failing. Default 2 s. */
  enqueueTimeoutMs?: number;
}

/** Redis did not take a job in time; the caller's outbox sweep will enqueue it again later. */
export class QueueUnavailableError extends Error {}

type Data = Record<string, unknown>;

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms));
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function toJobState(status: JobStatus | 'stuck'): JobState {
  // 'stuck' is a job between two lists for an instant; it is about to wait again.
  return status === 'paused' || status === 'stuck' ? 'waiting' : status;
}

/** One Bull queue named `parktrust` on Redis; named jobs, one processor dispatching by name. */
export class BullQueueAdapter extends QueuePort {
  readonly kind = 'bull' as const;

  private readonly logger = new Logger('Queue');
  private readonly queue: Queue<Data>;
  private readonly enqueueTimeoutMs: number;
  private processing = false;
  /** Handler runs in progress in this process, for close(). */
  private readonly running = new Set<Promise<void>>();
  private closing: Promise<void> | null = null;
  private lastError = '';

  constructor(redisUrl: string, options: BullQueueOptions = {}) {
    super();
    const stalledMs = options.stalledMs ?? 30_000;
    this.enqueueTimeoutMs = options.enqueueTimeoutMs ?? 2_000;
    this.queue = new Bull<Data>(BULL_QUEUE_NAME, redisUrl, {
      prefix: options.prefix ?? 'parktrust',
      settings: {
        lockDuration: stalledMs,
        stalledInterval: stalledMs,
        backoffStrategies: {
          [BACKOFF_TYPE]: (attemptsMade: number, _err: Error, strategy?: { baseMs?: number }) =>
            backoffDelay(Number(strategy?.baseMs ?? 0), attemptsMade + 1),
        },
      },
    });
    this.queue.on('error', (err: Error) => this.logError(err));
  }

  async enqueue(name: string, data: Data, options: EnqueueOptions = {}): Promise<string> {
    if (this.closing) throw new QueueUnavailableError(`the queue is closed; job '${name}' was not added`);
    const opts = this.jobOptions(name, options);
    if (options.jobId !== undefined) opts.jobId = options.jobId;
    if (options.delayMs && options.delayMs > 0) opts.delay = options.delayMs;
    const job = await withTimeout(
      this.queue.add(name, data ?? {}, opts),
      this.enqueueTimeoutMs,
      () => new QueueUnavailableError(`Redis did not take job '${name}' within ${this.enqueueTimeoutMs} ms`),
    );
    return String(job.id);
  }

  async startProcessing(handlers: ReadonlyMap<string, JobHandlerFn>, concurrency: number): Promise<void> {
    if (this.closing) throw new Error('the queue is closed');
    if (this.processing) throw new Error('startProcessing() was already called');
    this.processing = true;
    const table = new Map(handlers);
    // process() settles only when the queue closes.
    this.queue
      .process('*', Math.max(1, Math.floor(concurrency) || 1), (job: Job<Data>) => this.run(job, table))
      .catch((err: unknown) => this.logError(err));
    await this.queue.isReady();
  }

  async applySchedules(definitions: readonly ScheduleDefinition[]): Promise<void> {
    assertScheduleDefinitions(definitions);
    const wanted = new Map(definitions.map((def) => [def.name, def]));
    for (const existing of await this.queue.getRepeatableJobs()) {
      const def = wanted.get(existing.name);
      const same = def && existing.id === def.name && existing.cron === def.cron && existing.tz === def.timeZone;
      if (!same) await this.queue.removeRepeatableByKey(existing.key);
    }
    // Adding an existing repeatable is harmless (same key, same occurrence job id) and restores a lost next occurrence.
    for (const def of definitions) {
      await this.queue.add(def.name, {}, { ...this.jobOptions(def.name, {}), repeat: { cron: def.cron, tz: def.timeZone }, jobId: def.name });
    }
  }

  async schedules(): Promise<ScheduleEntry[]> {
    const list = await this.queue.getRepeatableJobs();
    return list
      .filter((entry) => entry.cron)
      .map((entry) => ({ name: entry.name, cron: entry.cron, timeZone: entry.tz ?? 'UTC', next: entry.next ? new Date(entry.next) : null }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async counts(): Promise<QueueCounts> {
    const counts = (await this.queue.getJobCounts()) as unknown as Partial<Record<JobStatus, number>>;
    return {
      waiting: (counts.waiting ?? 0) + (counts.paused ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
    };
  }

  async jobs(state: JobState, offset: number, limit: number): Promise<QueuedJob[]> {
    if (limit <= 0) return [];
    const types: JobStatus[] = state === 'waiting' ? ['waiting', 'paused'] : [state];
    const start = Math.max(0, offset);
    const list = await this.queue.getJobs(types, start, start + limit - 1, false);
    return list.filter((job): job is Job<Data> => Boolean(job)).map((job) => this.view(job, state));
  }

  async job(id: string): Promise<QueuedJob | null> {
    const job = await this.queue.getJob(id);
    if (!job) return null;
    return this.view(job, toJobState(await job.getState()));
  }

  async retry(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job || (await job.getState()) !== 'failed') return false;
    // Bull's retry keeps attemptsMade, so the job would fail again at once; the port resets it.
    await this.queue.client.hset(this.queue.toKey(String(job.id)), 'attemptsMade', '0');
    try {
      await job.retry();
      return true;
    } catch {
      return false;
    }
  }

  async discard(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job || (await job.getState()) === 'active') return false;
    try {
      await job.remove();
      return true;
    } catch {
      return false; // locked: it became active meanwhile
    }
  }

  close(timeoutMs: number): Promise<void> {
    this.closing ??= this.shutdown(timeoutMs);
    return this.closing;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    let drained = true;
    if (this.processing) {
      // Stop taking jobs: Bull pauses locally and aborts its blocking fetch. This waits for no job,
      // so it is bounded apart from timeoutMs; it must finish before close() reconnects that client again.
      await withTimeout(this.queue.pause(true, true), DISCONNECT_BOUND_MS, () => new Error('timeout')).catch(() => undefined);
      drained = await withTimeout(Promise.allSettled([...this.running]), timeoutMs, () => new Error('timeout')).then(
        () => true,
        () => false,
      );
      if (!drained) this.logger.warn(`jobs still running after ${timeoutMs} ms; closing the queue anyway`);
    }
    try {
      await withTimeout(this.queue.close(!drained), DISCONNECT_BOUND_MS, () => new Error('timeout'));
    } catch {
      // Queue#disconnect() exists in Bull 4 but is missing from its typings.
      await (this.queue as unknown as { disconnect(): Promise<void> }).disconnect().catch(() => undefined);
    }
  }

  private async run(job: Job<Data>, handlers: ReadonlyMap<string, JobHandlerFn>): Promise<void> {
    const run = this.execute(job, handlers);
    this.running.add(run);
    try {
      await run;
    } finally {
      this.running.delete(run);
    }
  }

  private async execute(job: Job<Data>, handlers: ReadonlyMap<string, JobHandlerFn>): Promise<void> {
    const handler = handlers.get(job.name);
    try {
      if (!handler) throw new PermanentJobError(`no handler for job '${job.name}'`);
      await handler(job.data ?? {}, {
        id: String(job.id),
        name: job.name,
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? 1,
      });
    } catch (err) {
      if (err instanceof PermanentJobError) await job.discard();
      throw err instanceof Error ? err : new Error(String(err));
    }
  }

  private jobOptions(name: string, options: EnqueueOptions): JobOptions {
    const policy = retryPolicyFor(name, options);
    const opts: JobOptions = { attempts: policy.attempts, removeOnComplete: KEEP_FINISHED_JOBS, removeOnFail: KEEP_FINISHED_JOBS };
    if (policy.attempts > 1 && policy.backoffMs > 0) opts.backoff = { type: BACKOFF_TYPE, options: { baseMs: policy.backoffMs } };
    return opts;
  }

  private view(job: Job<Data>, state: JobState): QueuedJob {
    return {
      id: String(job.id),
      name: job.name,
      data: job.data ?? {},
      state,
      // Bull counts failed tries only; the port counts every finished try.
      attemptsMade: job.attemptsMade + (state === 'completed' ? 1 : 0),
      maxAttempts: job.opts.attempts ?? 1,
      failedReason: job.failedReason ?? null,
      createdAt: new Date(job.timestamp),
      processedAt: job.processedOn ? new Date(job.processedOn) : null,
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    };
  }

  private logError(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (message === this.lastError) return; // Redis outages repeat the same error on every reconnect
    this.lastError = message;
    this.logger.error(`Bull queue: ${message}`);
  }
}
