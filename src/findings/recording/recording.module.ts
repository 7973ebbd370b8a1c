import { Module } from '@nestjs/common';
import { FindingsCoreModule } from '../core/findings-core.module.js';

/** Findings: a department's regulators record them (page and API, idempotent), the list, export and detail. */
@Module({
  imports: [FindingsCoreModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class FindingsRecordingModule {}
