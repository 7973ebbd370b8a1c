import { Logger } from '@nestjs/common';
import { backoffDelay } from '../domain/backoff.rules.js';
import { nextOccurrence } from '../domain/cron.rules.js';
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

/** Longest delay `setTimeout` accepts; longer waits are chained. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TimerHandle {
  clear(): void;
}

/** Time source of the in-process adapter; tests inject one to control when schedules fire. */
export interface QueueClock {
  now(): number;
  /** Must not keep the process alive (the default `unref()`s). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

export const systemClock: QueueClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { clear: () => clearTimeout(timer) };
  },
};

/** Calls `fn` at `dueAt` (clock time), chaining timers for waits longer than setTimeout allows. */
export function setTimerAt(clock: QueueClock, dueAt: number, fn: () => void): TimerHandle {
  let current: TimerHandle | null = null;
  let cleared = false;
  const arm = (): void => {
    if (cleared) return;
    const wait = Math.max(0, dueAt - clock.now());
    current = wait > MAX_TIMER_MS ? clock.setTimeout(arm, MAX_TIMER_MS) : clock.setTimeout(() => cleared || fn(), wait);
  };
  arm();
  return {
    clear() {
      cleared = true;
      current?.clear();
    },
  };
}

export interface InProcessQueueOptions {
  clock?: QueueClock;
  /** Completed / failed jobs kept per state. Default 1,000. */
  keepFinished?: number;
}

/** A job as the port shows it, plus what only this adapter needs to run it. */
interface JobRecord extends QueuedJob {
  backoffMs: number;
  timer: TimerHandle | null;
}

interface ScheduleSlot {
  definition: ScheduleDefinition;
  next: Date | null;
  timer: TimerHandle | null;
}

const cloneData = (data: Record<string, unknown> | undefined): Record<string, unknown> =>
  JSON.parse(JSON.stringify(data ?? {})) as Record<string, unknown>;

/**
 * Runs jobs inside this process (embedded mode), with the port's semantics: named jobs, jobId
 * deduplication, delays, a concurrency limit, retries with exponential backoff, recurring jobs.
 * Nothing survives a restart: the outbox sweep re-enqueues what matters.
 */
export class InProcessQueueAdapter extends QueuePort {
  readonly kind = 'in-process' as const;

  private readonly logger = new Logger('Queue');
  private readonly clock: QueueClock;
  private readonly keepFinished: number;
  private readonly records = new Map<string, JobRecord>();
  /** Ids per state, in the order they entered it (oldest first). */
  private readonly byState: Record<JobState, Set<string>> = {
    waiting: new Set(),
    active: new Set(),
    delayed: new Set(),
    failed: new Set(),
    completed: new Set(),
  };
  private readonly running = new Set<Promise<void>>();
  private schedulesByName = new Map<string, ScheduleSlot>();
  private handlers: ReadonlyMap<string, JobHandlerFn> | null = null;
  private concurrency = 1;
  private nextId = 1;
  private pumpQueued = false;
  private closing: Promise<void> | null = null;

  constructor(options: InProcessQueueOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.keepFinished = Math.max(1, options.keepFinished ?? KEEP_FINISHED_JOBS);
  }

  async enqueue(name: string, data: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string> {
    if (this.closing) throw new Error(`the queue is closed; job '${name}' was not added`);
    if (options.jobId !== undefined && this.records.has(options.jobId)) return options.jobId;
    const id = options.jobId ?? this.newId();
    const policy = retryPolicyFor(name, options);
    const record: JobRecord = {
      id,
      name,
      data: cloneData(data),
      state: 'waiting',
      attemptsMade: 0,
      maxAttempts: policy.attempts,
      backoffMs: policy.backoffMs,
      failedReason: null,
      createdAt: new Date(this.clock.now()),
      processedAt: null,
      finishedAt: null,
      timer: null,
    };
    this.records.set(id, record);
    const delayMs = options.delayMs ?? 0;
    if (delayMs > 0) this.delay(record, delayMs);
    else this.moveTo(record, 'waiting');
    return id;
  }

  async startProcessing(handlers: ReadonlyMap<string, JobHandlerFn>, concurrency: number): Promise<void> {
    if (this.closing) throw new Error('the queue is closed');
    if (this.handlers) throw new Error('startProcessing() was already called');
    this.handlers = new Map(handlers);
    this.concurrency = Math.max(1, Math.floor(concurrency) || 1);
    this.schedulePump();
  }

  async applySchedules(definitions: readonly ScheduleDefinition[]): Promise<void> {
    const now = new Date(this.clock.now());
    const first = assertScheduleDefinitions(definitions, now);
    for (const slot of this.schedulesByName.values()) slot.timer?.clear();
    this.schedulesByName = new Map(definitions.map((definition) => [definition.name, { definition: { ...definition }, next: null, timer: null }]));
    for (const slot of this.schedulesByName.values()) this.arm(slot, now, first.get(slot.definition.name));
  }

  async schedules(): Promise<ScheduleEntry[]> {
    return [...this.schedulesByName.values()]
      .map(({ definition, next }) => ({ ...definition, next }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async counts(): Promise<QueueCounts> {
    return {
      waiting: this.byState.waiting.size,
      active: this.byState.active.size,
      delayed: this.byState.delayed.size,
      failed: this.byState.failed.size,
      completed: this.byState.completed.size,
    };
  }

  async jobs(state: JobState, offset: number, limit: number): Promise<QueuedJob[]> {
    const ids = [...this.byState[state]].reverse();
    return ids.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, limit)).map((id) => this.view(this.records.get(id) as JobRecord));
  }

  async job(id: string): Promise<QueuedJob | null> {
    const record = this.records.get(id);
    return record ? this.view(record) : null;
  }

  async retry(id: string): Promise<boolean> {
    const record = this.records.get(id);
    if (!record || record.state !== 'failed') return false;
    record.attemptsMade = 0;
    record.failedReason = null;
    record.processedAt = null;
    record.finishedAt = null;
    this.moveTo(record, 'waiting');
    return true;
  }

  async discard(id: string): Promise<boolean> {
    const record = this.records.get(id);
    if (!record || record.state === 'active') return false;
    record.timer?.clear();
    this.byState[record.state].delete(id);
    this.records.delete(id);
    return true;
  }

  close(timeoutMs: number): Promise<void> {
    this.closing ??= this.shutdown(timeoutMs);
    return this.closing;
  }

  private async shutdown(timeoutMs: number): Promise<void> {
    for (const slot of this.schedulesByName.values()) {
      slot.timer?.clear();
      slot.timer = null;
    }
    for (const id of this.byState.delayed) this.records.get(id)?.timer?.clear();
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, timeoutMs));
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
    clearTimeout(timer);
  }

