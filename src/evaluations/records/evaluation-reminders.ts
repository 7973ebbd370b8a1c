import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { ReminderSource } from '../../notifications/reminders.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { EvaluationEngagementEntity } from '../entities/evaluation-engagement.entity.js';
import { EvaluationEntity } from '../entities/evaluation.entity.js';

/** Days before an engagement's end (its report's due date) that the institution's evaluators are reminded. */
export const DUE_REMINDER_DAYS = 7;

/**
 * Daily at 09:00 park time: the evaluators of each institution with an active engagement whose report
 * is due in a week and that has no evaluation yet (none submitted, or all voided) are reminded, once
 * per engagement. Three queries whatever the numbers, then the notices in one transaction.
 */
@Injectable()
export class EvaluationReminders {
  private readonly logger = new Logger('EvaluationReminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly users: UsersQueries,
    private readonly tenants: TenantsQueries,
  ) {}

  @ReminderSource('evaluations-due')
  async run(today: string): Promise<number> {
    const due = DateTime.fromISO(today, { zone: 'utc' }).plus({ days: DUE_REMINDER_DAYS }).toISODate()!;
    const evaluations = this.dataSource.getMetadata(EvaluationEntity).tableName;
    const engagements = await this.dataSource.getRepository(EvaluationEngagementEntity).createQueryBuilder('e')
      .where("e.status = 'active'").andWhere('e.periodTo = :due', { due })
      .andWhere(`NOT EXISTS (SELECT 1 FROM ${evaluations} x WHERE x.engagementId = e.id AND x.status <> 'voided')`)
      .getMany();
    if (!engagements.length) return 0;
    const [evaluators, tenants] = await Promise.all([
      this.users.evaluatorsOf(engagements.map((e) => e.institutionId)),
      this.tenants.summaries(engagements.map((e) => e.tenantId)),
    ]);
    const notices: NoticeInput[] = engagements.map((e) => ({
      userIds: evaluators.get(e.institutionId) ?? [],
      template: 'evaluation-due',
      params: { tenantName: tenants.get(e.tenantId)?.name ?? '', periodFrom: e.periodFrom, periodTo: e.periodTo },
      link: `/evaluations/new?engagement=${e.id}`,
      dedupeKey: `evaluation-due:${e.id}`,
    }));
    const queued = (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, notices))).length;
    this.logger.log(`${today}: ${queued} reminders for ${engagements.length} engagements due on ${due}`);
    return queued;
  }
}
