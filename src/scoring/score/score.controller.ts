import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, TenantScoped } from '../../accounts/auth/auth.decorators.js';
import { TENANT_READERS } from '../../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../../common/principal.js';
import { isLocale } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { ScoreQueryDto, WhatIfDto } from './dto/score.dto.js';
import { LiveScoreService } from './live-score.service.js';

const SCORE_SHAPE = '{ tenantId, asOf, rulebookVersion, base, total, grade, bandGrade, gradeNote, '
  + 'contributions: [{ rule, points, source: { type, id }, label, tier, capped, date, record: { label, link } }], overrides: [{ rule, tier, atMost, from, to, source }] }';

/**
 * A tenant's live score with its explanation, and what-if (nothing saved). Readers and the tenant's
 * own officers; another tenant's id is a 404 for an officer.
 */
@ApiTags('scoring')
@ApiBearerAuth()
@Controller('api/v1/tenants')
export class ScoreController {
  constructor(private readonly live: LiveScoreService) {}

  private locale(lang: Locale | undefined, principal: Principal, res: Response): Locale {
    // An explicit ?lang= wins; then the caller's saved language (API clients send no cookie); then the request's.
    return lang ?? (isLocale(principal.locale) ? principal.locale : (res.locals.locale as Locale));
  }

  @Get(':id/score')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @ApiOkResponse({ description: SCORE_SHAPE })
  @ApiNotFoundResponse({ description: 'no such tenant (or not the officer’s own)' })
  @ApiUnprocessableEntityResponse({ description: 'asOf malformed, in the future or before 2000: { errors: { asOf } }' })
  async get(@Param('id', ParseIntPipe) id: number, @Query() query: ScoreQueryDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const asOf = this.live.asOf(query.asOf);
    const locale = this.locale(query.lang, principal, res);
    // The tenant's existence (404) is checked beside the score, not before it: one round trip less on the hot path.
    const [, score] = await Promise.all([this.live.tenant(id), this.live.live(id, asOf, locale)]);
    return this.live.body(score, locale);
  }

  @Get(':id/score/what-if')
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @ApiOkResponse({ description: '{ tenantId, asOf, options: [{ key, action, label, link, source }] }: the options POST …/score/what-if accepts' })
  async options(@Param('id', ParseIntPipe) id: number, @Query() query: ScoreQueryDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const asOf = this.live.asOf(query.asOf);
    const locale = this.locale(query.lang, principal, res);
    await this.live.tenant(id);
    const options = await this.live.options(id, asOf, locale);
    return { tenantId: id, asOf, options: options.map((o) => ({ key: o.key, action: o.action, label: o.label, link: o.link, source: o.source })) };
  }

  @Post(':id/score/what-if')
  @HttpCode(200)
  @Roles(...TENANT_READERS)
  @TenantScoped('id')
  @ApiOkResponse({ description: `{ current, whatIf, delta, options: [{ key, label }] }, current and whatIf each ${SCORE_SHAPE}; nothing is saved` })
  @ApiUnprocessableEntityResponse({ description: 'an option not on offer, or a bad asOf: { errors: { options | asOf } }' })
  async whatIf(
    @Param('id', ParseIntPipe) id: number, @Body() body: WhatIfDto, @Query() query: ScoreQueryDto,
    @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response,
  ) {
    const asOf = this.live.asOf(body.asOf);
    const locale = this.locale(query.lang, principal, res);
    await this.live.tenant(id);
    const { current, whatIf, chosen } = await this.live.whatIf(id, asOf, body.options, locale);
    return {
      current: this.live.body(current, locale),
      whatIf: this.live.body(whatIf, locale),
      delta: whatIf.result.total - current.result.total,
      options: chosen.map((o) => ({ key: o.key, label: o.label })),
    };
  }
}
