import { Global, Module } from '@nestjs/common';
import { DailyRemindersJob } from './jobs/daily-reminders.job.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsPagesController } from './notifications.pages.controller.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxPagesController } from './outbox.pages.controller.js';
import { OutboxService } from './outbox.service.js';
import { Reminders } from './reminders.js';

/** In-app notices, the e-mail outbox and its relay. Global: every feature notifies. */
@Global()
@Module({
  controllers: [NotificationsPagesController, NotificationsController, OutboxPagesController],
  providers: [NotificationsService, OutboxService, DailyRemindersJob, Reminders],
  exports: [NotificationsService, OutboxService, Reminders],
})
export class NotificationsModule {}
