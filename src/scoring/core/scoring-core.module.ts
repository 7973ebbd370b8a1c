import { Module } from '@nestjs/common';
import { TenantsModule } from '../../tenants/tenants.module.js';
import { FactsService } from './facts.service.js';
import { RulebookService } from './rulebook.service.js';
import { ScoreHistoryQueries } from './score-history.queries.js';
import { ScoreService } from './score.service.js';

/**
 * What every part of scoring (and the pillars that read windows) shares: the rulebook in force,
 * every pillar's facts through the FactSource port, and the published months the grade rule remembers.
 */
@Module({
  imports: [TenantsModule],
  providers: [RulebookService, FactsService, ScoreHistoryQueries, ScoreService],
  exports: [RulebookService, FactsService, ScoreHistoryQueries, ScoreService, TenantsModule],
})
export class ScoringCoreModule {}
