import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { MANAGERS, OFFICERS } from '../../accounts/domain/access-policy.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import type { Page } from '../../common/pagination.js';
import { ExcuseDecisionDto, ExcuseQueryDto, ExcuseRequestDto, ExcuseResponse, RegistrationResponse } from './dto/registration.dto.js';
import { RegistrationQueries, type ExcuseRow, type MySessionRow } from './registration.queries.js';
import { ownTenantOf, RegistrationService } from './registration.service.js';
import type { TrainingExcuseEntity } from '../entities/training-excuse.entity.js';

const toExcuse = (e: TrainingExcuseEntity): ExcuseResponse => ({
  id: e.id, sessionId: e.sessionId, tenantId: e.tenantId, reason: e.reason, status: e.status, decisionNote: e.decisionNote,
});

/** Registration over JSON: an officer's sessions, seats and excuse requests; staff decide the requests. */
@ApiTags('trainings')
@ApiBearerAuth()
@Controller('api/v1/trainings')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService, private readonly queries: RegistrationQueries) {}

  @Get('my')
  @Roles(...OFFICERS)
  @ApiOkResponse({ description: 'the tenant\'s upcoming and past sessions with their state' })
  async my(@CurrentPrincipal() principal: Principal): Promise<{ upcoming: MySessionRow[]; past: MySessionRow[] }> {
    return this.queries.mySessions(ownTenantOf(principal));
  }

  @Post(':id/registrations')
  @Roles(...OFFICERS)
  @HttpCode(201)
  @ApiCreatedResponse({ type: RegistrationResponse, description: 'registered, or waitlisted when the session is full (not an error)' })
  @ApiConflictResponse({ description: 'already registered, not invited, started or cancelled' })
  async register(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<RegistrationResponse> {
    return this.registration.register(id, principal, actorOf(principal, req));
  }

  @Post('registrations/:id/cancel')
  @Roles(...OFFICERS)
  @HttpCode(200)
  @ApiOkResponse({ description: 'cancelled; the tenants moved up from the waiting list' })
  @ApiNotFoundResponse({ description: 'no such registration of the officer\'s tenant' })
  async cancel(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<{ sessionId: number; promoted: number[] }> {
    return this.registration.cancel(id, principal, actorOf(principal, req));
  }

  @Post(':id/excuses')
  @Roles(...OFFICERS)
  @HttpCode(201)
  @ApiCreatedResponse({ type: ExcuseResponse })
  @ApiConflictResponse({ description: 'the session started, or a request is pending or approved' })
  async requestExcuse(@Param('id', ParseIntPipe) id: number, @Body() dto: ExcuseRequestDto, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<ExcuseResponse> {
    return toExcuse(await this.registration.requestExcuse(id, dto.reason, principal, actorOf(principal, req)));
  }

  @Get('excuses')
  @Roles(...MANAGERS)
  @ApiOkResponse({ description: 'excuse requests, pending first' })
  async excuses(@Query() query: ExcuseQueryDto): Promise<Page<ExcuseRow>> {
    return this.queries.excuses(query);
  }

  @Post('excuses/:id/decision')
  @Roles(...MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ type: ExcuseResponse })
  @ApiConflictResponse({ description: 'already decided' })
  async decide(@Param('id', ParseIntPipe) id: number, @Body() dto: ExcuseDecisionDto, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<ExcuseResponse> {
    return toExcuse(await this.registration.decideExcuse(id, dto.decision, dto.note ?? null, principal, actorOf(principal, req)));
  }
}