  private newId(): string {
    while (this.records.has(String(this.nextId))) this.nextId++;
    return String(this.nextId++);
  }

  private moveTo(record: JobRecord, state: JobState): void {
    this.byState[record.state].delete(record.id);
    record.state = state;
    this.byState[state].add(record.id);
    if (state === 'waiting') this.schedulePump();
    if (state === 'completed' || state === 'failed') this.trim(state);
  }

  private delay(record: JobRecord, delayMs: number): void {
    this.moveTo(record, 'delayed');
    if (this.closing) return;
    record.timer = setTimerAt(this.clock, this.clock.now() + delayMs, () => {
      record.timer = null;
      if (this.records.get(record.id) === record && record.state === 'delayed') this.moveTo(record, 'waiting');
    });
  }

  private trim(state: 'completed' | 'failed'): void {
    const ids = this.byState[state];
    for (const id of ids) {
      if (ids.size <= this.keepFinished) break;
      ids.delete(id);
      this.records.delete(id);
    }
  }

  /** Starts jobs on a later microtask, so handlers never run inside the caller's stack. */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.handlers || this.closing) return;
    while (this.byState.active.size < this.concurrency) {
      const id = this.byState.waiting.values().next().value;
      if (id === undefined) return;
      const record = this.records.get(id) as JobRecord;
      this.moveTo(record, 'active');
      record.processedAt = new Date(this.clock.now());
      const run = this.execute(record, this.handlers.get(record.name));
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  private async execute(record: JobRecord, handler: JobHandlerFn | undefined): Promise<void> {
    let failure: unknown = null;
    let ok = false;
    try {
      if (!handler) throw new PermanentJobError(`no handler for job '${record.name}'`);
      await handler(cloneData(record.data), {
        id: record.id,
        name: record.name,
        attempt: record.attemptsMade + 1,
        maxAttempts: record.maxAttempts,
      });
      ok = true;
    } catch (err) {
      failure = err;
    }
    record.attemptsMade++;
    if (ok) {
      record.finishedAt = new Date(this.clock.now());
      this.moveTo(record, 'completed');
    } else if (failure instanceof PermanentJobError || record.attemptsMade >= record.maxAttempts) {
      record.failedReason = failure instanceof Error ? failure.message : String(failure);
      record.finishedAt = new Date(this.clock.now());
      this.moveTo(record, 'failed');
    } else {
      record.failedReason = failure instanceof Error ? failure.message : String(failure);
      const wait = backoffDelay(record.backoffMs, record.attemptsMade + 1);
      if (wait > 0) this.delay(record, wait);
      else this.moveTo(record, 'waiting');
    }
    this.schedulePump();
  }

  /** Sets the schedule's timer for its next occurrence after `after` (`known` when already computed). */
  private arm(slot: ScheduleSlot, after: Date, known?: Date): void {
    const { name, cron, timeZone } = slot.definition;
    const occurrence = known ?? nextOccurrence(cron, timeZone, after);
    slot.next = occurrence;
    slot.timer = null;
    if (!occurrence || this.closing) return;
    slot.timer = setTimerAt(this.clock, occurrence.getTime(), () => {
      if (this.schedulesByName.get(name) !== slot || this.closing) return;
      this.enqueue(name, {}, { jobId: `${name}@${occurrence.toISOString()}` }).catch((err: unknown) =>
        this.logger.error(`schedule '${name}' could not enqueue: ${err instanceof Error ? err.message : String(err)}`),
      );
      this.arm(slot, new Date(Math.max(this.clock.now(), occurrence.getTime())));
    });
  }

  private view(record: JobRecord): QueuedJob {
    const { backoffMs: _backoffMs, timer: _timer, ...job } = record;
    return { ...job, data: cloneData(record.data) };
  }

}
