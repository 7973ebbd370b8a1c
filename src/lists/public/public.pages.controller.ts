import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../accounts/auth/auth.decorators.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { pagerOf } from '../../common/pagination.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { RulebookService } from '../../scoring/core/rulebook.service.js';
import { PublicListQueryDto } from './dto/public-list-query.dto.js';
import { cachePublicPage } from './public-cache.js';
import { isPublicList, PUBLIC_LISTS, schemeScore, type SchemeLocale } from './public-disclosure.rules.js';
import { PublicListsQueries } from './public-lists.queries.js';

/**
 * The public disclosure pages, readable by anyone without logging in: the landing page, the red and
 * black lists (name, USCC, list, legal basis, dates — nothing more) and how the scheme works (the
 * inspection results are the sampling context's: src/sampling/inspections). Server-rendered, no script, cacheable for a minute by anonymous readers.
 */
@ApiExcludeController()
@Controller('public')
export class PublicPagesController {
  constructor(private readonly queries: PublicListsQueries, private readonly rulebooks: RulebookService, private readonly i18n: I18nService) {}

  @Get()
  @Public()
  @Render('public/landing')
  async landing(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    cachePublicPage(req, res);
    const today = this.i18n.today();
    const counts = await this.queries.counts(today);
    return { titleKey: 'publicPages.landing.title', today, lists: PUBLIC_LISTS.map((list) => ({ list, count: counts[list] })) };
  }

  @Get('lists/:list')
  @Public()
  @Render('public/list')
  async list(@Param('list') list: string, @Query() query: PublicListQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!isPublicList(list)) throw new NotFoundError();
    cachePublicPage(req, res);
    const page = await this.queries.list(list, query, this.i18n.today());
    return {
      titleKey: `publicPages.lists.${list}.title`, list, page, filters: { q: query.q, pageSize: query.pageSize }, base: `/public/lists/${list}`,
      other: PUBLIC_LISTS.filter((l) => l !== list), ...pagerOf(page),
    };
  }

  @Get('scheme')
  @Public()
  @Render('public/scheme')
  async scheme(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    cachePublicPage(req, res);
    const today = this.i18n.today();
    const locale: SchemeLocale = res.locals.locale === 'en' ? 'en' : 'zh-CN';
    const [rulebook, listRules, repairRules] = await Promise.all([this.rulebooks.inForce(today), this.queries.listRules(today), this.queries.repairRules(today)]);
    const score = schemeScore(rulebook, locale);
    return {
      titleKey: 'publicPages.scheme.title', today, score, listRules, repairRules,
      blackRule: listRules.find((r) => r.list === 'black') ?? null,
      listObjectionDays: Math.max(0, ...listRules.map((r) => r.objectionWorkingDays)),
    };
  }
}
