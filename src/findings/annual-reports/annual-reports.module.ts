import { Module } from '@nestjs/common';
import { FindingsCoreModule } from '../core/findings-core.module.js';

/** Findings: tenants' annual reports (P04), recorded by regulators and staff, one per tenant and year. */
@Module({
  imports: [FindingsCoreModule],
  controllers: [],
  providers: [],
  exports: [],
})
export class FindingsAnnualReportsModule {}
