import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Between, DataSource } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { ReminderSource } from '../../notifications/reminders.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import { concernedTenantsSql, trainingSubject } from './training-notices.job.js';

/** The day before a session (park time), its invited and registered tenants' officers are reminded, once. */
@Injectable()
export class TrainingReminders {
  private readonly logger = new Logger('TrainingReminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  @ReminderSource('trainings-day-before')
  async run(today: string): Promise<number> {
    const zone = this.i18n.timeZone;
    const from = DateTime.fromISO(today, { zone }).plus({ days: 1 }).startOf('day');
    const to = from.endOf('day');
    const sessions = await this.dataSource.getRepository(TrainingSessionEntity).find({
      where: { status: 'scheduled', startsAt: Between(from.toUTC().toJSDate(), to.toUTC().toJSDate()) }, order: { startsAt: 'ASC' },
    });
    let queued = 0;
    for (const s of sessions) {
      const concerned = concernedTenantsSql(this.dataSource, [s.id]);
      queued += await this.notifications.notifyPaged(
        (after, limit) => this.users.officerIdsOfTenantsIn(concerned.sql, concerned.params, after, limit),
        {
          template: 'training-reminder',
          params: { title: s.title, startsAt: this.i18n.formatDateTime(s.startsAt, this.i18n.defaultLocale), location: s.location },
          link: '/trainings/my',
          dedupeKey: `training-reminder:${s.id}:${today}`,
          subject: trainingSubject(s.id),
        },
      );
    }
    this.logger.log(`${today}: ${queued} training reminders for ${sessions.length} sessions tomorrow`);
    return queued;
  }
}
