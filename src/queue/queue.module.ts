import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { BullQueueAdapter } from './adapters/bull-queue.adapter.js';
import { InProcessQueueAdapter } from './adapters/in-process-queue.adapter.js';
import { JobRegistry } from './job-registry.js';
import { JobRunner, PROCESS_ROLE, type ProcessRole } from './job-runner.service.js';
import { QueuePort } from './queue.port.js';
import { QueueService } from './queue.service.js';

/** Chooses the queue adapter from configuration, in one place: Bull when REDIS_URL is set, in-process otherwise. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(role: ProcessRole): DynamicModule {
    return {
      module: QueueModule,
      providers: [
        { provide: PROCESS_ROLE, useValue: role },
        {
          provide: QueuePort,
          inject: [AppConfig],
          useFactory: (config: AppConfig): QueuePort =>
            config.queueMode === 'bull'
              ? new BullQueueAdapter(config.REDIS_URL as string, { stalledMs: config.JOB_STALLED_MS, prefix: config.REDIS_PREFIX })
              : new InProcessQueueAdapter(),
        },
        JobRegistry,
        JobRunner,
        QueueService,
      ],
      exports: [QueuePort, QueueService, JobRunner],
    };
  }
}
