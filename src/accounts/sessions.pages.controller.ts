import { Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash } from '../common/views/page-helpers.js';
import { Roles } from './auth/auth.decorators.js';
import { EVERYONE } from './domain/access-policy.js';
import { SESSION_LIST_LIMIT, SessionsService } from './sessions.service.js';

/** A user's own login sessions: where they are logged in, and ending the ones they do not recognise. */
@ApiExcludeController()
@Roles(...EVERYONE)
@Controller('account/sessions')
export class SessionsPagesController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @Render('accounts/sessions')
  async list(@CurrentPrincipal() principal: Principal, @Req() req: Request) {
    const sessions = await this.sessions.listFor(principal.userId, req.sessionID);
    return { titleKey: 'sessions.title', sessions, others: sessions.some((s) => !s.current), limited: sessions.length >= SESSION_LIST_LIMIT, limit: SESSION_LIST_LIMIT };
  }

  @Post('end-others')
  async endOthers(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const count = await this.sessions.endAllBut(undefined, principal.userId, req.sessionID);
    flash(req, 'success', 'sessions.endedOthers', { count });
    res.redirect(303, '/account/sessions');
  }

  @Post(':handle/end')
  async end(@Param('handle') handle: string, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.end(principal.userId, handle, req.sessionID);
    flash(req, 'success', 'sessions.ended');
    res.redirect(303, '/account/sessions');
  }
}
