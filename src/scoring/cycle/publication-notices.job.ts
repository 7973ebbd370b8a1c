import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { MonthNotices } from './month-notices.js';

/**
 * Tells the officers of every tenant of a published month its score, grade, change against the
 * last published month, park percentile and the reasons, in batches (MonthNotices). Idempotent:
 * the dedupe key makes a redelivered job send nothing new.
 */
@Injectable()
export class PublicationNoticesJob {
  constructor(private readonly notices: MonthNotices) {}

  @JobHandler('scoring.publicationNotices')
  async run(data: Record<string, unknown>): Promise<{ notified: number }> {
    const month = await this.notices.monthOf(data, ['published'], 'score-published');
    if (!month) return { notified: 0 };
    const notified = await this.notices.notify(month, {
      template: 'score-published', score: 'publishedScore', grade: 'publishedGrade',
      columns: ['percentile'], params: (r) => ({ percentile: r.percentile ?? '' }),
    });
    return { notified };
  }
}
