import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { escapeLike, LIKE_ESCAPE, pageWindow, type Page } from '../../common/pagination.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { InspectorAbsenceEntity } from '../entities/inspector-absence.entity.js';
import { InspectorConflictEntity } from '../entities/inspector-conflict.entity.js';
import { InspectorEntity } from '../entities/inspector.entity.js';
import type { InspectorsQueryDto } from './dto/inspector.dto.js';

export interface DepartmentRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface InspectorRow {
  id: number;
  code: string;
  userId: number;
  name: string;
  email: string;
  /** The account is disabled or no longer a regulator's: not in any draw's pool. */
  accountInactive: boolean;
  department: DepartmentRef | null;
  active: boolean;
  openConflicts: number;
  /** Away today (park date). */
  absentToday: boolean;
}

export interface InspectorDetail extends InspectorRow {
  conflicts: {
    id: number; tenantId: number; tenantName: string; uscc: string; reason: string;
    declaredBy: string; declaredAt: Date; withdrawnAt: Date | null; withdrawnReason: string | null;
  }[];
  absences: { id: number; fromDate: string; toDate: string; reason: string; createdBy: string; createdAt: Date; current: boolean; past: boolean }[];
}

/** The pool's read side for its pages and API: filtered and paginated in SQL; names, counts and tenants fetched per page, set-based. */
@Injectable()
export class InspectorsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersQueries,
    private readonly departments: DepartmentsService,
    private readonly tenants: TenantsQueries,
  ) {}

  async departmentRefs(): Promise<Map<number, DepartmentRef & { active: boolean }>> {
    return new Map((await this.departments.list()).map((d) => [d.id, { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, active: d.active }]));
  }

  async list(query: InspectorsQueryDto, today: string): Promise<Page<InspectorRow>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.dataSource.getRepository(InspectorEntity).createQueryBuilder('i');
    if (query.departmentId) qb.andWhere('i.departmentId = :departmentId', { departmentId: query.departmentId });
    if (query.active) qb.andWhere('i.active = :active', { active: query.active === 'true' ? 1 : 0 });
    if (query.q?.trim()) qb.andWhere(`i.code LIKE :q ${LIKE_ESCAPE}`, { q: `%${escapeLike(query.q.trim().toUpperCase())}%` });
    const [rows, total] = await Promise.all([qb.clone().orderBy('i.code', 'ASC').skip(skip).take(pageSize).getMany(), qb.clone().getCount()]);
    return { items: await this.rowsOf(rows, today), total, page, pageSize };
  }

  async detail(row: InspectorEntity, today: string): Promise<InspectorDetail> {
    const [[base], conflicts, absences] = await Promise.all([
      this.rowsOf([row], today),
      this.dataSource.getRepository(InspectorConflictEntity).find({ where: { inspectorId: row.id }, order: { id: 'DESC' } }),
      this.dataSource.getRepository(InspectorAbsenceEntity).find({ where: { inspectorId: row.id }, order: { fromDate: 'DESC', id: 'DESC' } }),
    ]);
    const [tenants, names] = await Promise.all([
      this.tenants.summaries(conflicts.map((c) => c.tenantId)),
      this.users.names([...conflicts.map((c) => c.declaredById), ...absences.map((a) => a.createdById)]),
    ]);
    return {
      ...base,
      conflicts: conflicts.map((c) => ({
        id: c.id, tenantId: c.tenantId, tenantName: tenants.get(c.tenantId)?.name ?? '', uscc: tenants.get(c.tenantId)?.uscc ?? '', reason: c.reason,
        declaredBy: names.get(c.declaredById) ?? '', declaredAt: c.declaredAt, withdrawnAt: c.withdrawnAt, withdrawnReason: c.withdrawnReason,
      })),
      absences: absences.map((a) => ({
        id: a.id, fromDate: a.fromDate, toDate: a.toDate, reason: a.reason, createdBy: names.get(a.createdById) ?? '', createdAt: a.createdAt,
        current: a.fromDate <= today && today <= a.toDate, past: a.toDate < today,
      })),
    };
  }

  private async rowsOf(rows: InspectorEntity[], today: string): Promise<InspectorRow[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [profiles, departments, counts, absent] = await Promise.all([
      this.users.profiles(rows.map((r) => r.userId)),
      this.departmentRefs(),
      this.dataSource.getRepository(InspectorConflictEntity).createQueryBuilder('c')
        .select('c.inspectorId', 'inspectorId').addSelect('COUNT(*)', 'n')
        .where({ inspectorId: In(ids), withdrawnAt: IsNull() }).groupBy('c.inspectorId')
        .getRawMany<{ inspectorId: number | string; n: number | string }>(),
      this.dataSource.getRepository(InspectorAbsenceEntity).createQueryBuilder('a')
        .select('DISTINCT a.inspectorId', 'inspectorId')
        .where('a.inspectorId IN (:...ids) AND a.fromDate <= :today AND a.toDate >= :today', { ids, today })
        .getRawMany<{ inspectorId: number | string }>(),
    ]);
    const open = new Map(counts.map((c) => [Number(c.inspectorId), Number(c.n)]));
    const away = new Set(absent.map((a) => Number(a.inspectorId)));
    return rows.map((r) => {
      const p = profiles.get(r.userId);
      const d = departments.get(r.departmentId);
      return {
        id: r.id, code: r.code, userId: r.userId, name: p?.name ?? '', email: p?.email ?? '', accountInactive: !(p?.active && p.role === 'regulator'),
        department: d ? { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn } : null,
        active: r.active, openConflicts: open.get(r.id) ?? 0, absentToday: away.has(r.id),
      };
    });
  }
}
