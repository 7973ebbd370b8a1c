import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DateTime } from 'luxon';
import { datetimeParam, zoneMidnightSql } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { windowMonths } from '../../scoring/domain/rulebook.js';
import { RulebookService } from '../../scoring/core/rulebook.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { attendanceRate, isAttended, rateOf, ratePercent, rateWindow, type AttendanceMark, type RateResult, type RateWindow } from '../domain/attendance-rate.rules.js';
import { TrainingAttendanceEntity, type AttendanceSource } from '../entities/training-attendance.entity.js';
import { TrainingExcuseEntity } from '../entities/training-excuse.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingRegistrationEntity } from '../entities/training-registration.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';

/** Rows of a session's attendance list per page. */
export const SESSION_PAGE = 200;

export interface TenantSessionRow {
  sessionId: number;
  title: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  required: boolean;
  mark: AttendanceMark | null;
  source: AttendanceSource | null;
  markedAt: Date | null;
  excuseApproved: boolean;
  hours: number;
}

export interface SessionAttendanceRow {
  tenant: TenantSummary;
  required: boolean;
  registered: boolean;
  mark: AttendanceMark | null;
  source: AttendanceSource | null;
  markedAt: Date | null;
}

export interface RateGroup {
  key: string;
  label: { zh: string; en: string } | null;
  tenants: number;
  attended: number;
  required: number;
  rate: number | null;
}

const hoursOf = (startsAt: Date, endsAt: Date) => Math.max(0, (endsAt.getTime() - startsAt.getTime()) / 3_600_000);

