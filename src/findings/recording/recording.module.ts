import { Module } from '@nestjs/common';
import { FindingsCoreModule } from '../core/findings-core.module.js';
import { FindingsController } from './findings.controller.js';
import { FindingsPagesController } from './findings.pages.controller.js';
import { FindingsQueries } from './findings.queries.js';
import { FindingsRecordingService } from './recording.service.js';

/**
 * Findings: a department's regulators record them (page and API, idempotent on department and
 * decision number), decide complaints and end abnormal-operations listings; the register with its
 * filters and export, and the detail. FindingsModule imports this module last: its `/findings/:id`
 * routes must come after the sub-features' `/findings/<word>` ones.
 */
@Module({
  imports: [FindingsCoreModule],
  controllers: [FindingsController, FindingsPagesController],
  providers: [FindingsRecordingService, FindingsQueries],
  exports: [FindingsRecordingService, FindingsQueries],
})
export class FindingsRecordingModule {}
