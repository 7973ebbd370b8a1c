import { nextOccurrence } from './domain/cron.rules.js';
import { isJobName, JOBS } from './job-definitions.js';
import type { EnqueueOptions, RetryPolicy, ScheduleDefinition } from './queue.port.js';

/** Finished jobs each adapter keeps for the admin pages (completed and failed, each). */
export const KEEP_FINISHED_JOBS = 1000;

/** The retry rule of a job: the options' values, else the job's entry in JOBS, else one try. Shared by both adapters. */
export function retryPolicyFor(name: string, options: EnqueueOptions = {}): RetryPolicy {
  const fallback: RetryPolicy = isJobName(name) ? JOBS[name] : { attempts: 1, backoffMs: 0 };
  const attempts = Math.max(1, Math.floor(options.attempts ?? fallback.attempts));
  const backoffMs = Math.max(0, Math.floor(options.backoffMs ?? fallback.backoffMs));
  return { attempts: Number.isFinite(attempts) ? attempts : 1, backoffMs: Number.isFinite(backoffMs) ? backoffMs : 0 };
}

/**
 * Refuses malformed schedule definitions before anything changes; returns each schedule's first
 * occurrence after `now` (computing one costs several milliseconds, so the in-process adapter arms
 * its timers with these). Shared by both adapters.
 */
export function assertScheduleDefinitions(definitions: readonly ScheduleDefinition[], now: Date = new Date()): Map<string, Date> {
  const first = new Map<string, Date>();
  for (const def of definitions) {
    if (first.has(def.name)) throw new Error(`schedule '${def.name}' is defined twice`);
    const occurrence = nextOccurrence(def.cron, def.timeZone, now);
    if (!occurrence) throw new Error(`schedule '${def.name}': '${def.cron}' in ${def.timeZone} is not a valid cron rule`);
    first.set(def.name, occurrence);
  }
  return first;
}
