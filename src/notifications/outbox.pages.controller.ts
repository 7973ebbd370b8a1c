import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { pagerOf } from '../common/pagination.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../accounts/auth/auth.decorators.js';
import { ADMINS } from '../accounts/domain/access-policy.js';
import { ConflictError } from '../common/errors/domain-error.js';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash } from '../common/views/page-helpers.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { I18nService } from '../i18n/i18n.service.js';
import { MailTransport } from '../mail/mail-transport.js';
import { OUTBOX_POLICY, OUTBOX_STATUSES, type OutboxStatus } from './domain/outbox.rules.js';
import { OutboxQueryDto } from './dto/outbox-query.dto.js';
import type { OutboxMessageEntity } from './entities/outbox-message.entity.js';
import { NotificationsService } from './notifications.service.js';
import { OutboxService } from './outbox.service.js';

function shorten(text: string | null, max: number): string | null {
  return text && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The e-mail outbox for admins: counts and messages per status, resend of failed messages, a test message. */
@ApiExcludeController()
@Roles(...ADMINS)
@Controller('admin/outbox')
export class OutboxPagesController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly uow: UnitOfWork,
    private readonly transport: MailTransport,
    private readonly i18n: I18nService,
  ) {}

  private messageView(locale: string, m: OutboxMessageEntity) {
    const key = `outbox.templates.${m.template}`;
    return {
      id: m.id,
      recipient: m.recipient,
      template: m.template,
      templateLabel: this.i18n.has(key) ? this.i18n.t(locale, key) : m.template,
      status: m.status,
      attempts: m.attempts,
      lastError: shorten(m.lastError, 500),
      nextAttemptAt: m.nextAttemptAt,
      sentAt: m.sentAt,
      createdAt: m.createdAt,
      canResend: m.status === 'failed',
    };
  }

  @Get()
  async list(@Query() query: OutboxQueryDto, @CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    const locale = res.locals.locale as string;
    const [page, counts] = await Promise.all([
      this.outbox.list({ status: query.status, page: query.page, pageSize: query.pageSize }),
      this.outbox.counts(),
    ]);
    const all = OUTBOX_STATUSES.reduce((sum, s) => sum + counts[s], 0);
    res.render('notifications/outbox', {
      titleKey: 'outbox.title',
      section: 'outbox',
      status: query.status ?? '',
      tabs: [
        { status: '', count: all, current: !query.status },
        ...OUTBOX_STATUSES.map((s: OutboxStatus) => ({ status: s, count: counts[s], current: s === query.status })),
      ],
      page: { ...page, items: page.items.map((m) => this.messageView(locale, m)) },
      ...pagerOf(page),
      filters: { status: query.status, pageSize: query.pageSize },
      maxAttempts: OUTBOX_POLICY.maxAttempts,
      transport: this.transport.mode,
      mailDir: this.transport.mailDir,
      adminEmail: principal.email,
    });
  }

  /** Sends the admin a test message through the whole path: outbox row, job, renderer, transport. */
  @Post('test')
  async test(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, {
      userIds: [principal.userId],
      template: 'test-message',
      params: { adminName: principal.name },
      link: '/admin/outbox',
      dedupeKey: `test-message:${Date.now()}`,
    }));
    flash(req, 'success', 'outbox.testQueued', { email: principal.email });
    res.redirect(303, '/admin/outbox');
  }

  @Post(':id/resend')
  async resend(@Param('id', ParseIntPipe) id: number, @Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.outbox.resend(id, actorOf(principal, req));
      flash(req, 'success', 'outbox.resent', { id });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, 'error', err.messageKey, err.params);
    }
    const back = (OUTBOX_STATUSES as readonly string[]).includes(String(body.status)) ? `?status=${String(body.status)}` : '';
    res.redirect(303, `/admin/outbox${back}`);
  }
}
