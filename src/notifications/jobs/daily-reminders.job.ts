import { Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '../../queue/job-handler.decorator.js';

/**
 * The 09:00 reminder run. Features that remind people (signing deadlines, trainings, rectification
 * deadlines) add their reminder queries here as they arrive; each reminder uses a dedupe key per
 * recipient and day so a re-run sends nothing twice.
 */
@Injectable()
export class DailyRemindersJob {
  private readonly logger = new Logger('Reminders');

  @JobHandler('reminders.daily')
  async run(): Promise<{ reminders: number }> {
    this.logger.log('daily reminders: no reminder sources yet');
    return { reminders: 0 };
  }
}
