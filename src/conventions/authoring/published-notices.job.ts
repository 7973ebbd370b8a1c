import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { ConventionVersionEntity } from '../entities/convention-version.entity.js';

/** Officers are notified this many at a time, each batch in its own transaction. */
export const NOTICE_BATCH = 500;

/**
 * Notifies the active compliance officers of every tenant asked to sign a newly published version,
 * in batches walked by user id. Idempotent: the dedupe key makes a redelivered job send nothing new.
 */
@Injectable()
export class PublishedNoticesJob {
  private readonly logger = new Logger('PublishedNoticesJob');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
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
      const rows = await this.dataSource.query(
        `SELECT u.id AS id FROM users u INNER JOIN signing_obligations o ON o.tenantId = u.tenantId
         WHERE o.versionId = ? AND u.role = 'tenant_officer' AND u.active = 1 AND u.id > ?
         ORDER BY u.id LIMIT ${NOTICE_BATCH}`,
        [versionId, after],
      ) as { id: number | string }[];
      if (!rows.length) break;
      const userIds = rows.map((r) => Number(r.id));
      after = userIds[userIds.length - 1];
      notified += (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, {
        userIds,
        template: 'convention-published',
        params: { title: version.title, deadline: version.signingDeadline ?? '', versionNo: version.versionNo },
        link: '/conventions/my',
        dedupeKey: `convention-published:${versionId}`,
      }))).length;
      if (rows.length < NOTICE_BATCH) break;
    }
    this.logger.log(`version ${versionId}: ${notified} officers notified`);
    return { notified };
  }
}
