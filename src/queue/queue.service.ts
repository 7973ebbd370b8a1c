import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { jobRetryPolicy, type JobName } from './job-definitions.js';
import { QueuePort, type EnqueueOptions } from './queue.port.js';

/** What features call to enqueue: a known job name, ids only in the payload, the job's retry rule by default. */
@Injectable()
export class QueueService {
  constructor(
    private readonly queue: QueuePort,
    private readonly config: AppConfig,
  ) {}

  enqueue(name: JobName, data: Record<string, string | number | boolean | null>, options: EnqueueOptions = {}): Promise<string> {
    return this.queue.enqueue(name, data, { ...jobRetryPolicy(name, this.config), ...options });
  }
}
