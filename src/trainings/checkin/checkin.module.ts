import { Module } from '@nestjs/common';
import { TrainingsCoreModule } from '../core/trainings-core.module.js';
import { CheckinThrottle } from './checkin-throttle.js';
import { CheckinController } from './checkin.controller.js';
import { CheckinPagesController } from './checkin.pages.controller.js';
import { CheckinQueries } from './checkin.queries.js';
import { CheckinService } from './checkin.service.js';
import { MarkAbsentJob } from './jobs/mark-absent.job.js';

/** Trainings: self check-in with the rotating code (display and phone page), staff roll call, automatic absences. */
@Module({
  imports: [TrainingsCoreModule],
  controllers: [CheckinController, CheckinPagesController],
  providers: [CheckinService, CheckinQueries, CheckinThrottle, MarkAbsentJob],
  exports: [CheckinService],
})
export class TrainingsCheckinModule {}
