import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { IncentivesModule } from '../incentives/incentives.module.js';
import { JointChecksAuditSubjects } from './joint-checks-audit.subjects.js';
import { JointChecksController } from './joint-checks.controller.js';
import { JointChecksPagesController } from './joint-checks.pages.controller.js';
import { JointChecksQueries } from './joint-checks.queries.js';
import { JointChecksService } from './joint-checks.service.js';

/** Joint checks (逢办必查) by other systems, their feedback, the log, and the check purposes admins keep. */
@Module({
  imports: [ListsCoreModule, IncentivesModule],
  controllers: [JointChecksController, JointChecksPagesController],
  providers: [JointChecksService, JointChecksQueries, JointChecksAuditSubjects],
  exports: [JointChecksService],
})
export class JointChecksModule {}
