import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../../../common/principal.js';
import { I18nService } from '../../../i18n/i18n.service.js';
import { JobHandler } from '../../../queue/job-handler.decorator.js';
import { ListEntriesService } from '../list-entries.service.js';

const JOB_ACTOR: Actor = { userId: null, label: 'job:lists.daily', ip: null };

/** Ends the list entries whose planned end has come (daily, 00:20 park time): idempotent, a batch per transaction. */
@Injectable()
export class ListsDailyJob {
  private readonly logger = new Logger('ListsDailyJob');

  constructor(private readonly entries: ListEntriesService, private readonly i18n: I18nService) {}

  @JobHandler('lists.daily')
  async run(): Promise<{ ended: number }> {
    const ended = await this.entries.expire(this.i18n.today(), JOB_ACTOR);
    this.logger.log(`list entries ended at their planned end: ${ended}`);
    return { ended };
  }
}
