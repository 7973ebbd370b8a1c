import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { translateFields } from '../../common/filters/all-exceptions.filter.js';
import { validateForm } from '../../common/validation.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { WhatIfDto } from './dto/score.dto.js';
import { ScorePageService } from './score-page.service.js';
import { LiveScoreService } from './live-score.service.js';

const VIEW = 'scores/tenant-score';

/**
 * A tenant's score page: the live score as of a date with its explanation, the month in review,
 * the history chart with "why it changed", and what-if (POST renders the hypothetical result; nothing
 * is saved). Readers and the tenant's own officers.
 */
@ApiExcludeController()
@Controller('tenants')
export class ScorePagesController {
  constructor(private readonly page: ScorePageService, private readonly live: LiveScoreService, private readonly i18n: I18nService) {}

  @Get(':id/score')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  async show(@Param('id', ParseIntPipe) id: number, @Query('asOf') rawAsOf: unknown, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as Locale;
    let asOf: string;
    try {
      asOf = this.live.asOf(rawAsOf);
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      // A bad date in the picker: today's score, with the error beside the picker.
      return this.render(res, 422, await this.page.model(id, this.i18n.today(), locale), { asOfValue: typeof rawAsOf === 'string' ? rawAsOf : '' }, err);
    }
    this.render(res, 200, await this.page.model(id, asOf, locale), { asOfValue: asOf });
  }

  /** The what-if result's address, opened again (a bookmark, a reload without the form): the score page. */
  @Get(':id/score/what-if')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  whatIfPage(@Param('id', ParseIntPipe) id: number, @Res() res: Response): void {
    res.redirect(303, `/tenants/${id}/score#score-what-if`);
  }

  @Post(':id/score/what-if')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  async whatIf(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as Locale;
    const today = this.i18n.today();
    const form = await validateForm(WhatIfDto, { options: body?.options });
    try {
      if (!form.ok) throw new ValidationFailedError(form.fields);
      this.render(res, 200, await this.page.model(id, today, locale, form.value.options), { asOfValue: today });
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      this.render(res, 422, await this.page.model(id, today, locale), { asOfValue: today }, err);
    }
  }

  private render(res: Response, status: number, model: object, extra: Record<string, unknown>, error?: ValidationFailedError): void {
    const locale = res.locals.locale as string;
    res.status(status).render(VIEW, {
      titleKey: 'scoringScore.title', ...model, ...extra,
      ...(error ? { errors: translateFields(this.i18n, locale, error.fields), formError: this.i18n.t(locale, error.messageKey, error.params) } : {}),
    });
  }
}
