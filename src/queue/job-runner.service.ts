import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { scheduleDefinitions } from './job-definitions.js';
import { JobRegistry } from './job-registry.js';
import { QueuePort } from './queue.port.js';

/** How this process takes part: the web process only enqueues when a worker exists (Bull), the CLI does neither. */
export type ProcessRole = 'web' | 'worker' | 'cli';
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

/**
 * The one place that decides whether jobs run here: in the embedded mode the web process runs them
 * in-process; with Redis only `dist/worker.js` processes and registers the schedules.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly queue: QueuePort,
    private readonly registry: JobRegistry,
    private readonly config: AppConfig,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  get runsJobs(): boolean {
    return this.role === 'worker' || (this.role === 'web' && this.queue.kind === 'in-process');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsJobs) return;
    if (this.config.SCHEDULES_ENABLED) await this.queue.applySchedules(scheduleDefinitions(this.config));
    await this.queue.startProcessing(this.registry.handlers(), this.config.WORKER_CONCURRENCY);
    this.logger.log(`processing ${this.queue.kind} jobs (concurrency ${this.config.WORKER_CONCURRENCY}${this.config.SCHEDULES_ENABLED ? ', schedules on' : ''})`);
  }

  /**
   * Stops taking jobs and lets running ones finish while the database is still open: TypeORM
   * closes its connection in onApplicationShutdown, and a send that could not record "sent" would
   * be sent again after its claim expires.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close(this.config.SHUTDOWN_TIMEOUT_MS);
  }
}
