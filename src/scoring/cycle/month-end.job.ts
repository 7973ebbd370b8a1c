import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { PermanentJobError } from '../../queue/queue.port.js';
import { monthOf } from '../domain/month-cycle.rules.js';
import { MonthRunService } from './month-run.service.js';

/**
 * The month-end run (scheduled the month's last day at 23:30 park time: the month of park today),
 * or a staff "run / re-run" of a month from the page ({ month, restart }). A published month, a bad
 * month or a run already going fail at once rather than retrying; a crash retries and continues
 * after the cursor.
 */
@Injectable()
export class MonthEndJob {
  private readonly logger = new Logger('MonthEnd');

  constructor(private readonly runs: MonthRunService, private readonly i18n: I18nService) {}

  @JobHandler('cycle.monthEnd')
  async run(data: Record<string, unknown>): Promise<{ month: string; monthId: number; snapshots: number }> {
    const month = typeof data.month === 'string' && data.month ? data.month : monthOf(this.i18n.today());
    try {
      const result = await this.runs.run(month, { restart: data.restart === true });
      this.logger.log(`${month}: ${result.snapshots} draft snapshots`);
      return { month, ...result };
    } catch (err) {
      if (err instanceof ConflictError || err instanceof ValidationFailedError) throw new PermanentJobError(`${month}: ${err.messageKey}`);
      throw err;
    }
  }
}
