import { Module } from '@nestjs/common';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { AuthoringController } from './authoring.controller.js';
import { AuthoringPagesController } from './authoring.pages.controller.js';
import { AuthoringService } from './authoring.service.js';
import { PublishedNoticesJob } from './published-notices.job.js';
import { SigningReminders } from './signing-reminders.js';

/** Conventions: authoring — drafts, publication with signing obligations, the notices and reminders that follow. */
@Module({
  imports: [TenantsModule],
  controllers: [AuthoringController, AuthoringPagesController],
  providers: [AuthoringService, PublishedNoticesJob, SigningReminders],
  exports: [AuthoringService],
})
export class ConventionsAuthoringModule {}
