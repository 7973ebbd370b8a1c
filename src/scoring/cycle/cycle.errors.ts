import { ConflictError } from '../../common/errors/domain-error.js';
import type { PublishMissing } from '../domain/month-cycle.rules.js';

/** 409 for a month that cannot be published yet; the API answers with `missing` beside the message. */
export class MonthNotPublishableError extends ConflictError {
  constructor(readonly month: string, readonly missing: PublishMissing, reasons: string) {
    super('scoringCycle.notPublishable', { month, reasons });
  }
}
