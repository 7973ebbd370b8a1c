import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { I18nService } from '../../i18n/i18n.service.js';
import { RepairNotEligibleError } from './repairs.service.js';

/**
 * The API's answer to an application before eligibility: the usual 409 body plus `eligibleOn` (the
 * first day, or null when the record cannot be repaired) and the reasons, so a client can tell the
 * officer when to come back.
 */
@Catch(RepairNotEligibleError)
export class RepairErrorsFilter implements ExceptionFilter {
  constructor(private readonly i18n: I18nService) {}

  catch(e: RepairNotEligibleError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const locale = (res.locals?.locale as string | undefined) ?? this.i18n.defaultLocale;
    res.status(409).json({
      statusCode: 409, error: e.messageKey.replace(/^listsRepair\.errors\./, ''), message: this.i18n.t(locale, e.messageKey, e.params),
      eligibleOn: e.eligibility.eligibleOn,
      reasons: e.eligibility.reasons.map((r) => ({ ...r, message: this.i18n.t(locale, `listsRepair.reasons.${r.code}`, r.params ?? {}) })),
    });
  }
}
