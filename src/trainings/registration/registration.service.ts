import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { isOfficerOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { writeLock } from '../../database/raw-sql.js';
import { UnitOfWork, type AfterCommit } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { excuseAfterDecision, excuseRefusal, normalizeReason, type ExcuseDecision } from '../domain/excuse.rules.js';
import { cancellationRefusal, moveUps, placeFor, registrationRefusal, waitlistPosition, type SeatRow } from '../domain/registration.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';

export interface RegistrationOutcome {
  registrationId: number;
  status: 'registered' | 'waitlisted';
  /** Place on the waiting list, from 1; null when registered. */
  position: number | null;
}

/** The tenant an officer acts for; an unbound officer reaches nothing (404). */
export function ownTenantOf(principal: Principal): number {
  if (principal.tenantId === null) throw new NotFoundError('trainingsRegistration.errors.sessionNotFound');
  return principal.tenantId;
}

/**
 * Seats, the waiting list and excuse requests. Every change runs in one transaction that first locks the session row
 * (writeLock: SELECT … FOR UPDATE on MySQL/MariaDB; SQLite's single connection serialises writers), so two officers
 * taking the last seat at the same moment cannot both get it, and a freed seat goes to exactly one waiting tenant.
 */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly users: UsersQueries,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  private async lockedSession(m: EntityManager, sessionId: number): Promise<TrainingSessionEntity> {
    const session = await m.getRepository(TrainingSessionEntity).findOne({ where: { id: sessionId }, lock: writeLock(this.dataSource) });
    if (!session) throw new NotFoundError('trainingsRegistration.errors.sessionNotFound');
    return session;
  }

  private async invited(m: EntityManager, sessionId: number, tenantId: number): Promise<boolean> {
    return (await m.getRepository(TrainingInvitationEntity).countBy({ sessionId, tenantId })) > 0;
  }

  /** Takes a seat, or a place on the waiting list when the session is full (not an error). Audited. */
  async register(sessionId: number, principal: Principal, actor: Actor, now = new Date()): Promise<RegistrationOutcome> {
    const tenantId = ownTenantOf(principal);
    const tenant = await this.tenants.summary(tenantId);
    return this.uow.run(async (m) => {
      const session = await this.lockedSession(m, sessionId);
      const repo = m.getRepository(TrainingRegistrationEntity);
      const existing = await repo.findOneBy({ sessionId, tenantId });
      const refusal = registrationRefusal({
        now, startsAt: session.startsAt, sessionStatus: session.status, optional: session.audience === 'optional',
        invited: await this.invited(m, sessionId, tenantId), current: existing?.status ?? null, tenantActive: tenant?.status === 'active',
      });
      if (refusal) throw new ConflictError(`trainingsRegistration.errors.${refusal}`);
      const registered = await repo.countBy({ sessionId, status: 'registered' });
      const status = placeFor(session.capacity, registered);
      let id: number;
      if (existing) {
        // Registering again after cancelling joins the back of the queue.
        await repo.update({ id: existing.id }, { status, userId: principal.userId, createdAt: now });
        id = existing.id;
      } else {
        id = (await repo.save(repo.create({ sessionId, tenantId, userId: principal.userId, status, createdAt: now }))).id;
      }
      await this.audit.record(m, actor, {
        action: 'training.register', entityType: 'training_registration', entityId: id,
        before: existing ? { status: existing.status } : undefined,
        after: { sessionId, tenantId, status },
      });
      const position = status === 'waitlisted' ? waitlistPosition(await this.liveSeats(m, sessionId), tenantId) : null;
      return { registrationId: id, status, position };
    });
  }

  /**
   * Gives up a seat or a place in the queue before the start. A freed seat goes to the first waiting tenant in the
   * same transaction (audited), and that tenant's officers are told. Another tenant's registration looks missing (404).
   */
  async cancel(registrationId: number, principal: Principal, actor: Actor, now = new Date()): Promise<{ sessionId: number; promoted: number[] }> {
    const found = await this.dataSource.getRepository(TrainingRegistrationEntity).findOneBy({ id: registrationId });
    if (!found || !isOfficerOf(principal, found.tenantId)) throw new NotFoundError('trainingsRegistration.errors.registrationNotFound');
    return this.uow.run(async (m, afterCommit) => {
      const session = await this.lockedSession(m, found.sessionId);
      const repo = m.getRepository(TrainingRegistrationEntity);
      const existing = (await repo.findOneBy({ id: registrationId }))!;
      const refusal = cancellationRefusal({ now, startsAt: session.startsAt, current: existing.status });
      if (refusal) throw new ConflictError(`trainingsRegistration.errors.${refusal}`);
      await repo.update({ id: existing.id }, { status: 'cancelled' });
      await this.audit.record(m, actor, {
        action: 'training.registrationCancel', entityType: 'training_registration', entityId: existing.id,
        before: { status: existing.status }, after: { sessionId: session.id, tenantId: existing.tenantId, status: 'cancelled' },
      });
      const promoted = await this.promoteWaiting(m, afterCommit, session, actor);
      return { sessionId: session.id, promoted };
    });
  }

  /**
   * Moves waiting tenants up while seats are free (after a cancellation, or when staff raise the capacity), in
   * waiting-list order; audited, and their officers notified after commit. Call inside a transaction that holds the
   * session's lock. Returns the promoted tenant ids.
   */
  async promoteWaiting(m: EntityManager, afterCommit: AfterCommit, session: TrainingSessionEntity, actor: Actor): Promise<number[]> {
    if (session.status !== 'scheduled') return [];
    const moving = moveUps(session.capacity, await this.liveSeats(m, session.id));
    if (!moving.length) return [];
    await m.getRepository(TrainingRegistrationEntity).update({ id: In(moving.map((r) => r.id)) }, { status: 'registered' });
    for (const row of moving) {
      await this.audit.record(m, actor, {
        action: 'training.waitlistPromote', entityType: 'training_registration', entityId: row.id,
        before: { status: 'waitlisted' }, after: { sessionId: session.id, tenantId: row.tenantId, status: 'registered' },
      });
    }
    const officers = await this.users.officersOf(moving.map((r) => r.tenantId), m);
    await this.notifications.notify(m, afterCommit, moving.map((row) => ({
      userIds: officers.get(row.tenantId) ?? [],
      template: 'training-waitlist-promoted',
      params: { title: session.title, startsAt: this.i18n.formatDateTime(session.startsAt, this.i18n.defaultLocale), location: session.location },
      link: '/trainings/my',
      dedupeKey: `training-promoted:${row.id}:${row.createdAt.getTime()}`,
    })));
    return moving.map((r) => r.tenantId);
  }

  /** The session's registered and waitlisted rows (capacity plus the queue: small). */
  private async liveSeats(m: EntityManager, sessionId: number): Promise<SeatRow[]> {
    const rows = await m.getRepository(TrainingRegistrationEntity).find({
      select: { id: true, tenantId: true, status: true, createdAt: true },
      where: { sessionId, status: In(['registered', 'waitlisted']) },
    });
    return rows.map((r) => ({ id: r.id, tenantId: r.tenantId, status: r.status, createdAt: r.createdAt }));
  }

  /** An officer asks for their tenant to be excused, with a reason, before the start. Audited. */
  async requestExcuse(sessionId: number, rawReason: unknown, principal: Principal, actor: Actor, now = new Date()): Promise<TrainingExcuseEntity> {
    const tenantId = ownTenantOf(principal);
    const reason = normalizeReason(rawReason);
    if (reason === null) throw new ValidationFailedError({ reason: [{ code: 'required' }] });
    return this.uow.run(async (m) => {
      const session = await this.lockedSession(m, sessionId);
      const [invited, seat, excuses, mark] = await Promise.all([
        this.invited(m, sessionId, tenantId),
        m.getRepository(TrainingRegistrationEntity).findOneBy({ sessionId, tenantId }),
        m.getRepository(TrainingExcuseEntity).find({ select: { status: true }, where: { sessionId, tenantId } }),
        m.getRepository(TrainingAttendanceEntity).findOneBy({ sessionId, tenantId }),
      ]);
      const refusal = excuseRefusal({
        now, startsAt: session.startsAt, sessionStatus: session.status,
        concerned: invited || seat?.status === 'registered' || seat?.status === 'waitlisted',
        existing: excuses.map((e) => e.status), attended: mark?.mark === 'present' || mark?.mark === 'late',
      });
      if (refusal) throw new ConflictError(`trainingsRegistration.errors.${refusal}`);
      const repo = m.getRepository(TrainingExcuseEntity);
      const excuse = await repo.save(repo.create({
        sessionId, tenantId, reason, status: 'pending', requestedBy: principal.userId, requestedAt: now, decidedBy: null, decidedAt: null, decisionNote: null,
      }));
      await this.audit.record(m, actor, {
        action: 'training.excuseRequest', entityType: 'training_excuse', entityId: excuse.id,
        after: { sessionId, tenantId, reason, status: 'pending' },
      });
      return excuse;
    });
  }

  /**
   * Staff approve or reject a pending request with a note. An approval gives the tenant an 'excused' mark unless it
   * already attended. Audited; the tenant's officers are told. A request already decided is a conflict (409).
   */
  async decideExcuse(excuseId: number, decision: ExcuseDecision, rawNote: string | null, principal: Principal, actor: Actor, now = new Date()): Promise<TrainingExcuseEntity> {
    const note = rawNote?.trim() || null;
    if (decision === 'rejected' && !note) throw new ValidationFailedError({ note: [{ code: 'required' }] });
    return this.uow.run(async (m, afterCommit) => {
      const excuse = await m.getRepository(TrainingExcuseEntity).findOne({ where: { id: excuseId }, lock: writeLock(this.dataSource) });
      if (!excuse) throw new NotFoundError('trainingsRegistration.errors.excuseNotFound');
      const to = excuseAfterDecision(excuse.status, decision);
      if (!to) throw new ConflictError('trainingsRegistration.errors.alreadyDecided');
      const moved = await m.getRepository(TrainingExcuseEntity).createQueryBuilder().update()
        .set({ status: to, decidedBy: principal.userId, decidedAt: now, decisionNote: note })
        .where('id = :excuseId AND status = :pending', { excuseId, pending: 'pending' }).execute();
      if (!moved.affected) throw new ConflictError('trainingsRegistration.errors.alreadyDecided');
      const session = await m.getRepository(TrainingSessionEntity).findOneByOrFail({ id: excuse.sessionId });
      if (to === 'approved') {
        const marks = m.getRepository(TrainingAttendanceEntity);
        const mark = await marks.findOneBy({ sessionId: excuse.sessionId, tenantId: excuse.tenantId });
        if (!mark) {
          await marks.insert({ sessionId: excuse.sessionId, tenantId: excuse.tenantId, mark: 'excused', source: 'roll_call', markedBy: principal.userId, markedAt: now });
        } else if (mark.mark === 'absent') {
          await marks.update({ sessionId: excuse.sessionId, tenantId: excuse.tenantId }, { mark: 'excused', source: 'roll_call', markedBy: principal.userId, markedAt: now });
        }
      }
      await this.audit.record(m, actor, {
        action: to === 'approved' ? 'training.excuseApprove' : 'training.excuseReject', entityType: 'training_excuse', entityId: excuse.id,
        before: { status: excuse.status },
        after: { sessionId: excuse.sessionId, tenantId: excuse.tenantId, status: to, decisionNote: note },
      });
      const officers = await this.users.officersOf([excuse.tenantId], m);
      await this.notifications.notify(m, afterCommit, {
        userIds: officers.get(excuse.tenantId) ?? [],
        template: to === 'approved' ? 'training-excuse-approved' : 'training-excuse-rejected',
        params: { title: session.title, startsAt: this.i18n.formatDateTime(session.startsAt, this.i18n.defaultLocale), note: note ?? '' },
        link: '/trainings/my',
        dedupeKey: `training-excuse-decided:${excuse.id}`,
      });
      return Object.assign(excuse, { status: to, decidedBy: principal.userId, decidedAt: now, decisionNote: note });
    });
  }
}
