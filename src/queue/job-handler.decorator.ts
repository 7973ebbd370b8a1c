import { defineContribution } from '../common/contributions/contribution.js';
import { JOBS, type JobName } from './job-definitions.js';
import type { JobHandlerFn } from './queue.port.js';

/** The job handlers, discovered at boot: every job in JOBS has exactly one, and none names an unknown job. */
export const JOB_HANDLERS = defineContribution<string, JobHandlerFn>({
  name: 'job handler',
  key: (name) => name,
  check: (found) => [
    ...found.filter((c) => !(c.meta in JOBS)).map((c) => `@JobHandler('${c.meta}') on ${c.where}: no such job in JOBS`),
    ...Object.keys(JOBS).filter((name) => !found.some((c) => c.meta === name)).map((name) => `no @JobHandler for job '${name}'`),
  ],
});

/**
 * Marks a provider method as the handler of a job. The method receives the job's data (ids, never
 * entities) and a JobContext; it must be idempotent, since a job can be delivered more than once.
 */
export const JobHandler = (name: JobName): MethodDecorator => JOB_HANDLERS.decorator(name);
