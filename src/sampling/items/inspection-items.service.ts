import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { isRegulator, isRegulatorOf } from '../../accounts/domain/access-policy.js';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../../common/errors/domain-error.js';
import { isUniqueViolation } from '../../common/filters/all-exceptions.filter.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { ItemKind } from '../domain/sampling-kinds.js';
import { InspectionItemEntity } from '../entities/inspection-item.entity.js';
import { ITEM_FIELDS, type InspectionItemDto } from './dto/inspection-item.dto.js';

/** Ids per `IN (...)` lookup. */
const CHUNK = 1000;

/** An item as other parts of sampling (programmes, tasks) see it. */
export interface InspectionItemView {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  legalBasis: string;
  departmentId: number;
  kind: ItemKind;
  active: boolean;
}

export const itemView = (r: InspectionItemEntity): InspectionItemView => ({
  id: r.id, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, legalBasis: r.legalBasis, departmentId: r.departmentId, kind: r.kind, active: r.active,
});

const audited = (r: InspectionItemEntity) => Object.fromEntries(ITEM_FIELDS.map((k) => [k, r[k]]));

/** Who may change items of `departmentId`: admins and park staff any; a regulator only their own department's. */
export function mayKeepItemsOf(principal: Principal, departmentId: number): boolean {
  return isRegulator(principal) ? isRegulatorOf(principal, departmentId) : true;
}

/**
 * The inspection-item list (事项清单): what each department checks on a visit and on which legal
 * basis. Kept by park staff and admins for every department and by regulators for their own;
 * deactivated, never deleted (programmes keep naming them). Every change audited as `inspection_item`.
 */
@Injectable()
export class InspectionItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly departments: DepartmentsService,
  ) {}

  async get(id: number): Promise<InspectionItemEntity> {
    const row = await this.dataSource.getRepository(InspectionItemEntity).findOneBy({ id });
    if (!row) throw new NotFoundError();
    return row;
  }

  /** Items by id (any state): a programme's items, a task's items. Ids not found are absent. */
  async byIds(ids: readonly number[]): Promise<Map<number, InspectionItemView>> {
    const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id));
    const out = new Map<number, InspectionItemView>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.dataSource.getRepository(InspectionItemEntity).findBy({ id: In(unique.slice(i, i + CHUNK)) });
      for (const r of rows) out.set(r.id, itemView(r));
    }
    return out;
  }

  /** The active items, of these departments when given, by department then code: what a programme may choose. */
  async listActive(departmentIds?: readonly number[]): Promise<InspectionItemView[]> {
    if (departmentIds && !departmentIds.length) return [];
    const rows = await this.dataSource.getRepository(InspectionItemEntity).find({
      where: { active: true, ...(departmentIds ? { departmentId: In([...new Set(departmentIds)]) } : {}) },
      order: { departmentId: 'ASC', code: 'ASC' },
    });
    return rows.map(itemView);
  }

  /** Refuses (403) a regulator acting on another department's item. */
  assertMayKeep(principal: Principal, departmentId: number): void {
    if (!mayKeepItemsOf(principal, departmentId)) throw new ForbiddenError('samplingPool.items.otherDepartment');
  }

  /**
   * Adds an item (id null) or replaces an existing item's fields. The department must be an active
   * one (a field error) and one the asker keeps (403, for the item's current department too); a code
   * another item has is a conflict on `code`.
   */
  async save(id: number | null, dto: InspectionItemDto, principal: Principal, actor: Actor): Promise<InspectionItemEntity> {
    const department = await this.departments.get(dto.departmentId).catch(() => null);
    if (!department?.active) throw new ValidationFailedError({ departmentId: [{ code: 'unknownDepartment' }] });
    try {
      return await this.uow.run(async (m) => {
        const repo = m.getRepository(InspectionItemEntity);
        const existing = id ? await repo.findOneBy({ id }) : null;
        if (id && !existing) throw new NotFoundError();
        if (existing) this.assertMayKeep(principal, existing.departmentId);
        this.assertMayKeep(principal, dto.departmentId);
        if (await repo.existsBy({ code: dto.code, ...(id ? { id: Not(id) } : {}) })) throw this.taken(dto.code);
        const before = existing ? audited(existing) : null;
        const row = existing ?? repo.create();
        Object.assign(row, {
          code: dto.code, nameZh: dto.nameZh, nameEn: dto.nameEn, legalBasis: dto.legalBasis, departmentId: dto.departmentId, kind: dto.kind,
          active: dto.active ?? existing?.active ?? true,
        });
        await repo.save(row);
        const action = !existing ? 'sampling.item.create'
          : existing && before!.active && !row.active ? 'sampling.item.deactivate'
            : existing && !before!.active && row.active ? 'sampling.item.activate' : 'sampling.item.update';
        await this.audit.record(m, actor, { action, entityType: 'inspection_item', entityId: row.id, before, after: audited(row) });
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw this.taken(dto.code);
      throw err;
    }
  }

  private taken(code: string): ConflictError {
    return new ConflictError('samplingPool.items.codeTaken', { code }, { code: [{ code: 'taken' }] });
  }
}
