import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { keysetBatches, tableRows, whereAfter, writeTable, type TableColumn, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { datetimeParam, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { rateWindow, type AttendanceMark } from '../domain/attendance-rate.rules.js';
import { TrainingAttendanceEntity, type AttendanceSource } from '../entities/training-attendance.entity.js';
import { TrainingInvitationEntity } from '../entities/training-invitation.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';
import { AttendanceQueries, SESSION_PAGE, type SessionAttendanceRow } from './attendance.queries.js';

interface RecordRow {
  sessionId: number;
  tenantId: number;
  tenant: TenantSummary;
  title: string;
  startsAt: Date;
  required: boolean;
  mark: AttendanceMark;
  source: AttendanceSource;
  markedAt: Date;
}

/** Attendance as CSV or XLSX: one session's list, and the park's records over a window, streamed in batches. */
@Injectable()
export class AttendanceExport {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: AttendanceQueries,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  sessionFileName(sessionId: number, format: TabularFormat): string {
    return `training-${sessionId}-attendance-${this.i18n.today()}.${format}`;
  }

  parkFileName(from: string, to: string, format: TabularFormat): string {
    return `training-attendance-${from}-${to}.${format}`;
  }

  private columns(locale: string, keys: string[]): TableColumn[] {
    return keys.map((k) => ({ header: this.i18n.t(locale, `trainingsAttendance.${k}`), width: k === 'tenant' || k === 'session' ? 36 : 18 }));
  }

  private industry(t: TenantSummary, locale: string): string {
    return t.industryName ? `${t.industry} ${locale === 'en' ? t.industryName.en : t.industryName.zh}` : '';
  }

  async writeSession(format: TabularFormat, sessionId: number, locale: string, out: Writable): Promise<void> {
    const yes = this.i18n.t(locale, 'trainingsAttendance.yes');
    const no = this.i18n.t(locale, 'trainingsAttendance.no');
    const batches = keysetBatches<SessionAttendanceRow>(async ({ offset }) => (await this.queries.sessionAttendance(sessionId, Math.floor(offset / SESSION_PAGE) + 1)).rows, SESSION_PAGE);
    await writeTable(format, {
      sheetName: this.i18n.t(locale, 'trainingsAttendance.title'),
      columns: this.columns(locale, ['tenant', 'uscc', 'required', 'registered', 'mark', 'source', 'markedAt']),
      rows: tableRows(batches, (r) => [
        r.tenant.name, r.tenant.uscc, r.required ? yes : no, r.registered ? yes : no,
        this.i18n.t(locale, `trainingsAttendance.marks.${r.mark ?? 'none'}`), this.i18n.t(locale, `trainingsAttendance.sources.${r.source ?? 'none'}`),
        r.markedAt ? this.i18n.formatDateTime(r.markedAt, locale) : '',
      ]),
    }, out);
  }

  /** Every mark of a session that ended between the park days `from` and `to`, by session then tenant. */
  async writePark(format: TabularFormat, from: string, to: string, locale: string, out: Writable): Promise<void> {
    const tz = this.i18n.timeZone;
    const start = new Date(rateWindow(from, 0, tz).from.getTime() - 86_400_000);
    const end = rateWindow(to, 0, tz).to;
    const invitations = this.dataSource.getMetadata(TrainingInvitationEntity).tableName;
    const yes = this.i18n.t(locale, 'trainingsAttendance.yes');
    const no = this.i18n.t(locale, 'trainingsAttendance.no');
    const batches = keysetBatches<RecordRow>(async ({ after, limit }) => {
      const qb = this.dataSource.getRepository(TrainingAttendanceEntity).createQueryBuilder('a')
        .innerJoin(TrainingSessionEntity, 's', "s.id = a.sessionId AND s.status = 'scheduled'")
        .select('a.sessionId', 'sessionId').addSelect('a.tenantId', 'tenantId').addSelect('a.mark', 'mark').addSelect('a.source', 'source').addSelect('a.markedAt', 'markedAt')
        .addSelect('s.title', 'title').addSelect('s.startsAt', 'startsAt')
        .addSelect(`CASE WHEN EXISTS (SELECT 1 FROM ${invitations} i WHERE i.sessionId = a.sessionId AND i.tenantId = a.tenantId) THEN 1 ELSE 0 END`, 'required')
        .where('s.endsAt > :start AND s.endsAt <= :end', { start: datetimeParam(start), end: datetimeParam(end) });
      this.tenants.join(qb, 'a.tenantId', 't');
      if (after) whereAfter(qb, 'a.sessionId', 'a.tenantId', { key: after.sessionId, id: after.tenantId });
      const rows = await qb.orderBy('a.sessionId', 'ASC').addOrderBy('a.tenantId', 'ASC').limit(limit).getRawMany<Record<string, unknown>>();
      return rows.map((r) => ({
        sessionId: Number(r.sessionId), tenantId: Number(r.tenantId), tenant: this.tenants.fromRow(r, Number(r.tenantId), 't'), title: String(r.title),
        startsAt: toDate(r.startsAt), required: Number(r.required) === 1, mark: r.mark as AttendanceMark, source: r.source as AttendanceSource, markedAt: toDate(r.markedAt),
      }));
    });
    await writeTable(format, {
      sheetName: this.i18n.t(locale, 'trainingsAttendance.title'),
      columns: this.columns(locale, ['session', 'startsAt', 'tenant', 'uscc', 'byIndustry', 'byBuilding', 'required', 'mark', 'source', 'markedAt']),
      rows: tableRows(batches, (r) => [
        r.title, this.i18n.formatDateTime(r.startsAt, locale), r.tenant.name, r.tenant.uscc, this.industry(r.tenant, locale), r.tenant.building,
        r.required ? yes : no, this.i18n.t(locale, `trainingsAttendance.marks.${r.mark}`), this.i18n.t(locale, `trainingsAttendance.sources.${r.source}`),
        this.i18n.formatDateTime(r.markedAt, locale),
      ]),
    }, out);
  }
}
