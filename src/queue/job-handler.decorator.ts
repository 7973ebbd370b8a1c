import { SetMetadata } from '@nestjs/common';
import type { JobName } from './job-definitions.js';

export const JOB_HANDLER_KEY = 'parktrust:job-handler';

/**
 * Marks a provider method as the handler of a job. The method receives the job's data (ids, never
 * entities) and a JobContext; it must be idempotent, since a job can be delivered more than once.
 */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER_KEY, name);
