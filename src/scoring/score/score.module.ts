import { Module } from '@nestjs/common';
import { ScoringCoreModule } from '../core/scoring-core.module.js';
import { LiveScoreService } from './live-score.service.js';
import { ScoreHomeSection } from './score-home.section.js';
import { ScoreHubPanel } from './score-hub.panel.js';
import { ScorePageService } from './score-page.service.js';
import { ScoreController } from './score.controller.js';
import { ScorePagesController } from './score.pages.controller.js';
import { TenantScoreQueries } from './tenant-score.queries.js';

/**
 * A tenant's live score and its explanation (page and API), what-if, its published history, the hub
 * panel and the officer's home section. Exports LiveScoreService (`explain(results, rulebook, locale)`
 * names the records of many results with one lookup: the cycle's snapshot pages use it).
 */
@Module({
  imports: [ScoringCoreModule],
  controllers: [ScoreController, ScorePagesController],
  // The audit module keeps its lookup to itself; it is stateless (the contributions registry is global), so a local one serves.
  providers: [LiveScoreService, TenantScoreQueries, ScorePageService, ScoreHubPanel, ScoreHomeSection],
  exports: [LiveScoreService],
})
export class ScoringScoreModule {}
