import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module.js';
import { CalendarModule } from '../../calendar/calendar.module.js';
import { ScoringCoreModule } from '../core/scoring-core.module.js';
import { CycleController } from './cycle.controller.js';
import { CyclePagesController } from './cycle.pages.controller.js';
import { CycleQueries } from './cycle.queries.js';
import { CycleService } from './cycle.service.js';
import { DraftNoticesJob } from './draft-notices.job.js';
import { MonthEndJob } from './month-end.job.js';
import { MonthNotices } from './month-notices.js';
import { MonthRunService } from './month-run.service.js';
import { PublicationNoticesJob } from './publication-notices.job.js';

/** The monthly cycle: the month-end run, review and adjustments, objections, countersignature, publication and errata. */
@Module({
  imports: [ScoringCoreModule, AccountsModule, CalendarModule],
  controllers: [CycleController, CyclePagesController],
  // The audit module keeps its lookup to itself; it is stateless (the contributions registry is global), so a local one serves.
  providers: [MonthRunService, CycleService, CycleQueries, MonthEndJob, MonthNotices, DraftNoticesJob, PublicationNoticesJob],
  exports: [MonthRunService, CycleService, CycleQueries],
})
export class ScoringCycleModule {}
