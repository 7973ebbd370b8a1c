import { Module } from '@nestjs/common';
import { CalendarModule } from '../../calendar/calendar.module.js';
import { FindingsCoreModule } from '../../findings/core/findings-core.module.js';
import { InspectorsModule } from '../inspectors/inspectors.module.js';
import { SamplingDailyJob } from './jobs/sampling-daily.job.js';
import { PublicInspectionsController } from './public-inspections.controller.js';
import { TasksAuditSubjects } from './tasks-audit.subjects.js';
import { TasksController } from './tasks.controller.js';
import { TasksHomeSection } from './tasks-home.section.js';
import { TasksPagesController } from './tasks.pages.controller.js';
import { TasksQueries } from './tasks.queries.js';
import { TasksService } from './tasks.service.js';

/** Inspection tasks: inspectors' results, findings and abnormal-operations proposals, publication within 20 working days, the public results page. */
@Module({
  imports: [FindingsCoreModule, CalendarModule, InspectorsModule],
  controllers: [TasksController, TasksPagesController, PublicInspectionsController],
  providers: [SamplingDailyJob, TasksService, TasksQueries, TasksHomeSection, TasksAuditSubjects],
  exports: [TasksQueries],
})
export class InspectionsModule {}
