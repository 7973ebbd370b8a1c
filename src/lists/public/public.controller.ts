import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../accounts/auth/auth.decorators.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { PublicListQueryDto } from './dto/public-list-query.dto.js';
import { cachePublicJson } from './public-cache.js';
import { isPublicList, PUBLIC_LISTS } from './public-disclosure.rules.js';
import { PublicListsQueries } from './public-lists.queries.js';

/** The public lists for machines: the same rows and fields as the pages, no token needed. */
@ApiTags('public')
@Controller('api/v1/public/lists')
export class PublicListsController {
  constructor(private readonly queries: PublicListsQueries, private readonly i18n: I18nService) {}

  @Get(':list')
  @Public()
  @ApiParam({ name: 'list', enum: PUBLIC_LISTS })
  @ApiOkResponse({
    description: 'the entries on the list today (active only; ended, repaired, proposed or rejected ones never appear), the newest first: '
      + '`{ list, asOf, items: [{ name, uscc, list, legalBasis, startsOn, plannedEndOn }], total, page, pageSize }`; dates are park days, '
      + 'plannedEndOn exclusive. Cacheable for 60 s.',
  })
  @ApiNotFoundResponse({ description: 'not a public list (the watch list is not public)' })
  async list(@Param('list') list: string, @Query() query: PublicListQueryDto, @Res({ passthrough: true }) res: Response) {
    if (!isPublicList(list)) throw new NotFoundError();
    const page = await this.queries.list(list, query, this.i18n.today());
    cachePublicJson(res);
    return page;
  }
}
