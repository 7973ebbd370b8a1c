import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '../../queue/job-handler.decorator.js';

/** Publication notices of a month (placeholder until the cycle part lands). */
@Injectable()
export class PublicationNoticesJob {
  private readonly logger = new Logger('PublicationNotices');

  @JobHandler('scoring.publicationNotices')
  async run(payload: { monthId?: number }): Promise<{ sent: number }> {
    this.logger.log(`publication notices of month ${payload.monthId}: not built yet`);
    return { sent: 0 };
  }
}
