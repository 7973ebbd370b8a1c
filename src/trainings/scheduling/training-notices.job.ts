import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AppConfig } from '../../config/app-config.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import { calendarFile, type CalendarSession } from './training-calendar.js';

export type TrainingNoticeKind = 'invitation' | 'changed' | 'cancelled';

const TEMPLATES: Record<TrainingNoticeKind, string> = { invitation: 'training-invitation', changed: 'training-changed', cancelled: 'training-cancelled' };

/** The notice's bell subject: cancelling a session takes its earlier notices off the bell. */
export const trainingSubject = (sessionId: number) => `training:${sessionId}`;

/**
 * Who a session's notices concern: the tenants required to attend (invited) and those registered or
 * waiting (registered for an optional session), as a `SELECT tenantId` with `?` parameters.
 */
export function concernedTenantsSql(dataSource: DataSource, sessionIds: readonly number[]): { sql: string; params: number[] } {
  const inv = dataSource.getMetadata(TrainingInvitationEntity).tableName;
  const reg = dataSource.getMetadata(TrainingRegistrationEntity).tableName;
  const marks = sessionIds.map(() => '?').join(', ');
  return {
    sql: `SELECT tenantId FROM ${inv} WHERE sessionId IN (${marks}) UNION SELECT tenantId FROM ${reg} WHERE sessionId IN (${marks}) AND status <> 'cancelled'`,
    params: [...sessionIds, ...sessionIds],
  };
}

/** A mail address out of `Name <address>`. */
function organizerOf(from: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1] || 'ParkTrust', email: m[2] } : { name: 'ParkTrust', email: from.trim() };
}

/**
 * Sends a scheduling change to the officers of every tenant it concerns, with the calendar file:
 * an invitation (one e-mail for a whole series), an update (same UID, higher SEQUENCE) or a
 * cancellation (METHOD:CANCEL). Pages through officers (notifyPaged), so the audience may be the
 * whole park; the dedupe key (session, kind, sequence) makes a redelivered job send nothing new.
 */
@Injectable()
export class TrainingNoticesJob {
  private readonly logger = new Logger('TrainingNoticesJob');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
    private readonly config: AppConfig,
  ) {}

  /** The calendar entry of a session (its description in the park's default language). */
  calendarSession(s: TrainingSessionEntity): CalendarSession {
    const locale = this.i18n.defaultLocale;
    const kind = this.i18n.t(locale, `trainings.kinds.${s.kind}`);
    const speaker = s.speaker ? `\n${this.i18n.t(locale, 'trainings.speaker')}: ${s.speaker}` : '';
    return { id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, location: s.location, description: `${kind}${speaker}`, sequence: s.sequence };
  }

  @JobHandler('trainings.notices')
  async run(data: Record<string, unknown>): Promise<{ notified: number }> {
    const kind = data.kind as TrainingNoticeKind;
    const ids = String(data.sessionIds ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (!TEMPLATES[kind] || !ids.length) return { notified: 0 };
    const sessions = await this.dataSource.getRepository(TrainingSessionEntity).find({ where: { id: In(ids) }, order: { startsAt: 'ASC' } });
    // A notice about sessions cancelled since is not sent (the cancellation is).
    const live = kind === 'cancelled' ? sessions.filter((s) => s.status === 'cancelled') : sessions.filter((s) => s.status === 'scheduled');
    if (!live.length) {
      this.logger.log(`sessions ${ids.join(',')}: nothing to send for ${kind}`);
      return { notified: 0 };
    }
    const first = live[0];
    const attachment = calendarFile(live.map((s) => this.calendarSession(s)), kind === 'cancelled' ? 'cancel' : 'request', organizerOf(this.config.MAIL_FROM));
    const concerned = concernedTenantsSql(this.dataSource, live.map((s) => s.id));
    const notified = await this.notifications.notifyPaged(
      (after, limit) => this.users.officerIdsOfTenantsIn(concerned.sql, concerned.params, after, limit),
      {
        template: TEMPLATES[kind],
        params: {
          title: first.title, startsAt: this.i18n.formatDateTime(first.startsAt, this.i18n.defaultLocale), endsAt: this.i18n.formatDateTime(first.endsAt, this.i18n.defaultLocale),
          location: first.location, sessions: live.length > 1 ? live.length : 0, reason: first.cancelReason ?? '',
        },
        link: '/trainings/my',
        dedupeKey: `training-${kind}:${first.id}:${first.sequence}`,
        subject: trainingSubject(first.id),
        attachments: [attachment],
      },
    );
    return { notified };
  }
}
