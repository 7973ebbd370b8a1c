import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, PROGRAMME_READERS } from '../../accounts/domain/access-policy.js';
import { CurrentActor, type Actor } from '../../common/principal.js';
import { CancelSessionDto, EditSessionDto, ScheduleSessionDto, SessionQueryDto } from './dto/session.dto.js';
import { SchedulingQueries, type SessionListItem } from './scheduling.queries.js';
import { SchedulingService } from './scheduling.service.js';
import type { TrainingSessionEntity } from '../entities/training-session.entity.js';

const iso = (d: Date) => d.toISOString();
const listItem = (s: SessionListItem) => ({ ...s, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) });
const brief = (s: TrainingSessionEntity) => ({ id: s.id, seriesId: s.seriesId, title: s.title, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), status: s.status, sequence: s.sequence });

/** Training sessions over JSON: staff schedule, edit and cancel; regulators and evaluators read. Times are UTC ISO 8601. */
@ApiTags('trainings')
@ApiBearerAuth()
@Controller('api/v1/trainings')
export class SchedulingController {
  constructor(private readonly queries: SchedulingQueries, private readonly service: SchedulingService) {}

  @Get()
  @Roles(...PROGRAMME_READERS)
  @ApiOkResponse({ description: 'upcoming (default) or past sessions, by kind, status and park-zone month, paginated' })
  async list(@Query() query: SessionQueryDto) {
    const page = await this.queries.list(query);
    return { ...page, items: page.items.map(listItem) };
  }

  @Post()
  @Roles(...MANAGERS)
  @ApiCreatedResponse({ description: 'the sessions scheduled (one, or one per occurrence of a series); the required tenants are invited' })
  @ApiBadRequestResponse({ description: 'field errors: end before start, capacity below one, a series with no end …' })
  async schedule(@Body() dto: ScheduleSessionDto, @CurrentActor() actor: Actor) {
    const sessions = await this.service.schedule(dto, actor);
    return { sessions: sessions.map(brief) };
  }

  @Get(':id')
  @Roles(...PROGRAMME_READERS)
  @ApiOkResponse({ description: 'the session, who must attend (count and the first 200) and its registrations by status' })
  async get(@Param('id', ParseIntPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const d = await this.queries.detail(id, res.locals.locale as string);
    return {
      ...d, session: { ...d.session, startsAt: iso(d.session.startsAt), endsAt: iso(d.session.endsAt) },
      invited: d.invited.map((t) => ({ id: t.id, name: t.name, uscc: t.uscc })),
    };
  }

  @Patch(':id')
  @Roles(...MANAGERS)
  @ApiOkResponse({ description: 'edited (scope one or following in a series); attendees get the updated calendar entry' })
  @ApiConflictResponse({ description: 'the session is cancelled' })
  async edit(@Param('id', ParseIntPipe) id: number, @Body() dto: EditSessionDto, @CurrentActor() actor: Actor) {
    return brief(await this.service.edit(id, dto, actor));
  }

  @Post(':id/cancel')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'cancelled; attendees get the cancellation (METHOD:CANCEL)' })
  @ApiConflictResponse({ description: 'already cancelled or already held' })
  async cancel(@Param('id', ParseIntPipe) id: number, @Body() dto: CancelSessionDto, @CurrentActor() actor: Actor) {
    return brief(await this.service.cancel(id, dto.reason, actor));
  }
}
