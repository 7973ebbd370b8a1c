import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { toDate } from '../../database/raw-sql.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { insideCheckinWindow } from '../domain/checkin.rules.js';
import { excuseRefusal, type ExcuseStatus } from '../domain/excuse.rules.js';
import { cancellationRefusal, registrationRefusal, type RegistrationStatus } from '../domain/registration.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import type { ExcuseQueryDto } from './dto/registration.dto.js';

/** What a session is for one tenant, most decisive first. */
export type MySessionState =
  | 'cancelled' | 'present' | 'late' | 'excused' | 'absent'
  | 'excusePending' | 'excuseApproved' | 'registered' | 'waitlisted' | 'invited' | 'open';

export interface MySessionRow {
  id: number;
  title: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  required: boolean;
  capacity: number | null;
  state: MySessionState;
  /** Place on the waiting list (from 1) when waitlisted. */
  position: number | null;
  /** The tenant's registration (also a cancelled one), for the cancel action. */
  registrationId: number | null;
  /** The last excuse request's status, also when the state says more (e.g. registered after a rejection). */
  excuse: ExcuseStatus | null;
  canRegister: boolean;
  canCancel: boolean;
  canExcuse: boolean;
  canCheckIn: boolean;
}

export interface ExcuseRow {
  id: number;
  sessionId: number;
  sessionTitle: string;
  startsAt: Date;
  tenant: TenantSummary;
  reason: string;
  status: ExcuseStatus;
  requestedAt: Date;
  requestedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

const UPCOMING_LIMIT = 100;
const PAST_LIMIT = 50;

/** Read models of registration: an officer's sessions with their state, and the excuse requests staff decide. */
@Injectable()
export class RegistrationQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  private table(entity: Function): string {
    return this.dataSource.getMetadata(entity).tableName;
  }

  /**
   * A tenant's sessions: upcoming ones (required, optional open to all, or registered) soonest first, and past ones it
   * was invited to, registered for or has a mark on, latest first.
   */
  async mySessions(tenantId: number, now = new Date()): Promise<{ upcoming: MySessionRow[]; past: MySessionRow[] }> {
    const concerned = `(EXISTS (SELECT 1 FROM ${this.table(TrainingInvitationEntity)} i WHERE i.sessionId = s.id AND i.tenantId = :tenantId)
      OR EXISTS (SELECT 1 FROM ${this.table(TrainingRegistrationEntity)} r WHERE r.sessionId = s.id AND r.tenantId = :tenantId AND r.status <> 'cancelled')
      OR EXISTS (SELECT 1 FROM ${this.table(TrainingAttendanceEntity)} a WHERE a.sessionId = s.id AND a.tenantId = :tenantId))`;
    const repo = this.dataSource.getRepository(TrainingSessionEntity);
    const [upcoming, past] = await Promise.all([
      repo.createQueryBuilder('s')
        .where('s.endsAt > :now', { now })
        .andWhere(`((s.audience = 'optional' AND s.status = 'scheduled') OR ${concerned})`, { tenantId })
        .orderBy('s.startsAt', 'ASC').addOrderBy('s.id', 'ASC').limit(UPCOMING_LIMIT).getMany(),
      repo.createQueryBuilder('s')
        .where('s.endsAt <= :now', { now })
        .andWhere(concerned, { tenantId })
        .orderBy('s.startsAt', 'DESC').addOrderBy('s.id', 'DESC').limit(PAST_LIMIT).getMany(),
    ]);
    const ids = [...upcoming, ...past].map((s) => s.id);
    if (!ids.length) return { upcoming: [], past: [] };
    const [invitations, seats, excuses, marks] = await Promise.all([
      this.dataSource.getRepository(TrainingInvitationEntity).find({ select: { sessionId: true }, where: { tenantId, sessionId: In(ids) } }),
      this.dataSource.getRepository(TrainingRegistrationEntity).find({ where: { tenantId, sessionId: In(ids) } }),
      this.dataSource.getRepository(TrainingExcuseEntity).find({ select: { sessionId: true, status: true, id: true }, where: { tenantId, sessionId: In(ids) }, order: { id: 'ASC' } }),
      this.dataSource.getRepository(TrainingAttendanceEntity).find({ select: { sessionId: true, mark: true }, where: { tenantId, sessionId: In(ids) } }),
    ]);
    const invited = new Set(invitations.map((i) => i.sessionId));
    const seatOf = new Map(seats.map((r) => [r.sessionId, r]));
    const excusesOf = new Map<number, ExcuseStatus[]>();
    for (const e of excuses) excusesOf.set(e.sessionId, [...(excusesOf.get(e.sessionId) ?? []), e.status]);
    const markOf = new Map(marks.map((a) => [a.sessionId, a.mark]));
    const positions = await this.waitlistPositions(seats.filter((r) => r.status === 'waitlisted'));
    const tenantActive = (await this.tenants.summary(tenantId))?.status === 'active';

    const row = (s: TrainingSessionEntity): MySessionRow => {
      const seat = seatOf.get(s.id) ?? null;
      const seatStatus: RegistrationStatus | null = seat?.status ?? null;
      const statuses = excusesOf.get(s.id) ?? [];
      const lastExcuse = statuses.length ? statuses[statuses.length - 1] : null;
      const mark = markOf.get(s.id) ?? null;
      const optional = s.audience === 'optional';
      const isInvited = invited.has(s.id);
      const live = seatStatus === 'registered' || seatStatus === 'waitlisted';
      let state: MySessionState;
      if (s.status !== 'scheduled') state = 'cancelled';
      else if (mark) state = mark;
      else if (statuses.includes('approved')) state = 'excuseApproved';
      else if (statuses.includes('pending')) state = 'excusePending';
      else if (seatStatus === 'registered' || seatStatus === 'waitlisted') state = seatStatus;
      else state = isInvited ? 'invited' : 'open';
      return {
        id: s.id, title: s.title, kind: s.kind, startsAt: s.startsAt, endsAt: s.endsAt, location: s.location, required: !optional, capacity: s.capacity,
        state, registrationId: seat?.id ?? null, position: seatStatus === 'waitlisted' ? (positions.get(seat!.id) ?? null) : null, excuse: lastExcuse,
        canRegister: registrationRefusal({ now, startsAt: s.startsAt, sessionStatus: s.status, optional, invited: isInvited, current: seatStatus, tenantActive }) === null,
        canCancel: cancellationRefusal({ now, startsAt: s.startsAt, current: seatStatus }) === null,
        canExcuse: excuseRefusal({
          now, startsAt: s.startsAt, sessionStatus: s.status, concerned: isInvited || live, existing: statuses, attended: mark === 'present' || mark === 'late',
        }) === null,
        canCheckIn: s.status === 'scheduled' && (mark === null || mark === 'absent' || mark === 'excused') && insideCheckinWindow(s, now)
          && (optional ? seatStatus === 'registered' : isInvited || seatStatus === 'registered'),
      };
    };
    return { upcoming: upcoming.map(row), past: past.map(row) };
  }

