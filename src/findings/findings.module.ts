import { Module } from '@nestjs/common';
import { FindingsAnnualReportsModule } from './annual-reports/annual-reports.module.js';
import { FindingsCoreModule } from './core/findings-core.module.js';
import { FindingFactsSource } from './facts/finding-facts.source.js';
import { FindingsAuditSubjects } from './findings-audit.subjects.js';
import { FindingsHomeSection } from './home/findings-home.section.js';
import { FindingsHubQueries } from './hub/findings-hub.queries.js';
import { FindingsImportModule } from './import/findings-import.module.js';
import { FindingsRecordingModule } from './recording/recording.module.js';
import { FindingsRectificationModule } from './rectification/rectification.module.js';
import { RectifyWhatIfSource } from './what-if/rectify-what-if.source.js';

/**
 * Regulator findings (the fourth pillar of the score): administrative penalties, abnormal-operations
 * listings, complaints and inspection results recorded by a department (pages, API, import), their
 * publicity periods from the effective-dated rules, rectification with evidence and verification,
 * annual reports (P04), the score facts P03 P04 P05 N04 N05 N06 N08 and the what-if option
 * "rectify". Contributions (hub panel, home work queue, score facts, what-if, audit names) are declared where they live.
 */
@Module({
  imports: [
    FindingsCoreModule,
    // Static paths only (/findings/import, /findings/annual-reports/import): before any sub-feature's :id routes.
    FindingsImportModule,
    FindingsAnnualReportsModule,
    FindingsRectificationModule,
    // Last: its /findings/:id routes would otherwise answer the sub-features' /findings/<word> pages.
    FindingsRecordingModule,
  ],
  providers: [FindingsAuditSubjects, FindingFactsSource, RectifyWhatIfSource, FindingsHubQueries, FindingsHomeSection],
  exports: [FindingsCoreModule],
})
export class FindingsModule {}
