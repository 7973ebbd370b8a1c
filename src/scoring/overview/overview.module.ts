import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../core/scoring-core.module.js';

/** The park at a glance (staff and regulator home), the year (annual scores, ranking, red-list nominations). */
@Module({
  imports: [ScoringCoreModule],
  controllers: [],
  providers: [],
})
export class ScoringOverviewModule {}
