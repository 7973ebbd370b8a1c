import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { obligationSubject } from '../domain/obligation-status.rules.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';

/** Tenants whose officers are notified at a time, each batch in its own transaction. */
export const NOTICE_BATCH = 500;

/**
 * Notifies the active compliance officers of every tenant asked to sign a newly published version,
 * in batches of tenants walked by id. Idempotent: the dedupe key makes a redelivered job send nothing new.
 */
@Injectable()
export class PublishedNoticesJob {
  private readonly logger = new Logger('PublishedNoticesJob');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly users: UsersQueries,
  ) {}

  @JobHandler('conventions.publishedNotices')
  async run(data: Record<string, unknown>): Promise<{ notified: number }> {
    const versionId = Number(data.versionId);
    const version = Number.isInteger(versionId) ? await this.dataSource.getRepository(ConventionVersionEntity).findOneBy({ id: versionId }) : null;
    if (!version || version.status !== 'published') {
      this.logger.log(`version ${String(data.versionId)} is not published (any more): no notices`);
      return { notified: 0 };
    }
    let notified = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.getRepository(SigningObligationEntity).find({
        select: { id: true, tenantId: true, status: true }, where: { versionId, tenantId: MoreThan(after) }, order: { tenantId: 'ASC' }, take: NOTICE_BATCH,
      });
      if (!rows.length) break;
      after = rows[rows.length - 1].tenantId;
      const officers = await this.users.officersOf(rows.map((r) => r.tenantId));
      // One notice per tenant, about its obligation, so it leaves the bell when the obligation stops applying.
      const notices: NoticeInput[] = rows.filter((r) => r.status === 'active').map((r) => ({
        userIds: officers.get(r.tenantId) ?? [],
        template: 'convention-published',
        params: { title: version.title, deadline: version.signingDeadline ?? '', versionNo: version.versionNo },
        link: '/conventions/my',
        dedupeKey: `convention-published:${versionId}`,
        subject: obligationSubject(r.id),
      }));
      if (notices.some((n) => n.userIds.length)) {
        notified += (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, notices))).length;
      }
      if (rows.length < NOTICE_BATCH) break;
    }
    this.logger.log(`version ${versionId}: ${notified} officers notified`);
    return { notified };
  }
}
