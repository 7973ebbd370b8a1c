import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { ScoringCoreModule } from '../core/scoring-core.module.js';
import { SelfReportAuditSubjects } from './self-report-audit.subjects.js';
import { SelfReportFactsSource } from './self-report-facts.source.js';
import { SelfReportsController } from './self-reports.controller.js';
import { SelfReportsHomeSection } from './self-reports-home.section.js';
import { SelfReportsPagesController } from './self-reports.pages.controller.js';
import { SelfReportsQueries } from './self-reports.queries.js';
import { SelfReportsService } from './self-reports.service.js';

/**
 * Self-reported positive items (P09–P11): claimed by tenant officers with evidence, approved or
 * rejected by park staff; their score facts, the staff's home section and the tenant hub's panel.
 */
@Module({
  imports: [ScoringCoreModule, AccountsModule],
  controllers: [SelfReportsController, SelfReportsPagesController],
  providers: [SelfReportsService, SelfReportsQueries, SelfReportsHomeSection, SelfReportAuditSubjects, SelfReportFactsSource],
  exports: [SelfReportsService, SelfReportsQueries],
})
export class ScoringSelfReportsModule {}
