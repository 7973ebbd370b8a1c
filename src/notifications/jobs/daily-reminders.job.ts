import { Injectable, Logger } from '@nestjs/common';
import { I18nService } from '../../i18n/i18n.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { Reminders } from '../reminders.js';

/**
 * The 09:00 reminder run: every registered reminder source, each on its own so one failing source
 * does not stop the others (the job then fails and is retried; sources are idempotent per day).
 */
@Injectable()
export class DailyRemindersJob {
  private readonly logger = new Logger('Reminders');

  constructor(private readonly reminders: Reminders, private readonly i18n: I18nService) {}

  @JobHandler('reminders.daily')
  async run(): Promise<Record<string, number | string>> {
    const today = this.i18n.today();
    const outcome: Record<string, number | string> = {};
    const failures: string[] = [];
    for (const source of this.reminders.all()) {
      try {
        outcome[source.name] = await source.run(today);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        outcome[source.name] = `failed: ${message}`;
        failures.push(`${source.name}: ${message}`);
      }
    }
    this.logger.log(`daily reminders for ${today}: ${JSON.stringify(outcome)}`);
    if (failures.length) throw new Error(`reminder sources failed: ${failures.join('; ')}`);
    return outcome;
  }
}
