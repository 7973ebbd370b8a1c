import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../core/scoring-core.module.js';
import { AnnualPagesController } from './annual.pages.controller.js';
import { AnnualResultsService } from './annual-results.service.js';
import { MonthScoresCache } from './month-scores.cache.js';
import { ScoreYearsController } from './score-years.controller.js';
import { ScoresOverviewSection } from './scores-overview.section.js';

/** The park at a glance (staff and regulator home), the year (annual scores, ranking, red-list nominations). */
@Module({
  imports: [ScoringCoreModule],
  controllers: [AnnualPagesController, ScoreYearsController],
  providers: [AnnualResultsService, MonthScoresCache, ScoresOverviewSection],
  exports: [AnnualResultsService],
})
export class ScoringOverviewModule {}
