import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '../../queue/job-handler.decorator.js';

/** Back-test of a drafted rulebook version (placeholder until the rulebook part lands). */
@Injectable()
export class BacktestJob {
  private readonly logger = new Logger('Backtest');

  @JobHandler('scoring.backtest')
  async run(payload: { versionId?: number }): Promise<{ done: boolean }> {
    this.logger.log(`back-test of version ${payload.versionId}: not built yet`);
    return { done: false };
  }
}
