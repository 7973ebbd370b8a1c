import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { READERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, CurrentPrincipal, type Actor, type Principal } from '../../common/principal.js';
import { validateOrThrow } from '../../common/validation.js';
import { wellFormedJointCheck } from './dto/joint-check-input.js';
import { JointCheckDto, JointCheckFeedbackDto, JointCheckQueryDto } from './dto/joint-check.dto.js';
import { JointChecksQueries, type JointCheckItem } from './joint-checks.queries.js';
import { JointChecksService } from './joint-checks.service.js';

const itemJson = (i: JointCheckItem) => ({ ...i, checkedAt: i.checkedAt.toISOString() });

/**
 * The joint check (逢办必查) for other government and park systems, by API token of an admin, park
 * staff or a regulator: ask for a tenant's standing for a purpose, report what was applied, read the log.
 */
@ApiTags('lists')
@ApiBearerAuth()
@Controller('api/v1/joint-checks')
export class JointChecksController {
  constructor(private readonly service: JointChecksService, private readonly queries: JointChecksQueries) {}

  /**
   * A tenant's lists, last published grade and score (with that month's as-of day) and the measures
   * configured for the purpose that apply to it; logged. Measure titles and descriptions are in the
   * request's language (`?lang=en`, default Simplified Chinese).
   */
  @Post()
  @Roles(...READERS)
  @HttpCode(200)
  @ApiBody({ type: JointCheckDto })
  @ApiOkResponse({ description: '{ checkId, uscc, name, lists: [red|black|watch], grade, score, asOf, measures: [{ code, kind, title, description }] }' })
  @ApiBadRequestResponse({ description: 'malformed USCC (field `uscc`), unknown or inactive purpose (field `purpose`), requester missing' })
  @ApiNotFoundResponse({ description: 'no tenant with this USCC' })
  async check(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    // The usual body is recognised by hand; any other goes through JointCheckDto's rules, which word the errors.
    const dto = wellFormedJointCheck(body) ?? await validateOrThrow(JointCheckDto, body ?? {});
    return this.service.check(dto, principal, res.locals.locale as string);
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the log, newest first, filtered by tenant id, USCC, purpose, requester (prefix), park days from/to and feedback yes/no; paginated' })
  async list(@Query() query: JointCheckQueryDto) {
    const page = await this.queries.list(query);
    return { ...page, items: page.items.map(itemJson) };
  }

  @Get('purposes')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the check purposes (code, names, active)' })
  async purposes() {
    return { items: await this.service.purposes() };
  }

  @Get(':checkId')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'the check, its answer and the feedback' })
  @ApiNotFoundResponse({ description: 'no such check' })
  async get(@Param('checkId') checkId: string) {
    const v = await this.queries.view({ checkId });
    return { ...itemJson(v), measureTitles: v.measureTitles, feedback: v.feedbackDetail ? { ...v.feedbackDetail, reportedAt: v.feedbackDetail.reportedAt.toISOString() } : null };
  }

  /** What the caller applied of the measures returned: by the user whose token asked (or an admin), once. */
  @Post(':checkId/feedback')
  @Roles(...READERS)
  @ApiBody({ type: JointCheckFeedbackDto })
  @ApiCreatedResponse({ description: 'the feedback, recorded' })
  @ApiBadRequestResponse({ description: 'a code that the check did not return (field `applied`)' })
  @ApiForbiddenResponse({ description: 'another user\'s check' })
  @ApiNotFoundResponse({ description: 'no such check' })
  @ApiConflictResponse({ description: 'feedback already given' })
  async feedback(@Param('checkId') checkId: string, @Body() dto: JointCheckFeedbackDto, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    const row = await this.service.feedback(checkId, dto, principal, actor);
    return { checkId, applied: row.applied, note: row.note, reportedAt: row.reportedAt.toISOString() };
  }
}
