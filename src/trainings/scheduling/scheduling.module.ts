import { Module } from '@nestjs/common';
import { TrainingsCoreModule } from '../core/trainings-core.module.js';
import { TrainingsRegistrationModule } from '../registration/registration.module.js';
import { SchedulingController } from './scheduling.controller.js';
import { SchedulingPagesController } from './scheduling.pages.controller.js';
import { SchedulingQueries } from './scheduling.queries.js';
import { SchedulingService } from './scheduling.service.js';
import { TrainingInvitationsHooks } from './training-invitations.hooks.js';
import { TrainingNoticesJob } from './training-notices.job.js';
import { TrainingReminders } from './training-reminders.js';

/**
 * Scheduling: sessions and series, who must attend (invitations kept in step with the registry),
 * the invitation, change and cancellation e-mails with their calendar files, and the day-before reminder.
 */
@Module({
  // Registration: an edit that adds seats moves the waiting list up.
  imports: [TrainingsCoreModule, TrainingsRegistrationModule],
  controllers: [SchedulingController, SchedulingPagesController],
  providers: [SchedulingService, SchedulingQueries, TrainingInvitationsHooks, TrainingNoticesJob, TrainingReminders],
  exports: [SchedulingService, SchedulingQueries],
})
export class TrainingsSchedulingModule {}
