import { Module } from '@nestjs/common';
import { TrainingsCoreModule } from '../core/trainings-core.module.js';
import { RegistrationController } from './registration.controller.js';
import { RegistrationPagesController } from './registration.pages.controller.js';
import { RegistrationQueries } from './registration.queries.js';
import { RegistrationService } from './registration.service.js';

/** Trainings: seats and the waiting list, excuse requests and their decisions. */
@Module({
  imports: [TrainingsCoreModule],
  controllers: [RegistrationController, RegistrationPagesController],
  providers: [RegistrationService, RegistrationQueries],
  exports: [RegistrationService],
})
export class TrainingsRegistrationModule {}
