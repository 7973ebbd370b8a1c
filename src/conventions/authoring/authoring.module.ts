import { Module } from '@nestjs/common';
import { PublishedNoticesJob } from './published-notices.job.js';

/** Conventions: authoring (controllers, services and jobs of this part register here). */
@Module({ providers: [PublishedNoticesJob] })
export class ConventionsAuthoringModule {}
