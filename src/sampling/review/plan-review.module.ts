import { Module } from '@nestjs/common';
import { SamplingCoreModule } from '../core/sampling-core.module.js';
import { InspectorsModule } from '../inspectors/inspectors.module.js';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { PlanReviewController } from './plan-review.controller.js';
import { PlanReviewService } from './plan-review.service.js';

/**
 * The review of a drafted programme: populations, inclusion probabilities, workload, the 无事不扰 number,
 * the random floor, the back-test, the diff. The programmes module renders it on the
 * programme page, looking the service up at run time (this module imports the programmes module).
 */
@Module({
  imports: [SamplingCoreModule, ProgrammesModule, InspectorsModule],
  controllers: [PlanReviewController],
  providers: [PlanReviewService],
  exports: [PlanReviewService],
})
export class PlanReviewModule {}
