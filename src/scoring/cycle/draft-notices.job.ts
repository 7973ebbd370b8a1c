import { Injectable } from '@nestjs/common';
import { I18nService } from '../../i18n/i18n.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { MonthNotices } from './month-notices.js';

/**
 * Tells the officers of every tenant of a month whose draft is ready its draft score, grade, change
 * against the last published month, the reasons and the last day they may object (a park date),
 * in batches (MonthNotices). Enqueued once, when the run first makes the month a draft; the dedupe
 * key makes a redelivered job, or a later one for the same month, send nothing new. A month being
 * re-computed meanwhile makes the job retry (the draft comes back); once the window closed, or
 * the month was published, there is nothing left to tell.
 */
@Injectable()
export class DraftNoticesJob {
  constructor(private readonly notices: MonthNotices, private readonly i18n: I18nService) {}

  @JobHandler('scoring.draftNotices')
  async run(data: Record<string, unknown>): Promise<{ notified: number }> {
    const month = await this.notices.monthOf(data, ['computing', 'draft', 'countersigned'], 'score-draft');
    if (!month) return { notified: 0 };
    if (month.status === 'computing') throw new Error(`month ${month.month} is being computed again: its draft notices wait for the draft`);
    const closesOn = month.objectionClosesOn;
    if (!closesOn || closesOn < this.i18n.today()) return { notified: 0 };
    const notified = await this.notices.notify(month, { template: 'score-draft', score: 'score', grade: 'grade', params: () => ({ closesOn }) });
    return { notified };
  }
}
