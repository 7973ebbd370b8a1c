import { Module } from '@nestjs/common';
import { ScoringOverviewModule } from '../../scoring/overview/overview.module.js';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { ListsDailyJob } from './jobs/lists-daily.job.js';
import { ListCandidatesService } from './list-candidates.service.js';
import { ListEntriesContributions } from './list-entries.contributions.js';
import { ListEntriesController } from './list-entries.controller.js';
import { ListEntriesPagesController } from './list-entries.pages.controller.js';
import { ListEntriesQueries } from './list-entries.queries.js';
import { ListEntriesService } from './list-entries.service.js';
import { ListFactsSource } from './list-facts.source.js';

/** The three lists (red, black, watch): candidates, proposals with prior notice and an objection window, approval by another regulator, expiry and early exit, the changes feed, the score facts P12 and N09. */
@Module({
  imports: [ListsCoreModule, ScoringOverviewModule],
  controllers: [ListEntriesController, ListEntriesPagesController],
  providers: [ListsDailyJob, ListEntriesService, ListEntriesQueries, ListCandidatesService, ListFactsSource, ListEntriesContributions],
  exports: [ListEntriesService],
})
export class ListsEntriesModule {}
