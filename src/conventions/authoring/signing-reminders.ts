import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { NotificationsService, type NoticeInput } from '../../notifications/notifications.service.js';
import { Reminders } from '../../notifications/reminders.js';
import { daysUntil, reminderDue, type ReminderKind } from '../domain/convention.rules.js';
import { reminderTargets } from './authoring.rules.js';

const BATCH = 500;

interface DueRow {
  id: number | string;
  tenantId: number | string;
  deadline: string | Date;
  versionNo: number | string;
  title: string;
}

const isoDate = (v: string | Date): string => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

/**
 * The daily 'convention-signing' reminder source: officers of tenants that have not signed are told
 * 7 days and 1 day before the deadline and once when it has passed; staff get one digest of overdue
 * tenants per version. The due obligations are chosen in SQL; dedupe keys make a second run a no-op.
 */
@Injectable()
export class SigningReminders implements OnModuleInit {
  private readonly logger = new Logger('SigningReminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly notifications: NotificationsService,
    private readonly reminders: Reminders,
  ) {}

  onModuleInit(): void {
    this.reminders.register({ name: 'convention-signing', run: (today) => this.run(today) });
  }

  async run(today: string): Promise<number> {
    const queued = await this.remindOfficers(today);
    const digest = await this.staffDigest(today);
    this.logger.log(`${today}: ${queued} signing reminders, ${digest} digest notices`);
    return queued + digest;
  }

  /** SQL that concatenates on this dialect (SQLite has ||, MySQL has CONCAT). */
  private concat(...parts: string[]): string {
    return this.dataSource.options.type === 'better-sqlite3' ? parts.join(' || ') : `CONCAT(${parts.join(', ')})`;
  }

  private async remindOfficers(today: string): Promise<number> {
    const { dueIn7, dueIn1 } = reminderTargets(today);
    // An overdue notice is sent once: obligations whose overdue notice is in the outbox are skipped in SQL.
    const sentOverdue = `EXISTS (SELECT 1 FROM outbox_messages m WHERE m.dedupeKey LIKE ${this.concat("'sign-reminder:'", 'CAST(o.id AS CHAR)', "':overdue:%'")})`;
    let queued = 0;
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query(
        `SELECT o.id AS id, o.tenantId AS tenantId, o.deadline AS deadline, v.versionNo AS versionNo, v.title AS title
         FROM signing_obligations o INNER JOIN convention_versions v ON v.id = o.versionId
         WHERE v.status = 'published' AND o.signatureId IS NULL AND o.id > ?
           AND (o.deadline = ? OR o.deadline = ? OR (o.deadline < ? AND NOT ${sentOverdue}))
         ORDER BY o.id LIMIT ${BATCH}`,
        [after, dueIn7, dueIn1, today],
      ) as DueRow[];
      if (!rows.length) break;
      after = Number(rows[rows.length - 1].id);
      const tenantIds = [...new Set(rows.map((r) => Number(r.tenantId)))];
      const officers = await this.dataSource.query(
        `SELECT id, tenantId FROM users WHERE role = 'tenant_officer' AND active = 1 AND tenantId IN (${tenantIds.map(() => '?').join(', ')})`,
        tenantIds,
      ) as { id: number | string; tenantId: number | string }[];
      const byTenant = new Map<number, number[]>();
      for (const o of officers) {
        const list = byTenant.get(Number(o.tenantId)) ?? [];
        list.push(Number(o.id));
        byTenant.set(Number(o.tenantId), list);
      }
      const notices = rows.flatMap((row): NoticeInput[] => {
        const userIds = byTenant.get(Number(row.tenantId));
        const deadline = isoDate(row.deadline);
        const kind: ReminderKind | null = reminderDue(deadline, today);
        if (!userIds?.length || !kind) return [];
        const params = { title: row.title, deadline, versionNo: Number(row.versionNo) };
        return [{
          userIds,
          template: kind === 'overdue' ? 'signing-overdue' : 'signing-reminder',
          params: kind === 'overdue' ? params : { ...params, days: daysUntil(deadline, today) },
          link: '/conventions/my',
          dedupeKey: `sign-reminder:${row.id}:${kind}`,
        }];
      });
      // The whole batch in one transaction and a handful of statements.
      queued += (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, notices))).length;
      if (rows.length < BATCH) break;
    }
    return queued;
  }

  /** One notice per park staff member and admin: how many tenants are overdue, per published version. */
  private async staffDigest(today: string): Promise<number> {
    const counts = await this.dataSource.query(
      `SELECT v.id AS id, v.title AS title, v.versionNo AS versionNo, COUNT(*) AS overdue
       FROM signing_obligations o INNER JOIN convention_versions v ON v.id = o.versionId
       WHERE v.status = 'published' AND o.signatureId IS NULL AND o.deadline < ?
       GROUP BY v.id, v.title, v.versionNo ORDER BY v.id`,
      [today],
    ) as { id: number | string; title: string; versionNo: number | string; overdue: number | string }[];
    if (!counts.length) return 0;
    const total = counts.reduce((s, c) => s + Number(c.overdue), 0);
    const summary = counts.map((c) => `${c.title} (v${Number(c.versionNo)}): ${Number(c.overdue)}`).join('; ');
    let queued = 0;
    let after = 0;
    for (;;) {
      const staff = await this.dataSource.query(
        `SELECT id FROM users WHERE role IN ('park_staff', 'admin') AND active = 1 AND id > ? ORDER BY id LIMIT ${BATCH}`,
        [after],
      ) as { id: number | string }[];
      if (!staff.length) break;
      const userIds = staff.map((s) => Number(s.id));
      after = userIds[userIds.length - 1];
      queued += (await this.uow.run((m, afterCommit) => this.notifications.notify(m, afterCommit, {
        userIds,
        template: 'overdue-digest',
        params: { date: today, total, versions: counts.length, summary },
        link: '/conventions',
        dedupeKey: `overdue-digest:${today}`,
      }))).length;
      if (staff.length < BATCH) break;
    }
    return queued;
  }
}
