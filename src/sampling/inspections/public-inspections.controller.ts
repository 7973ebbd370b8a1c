import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../accounts/auth/auth.decorators.js';
import { pagerOf } from '../../common/pagination.js';
import { cachePublicJson, cachePublicPage } from '../../lists/public/public-cache.js';
import { TASK_RESULTS } from '../domain/sampling-kinds.js';
import { PublicInspectionQueryDto } from './dto/tasks.dto.js';
import { TasksQueries } from './tasks.queries.js';

/**
 * The public inspection results (双随机、一公开), readable without logging in: published tasks only —
 * tenant name, USCC, the items inspected, the departments, the inspection day, the result and the
 * publication day; nothing else (no grades, no inspectors, no findings' details). A task whose
 * finding was repaired leaves the page. Filters and pagination in SQL; cacheable for a minute.
 */
@ApiTags('public')
@Controller()
export class PublicInspectionsController {
  constructor(private readonly queries: TasksQueries) {}

  @Get('public/inspections')
  @Public()
  @ApiExcludeEndpoint()
  @Render('public/inspections')
  async page(@Query() query: PublicInspectionQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    cachePublicPage(req, res);
    const [page, departments] = await Promise.all([this.queries.publicList(query), this.queries.programmeDepartmentChoices()]);
    const filters = { q: query.q, departmentId: query.departmentId, result: query.result, year: query.year, pageSize: query.pageSize };
    return {
      titleKey: 'publicPages.inspections.title', page, filters,
      departments: departments.map((d) => ({ ...d, selected: d.id === query.departmentId })),
      results: TASK_RESULTS.map((value) => ({ value, selected: value === query.result })),
      ...pagerOf(page),
    };
  }

  @Get('api/v1/public/inspections')
  @Public()
  @ApiOkResponse({
    description: 'published inspection results, newest publication first: `{ items: [{ name, uscc, items: [{ code, nameZh, nameEn }], departments: [{ code, nameZh, nameEn }], '
      + 'inspectedOn, result (clean | problems | not_found), publishedOn }], total, page, pageSize }`; a result whose finding was repaired is left out. Cacheable for 60 s.',
  })
  async json(@Query() query: PublicInspectionQueryDto, @Res({ passthrough: true }) res: Response) {
    const page = await this.queries.publicList(query);
    cachePublicJson(res);
    return page;
  }
}
