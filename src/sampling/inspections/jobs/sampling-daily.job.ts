import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../../queue/job-handler.decorator.js';

/** Warns of inspection results nearing or past their 20-working-day publication deadline (daily, 00:40 park time). */
@Injectable()
export class SamplingDailyJob {
  @JobHandler('sampling.daily')
  async run(): Promise<{ warned: number }> {
    return { warned: 0 };
  }
}
