import { Module } from '@nestjs/common';
import { QueuePagesController } from './queue.pages.controller.js';

/** The admin pages over the queue (jobs, schedules); the queue itself is the global QueueModule. */
@Module({ controllers: [QueuePagesController] })
export class QueueAdminModule {}
