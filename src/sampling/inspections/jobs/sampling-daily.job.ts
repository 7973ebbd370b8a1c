import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UsersQueries } from '../../../accounts/users.queries.js';
import { WorkingCalendarService } from '../../../calendar/working-calendar.service.js';
import { dateText } from '../../../database/raw-sql.js';
import { UnitOfWork } from '../../../database/unit-of-work.js';
import { I18nService } from '../../../i18n/i18n.service.js';
import { NotificationsService, type NoticeInput } from '../../../notifications/notifications.service.js';
import { JobHandler } from '../../../queue/job-handler.decorator.js';
import { TenantsQueries } from '../../../tenants/tenants.queries.js';
import { PUBLISH_WARN_DAYS, publishWarning } from '../../domain/inspection-tasks.rules.js';
import { InspectionTaskEntity } from '../../entities/inspection-task.entity.js';
import { ProgrammeDepartmentEntity } from '../../entities/programme-department.entity.js';
import { taskSubject } from '../tasks.service.js';

const BATCH = 500;

/**
 * Warns of inspection results nearing or past their 20-working-day publication deadline (daily,
 * 00:40 park time): once when the deadline is 5 working days away or nearer, once when it has
 * passed. The recorder and the regulators of the programme's departments are told (in-app and by
 * e-mail). Set-based: recorded tasks due by the bound in batches by id, recipients read per batch,
 * one UPDATE of `publishWarnedOn` per batch; a second run the same day finds nothing to send.
 */
@Injectable()
export class SamplingDailyJob {
  private readonly logger = new Logger('SamplingDaily');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly calendar: WorkingCalendarService,
    private readonly users: UsersQueries,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  @JobHandler('sampling.daily')
  async run(): Promise<{ warned: number }> {
    const today = this.i18n.today();
    const bound = await this.calendar.addWorkingDays(today, PUBLISH_WARN_DAYS);
    let warned = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.getRepository(InspectionTaskEntity).createQueryBuilder('k')
        .select(['k.id', 'k.programmeId', 'k.tenantId', 'k.status', 'k.publishBy', 'k.publishWarnedOn', 'k.recordedById'])
        .where('k.id > :after', { after }).andWhere("k.status = 'recorded'").andWhere('k.publishBy <= :bound', { bound })
        .andWhere('(k.publishWarnedOn IS NULL OR (k.publishBy < :today AND k.publishWarnedOn <= k.publishBy))', { today })
        .orderBy('k.id', 'ASC').limit(BATCH).getMany();
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const due = rows.flatMap((r) => {
        const kind = publishWarning({ status: r.status, publishBy: r.publishBy ? dateText(r.publishBy) : null, publishWarnedOn: r.publishWarnedOn ? dateText(r.publishWarnedOn) : null }, today, bound);
        return kind ? [{ row: r, kind }] : [];
      });
      if (due.length) {
        const programmes = [...new Set(due.map((d) => d.row.programmeId))];
        const depts = await this.dataSource.getRepository(ProgrammeDepartmentEntity).find({ where: { programmeId: In(programmes) } });
        const [regulators, tenants] = await Promise.all([
          this.users.regulatorsOf([...new Set(depts.map((d) => d.departmentId))]),
          this.tenants.summaries(due.map((d) => d.row.tenantId)),
        ]);
        const notices = due.map(({ row, kind }): NoticeInput => {
          const deptRegulators = depts.filter((d) => d.programmeId === row.programmeId).flatMap((d) => regulators.get(d.departmentId) ?? []);
          return {
            userIds: [...new Set([...(row.recordedById ? [row.recordedById] : []), ...deptRegulators])], template: 'sampling-publish-due',
            params: { tenantName: tenants.get(row.tenantId)?.name ?? '', taskId: row.id, publishBy: dateText(row.publishBy), kind },
            link: `/sampling/tasks/${row.id}`, dedupeKey: `sampling-publish-due:${row.id}:${kind}`, subject: taskSubject(row.id),
          };
        });
        await this.uow.run(async (m, afterCommit) => {
          await this.notifications.notify(m, afterCommit, notices);
          await m.getRepository(InspectionTaskEntity).update({ id: In(due.map((d) => d.row.id)), status: 'recorded' }, { publishWarnedOn: today });
        });
        warned += due.length;
      }
      if (rows.length < BATCH) break;
    }
    this.logger.log(`${today}: ${warned} inspection results warned of their publication deadline`);
    return { warned };
  }
}
