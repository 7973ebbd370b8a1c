import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../../scoring/core/scoring-core.module.js';
import { TrainingsCoreModule } from '../core/trainings-core.module.js';
import { TrainingFactsSource } from '../facts/training-facts.source.js';
import { TrainingsHubQueries } from '../hub/trainings-hub.queries.js';
import { AttendanceExport } from './attendance-export.js';
import { AttendanceImportPagesController } from './attendance-import.pages.controller.js';
import { AttendanceImportService } from './attendance-import.service.js';
import { AttendancePagesController } from './attendance.pages.controller.js';
import { AttendanceQueries } from './attendance.queries.js';
import { CertificatePdfService } from './certificate-pdf.service.js';

/**
 * Trainings: attendance per session, per tenant and park-wide (pages, chart, CSV/XLSX export and
 * import), certificates of attendance, the hub panel and the score facts (P07, P08, N03).
 */
@Module({
  imports: [TrainingsCoreModule, ScoringCoreModule],
  controllers: [AttendanceImportPagesController, AttendancePagesController],
  providers: [AttendanceQueries, AttendanceExport, AttendanceImportService, CertificatePdfService, TrainingFactsSource, TrainingsHubQueries],
  exports: [AttendanceQueries],
})
export class TrainingsAttendanceModule {}
