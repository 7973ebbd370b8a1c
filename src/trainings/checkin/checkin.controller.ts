import { Body, Controller, HttpCode, Param, ParseIntPipe, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../accounts/auth/auth.decorators.js';
import { OFFICERS } from '../../accounts/domain/access-policy.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../common/principal.js';
import { CheckinService } from './checkin.service.js';
import { CheckinDto, CheckinResponse } from './dto/checkin.dto.js';

/** Self check-in over JSON (a kiosk or the app): the same rules as the phone page. */
@ApiTags('trainings')
@ApiBearerAuth()
@Controller('api/v1/trainings')
export class CheckinController {
  constructor(private readonly checkin: CheckinService) {}

  @Post(':id/checkin')
  @Roles(...OFFICERS)
  @HttpCode(200)
  @ApiOkResponse({ type: CheckinResponse })
  @ApiBadRequestResponse({ description: 'wrong or expired code (field `code`); nothing written' })
  @ApiConflictResponse({ description: 'outside the check-in window, not invited or registered, or the session is cancelled (field `session`); nothing written' })
  @ApiTooManyRequestsResponse({ description: 'too many wrong codes from this account; wait the minutes the message gives' })
  async checkIn(@Param('id', ParseIntPipe) id: number, @Body() dto: CheckinDto, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<CheckinResponse> {
    return this.checkin.checkIn(id, dto.code, principal, actorOf(principal, req));
  }
}
