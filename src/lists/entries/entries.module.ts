import { Module } from '@nestjs/common';
import { ListsCoreModule } from '../core/lists-core.module.js';
import { ListsDailyJob } from './jobs/lists-daily.job.js';
import { ListEntriesService } from './list-entries.service.js';

/** The three lists (red, black, watch): candidates, proposals with prior notice and an objection window, approval by another regulator, expiry and early exit, the changes feed, the score facts P12 and N09. */
@Module({
  imports: [ListsCoreModule],
  providers: [ListsDailyJob, ListEntriesService],
  exports: [ListEntriesService],
})
export class ListsEntriesModule {}
