import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { AuditService } from '../../../audit/audit.service.js';
import type { Actor } from '../../../common/principal.js';
import { UnitOfWork } from '../../../database/unit-of-work.js';
import { I18nService } from '../../../i18n/i18n.service.js';
import { JobHandler } from '../../../queue/job-handler.decorator.js';
import { TenantsQueries } from '../../../tenants/tenants.queries.js';
import { absencesCutoff, automaticMarks } from '../../domain/auto-absent.rules.js';
import { TrainingAttendanceEntity } from '../../entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../../entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../../entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../../entities/training-session.entity.js';
import { CheckinService } from '../checkin.service.js';

const JOB_ACTOR: Actor = { userId: null, label: 'job:trainings.mark-absent', ip: null };
/** Sessions one run takes on (the schedule runs every 15 minutes; a backlog drains over a few runs). */
const SESSIONS_PER_RUN = 50;
/** Invitations read and marked per transaction. */
const BATCH = 1000;

/**
 * Every 15 minutes: sessions that ended more than the grace period ago and were not processed get 'absent' marks
 * (source 'auto') for required tenants without a mark, 'excused' for those with an approved excuse, none for tenants
 * that moved in after the session's day; then absencesMarkedAt is set. Idempotent: only unmarked tenants are marked,
 * and a processed session is skipped.
 */
@Injectable()
export class MarkAbsentJob {
  private readonly logger = new Logger('MarkAbsentJob');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly tenants: TenantsQueries,
    private readonly checkin: CheckinService,
    private readonly i18n: I18nService,
  ) {}

  @JobHandler('trainings.mark-absent')
  async run(_data: unknown = {}, now = new Date()): Promise<{ sessions: number; absent: number; excused: number }> {
    const due = await this.dataSource.getRepository(TrainingSessionEntity).find({
      select: { id: true, startsAt: true, endsAt: true },
      where: { status: 'scheduled', absencesMarkedAt: IsNull(), endsAt: LessThanOrEqual(absencesCutoff(now)) },
      order: { endsAt: 'ASC', id: 'ASC' },
      take: SESSIONS_PER_RUN,
    });
    const totals = { sessions: 0, absent: 0, excused: 0 };
    for (const session of due) {
      const counts = await this.markSession(session.id, session.startsAt, now);
      totals.sessions++;
      totals.absent += counts.absent;
      totals.excused += counts.excused;
    }
    if (totals.sessions) this.logger.log(`marked ${totals.absent} absent and ${totals.excused} excused in ${totals.sessions} sessions`);
    return totals;
  }

  private async markSession(sessionId: number, startsAt: Date, now: Date): Promise<{ absent: number; excused: number }> {
    const sessionDate = DateTime.fromJSDate(startsAt, { zone: this.i18n.timeZone }).toISODate() as string;
    const counts = { absent: 0, excused: 0 };
    let after = 0;
    for (;;) {
      const ids = (await this.dataSource.getRepository(TrainingInvitationEntity).find({
        select: { tenantId: true }, where: { sessionId, tenantId: MoreThan(after) }, order: { tenantId: 'ASC' }, take: BATCH,
      })).map((i) => i.tenantId);
      if (!ids.length) break;
      after = ids[ids.length - 1];
      const movedIn = await this.tenants.movedInAfter(ids, sessionDate);
      await this.uow.run(async (m) => {
        const [marked, excused] = await Promise.all([
          m.getRepository(TrainingAttendanceEntity).find({ select: { tenantId: true }, where: { sessionId, tenantId: In(ids) } }),
          m.getRepository(TrainingExcuseEntity).find({ select: { tenantId: true }, where: { sessionId, tenantId: In(ids), status: 'approved' } }),
        ]);
        const markedIds = new Set(marked.map((a) => a.tenantId));
        const excusedIds = new Set(excused.map((e) => e.tenantId));
        const marks = automaticMarks(sessionDate, ids.map((tenantId) => ({
          tenantId, movedInAt: movedIn.get(tenantId) ?? null, marked: markedIds.has(tenantId), excuseApproved: excusedIds.has(tenantId),
        })));
        await this.checkin.writeMarks(m, sessionId, marks, 'auto', null, now);
        for (const mk of marks) counts[mk.mark]++;
      });
      if (ids.length < BATCH) break;
    }
    await this.uow.run(async (m) => {
      const done = await m.getRepository(TrainingSessionEntity).createQueryBuilder().update()
        .set({ absencesMarkedAt: now }).where('id = :sessionId AND absencesMarkedAt IS NULL', { sessionId }).execute();
      if (!done.affected) return;
      await this.audit.record(m, JOB_ACTOR, {
        action: 'training.autoAbsent', entityType: 'training_session', entityId: sessionId,
        after: { absent: counts.absent, excused: counts.excused, absencesMarkedAt: now.toISOString() },
      });
    });
    return counts;
  }
}
