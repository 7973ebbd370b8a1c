import { Module } from '@nestjs/common';
import { ScoringCoreModule } from './core/scoring-core.module.js';
import { ScoringCycleModule } from './cycle/cycle.module.js';
import { FactsController } from './facts/facts.controller.js';
import { ScoringOverviewModule } from './overview/overview.module.js';
import { ScoringRulebookModule } from './rulebook/rulebook.module.js';
import { ScoringScoreModule } from './score/score.module.js';
import { ScoringSelfReportsModule } from './self-reports/self-reports.module.js';

/**
 * The self-discipline score: the rulebook as versioned data, the pure engine over every pillar's
 * facts (the `@FactSource` port, discovered at boot), self-reported positive items, the live score
 * with its explanation and what-if, and the monthly cycle (run, review, objections, countersignature,
 * publication, errata) with the park's overview and the year's results.
 */
@Module({
  imports: [
    ScoringCoreModule,
    ScoringRulebookModule,
    ScoringSelfReportsModule,
    // Before the cycle: its static /scores/annual pages would otherwise meet the cycle's /scores/:month.
    ScoringOverviewModule,
    ScoringCycleModule,
    // Last: its /tenants/:id/score pages sit beside the registry's /tenants/:id routes.
    ScoringScoreModule,
  ],
  controllers: [FactsController],
  exports: [ScoringCoreModule],
})
export class ScoringModule {}
