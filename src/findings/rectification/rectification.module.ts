import { Module } from '@nestjs/common';
import { FindingsCoreModule } from '../core/findings-core.module.js';
import { FindingOverdueReminders } from './jobs/overdue-reminders.js';
import { RectificationAuditSubjects } from './rectification-audit.subjects.js';
import { RectificationController } from './rectification.controller.js';
import { RectificationPagesController } from './rectification.pages.controller.js';
import { RectificationQueries } from './rectification.queries.js';
import { RectificationService } from './rectification.service.js';

/**
 * Findings: rectification — the tenant's evidence and statement, the department's (or delegated
 * staff's) verification or return, the work queues, and the daily overdue notices.
 */
@Module({
  imports: [FindingsCoreModule],
  controllers: [RectificationController, RectificationPagesController],
  providers: [RectificationService, RectificationQueries, RectificationAuditSubjects, FindingOverdueReminders],
  exports: [RectificationService, RectificationQueries],
})
export class FindingsRectificationModule {}
