import { Module } from '@nestjs/common';
import { ConventionsCoreModule } from '../core/conventions-core.module.js';
import { AuthoringController } from './authoring.controller.js';
import { AuthoringPagesController } from './authoring.pages.controller.js';
import { AuthoringService } from './authoring.service.js';
import { PublishedNoticesJob } from './published-notices.job.js';

/** Conventions: authoring — drafts, publication with signing obligations, and the notices that follow. */
@Module({
  imports: [ConventionsCoreModule],
  controllers: [AuthoringController, AuthoringPagesController],
  providers: [AuthoringService, PublishedNoticesJob],
  exports: [AuthoringService],
})
export class ConventionsAuthoringModule {}
