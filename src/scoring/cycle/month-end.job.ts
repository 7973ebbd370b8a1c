import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '../../queue/job-handler.decorator.js';

/**
 * Month-end run (last day of the month, 23:30 park time): will compute the draft score snapshot of
 * every tenant, set-based, once the scoring engine arrives. Scheduled now so the schedule exists.
 */
@Injectable()
export class MonthEndJob {
  private readonly logger = new Logger('MonthEnd');

  @JobHandler('cycle.monthEnd')
  async run(): Promise<{ snapshots: number }> {
    this.logger.log('month-end run: scoring is not built yet');
    return { snapshots: 0 };
  }
}
