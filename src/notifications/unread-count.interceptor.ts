import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { wantsJson } from '../common/filters/all-exceptions.filter.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Gives every page the logged-in user's unread count for the bell in the layout
 * (`res.locals.unreadCount`): one indexed COUNT, only for GET page requests, never for the API.
 */
@Injectable()
export class UnreadCountInterceptor implements NestInterceptor {
  constructor(private readonly notifications: NotificationsService) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<Request>();
      if (req.method === 'GET' && req.principal && !wantsJson(req)) {
        ctx.switchToHttp().getResponse<Response>().locals.unreadCount = await this.notifications.unreadCount(req.principal.userId);
      }
    }
    return next.handle();
  }
}
