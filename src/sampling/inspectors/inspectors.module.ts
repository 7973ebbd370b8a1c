import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { InspectorPoolService } from './inspector-pool.service.js';
import { InspectorsAuditSubjects } from './inspectors-audit.subjects.js';
import { InspectorsController } from './inspectors.controller.js';
import { InspectorsPagesController } from './inspectors.pages.controller.js';
import { InspectorsQueries } from './inspectors.queries.js';
import { InspectorsService } from './inspectors.service.js';

/**
 * The inspector pool: regulators flagged as inspectors by department, declared conflicts of interest
 * and unavailability. Exports `InspectorPoolService` (poolFor, availability, inspectorOfUser, byIds)
 * for draws, the plan review and tasks, and `InspectorsService` (flag, conflicts, absences) for the demo seed.
 */
@Module({
  imports: [AccountsModule, TenantsModule],
  controllers: [InspectorsController, InspectorsPagesController],
  providers: [InspectorsService, InspectorsQueries, InspectorPoolService, InspectorsAuditSubjects],
  exports: [InspectorPoolService, InspectorsService],
})
export class InspectorsModule {}
