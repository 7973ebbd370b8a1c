import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { toDate } from '../../database/raw-sql.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { CHECKIN_POLICY, type AttendanceMark, type AttendanceSource } from '../domain/checkin.rules.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import type { RollCallQueryDto } from './dto/checkin.dto.js';

export interface RosterRow {
  tenant: TenantSummary;
  mark: AttendanceMark | null;
  source: AttendanceSource | null;
  markedAt: Date | null;
  markedBy: string | null;
}

export interface CheckinChoice {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
}

/** Read models of check-in: the roll-call roster, the display's count, an officer's sessions open for check-in. */
@Injectable()
export class CheckinQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  /**
   * The tenants expected at a session with their marks, by name, paginated and searchable in SQL: the invited tenants
   * of a required session, the registered and waiting ones of an optional session (which has no invitations).
   */
  async roster(session: TrainingSessionEntity, query: RollCallQueryDto): Promise<Page<RosterRow>> {
    const { page, pageSize, skip } = pageWindow(query, 50);
    const qb = session.audience === 'optional'
      ? this.dataSource.getRepository(TrainingRegistrationEntity).createQueryBuilder('x')
        .where('x.sessionId = :sessionId AND x.status IN (:...live)', { sessionId: session.id, live: ['registered', 'waitlisted'] })
      : this.dataSource.getRepository(TrainingInvitationEntity).createQueryBuilder('x').where('x.sessionId = :sessionId', { sessionId: session.id });
    qb.select('x.tenantId', 'tenantId')
      .leftJoin(TrainingAttendanceEntity, 'a', 'a.sessionId = x.sessionId AND a.tenantId = x.tenantId')
      .addSelect(['a.mark AS mark', 'a.source AS source', 'a.markedAt AS markedAt', 'a.markedBy AS markedBy']);
    this.tenants.join(qb, 'x.tenantId', 't');
    if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
    const total = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    const rows = await qb.orderBy(this.tenants.nameColumn('t'), 'ASC').addOrderBy('x.tenantId', 'ASC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>();
    const names = await this.users.names(rows.map((r) => r.markedBy).filter((v) => v !== null && v !== undefined).map(Number));
    return {
      page, pageSize, total: Number(total?.n ?? 0),
      items: rows.map((r) => ({
        tenant: this.tenants.fromRow(r, Number(r.tenantId), 't'),
        mark: (r.mark as AttendanceMark | null) ?? null, source: (r.source as AttendanceSource | null) ?? null,
        markedAt: r.markedAt ? toDate(r.markedAt) : null, markedBy: r.markedBy ? (names.get(Number(r.markedBy)) ?? null) : null,
      })),
    };
  }

  /** How many tenants are marked present or late. */
  async checkedIn(sessionId: number): Promise<number> {
    return this.dataSource.getRepository(TrainingAttendanceEntity).createQueryBuilder('a')
      .where('a.sessionId = :sessionId AND a.mark IN (:...came)', { sessionId, came: ['present', 'late'] }).getCount();
  }

  /** The sessions whose check-in window is open now and that expect this tenant (invited, or registered). */
  async openFor(tenantId: number, now = new Date()): Promise<CheckinChoice[]> {
    const opensBy = new Date(now.getTime() + CHECKIN_POLICY.opensBeforeStartMinutes * 60_000);
    const closedBy = new Date(now.getTime() - CHECKIN_POLICY.closesAfterEndMinutes * 60_000);
    const invitations = this.dataSource.getMetadata(TrainingInvitationEntity).tableName;
    const registrations = this.dataSource.getMetadata(TrainingRegistrationEntity).tableName;
    const sessions = await this.dataSource.getRepository(TrainingSessionEntity).createQueryBuilder('s')
      .select(['s.id', 's.title', 's.startsAt', 's.endsAt', 's.location'])
      .where('s.status = :scheduled AND s.startsAt <= :opensBy AND s.endsAt > :closedBy', { scheduled: 'scheduled', opensBy, closedBy })
      .andWhere(`(EXISTS (SELECT 1 FROM ${invitations} i WHERE i.sessionId = s.id AND i.tenantId = :tenantId)
        OR EXISTS (SELECT 1 FROM ${registrations} r WHERE r.sessionId = s.id AND r.tenantId = :tenantId AND r.status = 'registered'))`, { tenantId })
      .orderBy('s.startsAt', 'ASC').limit(20).getMany();
    return sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt, location: s.location }));
  }
}
