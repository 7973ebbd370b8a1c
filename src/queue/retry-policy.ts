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

/** Refuses malformed schedule definitions before anything changes. Shared by both adapters. */
export function assertScheduleDefinitions(definitions: readonly ScheduleDefinition[], now: Date = new Date()): void {
  const seen = new Set<string>();
  for (const def of definitions) {
    if (seen.has(def.name)) throw new Error(`schedule '${def.name}' is defined twice`);
    seen.add(def.name);
    if (!nextOccurrence(def.cron, def.timeZone, now)) {
      throw new Error(`schedule '${def.name}': '${def.cron}' in ${def.timeZone} is not a valid cron rule`);
    }
  }
}
