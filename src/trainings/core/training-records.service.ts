import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toDate } from '../../database/raw-sql.js';
import { TrainingAttendanceEntity } from '../entities/training-attendance.entity.js';
import { TrainingSessionEntity } from '../entities/training-session.entity.js';

/** A session a tenant attended (present or late), with the link to its certificate of attendance. */
export interface AttendedTraining {
  sessionId: number;
  title: string;
  kind: string;
  startsAt: Date;
  mark: 'present' | 'late';
  /** The certificate's PDF (the attendance page's route; readable by the tenant's officers, staff and regulators). */
  certificateUrl: string;
}

/**
 * Reads of ParkTrust's own attendance records for other contexts: credit repair attaches a certificate
 * of a training the tenant completed. One query over IDX_training_attendance_tenant_mark.
 */
@Injectable()
export class TrainingRecordsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The scheduled sessions the tenant attended (present or late), newest first; `sessionIds` narrows them. */
  async attendedBy(tenantId: number, sessionIds?: readonly number[], limit = 100): Promise<AttendedTraining[]> {
    if (sessionIds && !sessionIds.length) return [];
    const qb = this.dataSource.getRepository(TrainingAttendanceEntity).createQueryBuilder('a')
      .innerJoin(TrainingSessionEntity, 's', 's.id = a.sessionId')
      .select('a.sessionId', 'sessionId').addSelect('a.mark', 'mark').addSelect('s.title', 'title').addSelect('s.kind', 'kind').addSelect('s.startsAt', 'startsAt')
      .where('a.tenantId = :tenantId', { tenantId }).andWhere("a.mark IN ('present', 'late')").andWhere("s.status = 'scheduled'");
    if (sessionIds) qb.andWhere('a.sessionId IN (:...sessionIds)', { sessionIds: [...sessionIds] });
    const rows = await qb.orderBy('s.startsAt', 'DESC').addOrderBy('a.sessionId', 'DESC').limit(limit).getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      sessionId: Number(r.sessionId), title: String(r.title), kind: String(r.kind), startsAt: toDate(r.startsAt), mark: r.mark as 'present' | 'late',
      certificateUrl: `/tenants/${tenantId}/trainings/${Number(r.sessionId)}/certificate.pdf`,
    }));
  }
}
