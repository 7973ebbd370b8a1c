import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor } from '../../common/principal.js';
import { UnitOfWork, type AfterCommit } from '../../database/unit-of-work.js';
import { datetimeParam, writeLock } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { QueueService } from '../../queue/queue.service.js';
import { BuildingsService } from '../../tenants/buildings.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { audienceFilterOf, audienceProblems, selectorOf, type AudienceSelector } from '../domain/audience.rules.js';
import { occurrences, seriesProblems } from '../domain/series.rules.js';
import { changeConcernsAttendees, isUpcoming, parkLocalToUtc, PARK_LOCAL, sessionProblems } from '../domain/session.rules.js';
import { seatsGrew } from '../domain/registration.rules.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingSeriesEntity } from '../entities/training-series.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import { RegistrationService } from '../registration/registration.service.js';
import type { EditSessionDto, ScheduleSessionDto, SessionFormDto } from './dto/session.dto.js';
import { trainingSubject, type TrainingNoticeKind } from './training-notices.job.js';

/** The fields a session's audit entry shows. */
function auditView(s: TrainingSessionEntity) {
  return {
    title: s.title, kind: s.kind, hostDepartmentId: s.hostDepartmentId, hostTenantId: s.hostTenantId, speaker: s.speaker, speakerTenantId: s.speakerTenantId,
    startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), location: s.location, capacity: s.capacity,
    audience: s.audience, audienceFilter: s.audienceFilter, status: s.status, seriesId: s.seriesId,
  };
}

