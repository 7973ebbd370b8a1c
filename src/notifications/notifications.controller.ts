import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { EVERYONE } from '../accounts/domain/access-policy.js';
import { CurrentPrincipal, type Principal } from '../common/principal.js';
import { isLocale } from '../i18n/i18n.service.js';
import { NotificationPageResponse, NotificationQueryDto, UnreadCountResponse } from './dto/notification.dto.js';
import { NotificationsService } from './notifications.service.js';

/** The caller's own in-app notifications over JSON; nobody sees or marks anyone else's. */
@ApiTags('notifications')
@ApiBearerAuth()
@Roles(...EVERYONE)
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageResponse })
  async list(@Query() query: NotificationQueryDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<NotificationPageResponse> {
    // An explicit ?lang= wins; then the caller's saved language (API clients send no cookie); then the request's.
    const locale = query.lang ?? (isLocale(principal.locale) ? principal.locale : (res.locals.locale as string));
    const [page, unread] = await Promise.all([
      this.notifications.list(principal.userId, locale, { page: query.page, pageSize: query.pageSize }),
      this.notifications.unreadCount(principal.userId),
    ]);
    return { ...page, items: page.items.map((n) => ({ ...n, createdAt: new Date(n.createdAt).toISOString() })), unread };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadCountResponse })
  async readAll(@CurrentPrincipal() principal: Principal): Promise<UnreadCountResponse> {
    await this.notifications.markAllRead(principal.userId);
    return { unread: await this.notifications.unreadCount(principal.userId) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: UnreadCountResponse })
  @ApiNotFoundResponse({ description: "no such notification of the caller's" })
  async read(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() principal: Principal): Promise<UnreadCountResponse> {
    await this.notifications.markRead(principal.userId, id);
    return { unread: await this.notifications.unreadCount(principal.userId) };
  }
}
