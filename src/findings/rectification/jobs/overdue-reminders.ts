import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UsersQueries } from '../../../accounts/users.queries.js';
import { dateText } from '../../../database/raw-sql.js';
import { UnitOfWork } from '../../../database/unit-of-work.js';
import { NotificationsService, type NoticeInput } from '../../../notifications/notifications.service.js';
import { ReminderSource } from '../../../notifications/reminders.js';
import { TenantsQueries } from '../../../tenants/tenants.queries.js';
import { FindingsService } from '../../core/findings.service.js';
import { FindingEntity } from '../../entities/finding.entity.js';
import { overdueSubject } from '../rectification.service.js';

const BATCH = 500;

/**
 * The daily 'findings-overdue' reminder source: every finding whose rectification is still open the
 * day after its deadline (never submitted, or returned) is told once — to the tenant's officers, the
 * department's regulators, and park staff where the department delegated verification. The day it
 * was told is recorded on the finding (overdueNotifiedOn), so the query picks only findings not yet
 * told and a second run sends nothing; dedupe keys guard a redelivered batch as well.
 */
@Injectable()
export class FindingOverdueReminders {
  private readonly logger = new Logger('FindingOverdueReminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  @ReminderSource('findings-overdue')
  async run(today: string): Promise<number> {
    const departments = await this.findings.departmentsById();
    let managers: number[] | null = null;
    let queued = 0;
    let findingsTold = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.getRepository(FindingEntity).createQueryBuilder('f')
        .select(['f.id', 'f.tenantId', 'f.departmentId', 'f.title', 'f.decisionNo', 'f.rectifyBy'])
        .where("f.rectificationStatus = 'open' AND f.rectifyBy < :today AND f.overdueNotifiedOn IS NULL AND f.id > :after", { today, after })
        .orderBy('f.id', 'ASC').limit(BATCH).getMany();
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const [officers, regulators, tenants] = await Promise.all([
        this.users.officersOf(rows.map((r) => r.tenantId)),
        this.users.regulatorsOf(rows.map((r) => r.departmentId)),
        this.tenants.summaries(rows.map((r) => r.tenantId)),
      ]);
      if (managers === null && rows.some((r) => departments.get(r.departmentId)?.delegatesVerification)) managers = await this.allManagers();
      const notices = rows.map((f): NoticeInput => ({
        userIds: [
          ...(officers.get(f.tenantId) ?? []), ...(regulators.get(f.departmentId) ?? []),
          ...(departments.get(f.departmentId)?.delegatesVerification ? managers ?? [] : []),
        ],
        template: 'finding-rectification-overdue',
        params: { tenantName: tenants.get(f.tenantId)?.name ?? '', title: f.title, decisionNo: f.decisionNo, rectifyBy: dateText(f.rectifyBy) },
        link: `/findings/${f.id}/rectification`,
        dedupeKey: `finding-rectification-overdue:${f.id}`,
        subject: overdueSubject(f.id),
      }));
      // The whole batch in one transaction: the notices and the mark that they went out.
      queued += (await this.uow.run(async (m, afterCommit) => {
        await m.getRepository(FindingEntity).update({ id: In(rows.map((r) => r.id)) }, { overdueNotifiedOn: today });
        return this.notifications.notify(m, afterCommit, notices);
      })).length;
      findingsTold += rows.length;
      if (rows.length < BATCH) break;
    }
    this.logger.log(`${today}: ${findingsTold} overdue rectifications, ${queued} notices`);
    return queued;
  }

  private async allManagers(): Promise<number[]> {
    const out: number[] = [];
    for (let after = 0; ;) {
      const batch = await this.users.managerIds(after, BATCH);
      out.push(...batch);
      if (batch.length < BATCH) return out;
      after = batch[batch.length - 1];
    }
  }
}
