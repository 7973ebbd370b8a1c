import { Injectable } from '@nestjs/common';
import { UsersQueries } from '../../accounts/users.queries.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { AuditCheckpoints } from '../audit-checkpoints.service.js';
import { checkpointLine } from '../domain/audit-checkpoint.rules.js';

/**
 * The daily checkpoint (02:30 park time): signs the chain's head into a file and e-mails the line
 * to every admin, so a copy lives where the database's owner cannot reach it. Idempotent: no new
 * entries, no new checkpoint; the dedupe key sends each checkpoint once.
 */
@Injectable()
export class AuditCheckpointJob {
  constructor(
    private readonly checkpoints: AuditCheckpoints,
    private readonly users: UsersQueries,
    private readonly notifications: NotificationsService,
  ) {}

  @JobHandler('audit.checkpoint')
  async run(): Promise<{ entryId: number | null; notified: number }> {
    const checkpoint = await this.checkpoints.take();
    if (!checkpoint) return { entryId: null, notified: 0 };
    const notified = await this.notifications.notifyPaged((after, limit) => this.users.adminIds(after, limit), {
      template: 'audit-checkpoint',
      params: { entryId: checkpoint.entryId, line: checkpointLine(checkpoint), at: checkpoint.at },
      link: '/admin/audit',
      dedupeKey: `audit-checkpoint:${checkpoint.entryId}`,
    });
    return { entryId: checkpoint.entryId, notified };
  }
}
