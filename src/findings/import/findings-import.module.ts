import { Module } from '@nestjs/common';
import { FindingsCoreModule } from '../core/findings-core.module.js';
import { AnnualReportsImportService } from './annual-reports-import.service.js';
import { FindingsImportController } from './findings-import.controller.js';
import { FindingsImportPagesController } from './findings-import.pages.controller.js';
import { FindingsImportService } from './findings-import.service.js';

/**
 * Findings: import from a public credit platform's CSV/XLSX export (column mapping, dry run, preview,
 * all-or-nothing commit) and annual reports import, pages and API, for staff and regulators.
 */
@Module({
  imports: [FindingsCoreModule],
  controllers: [FindingsImportPagesController, FindingsImportController],
  providers: [FindingsImportService, AnnualReportsImportService],
  exports: [FindingsImportService],
})
export class FindingsImportModule {}
