import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { defineContribution } from '../common/contributions/contribution.js';
import { ContributionRegistry } from '../common/contributions/contribution-registry.js';
import { NotFoundError } from '../common/errors/domain-error.js';
import { pageWindow, type Page, type PageQueryDto } from '../common/pagination.js';
import { UnitOfWork, type AfterCommit } from '../database/unit-of-work.js';
import { I18nService } from '../i18n/i18n.service.js';
import type { MailAttachment } from '../mail/mail-transport.js';
import { QueueService } from '../queue/queue.service.js';
import { NotificationEntity } from './entities/notification.entity.js';
import { OutboxMessageEntity } from './entities/outbox-message.entity.js';

export interface NoticeInput {
  /** Recipients; inactive users are skipped. */
  userIds: number[];
  /** Template under views/emails and `emails.<template>` in the catalogues. */
  template: string;
  params: Record<string, string | number>;
  /** A path in the portal the notice leads to. */
  link?: string;
  /**
   * Identifies the event: the same key for the same user is never queued twice
   * (`<key>:<userId>`), so a redelivered job or a repeated call sends nothing new.
   */
  dedupeKey: string;
  /** Also send by e-mail (default true); false keeps it in-app only. */
  email?: boolean;
  /** Also show it on the bell (default true); false sends the e-mail only (a message carrying a secret, such as a reset link). */
  inApp?: boolean;
  /** What the notice is about (`<kind>:<id>`, at most 64 characters), so that `retire` can take it off the bell once it no longer applies. */
  subject?: string;
  /** Files sent with the e-mail (small text, e.g. an .ics calendar entry), stored with the outbox message. */
  attachments?: MailAttachment[];
}

/** Who a notice goes to: an active account with its address and language. */
export interface Recipient {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

/** The accounts' directory of recipients, in the caller's transaction; only active accounts come back. */
export type RecipientsFn = (manager: EntityManager, userIds: readonly number[]) => Promise<Recipient[]>;

export const NOTIFICATION_RECIPIENTS = defineContribution<string, RecipientsFn>({
  name: 'notification recipients',
  key: (name) => name,
  check: (found) => (found.length === 1 ? [] : [`exactly one @NotificationRecipients is needed, found ${found.length}`]),
});

/** Marks the method that tells notifications who a user id is (the accounts context contributes it). */
export const NotificationRecipients = (): MethodDecorator => NOTIFICATION_RECIPIENTS.decorator('users');

export interface NotificationView {
  id: number;
  title: string;
  link: string | null;
  read: boolean;
  createdAt: Date;
}

/** Writes in-app notices and their e-mails into the outbox, inside the caller's transaction. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueueService,
    private readonly i18n: I18nService,
    private readonly contributions: ContributionRegistry,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * One notice to every user a keyset-paged source yields (`page(after, limit)` returns ids in
   * ascending order, e.g. UsersQueries.managerIds), a batch per transaction: digests and alerts to
   * a whole role. Returns how many outbox messages were created.
   */
  async notifyPaged(page: (after: number, limit: number) => Promise<number[]>, notice: Omit<NoticeInput, 'userIds'>, batch = 500): Promise<number> {
    let queued = 0;
    let after = 0;
    for (;;) {
      const userIds = await page(after, batch);
      if (!userIds.length) break;
      after = userIds[userIds.length - 1];
      queued += (await this.uow.run((m, afterCommit) => this.notify(m, afterCommit, { ...notice, userIds }))).length;
      if (userIds.length < batch) break;
    }
    return queued;
  }

  /**
   * The bell's count as a scalar subquery over `userColumn`, for the one statement that reads a
   * request's principal (answered from IDX_notifications_user_read).
   */
  unreadCountSql(userColumn: string): string {
    const table = this.dataSource.getMetadata(NotificationEntity).tableName;
    return `(SELECT COUNT(*) FROM ${table} n WHERE n.userId = ${userColumn} AND n.readAt IS NULL)`;
  }

