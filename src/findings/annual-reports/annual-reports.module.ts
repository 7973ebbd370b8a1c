import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../../scoring/core/scoring-core.module.js';
import { FindingsCoreModule } from '../core/findings-core.module.js';
import { AnnualReportsController } from './annual-reports.controller.js';
import { AnnualReportsPagesController } from './annual-reports.pages.controller.js';
import { AnnualReportsService } from './annual-reports.service.js';

/** Findings: tenants' annual reports (P04), recorded by regulators and staff, one per tenant and year. */
@Module({
  imports: [FindingsCoreModule, ScoringCoreModule],
  controllers: [AnnualReportsController, AnnualReportsPagesController],
  providers: [AnnualReportsService],
  exports: [AnnualReportsService],
})
export class FindingsAnnualReportsModule {}
