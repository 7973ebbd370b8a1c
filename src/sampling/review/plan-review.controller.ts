import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { PlanReviewQueryDto } from './dto/plan-review-query.dto.js';
import { PlanReviewService, type PlanReviewData } from './plan-review.service.js';

/** The review of a programme over JSON: what the programme page shows, as data. */
@ApiTags('sampling')
@ApiBearerAuth()
@Controller('api/v1/sampling/programmes')
export class PlanReviewController {
  constructor(private readonly service: PlanReviewService) {}

  @Get(':id/review')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Review a programme against the park as it is now',
    description: 'Per grade: population, ratio, draws, sample per draw, yearly inclusion probability (cooldowns and targeted inclusion counted); '
      + 'the month-by-month workload per department and inspector (flagged above `maxVisits` visits per inspector a month, default 20, or with fewer '
      + 'available inspectors than a task needs); the expected random inspections of an A-grade tenant a year; the random floor and the rule behind it; '
      + 'a back-test on last year\'s frames and results against uniform sampling; the diff with the previous approved programme. Probabilities are 0–1.',
  })
  @ApiOkResponse({ description: '{ programmeId, year, on, gradesMonth, tenants, grades[], targeted, aGrade, floor, workload, backTest, diff }' })
  @ApiForbiddenResponse({ description: 'not park staff, an admin or a regulator' })
  @ApiNotFoundResponse({ description: 'no such programme' })
  async review(@Param('id', ParseIntPipe) id: number, @Query() query: PlanReviewQueryDto): Promise<PlanReviewData> {
    return this.service.data(id, { maxVisitsPerInspector: query.maxVisits });
  }
}
