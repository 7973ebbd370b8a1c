import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '../../queue/job-handler.decorator.js';

/** Runs the inspection draws that are due (every 5 minutes); the verifiable draw arrives with the sampling issue. */
@Injectable()
export class DrawExecutionsJob {
  private readonly logger = new Logger('Draws');

  @JobHandler('sampling.drawExecutions')
  async run(): Promise<{ draws: number }> {
    this.logger.debug('draw executions: sampling is not built yet');
    return { draws: 0 };
  }
}