  /** Each waiting registration's place in its session's queue: one count per row (an officer waits for a few at most). */
  private async waitlistPositions(rows: TrainingRegistrationEntity[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const r of rows) {
      const ahead = await this.dataSource.getRepository(TrainingRegistrationEntity).createQueryBuilder('r')
        .where('r.sessionId = :sessionId AND r.status = :waitlisted', { sessionId: r.sessionId, waitlisted: 'waitlisted' })
        .andWhere('(r.createdAt < :createdAt OR (r.createdAt = :createdAt AND r.id < :id))', { createdAt: r.createdAt, id: r.id })
        .getCount();
      out.set(r.id, ahead + 1);
    }
    return out;
  }

  /** Excuse requests, pending first then newest, for one session or all; filtered by status, paginated in SQL. */
  async excuses(query: ExcuseQueryDto): Promise<Page<ExcuseRow>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.dataSource.getRepository(TrainingExcuseEntity).createQueryBuilder('e')
      .innerJoin(TrainingSessionEntity, 's', 's.id = e.sessionId')
      .select(['e.id AS id', 'e.sessionId AS sessionId', 'e.tenantId AS tenantId', 'e.reason AS reason', 'e.status AS status', 'e.requestedAt AS requestedAt'])
      .addSelect(['e.requestedBy AS requestedBy', 'e.decidedBy AS decidedBy', 'e.decidedAt AS decidedAt', 'e.decisionNote AS decisionNote', 's.title AS sessionTitle', 's.startsAt AS startsAt']);
    this.tenants.join(qb, 'e.tenantId', 't');
    if (query.session) qb.andWhere('e.sessionId = :session', { session: query.session });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    const total = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    const rows = await qb
      .orderBy(`CASE WHEN e.status = 'pending' THEN 0 ELSE 1 END`, 'ASC').addOrderBy('e.requestedAt', 'DESC').addOrderBy('e.id', 'DESC')
      .offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>();
    const names = await this.users.names(rows.flatMap((r) => [r.requestedBy, r.decidedBy]).filter((v) => v !== null && v !== undefined).map(Number));
    return {
      page, pageSize, total: Number(total?.n ?? 0),
      items: rows.map((r) => ({
        id: Number(r.id), sessionId: Number(r.sessionId), sessionTitle: String(r.sessionTitle), startsAt: toDate(r.startsAt),
        tenant: this.tenants.fromRow(r, Number(r.tenantId), 't'), reason: String(r.reason), status: r.status as ExcuseStatus,
        requestedAt: toDate(r.requestedAt), requestedBy: names.get(Number(r.requestedBy)) ?? null,
        decidedAt: r.decidedAt ? toDate(r.decidedAt) : null, decidedBy: r.decidedBy ? (names.get(Number(r.decidedBy)) ?? null) : null,
        decisionNote: (r.decisionNote as string | null) ?? null,
      })),
    };
  }

  /** A session's title and start, for headings (null when there is no such session). */
  async sessionHeading(id: number): Promise<{ id: number; title: string; startsAt: Date; endsAt: Date } | null> {
    const s = await this.dataSource.getRepository(TrainingSessionEntity).findOne({ select: { id: true, title: true, startsAt: true, endsAt: true }, where: { id } });
    return s ? { id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt } : null;
  }
}
