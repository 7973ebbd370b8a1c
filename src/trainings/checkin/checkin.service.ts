import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, NotFoundError, TooManyRequestsError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { checkinCodeMatches } from '../domain/checkin-code.rules.js';
import { ATTENDANCE_MARKS, checkinMark, checkinRefusal, checkinReplaces, checkinWindow, type AttendanceMark } from '../domain/checkin.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import { CheckinThrottle } from './checkin-throttle.js';

export interface CheckinOutcome {
  sessionId: number;
  tenantId: number;
  mark: 'present' | 'late';
  /** True when the tenant had already checked in (the first arrival's mark is kept). */
  already: boolean;
}

/** One roll-call line: a tenant's mark, or null to leave it as it is. */
export interface RollCallLine {
  tenantId: number;
  mark: AttendanceMark;
}

/**
 * Self check-in with the rotating code, and staff roll call. A refused check-in writes nothing; wrong codes count
 * against the officer's account (CheckinThrottle).
 */
@Injectable()
export class CheckinService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly throttle: CheckinThrottle,
    private readonly i18n: I18nService,
  ) {}

  async session(id: number): Promise<TrainingSessionEntity> {
    const session = await this.dataSource.getRepository(TrainingSessionEntity).findOneBy({ id });
    if (!session) throw new NotFoundError('trainingsCheckin.errors.sessionNotFound');
    return session;
  }

  /** An officer checks their tenant in with the code shown in the room. */
  async checkIn(sessionId: number, code: unknown, principal: Principal, actor: Actor, now = new Date()): Promise<CheckinOutcome> {
    if (principal.tenantId === null) throw new NotFoundError('trainingsCheckin.errors.sessionNotFound');
    const tenantId = principal.tenantId;
    const wait = await this.throttle.waitMinutes(principal.userId, now.getTime());
    if (wait > 0) throw new TooManyRequestsError('trainingsCheckin.errors.tooManyWrongCodes', { minutes: wait });
    const session = await this.session(sessionId);
    const [invited, seat] = await Promise.all([
      this.dataSource.getRepository(TrainingInvitationEntity).countBy({ sessionId, tenantId }).then((n) => n > 0),
      this.dataSource.getRepository(TrainingRegistrationEntity).findOneBy({ sessionId, tenantId }),
    ]);
    const refusal = checkinRefusal({
      session: { startsAt: session.startsAt, endsAt: session.endsAt, status: session.status, optional: session.audience === 'optional' },
      now, invited, registered: seat?.status === 'registered', codeMatches: checkinCodeMatches(session.checkinSecret, code, now),
    });
    if (refusal === 'wrongCode') {
      await this.throttle.wrongCode(principal.userId);
      throw new ValidationFailedError({ code: [{ code: 'checkinCode' }] }, 'trainingsCheckin.errors.wrongCode');
    }
    if (refusal === 'outsideWindow') {
      const { opens, closes } = checkinWindow(session);
      const params = { opens: this.i18n.formatDateTime(opens, principal.locale), closes: this.i18n.formatDateTime(closes, principal.locale) };
      const fields: FieldProblems = { session: [{ code: 'checkinWindow', params }] };
      throw new ConflictError('trainingsCheckin.errors.outsideWindow', params, fields);
    }
    if (refusal === 'notInvited') throw new ConflictError('trainingsCheckin.errors.notInvited', {}, { session: [{ code: 'checkinNotInvited' }] });
    if (refusal === 'sessionCancelled') throw new ConflictError('trainingsCheckin.errors.sessionCancelled', {}, { session: [{ code: 'checkinCancelled' }] });
    const mark = checkinMark(session, now);
    return this.uow.run(async (m) => {
      const marks = m.getRepository(TrainingAttendanceEntity);
      const existing = await marks.findOneBy({ sessionId, tenantId });
      if (existing && !checkinReplaces(existing.mark)) return { sessionId, tenantId, mark: existing.mark as 'present' | 'late', already: true };
      await this.writeMarks(m, sessionId, [{ tenantId, mark }], 'code', principal.userId, now);
      await this.audit.record(m, actor, {
        action: 'training.checkin', entityType: 'training_session', entityId: sessionId,
        before: existing ? { tenantId, mark: existing.mark, source: existing.source } : undefined,
        after: { tenantId, mark, source: 'code' },
      });
      return { sessionId, tenantId, mark, already: false };
    });
  }

  /**
   * Staff save a page of the roll call at once: each line's mark (source 'roll_call'); lines equal to the stored mark
   * are left alone. Every tenant must be invited to or registered for the session (a field error otherwise, nothing
   * written). One audit entry lists the changes. Returns how many marks changed.
   */
  async rollCall(sessionId: number, lines: RollCallLine[], actor: Actor, now = new Date()): Promise<number> {
    const session = await this.session(sessionId);
    if (session.status !== 'scheduled') throw new ConflictError('trainingsCheckin.errors.sessionCancelled');
    if (!lines.length) return 0;
    for (const line of lines) {
      if (!ATTENDANCE_MARKS.includes(line.mark)) throw new ValidationFailedError({ [`mark_${line.tenantId}`]: [{ code: 'oneOf' }] });
    }
    const ids = lines.map((l) => l.tenantId);
    const [invited, seats] = await Promise.all([
      this.dataSource.getRepository(TrainingInvitationEntity).find({ select: { tenantId: true }, where: { sessionId, tenantId: In(ids) } }),
      this.dataSource.getRepository(TrainingRegistrationEntity).find({ select: { tenantId: true }, where: { sessionId, tenantId: In(ids), status: In(['registered', 'waitlisted']) } }),
    ]);
    const expected = new Set([...invited, ...seats].map((r) => r.tenantId));
    const strangers = ids.filter((id) => !expected.has(id));
    if (strangers.length) {
      throw new ValidationFailedError(Object.fromEntries(strangers.map((id) => [`mark_${id}`, [{ code: 'checkinNotInvited' }]])));
    }
    return this.uow.run(async (m) => {
      const current = new Map((await m.getRepository(TrainingAttendanceEntity).find({ where: { sessionId, tenantId: In(ids) } })).map((a) => [a.tenantId, a]));
      const changed = lines.filter((l) => current.get(l.tenantId)?.mark !== l.mark);
      if (!changed.length) return 0;
      await this.writeMarks(m, sessionId, changed, 'roll_call', actor.userId, now);
      await this.audit.record(m, actor, {
        action: 'training.rollCall', entityType: 'training_session', entityId: sessionId,
        before: { marks: changed.map((l) => ({ tenantId: l.tenantId, mark: current.get(l.tenantId)?.mark ?? null })) },
        after: { marks: changed.map((l) => ({ tenantId: l.tenantId, mark: l.mark })) },
      });
      return changed.length;
    });
  }

  /** Inserts or replaces marks (one row per tenant and session) on either dialect. */
  async writeMarks(m: EntityManager, sessionId: number, lines: RollCallLine[], source: TrainingAttendanceEntity['source'], markedBy: number | null, now: Date): Promise<void> {
    if (!lines.length) return;
    await m.getRepository(TrainingAttendanceEntity).upsert(
      lines.map((l) => ({ sessionId, tenantId: l.tenantId, mark: l.mark, source, markedBy, markedAt: now })),
      { conflictPaths: ['sessionId', 'tenantId'], skipUpdateIfNoValuesChanged: false },
    );
  }
}
