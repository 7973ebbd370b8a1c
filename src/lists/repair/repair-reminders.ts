import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { WorkingCalendarService } from '../../calendar/working-calendar.service.js';
import { dateText } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { ReminderSource } from '../../notifications/reminders.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { currentDue, deadlineState } from '../domain/repair-deadlines.rules.js';
import { RepairApplicationEntity } from '../entities/repair-application.entity.js';
import { reviewSubject } from './repairs.service.js';

const BATCH = 500;
/** Working days before a deadline the reviewers are warned. */
const SOON = 2;

/**
 * The daily 'repairs-due' reminder source: open applications whose reply or decision is due within 2
 * working days or overdue. Replies due: park staff (and, for a finding, its department's regulators);
 * decisions due: the finding's department's regulators, or park staff for a list entry (they chase
 * the regulators). Once a day per application and deadline (the dedupe key carries the day).
 */
@Injectable()
export class RepairReminders {
  private readonly logger = new Logger('RepairReminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly calendar: WorkingCalendarService,
    private readonly users: UsersQueries,
    private readonly tenants: TenantsQueries,
    private readonly findings: FindingsService,
  ) {}

  @ReminderSource('repairs-due')
  async run(today: string): Promise<number> {
    const bound = await this.calendar.addWorkingDays(today, SOON);
    const cal = await this.calendar.calendar();
    let managers: number[] | null = null;
    let queued = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.getRepository(RepairApplicationEntity).createQueryBuilder('r')
        .where('r.id > :after', { after })
        .andWhere(new Brackets((w) => w
          .where("r.status = 'submitted' AND r.replyDueOn <= :bound", { bound })
          .orWhere("r.status = 'in_review' AND r.decisionDueOn <= :bound", { bound })))
        .orderBy('r.id', 'ASC').limit(BATCH).getMany();
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      managers ??= await this.users.managerIds(0, 1000);
      const findings = await this.findings.repairableByIds(rows.filter((r) => r.subjectType === 'finding').map((r) => r.subjectId));
      const departments = [...new Set([...findings.values()].map((f) => f.departmentId))];
      const [regulators, tenants] = await Promise.all([this.users.regulatorsOf(departments), this.tenants.summaries(rows.map((r) => r.tenantId))]);
      const notices = rows.flatMap((r): NoticeInput[] => {
        const due = currentDue({ status: r.status, replyDueOn: dateText(r.replyDueOn), decisionDueOn: r.decisionDueOn ? dateText(r.decisionDueOn) : null });
        if (!due) return [];
        const state = deadlineState(due.dueOn, today, cal);
        const dept = r.subjectType === 'finding' ? findings.get(r.subjectId)?.departmentId : undefined;
        const deptRegulators = dept !== undefined ? regulators.get(dept) ?? [] : [];
        const userIds = due.kind === 'reply' ? [...managers!, ...deptRegulators] : (deptRegulators.length ? deptRegulators : managers!);
        return [{
          userIds, template: 'repair-due',
          params: { tenantName: tenants.get(r.tenantId)?.name ?? '', kind: due.kind, dueOn: due.dueOn, state: state.state, days: state.days },
          link: `/repairs/${r.id}`, dedupeKey: `repair-due:${r.id}:${due.kind}:${today}`, subject: reviewSubject(r.id),
        }];
      });
      queued += (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, notices))).length;
      if (rows.length < BATCH) break;
    }
    this.logger.log(`${today}: ${queued} credit-repair deadline notices`);
    return queued;
  }
}
