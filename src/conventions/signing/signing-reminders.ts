import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { dateText } from '../../database/raw-sql.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { ReminderSource } from '../../notifications/reminders.js';
import { daysUntil, reminderDue, type ReminderKind } from '../domain/convention.rules.js';
import { reminderTargets } from '../domain/authoring.rules.js';
import { obligationSubject } from '../domain/obligation-status.rules.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';

const BATCH = 500;

interface DueRow {
  id: number | string;
  tenantId: number | string;
  deadline: string | Date;
  versionNo: number | string;
  title: string;
}

/**
 * The daily 'convention-signing' reminder source: officers of tenants that have not signed are told
 * 7 days and 1 day before the deadline and once when it has passed; staff get one digest of overdue
 * tenants per version. The due obligations are chosen in SQL; dedupe keys, and the overdue notice
 * recorded on the obligation, make a second run a no-op.
 */
@Injectable()
export class SigningReminders {
  private readonly logger = new Logger('SigningReminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly users: UsersQueries,
  ) {}

  @ReminderSource('convention-signing')
  async run(today: string): Promise<number> {
    const queued = await this.remindOfficers(today);
    const digest = await this.staffDigest(today);
    this.logger.log(`${today}: ${queued} signing reminders, ${digest} digest notices`);
    return queued + digest;
  }

  private async remindOfficers(today: string): Promise<number> {
    const { dueIn7, dueIn1 } = reminderTargets(today);
    let queued = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query(
        `SELECT o.id AS id, o.tenantId AS tenantId, o.deadline AS deadline, v.versionNo AS versionNo, v.title AS title
         FROM signing_obligations o INNER JOIN convention_versions v ON v.id = o.versionId
         WHERE v.status = 'published' AND o.status = 'active' AND o.signatureId IS NULL AND o.id > ?
           AND (o.deadline = ? OR o.deadline = ? OR (o.deadline < ? AND o.overdueNotifiedOn IS NULL))
         ORDER BY o.id LIMIT ${BATCH}`,
        [after, dueIn7, dueIn1, today],
      ) as DueRow[];
      if (!rows.length) break;
      after = Number(rows[rows.length - 1].id);
      const byTenant = await this.users.officersOf(rows.map((r) => Number(r.tenantId)));
      const overdueIds: number[] = [];
      const notices = rows.flatMap((row): NoticeInput[] => {
        const userIds = byTenant.get(Number(row.tenantId));
        const deadline = dateText(row.deadline);
        const kind: ReminderKind | null = reminderDue(deadline, today);
        if (!userIds?.length || !kind) return [];
        if (kind === 'overdue') overdueIds.push(Number(row.id));
        const params = { title: row.title, deadline, versionNo: Number(row.versionNo) };
        return [{
          userIds,
          template: kind === 'overdue' ? 'signing-overdue' : 'signing-reminder',
          params: kind === 'overdue' ? params : { ...params, days: daysUntil(deadline, today) },
          link: '/conventions/my',
          // The deadline is in the key: an obligation resumed with a fresh deadline is reminded again.
          dedupeKey: `sign-reminder:${row.id}:${deadline}:${kind}`,
          subject: obligationSubject(Number(row.id)),
        }];
      });
      // The whole batch in one transaction and a handful of statements.
      queued += (await this.uow.run(async (m, afterCommit) => {
        if (overdueIds.length) await m.getRepository(SigningObligationEntity).update({ id: In(overdueIds) }, { overdueNotifiedOn: today });
        return this.notifications.notify(m, afterCommit, notices);
      })).length;
      if (rows.length < BATCH) break;
    }
    return queued;
  }

  /**
   * 催签: reminds the officers of every tenant that has not signed this published version, now, a
   * batch of obligations per transaction. Each obligation's officers are reminded at most once a park
   * day (the dedupe key), so pressing the button again the same day sends nothing new.
   */
  async remindVersion(versionId: number, today: string): Promise<{ officers: number; withoutOfficer: number }> {
    let officers = 0;
    let withoutOfficer = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query(
        `SELECT o.id AS id, o.tenantId AS tenantId, o.deadline AS deadline, v.versionNo AS versionNo, v.title AS title
         FROM signing_obligations o INNER JOIN convention_versions v ON v.id = o.versionId
         WHERE o.versionId = ? AND v.status = 'published' AND o.status = 'active' AND o.signatureId IS NULL AND o.id > ?
         ORDER BY o.id LIMIT ${BATCH}`,
        [versionId, after],
      ) as DueRow[];
      if (!rows.length) break;
      after = Number(rows[rows.length - 1].id);
      const byTenant = await this.users.officersOf(rows.map((r) => Number(r.tenantId)));
      const notices = rows.flatMap((row): NoticeInput[] => {
        const userIds = byTenant.get(Number(row.tenantId));
        if (!userIds?.length) {
          withoutOfficer++;
          return [];
        }
        const deadline = dateText(row.deadline);
        const overdue = deadline < today;
        const params = { title: row.title, deadline, versionNo: Number(row.versionNo) };
        return [{
          userIds,
          template: overdue ? 'signing-overdue' : 'signing-reminder',
          params: overdue ? params : { ...params, days: daysUntil(deadline, today) },
          link: '/conventions/my',
          dedupeKey: `sign-urge:${row.id}:${today}`,
          subject: obligationSubject(Number(row.id)),
        }];
      });
      officers += (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, notices))).length;
      if (rows.length < BATCH) break;
    }
    this.logger.log(`version ${versionId}, ${today}: ${officers} officers reminded now, ${withoutOfficer} tenants without an officer`);
    return { officers, withoutOfficer };
  }

  /** One notice per park staff member and admin: how many tenants are overdue, per published version. */
  private async staffDigest(today: string): Promise<number> {
    const counts = await this.dataSource.query(
      `SELECT v.id AS id, v.title AS title, v.versionNo AS versionNo, COUNT(*) AS overdue
       FROM signing_obligations o INNER JOIN convention_versions v ON v.id = o.versionId
       WHERE v.status = 'published' AND o.status = 'active' AND o.signatureId IS NULL AND o.deadline < ?
       GROUP BY v.id, v.title, v.versionNo ORDER BY v.id`,
      [today],
    ) as { id: number | string; title: string; versionNo: number | string; overdue: number | string }[];
    if (!counts.length) return 0;
    const total = counts.reduce((s, c) => s + Number(c.overdue), 0);
    const summary = counts.map((c) => `${c.title} (v${Number(c.versionNo)}): ${Number(c.overdue)}`).join('; ');
    return this.notifications.notifyPaged((after, limit) => this.users.managerIds(after, limit), {
      template: 'overdue-digest',
      params: { date: today, total, versions: counts.length, summary },
      link: '/conventions',
      dedupeKey: `overdue-digest:${today}`,
    }, BATCH);
  }
}
