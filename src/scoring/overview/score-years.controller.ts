import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { sendDownload, TABULAR_CONTENT_TYPES } from '../../common/tabular/tabular-export.js';
import { AnnualResultsService } from './annual-results.service.js';
import { AnnualExportQueryDto, AnnualQueryDto, ScoreYearParamDto } from './dto/annual-query.dto.js';

/** The year over JSON (staff and regulators): the annual ranking and the red-list nominations. */
@ApiTags('scoring')
@ApiBearerAuth()
@Controller('api/v1/score-years')
export class ScoreYearsController {
  constructor(private readonly annual: AnnualResultsService) {}

  @Get(':year')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'each tenant\'s annual score (mean of the year\'s published months after errata, two decimals; scoreSum / monthsCounted exactly), dense rank from the highest, months counted and months with a negative item; paginated, q searches tenants (ranks stay the park\'s)' })
  async ranking(@Param() params: ScoreYearParamDto, @Query() query: AnnualQueryDto) {
    return this.annual.annual(params.year, query);
  }

  @Get(':year/nominations')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'red-list nominations: annual score ≥ nomination.minAnnual of the rulebook in force on the year\'s last day, no negative item in any published month of the year, no open finding (N04/N05/N06) on checkedOn; excluded: the tenants only an open finding keeps out, with its rules' })
  async nominations(@Param() params: ScoreYearParamDto) {
    return this.annual.nominations(params.year);
  }

  @Get(':year/export')
  @Roles(...READERS)
  @ApiProduces(TABULAR_CONTENT_TYPES.csv, TABULAR_CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'the ranking (narrowed by q) as attachment annual-scores-YYYY.csv or .xlsx' })
  async export(@Param() params: ScoreYearParamDto, @Query() query: AnnualExportQueryDto, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    await sendDownload(res, format, this.annual.fileName(params.year, format), (out) => this.annual.write(format, params.year, query, res.locals.locale as string, out));
  }
}
