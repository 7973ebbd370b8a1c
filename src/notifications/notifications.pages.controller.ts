import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { pagerOf } from '../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { EVERYONE } from '../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash, safeNext } from '../common/views/page-helpers.js';
import { NotificationQueryDto } from './dto/notification.dto.js';
import { NotificationsService } from './notifications.service.js';

/** The bell's page: the logged-in user's own notices, newest first. */
@ApiExcludeController()
@Roles(...EVERYONE)
@Controller('notifications')
export class NotificationsPagesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  async list(@Query() query: NotificationQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const page = await this.notifications.list(principal.userId, res.locals.locale as string, { page: query.page, pageSize: query.pageSize });
    // The auth guard has counted already for the bell (PrincipalLookup).
    const unread = typeof res.locals.unreadCount === 'number' ? res.locals.unreadCount : await this.notifications.unreadCount(principal.userId);
    res.render('notifications/list', {
      titleKey: 'notifications.title',
      page: { ...page, items: page.items.map((n) => ({ ...n, iso: new Date(n.createdAt).toISOString() })) },
      unread,
      ...pagerOf(page),
      filters: { pageSize: query.pageSize },
      back: `/notifications${page.page > 1 ? `?page=${page.page}` : ''}`,
    });
  }

  /** Marks the notice read and follows it: to its link, else back to the list. */
  @Post(':id/read')
  async read(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const notice = await this.notifications.markRead(principal.userId, id);
    res.redirect(303, safeNext(notice.link, safeNext(body.back, '/notifications')));
  }

  @Post('read-all')
  async readAll(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.notifications.markAllRead(principal.userId);
    flash(req, 'success', 'notifications.allMarked');
    res.redirect(303, safeNext(body.back, '/notifications'));
  }
}