/** Read models of attendance: per tenant, per session, park-wide. Set-based, filtered in SQL. */
@Injectable()
export class AttendanceQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
    private readonly rulebooks: RulebookService,
  ) {}

  /** The P07 window's length in months, from the rulebook in force today (the pages' and the hub's window). */
  async windowMonths(): Promise<number> {
    return windowMonths(await this.rulebooks.inForce(this.i18n.today()), 'P07');
  }

  session(id: number): Promise<TrainingSessionEntity | null> {
    return this.dataSource.getRepository(TrainingSessionEntity).findOneBy({ id });
  }

  /** Every session a tenant was required to attend or has a mark for, newest first, with its mark. */
  async tenantSessions(tenantId: number): Promise<TenantSessionRow[]> {
    const [invited, marks, excuses] = await Promise.all([
      this.dataSource.getRepository(TrainingInvitationEntity).find({ select: { sessionId: true }, where: { tenantId } }),
      this.dataSource.getRepository(TrainingAttendanceEntity).find({ where: { tenantId } }),
      this.dataSource.getRepository(TrainingExcuseEntity).find({ select: { sessionId: true }, where: { tenantId, status: 'approved' } }),
    ]);
    const required = new Set(invited.map((i) => i.sessionId));
    const markOf = new Map(marks.map((m) => [m.sessionId, m]));
    const excused = new Set(excuses.map((e) => e.sessionId));
    const ids = [...new Set([...required, ...markOf.keys()])];
    if (!ids.length) return [];
    const sessions = await this.dataSource.getRepository(TrainingSessionEntity).find({
      select: { id: true, title: true, kind: true, startsAt: true, endsAt: true, status: true }, where: { id: In(ids) }, order: { startsAt: 'DESC', id: 'DESC' },
    });
    return sessions.map((s) => {
      const m = markOf.get(s.id);
      return {
        sessionId: s.id, title: s.title, kind: s.kind, startsAt: s.startsAt, endsAt: s.endsAt, status: s.status, required: required.has(s.id),
        mark: m?.mark ?? null, source: m?.source ?? null, markedAt: m?.markedAt ?? null, excuseApproved: excused.has(s.id),
        hours: isAttended(m?.mark) && s.status === 'scheduled' ? hoursOf(s.startsAt, s.endsAt) : 0,
      };
    });
  }

  /** A tenant's rate over the trailing window ending now, its hours there and its unexcused absences, from its rows. */
  async tenantRate(tenantId: number, rows?: TenantSessionRow[]): Promise<{ result: RateResult; percent: number | null; hours: number; window: RateWindow; months: number; absences: TenantSessionRow[] }> {
    const list = rows ?? await this.tenantSessions(tenantId);
    const window = rateWindow(this.i18n.today(), await this.windowMonths(), this.i18n.timeZone, new Date());
    const movedIn = (await this.tenants.movedInAfter([tenantId], '0000-01-01')).get(tenantId) ?? null;
    const required = list.filter((r) => r.required);
    const result = attendanceRate(required.map((r) => ({ sessionId: r.sessionId, startsAt: r.startsAt, endsAt: r.endsAt, mark: r.mark, excuseApproved: r.excuseApproved, cancelled: r.status !== 'scheduled' })), window, movedIn, this.i18n.timeZone);
    const counted = new Set(result.counted);
    const inWindow = list.filter((r) => r.endsAt > window.from && r.endsAt <= window.to);
    return {
      result, percent: ratePercent(result.rate), window, months: await this.windowMonths(),
      hours: Math.round(inWindow.reduce((sum, r) => sum + r.hours, 0) * 10) / 10,
      absences: required.filter((r) => counted.has(r.sessionId) && r.mark === 'absent'),
    };
  }

  /** The required sessions still to come (for the hub). */
  async upcomingRequired(tenantId: number, limit = 5): Promise<TrainingSessionEntity[]> {
    return this.dataSource.getRepository(TrainingSessionEntity).createQueryBuilder('s')
      .innerJoin(TrainingInvitationEntity, 'i', 'i.sessionId = s.id AND i.tenantId = :tenantId', { tenantId })
      .where("s.status = 'scheduled'").andWhere('s.endsAt > :now', { now: datetimeParam(new Date()) })
      .orderBy('s.startsAt', 'ASC').addOrderBy('s.id', 'ASC').limit(limit).getMany();
  }

  /**
   * A session's attendance: every tenant required, registered or marked, by name, a page at a time;
   * and the counts of each mark.
   */
  async sessionAttendance(sessionId: number, page = 1): Promise<{ rows: SessionAttendanceRow[]; total: number; counts: Record<string, number> }> {
    const [invited, registered, marks] = await Promise.all([
      this.dataSource.getRepository(TrainingInvitationEntity).find({ select: { tenantId: true }, where: { sessionId } }),
      this.dataSource.getRepository(TrainingRegistrationEntity).find({ select: { tenantId: true }, where: { sessionId, status: 'registered' } }),
      this.dataSource.getRepository(TrainingAttendanceEntity).find({ where: { sessionId } }),
    ]);
    const required = new Set(invited.map((i) => i.tenantId));
    const reg = new Set(registered.map((r) => r.tenantId));
    const markOf = new Map(marks.map((m) => [m.tenantId, m]));
    const ids = [...new Set([...required, ...reg, ...markOf.keys()])].sort((a, b) => a - b);
    const counts: Record<string, number> = { required: required.size, registered: reg.size, present: 0, late: 0, excused: 0, absent: 0, unmarked: 0 };
    for (const m of marks) counts[m.mark] = (counts[m.mark] ?? 0) + 1;
    counts.unmarked = [...required].filter((id) => !markOf.has(id)).length;
    const slice = ids.slice((page - 1) * SESSION_PAGE, page * SESSION_PAGE);
    const summaries = await this.tenants.summaries(slice);
    const rows = slice.filter((id) => summaries.has(id)).map((id) => {
      const m = markOf.get(id);
      return { tenant: summaries.get(id)!, required: required.has(id), registered: reg.has(id), mark: m?.mark ?? null, source: m?.source ?? null, markedAt: m?.markedAt ?? null };
    });
    rows.sort((a, b) => a.tenant.name.localeCompare(b.tenant.name, 'zh-CN'));
    return { rows, total: ids.length, counts };
  }

  /**
   * Park-wide rates over a window of park days: required sessions that ended in it, not excused,
   * and not held before the tenant's move-in day, counted in SQL by industry and building.
   */
  async parkWide(from: string, to: string): Promise<{ industries: RateGroup[]; buildings: RateGroup[]; total: RateGroup }> {
    const tz = this.i18n.timeZone;
    const window = { from: rateWindow(from, 0, tz).from, to: rateWindow(to, 0, tz).to };
    window.from = new Date(window.from.getTime() - 86_400_000); // the day `from` itself is inside
    const excuses = this.dataSource.getMetadata(TrainingExcuseEntity).tableName;
    const qb = this.dataSource.getRepository(TrainingInvitationEntity).createQueryBuilder('i')
      .innerJoin(TrainingSessionEntity, 's', "s.id = i.sessionId AND s.status = 'scheduled'")
      .leftJoin(TrainingAttendanceEntity, 'a', 'a.sessionId = i.sessionId AND a.tenantId = i.tenantId')
      .where('s.endsAt > :from AND s.endsAt <= :to', { from: datetimeParam(window.from), to: datetimeParam(window.to) })
      .andWhere("(a.mark IS NULL OR a.mark <> 'excused')")
      .andWhere(`NOT EXISTS (SELECT 1 FROM ${excuses} e WHERE e.sessionId = i.sessionId AND e.tenantId = i.tenantId AND e.status = 'approved')`);
    const cols = this.tenants.joinClassification(qb, 'i.tenantId', 't');
    // Sessions held before the move-in day (park time) are not counted; the zone's offset as of the window's end.
    const offset = DateTime.fromJSDate(window.to, { zone: tz }).offset;
    qb.andWhere(`s.startsAt >= ${zoneMidnightSql(this.dataSource, cols.movedInAt, offset)}`);
    const rows = await qb
      .select(cols.industry, 'industry').addSelect(cols.building, 'building')
      .addSelect('COUNT(DISTINCT i.tenantId)', 'tenants').addSelect('COUNT(*)', 'required')
      .addSelect("SUM(CASE WHEN a.mark IN ('present', 'late') THEN 1 ELSE 0 END)", 'attended')
      .groupBy(cols.industry).addGroupBy(cols.building)
      .getRawMany<{ industry: string | null; building: string | null; tenants: string | number; required: string | number; attended: string | number | null }>();
    const group = (key: (r: (typeof rows)[number]) => string) => {
      const out = new Map<string, RateGroup>();
      for (const r of rows) {
        const k = key(r);
        const g = out.get(k) ?? { key: k, label: null, tenants: 0, attended: 0, required: 0, rate: null };
        g.tenants += Number(r.tenants); g.required += Number(r.required); g.attended += Number(r.attended ?? 0);
        out.set(k, g);
      }
      for (const g of out.values()) g.rate = rateOf(g.attended, g.required);
      return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
    };
    const industries = group((r) => r.industry ?? '');
    for (const g of industries) g.label = this.tenants.industryNames(g.key);
    const buildings = group((r) => r.building ?? '');
    const total = group(() => '')[0] ?? { key: '', label: null, tenants: 0, attended: 0, required: 0, rate: null };
    return { industries, buildings, total };
  }

  /** Attended sessions (present/late) of a tenant, to check a certificate request. */
  async attended(sessionId: number, tenantId: number): Promise<TrainingAttendanceEntity | null> {
    const m = await this.dataSource.getRepository(TrainingAttendanceEntity).findOneBy({ sessionId, tenantId });
    return m && isAttended(m.mark) ? m : null;
  }

}
