import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { pagerOf } from '../../common/pagination.js';
import { sendDownload, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { AnnualResultsService } from './annual-results.service.js';
import { AnnualQueryDto } from './dto/annual-query.dto.js';

/**
 * The year's pages for staff and regulators: /scores/annual (the ranking, searchable, paginated,
 * exportable, with how many tenants meet the year's nomination criteria) and
 * /scores/annual/nominations (which also checks open findings today, so it is its own page).
 */
@ApiExcludeController()
@Controller('scores/annual')
export class AnnualPagesController {
  constructor(private readonly annual: AnnualResultsService, private readonly i18n: I18nService) {}

  @Get()
  @Roles(...READERS)
  @Render('scores/annual')
  async ranking(@Query() query: AnnualQueryDto) {
    const year = await this.yearOf(query);
    const [page, candidates] = await Promise.all([this.annual.annual(year, query), this.annual.candidateCount(year)]);
    const filters = { year, q: query.q, pageSize: query.pageSize };
    const exportQuery = new URLSearchParams(Object.entries({ year, q: query.q }).filter(([, v]) => v).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return {
      titleKey: 'scoringOverview.annual.title', year, page, filters, exportQuery,
      items: page.items.map((r) => ({ ...r, annualText: r.annualScore.toFixed(2) })),
      candidates,
      provisional: year >= Number(this.i18n.today().slice(0, 4)),
      years: this.years(year),
      ...pagerOf(page),
    };
  }

  @Get('nominations')
  @Roles(...READERS)
  @Render('scores/annual-nominations')
  async nominations(@Query() query: AnnualQueryDto) {
    const year = await this.yearOf(query);
    const n = await this.annual.nominations(year);
    const text = <T extends { annualScore: number }>(r: T) => ({ ...r, annualText: r.annualScore.toFixed(2) });
    return {
      titleKey: 'scoringOverview.nominations.title', ...n, items: n.items.map(text), excluded: n.excluded.map(text),
      provisional: year >= Number(this.i18n.today().slice(0, 4)),
    };
  }

  @Get('export.csv')
  @Roles(...READERS)
  async exportCsv(@Query() query: AnnualQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'csv', query);
  }

  @Get('export.xlsx')
  @Roles(...READERS)
  async exportXlsx(@Query() query: AnnualQueryDto, @Res() res: Response): Promise<void> {
    await this.sendExport(res, 'xlsx', query);
  }

  private async sendExport(res: Response, format: TabularFormat, query: AnnualQueryDto): Promise<void> {
    const year = await this.yearOf(query);
    await sendDownload(res, format, this.annual.fileName(year, format), (out) => this.annual.write(format, year, query, res.locals.locale as string, out));
  }

  /** The year asked for, else the last published month's, else the park's current year. */
  private async yearOf(query: AnnualQueryDto): Promise<number> {
    return query.year ?? (await this.annual.lastPublishedYear()) ?? Number(this.i18n.today().slice(0, 4));
  }

  /** The year picker: the park's current year and the nine before it, and the year shown. */
  private years(selected: number): { value: number; selected: boolean }[] {
    const current = Number(this.i18n.today().slice(0, 4));
    const values = new Set<number>([selected]);
    for (let y = current; y > current - 10; y--) values.add(y);
    return [...values].sort((a, b) => b - a).map((value) => ({ value, selected: value === selected }));
  }
}