  /**
   * Records the notices for each recipient in `manager`'s transaction and enqueues the e-mails after
   * commit. Several notices (say, a batch of reminders with their own texts) cost the same handful of
   * statements as one. Returns the ids of the outbox messages it created (none for keys already used).
   */
  async notify(manager: EntityManager, afterCommit: AfterCommit, notices: NoticeInput | NoticeInput[]): Promise<number[]> {
    const list = (Array.isArray(notices) ? notices : [notices]).filter((n) => n.userIds.length);
    if (!list.length) return [];
    const [directory] = this.contributions.of(NOTIFICATION_RECIPIENTS);
    const recipients = await directory.fn(manager, [...new Set(list.flatMap((n) => n.userIds))]);
    const byId = new Map(recipients.map((u) => [u.id, u]));
    const wanted = list.flatMap((notice) => [...new Set(notice.userIds)].flatMap((id) => {
      const user = byId.get(id);
      return user ? [{ notice, user, key: `${notice.dedupeKey}:${id}`.slice(0, 190) }] : [];
    }));
    const taken = new Set(
      (await manager.getRepository(OutboxMessageEntity).find({ select: { dedupeKey: true }, where: { dedupeKey: In(wanted.map((w) => w.key)) } })).map((o) => o.dedupeKey),
    );
    // A key already in the outbox is not sent again, nor a key repeated within this call.
    const fresh: typeof wanted = [];
    for (const w of wanted) {
      if (taken.has(w.key)) continue;
      taken.add(w.key);
      fresh.push(w);
    }
    if (!fresh.length) return [];
    const shown = fresh.filter(({ notice }) => notice.inApp !== false);
    if (shown.length) await manager.getRepository(NotificationEntity).insert(
      shown.map(({ notice, user }) => ({
        userId: user.id, template: notice.template, params: JSON.stringify(notice.params), link: notice.link ?? null, subject: notice.subject ?? null, readAt: null,
      })),
    );
    const mailed = fresh.filter(({ notice }) => notice.email !== false);
    if (!mailed.length) return [];
    const rows = mailed.map(({ notice, user, key }) => ({
      dedupeKey: key,
      userId: user.id,
      recipient: user.email,
      locale: user.locale ?? this.i18n.defaultLocale,
      template: notice.template,
      params: JSON.stringify({ ...notice.params, recipientName: user.name, link: notice.link ?? '' }),
      status: 'queued' as const,
      attempts: 0,
      lastError: null,
      nextAttemptAt: null,
      lockedUntil: null,
      sentAt: null,
      messageId: null,
      attachments: notice.attachments?.length ? JSON.stringify(notice.attachments) : null,
    }));
    await manager.getRepository(OutboxMessageEntity).insert(rows);
    // Read the ids back by key: drivers differ in what a multi-row insert reports.
    const ids = (await manager.getRepository(OutboxMessageEntity).find({ select: { id: true }, where: { dedupeKey: In(rows.map((r) => r.dedupeKey)) } })).map((o) => o.id);
    afterCommit(() => Promise.all(ids.map((id) => this.queue.enqueue('outbox.send', { outboxId: id }, { jobId: `outbox-${id}-a1` }))));
    return ids;
  }

  /**
   * Notices about subjects that no longer apply (an obligation superseded, paused or cancelled) stop
   * counting on the bell: their unread notices are marked read, in the caller's transaction. They stay
   * in the user's list. Returns how many were retired.
   */
  async retire(manager: EntityManager, subjects: readonly string[], now = new Date()): Promise<number> {
    let retired = 0;
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < subjects.length; i += 500) {
      const result = await manager.getRepository(NotificationEntity).update({ subject: In(subjects.slice(i, i + 500)), readAt: IsNull() }, { readAt: now });
      retired += result.affected ?? 0;
    }
    return retired;
  }

  async unreadCount(userId: number): Promise<number> {
    return this.dataSource.getRepository(NotificationEntity).countBy({ userId, readAt: IsNull() });
  }

  async list(userId: number, locale: string, query: PageQueryDto): Promise<Page<NotificationView>> {
    const { page, pageSize, skip } = pageWindow(query);
    const [rows, total] = await this.dataSource.getRepository(NotificationEntity).findAndCount({
      where: { userId }, order: { id: 'DESC' }, skip, take: pageSize,
    });
    const items = rows.map((n) => ({
      id: n.id,
      title: this.i18n.t(locale, `emails.${n.template}.subject`, JSON.parse(n.params) as Record<string, unknown>),
      link: n.link,
      read: n.readAt !== null,
      createdAt: n.createdAt,
    }));
    return { items, total, page, pageSize };
  }

  /** Marks one of the user's own notices read; another user's id is "not found". */
  async markRead(userId: number, id: number): Promise<NotificationEntity> {
    const repo = this.dataSource.getRepository(NotificationEntity);
    const n = await repo.findOneBy({ id, userId });
    if (!n) throw new NotFoundError();
    if (!n.readAt) await repo.update({ id }, { readAt: new Date() });
    return n;
  }

  async markAllRead(userId: number): Promise<void> {
    await this.dataSource.getRepository(NotificationEntity).update({ userId, readAt: IsNull() }, { readAt: new Date() });
  }
}
