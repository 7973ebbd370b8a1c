import { Module } from '@nestjs/common';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { SamplingCoreModule } from '../core/sampling-core.module.js';
import { InspectorsModule } from '../inspectors/inspectors.module.js';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { DrawExecutionsJob } from './draw-executions.job.js';
import { DrawsAuditSubjects } from './draws-audit.subjects.js';
import { DrawsController, PublicDrawsController } from './draws.controller.js';
import { DrawsPagesController } from './draws.pages.controller.js';
import { DrawsQueries } from './draws.queries.js';
import { DrawsService } from './draws.service.js';

/** Scheduled draws: announcement (frozen frame, committed seed), public entropy, the verifiable draw (DESIGN.md §5), tasks and assignments, bundles, public draw pages. */
@Module({
  imports: [SamplingCoreModule, TenantsModule, InspectorsModule, ProgrammesModule],
  controllers: [DrawsController, PublicDrawsController, DrawsPagesController],
  providers: [DrawsService, DrawsQueries, DrawExecutionsJob, DrawsAuditSubjects],
  exports: [DrawsService, DrawsQueries],
})
export class DrawsModule {}
