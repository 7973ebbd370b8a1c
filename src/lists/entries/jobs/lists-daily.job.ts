import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../../queue/job-handler.decorator.js';

/** Placeholder until the entries part lands: ends entries whose planned end has come (daily, 00:20 park time). */
@Injectable()
export class ListsDailyJob {
  @JobHandler('lists.daily')
  async run(): Promise<{ ended: number }> {
    return { ended: 0 };
  }
}
