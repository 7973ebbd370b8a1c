import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, IsNull, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { InspectorAbsenceEntity } from '../entities/inspector-absence.entity.js';
import { InspectorConflictEntity } from '../entities/inspector-conflict.entity.js';
import { InspectorEntity } from '../entities/inspector.entity.js';
import { absentDaysByMonth, type MonthKey } from './inspector-pool.rules.js';

/** Ids per `IN (...)` lookup. */
const CHUNK = 1000;

/** An inspector a draw may assign: in the pool, not away on the draw day, with their open conflict declarations. */
export interface PoolInspector {
  inspectorId: number;
  userId: number;
  code: string;
  departmentId: number;
  departmentCode: string;
  conflicts: { tenantId: number; reason: string }[];
}

export interface InspectorAvailability {
  inspectorId: number;
  code: string;
  departmentId: number;
  name: string;
  /** Days away in each month of the year (overlapping absences counted once). */
  absentDays: Record<MonthKey, number>;
}

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/**
 * What the rest of sampling asks of the inspector pool, set-based: who a draw may assign on a day
 * (programmes' departments), each inspector's months away (workload review), who a user is in the
 * pool (tasks), and inspectors by id (assignments). An inspector whose account is disabled, or no
 * longer a regulator's, is not in the pool.
 */
@Injectable()
export class InspectorPoolService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly users: UsersQueries, private readonly departments: DepartmentsService) {}

  /** Active inspectors of these departments not absent on `on` (park date), ordered by code, with their open conflicts. */
  async poolFor(departmentIds: readonly number[], on: string): Promise<PoolInspector[]> {
    const depts = [...new Set(departmentIds)];
    if (!depts.length) return [];
    const absences = this.dataSource.getMetadata(InspectorAbsenceEntity).tableName;
    const rows = await this.dataSource.getRepository(InspectorEntity).createQueryBuilder('i')
      .select(['i.id', 'i.userId', 'i.code', 'i.departmentId'])
      .where('i.active = :active', { active: 1 })
      .andWhere('i.departmentId IN (:...depts)', { depts })
      .andWhere(new Brackets((w) => w.where(`NOT EXISTS (SELECT 1 FROM ${absences} a WHERE a.inspectorId = i.id AND a.fromDate <= :on AND a.toDate >= :on)`, { on })))
      .getMany();
    const inPool = await this.inService(rows);
    if (!inPool.length) return [];
    const [codes, conflicts] = await Promise.all([this.departmentCodes(), this.openConflicts(inPool.map((r) => r.id))]);
    return inPool
      .map((r) => ({
        inspectorId: r.id, userId: r.userId, code: r.code, departmentId: r.departmentId, departmentCode: codes.get(r.departmentId) ?? '',
        conflicts: conflicts.get(r.id) ?? [],
      }))
      .sort(byCode);
  }

  /** Active inspectors of these departments with the days they are away in each month of `year`, ordered by code. */
  async availability(departmentIds: readonly number[], year: number): Promise<InspectorAvailability[]> {
    const depts = [...new Set(departmentIds)];
    if (!depts.length) return [];
    const rows = await this.dataSource.getRepository(InspectorEntity).find({
      select: { id: true, userId: true, code: true, departmentId: true }, where: { active: true, departmentId: In(depts) },
    });
    const inPool = await this.inService(rows);
    const periods = new Map<number, { fromDate: string; toDate: string }[]>();
    for (const part of chunks(inPool.map((r) => r.id))) {
      const absences = await this.dataSource.getRepository(InspectorAbsenceEntity).find({
        select: { inspectorId: true, fromDate: true, toDate: true },
        where: { inspectorId: In(part), fromDate: LessThanOrEqual(`${year}-12-31`), toDate: MoreThanOrEqual(`${year}-01-01`) },
      });
      for (const a of absences) {
        const list = periods.get(a.inspectorId) ?? [];
        list.push({ fromDate: a.fromDate, toDate: a.toDate });
        periods.set(a.inspectorId, list);
      }
    }
    const names = await this.users.names(inPool.map((r) => r.userId));
    return inPool
      .map((r) => ({ inspectorId: r.id, code: r.code, departmentId: r.departmentId, name: names.get(r.userId) ?? '', absentDays: absentDaysByMonth(periods.get(r.id) ?? [], year) }))
      .sort(byCode);
  }

  /** The user's place in the pool (active or taken out), or null when they were never flagged. */
  async inspectorOfUser(userId: number): Promise<{ inspectorId: number; code: string; departmentId: number; active: boolean } | null> {
    const row = await this.dataSource.getRepository(InspectorEntity).findOneBy({ userId });
    return row ? { inspectorId: row.id, code: row.code, departmentId: row.departmentId, active: row.active } : null;
  }

  /** Inspectors by id, in any state, with their names. Ids not found are absent. */
  async byIds(ids: readonly number[]): Promise<Map<number, { code: string; userId: number; name: string; departmentId: number }>> {
    const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
    const rows: InspectorEntity[] = [];
    for (const part of chunks(unique)) rows.push(...await this.dataSource.getRepository(InspectorEntity).findBy({ id: In(part) }));
    const names = await this.users.names(rows.map((r) => r.userId));
    return new Map(rows.map((r) => [r.id, { code: r.code, userId: r.userId, name: names.get(r.userId) ?? '', departmentId: r.departmentId }]));
  }

  /** Open (not withdrawn) conflict declarations of these inspectors, by inspector, in tenant order. */
  async openConflicts(inspectorIds: readonly number[]): Promise<Map<number, { tenantId: number; reason: string }[]>> {
    const out = new Map<number, { tenantId: number; reason: string }[]>();
    for (const part of chunks([...new Set(inspectorIds)])) {
      const rows = await this.dataSource.getRepository(InspectorConflictEntity).find({
        select: { inspectorId: true, tenantId: true, reason: true }, where: { inspectorId: In(part), withdrawnAt: IsNull() }, order: { tenantId: 'ASC', id: 'ASC' },
      });
      for (const r of rows) {
        const list = out.get(r.inspectorId) ?? [];
        list.push({ tenantId: r.tenantId, reason: r.reason });
        out.set(r.inspectorId, list);
      }
    }
    return out;
  }

  /** The rows whose account is still an active regulator's. */
  private async inService<T extends { userId: number }>(rows: T[]): Promise<T[]> {
    if (!rows.length) return [];
    const profiles = await this.users.profiles(rows.map((r) => r.userId));
    return rows.filter((r) => {
      const p = profiles.get(r.userId);
      return p?.active && p.role === 'regulator';
    });
  }

  private async departmentCodes(): Promise<Map<number, string>> {
    return new Map((await this.departments.list()).map((d) => [d.id, d.code]));
  }
}
