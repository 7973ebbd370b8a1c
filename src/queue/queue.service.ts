import { Injectable } from '@nestjs/common';
import { JOBS, type JobName } from './job-definitions.js';
import { QueuePort, type EnqueueOptions } from './queue.port.js';

/** What features call to enqueue: a known job name, ids only in the payload, the job's retry rule by default. */
@Injectable()
export class QueueService {
  constructor(private readonly queue: QueuePort) {}

  enqueue(name: JobName, data: Record<string, string | number | boolean | null>, options: EnqueueOptions = {}): Promise<string> {
    return this.queue.enqueue(name, data, { ...JOBS[name], ...options });
  }
}
