import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../core/scoring-core.module.js';
import { PublicationNoticesJob } from './publication-notices.job.js';
import { MonthEndJob } from './month-end.job.js';

/** The monthly cycle: the month-end run, review and adjustments, objections, countersignature, publication and errata. */
@Module({
  imports: [ScoringCoreModule],
  controllers: [],
  providers: [MonthEndJob, PublicationNoticesJob],
})
export class ScoringCycleModule {}