/** Writes sessions: schedules (one or a series), edits, cancels; keeps the required tenants (invitations) and tells attendees. */
@Injectable()
export class SchedulingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly tenants: TenantsQueries,
    private readonly buildings: BuildingsService,
    private readonly departments: DepartmentsService,
    private readonly queue: QueueService,
    private readonly i18n: I18nService,
    private readonly notifications: NotificationsService,
    private readonly registrations: RegistrationService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private get zone(): string {
    return this.i18n.timeZone;
  }

  /** A form's or the API's time: park-local `YYYY-MM-DDTHH:mm`, or an ISO instant with its offset. */
  private instant(value: string): Date | null {
    if (PARK_LOCAL.test(value)) return parkLocalToUtc(value, this.zone);
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }

  /** Checks the fields that need the database or several fields at once; throws the field errors, nothing written. */
  private async checked(dto: SessionFormDto): Promise<{ startsAt: Date; endsAt: Date }> {
    const startsAt = this.instant(dto.startsAt);
    const endsAt = this.instant(dto.endsAt);
    const problems: FieldProblems = {
      ...sessionProblems({ startsAt, endsAt, capacity: dto.capacity ?? null }),
      ...audienceProblems({ audience: dto.audience, industries: dto.industries, buildingIds: dto.buildingIds, tenantIds: dto.tenantIds }),
    };
    if (dto.hostDepartmentId && !(await this.departments.list()).some((d) => d.id === dto.hostDepartmentId)) problems.hostDepartmentId = [{ code: 'unknownDepartment' }];
    const tenantIds = [dto.hostTenantId, dto.speakerTenantId, ...(dto.audience === 'tenants' ? dto.tenantIds ?? [] : [])].filter((x): x is number => !!x);
    if (tenantIds.length) {
      const known = await this.tenants.summaries(tenantIds);
      if (dto.hostTenantId && !known.has(dto.hostTenantId)) problems.hostTenantId = [{ code: 'unknownTenant' }];
      if (dto.speakerTenantId && !known.has(dto.speakerTenantId)) problems.speakerTenantId = [{ code: 'unknownTenant' }];
      if (dto.audience === 'tenants' && (dto.tenantIds ?? []).some((id) => !known.has(id))) problems.tenantIds = [{ code: 'unknownTenant' }];
    }
    if (dto.audience === 'buildings' && dto.buildingIds?.length) {
      const ids = new Set((await this.buildings.all()).map((b) => b.id));
      if (dto.buildingIds.some((id) => !ids.has(id))) problems.buildingIds = [{ code: 'invalid' }];
    }
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    return { startsAt: startsAt!, endsAt: endsAt! };
  }

  private fields(dto: SessionFormDto) {
    return {
      title: dto.title, kind: dto.kind, hostDepartmentId: dto.hostDepartmentId ?? null, hostTenantId: dto.hostTenantId ?? null,
      speaker: dto.speaker ?? '', speakerTenantId: dto.speakerTenantId ?? null, location: dto.location, capacity: dto.capacity ?? null,
      audience: dto.audience, audienceFilter: audienceFilterOf({ audience: dto.audience, industries: dto.industries, buildingIds: dto.buildingIds, tenantIds: dto.tenantIds }),
    };
  }

  /**
   * Schedules one session, or a series (one session per occurrence until the end date), with its
   * required tenants, in one transaction; the officers of those tenants are then sent an invitation
   * with the calendar file (not for a session already over). Returns the sessions, the first first.
   */
  async schedule(dto: ScheduleSessionDto, actor: Actor, now = new Date()): Promise<TrainingSessionEntity[]> {
    const { startsAt, endsAt } = await this.checked(dto);
    let times = [{ startsAt, endsAt }];
    if (dto.repeat) {
      const problems = seriesProblems({ recurrence: dto.repeat, untilDate: dto.untilDate, first: { startsAt, endsAt } }, this.zone);
      if (Object.keys(problems).length) throw new ValidationFailedError(problems);
      times = occurrences({ startsAt, endsAt }, dto.repeat, dto.untilDate!, this.zone);
    } else if (dto.untilDate) {
      throw new ValidationFailedError({ repeat: [{ code: 'required' }] });
    }
    return this.uow.run(async (m, afterCommit) => {
      let seriesId: number | null = null;
      if (dto.repeat) {
        const series = await m.getRepository(TrainingSeriesEntity).save({ title: dto.title, recurrence: dto.repeat, untilDate: dto.untilDate!, createdBy: actor.userId ?? 0 });
        seriesId = series.id;
        await this.audit.record(m, actor, { action: 'training.series.create', entityType: 'training_series', entityId: series.id, after: { title: series.title, recurrence: series.recurrence, untilDate: series.untilDate, sessions: times.length } });
      }
      const sessions: TrainingSessionEntity[] = [];
      for (const t of times) {
        const session = await m.getRepository(TrainingSessionEntity).save({
          ...this.fields(dto), seriesId, startsAt: t.startsAt, endsAt: t.endsAt, status: 'scheduled' as const, cancelReason: null,
          checkinSecret: randomBytes(20).toString('hex'), absencesMarkedAt: null, sequence: 0, createdBy: actor.userId ?? 0,
        });
        const invited = await this.syncInvitations(m, session, now);
        await this.audit.record(m, actor, { action: 'training.schedule', entityType: 'training_session', entityId: session.id, after: { ...auditView(session), invited: invited.total } });
        sessions.push(session);
      }
      // A session recorded after it was held (to keep its attendance) invites nobody.
      this.sendNotices(afterCommit, sessions.filter((s) => s.endsAt.getTime() > now.getTime()).map((s) => s.id), 'invitation', 0);
      return sessions;
    });
  }

  /**
   * Edits a session, or in a series this one and the later upcoming ones (`following`: the same
   * fields, and the same shift of the start and the new length). An upcoming session's required
   * tenants follow its audience. When time, place or title changed, invited and registered tenants'
   * officers get the updated calendar entry (same UID, SEQUENCE + 1).
   */
  async edit(id: number, dto: EditSessionDto, actor: Actor, now = new Date()): Promise<TrainingSessionEntity> {
    const { startsAt, endsAt } = await this.checked(dto);
    return this.uow.run(async (m, afterCommit) => {
      const session = await this.lockedSession(m, id);
      if (session.status === 'cancelled') throw new ConflictError('trainings.alreadyCancelled');
      const shift = startsAt.getTime() - session.startsAt.getTime();
      const length = endsAt.getTime() - startsAt.getTime();
      const targets = [session];
      if (dto.scope === 'following' && session.seriesId) {
        const later = await m.getRepository(TrainingSessionEntity).find({
          where: { seriesId: session.seriesId, status: 'scheduled', startsAt: MoreThan(session.startsAt) }, order: { startsAt: 'ASC' },
        });
        targets.push(...later.filter((s) => isUpcoming(s, now)));
      }
      const changed: number[] = [];
      for (const s of targets) {
        const before = auditView(s);
        const beforeShape = { title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, location: s.location };
        const newStart = s.id === session.id ? startsAt : new Date(s.startsAt.getTime() + shift);
        Object.assign(s, this.fields(dto), { startsAt: newStart, endsAt: new Date(newStart.getTime() + length) });
        const concerns = changeConcernsAttendees(beforeShape, s) || before.audience !== s.audience || before.audienceFilter !== s.audienceFilter;
        if (concerns) s.sequence += 1;
        await m.getRepository(TrainingSessionEntity).save(s);
        const invited = isUpcoming(s, now) ? await this.syncInvitations(m, s, now) : null;
        // More seats (or no limit any more): the waiting list moves up now, in order, and is told.
        if (isUpcoming(s, now) && seatsGrew(before.capacity, s.capacity)) await this.registrations.promoteWaiting(m, afterCommit, s, actor);
        await this.audit.record(m, actor, {
          action: 'training.update', entityType: 'training_session', entityId: s.id, before, after: { ...auditView(s), ...(invited ? { invitedAdded: invited.added, invitedRemoved: invited.removed } : {}) },
        });
        // A session already over is corrected quietly: nobody's calendar needs it any more.
        if (concerns && s.endsAt.getTime() > now.getTime()) changed.push(s.id);
      }
      if (changed.length) this.sendNotices(afterCommit, changed, 'changed', session.sequence);
      return session;
    });
  }

  /** Cancels a session with a reason; invited and registered tenants' officers get the cancellation (METHOD:CANCEL). */
  async cancel(id: number, reason: string, actor: Actor): Promise<TrainingSessionEntity> {
    return this.uow.run(async (m, afterCommit) => {
      const session = await this.lockedSession(m, id);
      if (session.status === 'cancelled') throw new ConflictError('trainings.alreadyCancelled');
      if (session.endsAt.getTime() <= Date.now()) throw new ConflictError('trainings.alreadyHeld');
      const before = auditView(session);
      session.status = 'cancelled';
      session.cancelReason = reason;
      session.sequence += 1;
      await m.getRepository(TrainingSessionEntity).save(session);
      await this.audit.record(m, actor, { action: 'training.cancel', entityType: 'training_session', entityId: id, before, after: { status: 'cancelled', cancelReason: reason } });
      // The invitation, change and reminder notices leave the bell; the cancellation (sent after commit) takes their place.
      await this.notifications.retire(m, [trainingSubject(id)]);
      this.sendNotices(afterCommit, [id], 'cancelled', session.sequence);
      return session;
    });
  }

  /** The session, locked for the transaction (MySQL): an edit and a registration for the last seat do not interleave. */
  private async lockedSession(m: EntityManager, id: number): Promise<TrainingSessionEntity> {
    const s = await m.getRepository(TrainingSessionEntity).findOne({ where: { id }, lock: writeLock(this.dataSource) });
    if (!s) throw new NotFoundError('trainings.notFound');
    return s;
  }

  /** The notices go out after commit, from a job that walks the tenants in batches (any audience size). */
  private sendNotices(afterCommit: AfterCommit, sessionIds: number[], kind: TrainingNoticeKind, sequence: number): void {
    if (!sessionIds.length) return;
    afterCommit(() => this.queue.enqueue('trainings.notices', { sessionIds: sessionIds.join(','), kind }, { jobId: `training-${kind}-${sessionIds[0]}-${sequence}` }));
  }

  /** The registry's condition for an audience (null: nobody). */
  audienceSql(selector: AudienceSelector, among?: readonly number[]): { sql: string; params: (string | number)[] } | null {
    if (!selector) return null;
    if ('all' in selector) return this.tenants.activeIdsWhereSql({ among });
    return this.tenants.activeIdsWhereSql({ ...selector, among });
  }

  /**
   * Makes an upcoming session's invitations the active tenants its audience names: adds the missing,
   * removes those no longer named. Set-based, in the caller's transaction.
   */
  async syncInvitations(m: EntityManager, session: TrainingSessionEntity, now: Date): Promise<{ added: number; removed: number; total: number }> {
    const table = m.connection.getMetadata(TrainingInvitationEntity).tableName;
    const audience = this.audienceSql(selectorOf(session.audience, session.audienceFilter));
    let removed = 0;
    let added = 0;
    if (!audience) {
      removed = await this.affected(m, `DELETE FROM ${table} WHERE sessionId = ?`, [session.id]);
    } else {
      removed = await this.affected(m, `DELETE FROM ${table} WHERE sessionId = ? AND tenantId NOT IN (${audience.sql})`, [session.id, ...audience.params]);
      added = await this.affected(m,
        `INSERT INTO ${table} (sessionId, tenantId, createdAt) SELECT ?, a.id, ? FROM (${audience.sql}) a WHERE a.id NOT IN (SELECT i.tenantId FROM ${table} i WHERE i.sessionId = ?)`,
        [session.id, datetimeParam(now), ...audience.params, session.id]);
    }
    const total = await m.getRepository(TrainingInvitationEntity).countBy({ sessionId: session.id });
    return { added, removed, total };
  }

  private async affected(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
    // The transaction's runner, asked for a structured result: the changed rows on either driver.
    const result = await m.queryRunner!.query(sql, params, true);
    return Number(result.affected ?? 0);
  }

  /** Sessions upcoming at `now` whose invitations the given tenants may join or leave. */
  async upcomingIds(m: EntityManager, now: Date): Promise<TrainingSessionEntity[]> {
    return m.getRepository(TrainingSessionEntity).find({ where: { status: 'scheduled', startsAt: MoreThan(now) }, order: { id: 'ASC' } });
  }

  /** Invitations of upcoming sessions held by these tenants (the move-out consequence). */
  async upcomingInvitations(m: EntityManager, tenantIds: readonly number[], now: Date): Promise<TrainingInvitationEntity[]> {
    const upcoming = (await this.upcomingIds(m, now)).map((s) => s.id);
    if (!upcoming.length || !tenantIds.length) return [];
    const out: TrainingInvitationEntity[] = [];
    for (let i = 0; i < tenantIds.length; i += 500) {
      out.push(...(await m.getRepository(TrainingInvitationEntity).find({ where: { sessionId: In(upcoming), tenantId: In(tenantIds.slice(i, i + 500)) } })));
    }
    return out;
  }
}
