/**
 * The queue port: everything in ParkTrust that enqueues, schedules or inspects jobs goes through
 * this, never through Bull directly. Two adapters implement it: Bull on Redis (production) and an
 * in-process runner (embedded default), with the same retry and deduplication semantics; one
 * contract suite (test/support/queue.contract.ts) runs against both.
 */
export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** Exponential backoff base: try n waits backoffMs × 2^(n-2) after try n-1 failed. */
  backoffMs: number;
}

export interface EnqueueOptions extends Partial<RetryPolicy> {
  /** A job with the same id that is still known to the queue (waiting, delayed, active, kept) is not added again. */
  jobId?: string;
  delayMs?: number;
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandlerFn = (data: Record<string, unknown>, ctx: JobContext) => Promise<unknown>;

export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type QueueCounts = Record<JobState, number>;

export interface QueuedJob {
  id: string;
  name: string;
  data: Record<string, unknown>;
  state: JobState;
  attemptsMade: number;
  maxAttempts: number;
  failedReason: string | null;
  createdAt: Date;
  processedAt: Date | null;
  finishedAt: Date | null;
}

export interface ScheduleDefinition {
  /** Job name, also the schedule's fixed id. */
  name: string;
  /** Cron rule (5 fields, `L` for the last day of the month) in `timeZone`. */
  cron: string;
  timeZone: string;
}

export interface ScheduleEntry extends ScheduleDefinition {
  next: Date | null;
}

/** Thrown by a handler for a failure that retrying cannot fix: the job fails at once. */
export class PermanentJobError extends Error {}

export abstract class QueuePort {
  abstract readonly kind: 'bull' | 'in-process';

  /** Adds a job; resolves with its id (the existing one when deduplicated). */
  abstract enqueue(name: string, data: Record<string, unknown>, options?: EnqueueOptions): Promise<string>;

  /** Starts taking jobs with these handlers, at most `concurrency` at a time. */
  abstract startProcessing(handlers: ReadonlyMap<string, JobHandlerFn>, concurrency: number): Promise<void>;

  /** Makes the recurring jobs exactly these (adds new ones, removes ones no longer defined). */
  abstract applySchedules(definitions: readonly ScheduleDefinition[]): Promise<void>;

  abstract schedules(): Promise<ScheduleEntry[]>;

  abstract counts(): Promise<QueueCounts>;

  /** Jobs in one state, newest first. */
  abstract jobs(state: JobState, offset: number, limit: number): Promise<QueuedJob[]>;

  abstract job(id: string): Promise<QueuedJob | null>;

  /** Puts a failed job back to waiting, attempts reset. False when there is no such failed job. */
  abstract retry(id: string): Promise<boolean>;

  /** Removes a job that is not running. False when there is no such job or it is active. */
  abstract discard(id: string): Promise<boolean>;

  /** Stops taking jobs and waits up to `timeoutMs` for running ones; then releases connections. */
  abstract close(timeoutMs: number): Promise<void>;
}
