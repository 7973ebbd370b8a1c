import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors/domain-error.js';
import { CountCache } from '../common/count-cache.js';
import { pageWindow, type Page } from '../common/pagination.js';
import type { Actor } from '../common/principal.js';
import { canChangeStatus, canReverse, type TenantStatus } from './domain/tenant-status.js';
import { UnitOfWork, type AfterCommit } from '../database/unit-of-work.js';
import { TenantHooks, type StatusConsequence } from './tenant-hooks.js';
import { searchTermsOf, TenantsQueries, type SearchPlan } from './tenants.queries.js';
import { TenantSearchMemory } from './tenant-search.memory.js';
import { checkUscc, normalizeUscc } from './domain/uscc.rules.js';
import { BULK_STATUS_MAX, type BulkTenantStatusDto, type ChangeTenantStatusDto, type CreateTenantDto, type ReverseTenantStatusDto, type TenantQueryDto, type TenantResponse, type UpdateTenantDto } from './dto/tenant.dto.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { industryCodeOf, industryDivision, type IndustryDivision } from './domain/industry-classification.js';
import { nameSortKey } from './domain/tenant-name-sort.rules.js';
import { BuildingsService } from './buildings.service.js';
import { writeSearchIndex } from './tenant-search.index.js';
import { walksSortOrder } from './domain/tenant-search.rules.js';

/** What a status change would do, for the confirmation page: the tenants, and the consequences other contexts report. */
export interface StatusPreview {
  tenants: { id: number; name: string; status: TenantStatus }[];
  status: TenantStatus;
  consequences: StatusConsequence[];
}

export function toTenantResponse(t: TenantEntity): TenantResponse {
  return {
    id: t.id, uscc: t.uscc, name: t.name, legalRepresentative: t.legalRepresentative, industry: t.industry,
    industryName: industryNames(t.industry), building: t.building?.name ?? '', unit: t.unit, movedInAt: t.movedInAt, status: t.status, statusReason: t.statusReason, previousStatus: t.previousStatus,
    usccOverrideReason: t.usccOverrideReason, contactPhone: t.contactPhone,
    createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(),
  };
}

function industryNames(code: string | null): { zh: string; en: string } | null {
  const d = industryDivision(code);
  return d ? { zh: d.zh, en: d.en } : null;
}

/** The division code for a code or name; a field error otherwise (callers past the DTO, such as the demo seed, get the same rule). */
function industryCodeFor(input: string): string {
  const code = industryCodeOf(input);
  if (!code) throw new ValidationFailedError({ industry: [{ code: 'unknownIndustry' }] });
  return code;
}

/** Columns of the list's sorts: names in pinyin order (the stored key), buildings by the list's order of ids. */
const SORT_COLUMNS: Record<NonNullable<TenantQueryDto['sort']>, string> = {
  name: 'nameSortKey', uscc: 'uscc', industry: 'industry', building: 'buildingId', movedInAt: 'movedInAt', status: 'status', createdAt: 'createdAt',
};

/** The index of the list's default order (pinyin name, then id), which a broad search walks. */
const NAME_ORDER_INDEX = 'IDX_tenants_nameSortKey';

/** The column a list sort orders by (and an export pages by). */
export function sortColumn(sort: TenantQueryDto['sort']): keyof TenantEntity {
  return SORT_COLUMNS[sort ?? 'name'] as keyof TenantEntity;
}

/** What the filter menus offer: the divisions in use (code, zh, en) and every building's name. */
export interface TenantFacets {
  industries: IndustryDivision[];
  buildings: string[];
  /** The same buildings with whether each is retired, for menus that mark them. */
  buildingChoices: { name: string; retired: boolean }[];
}

/** A code that passes the check needs no override; keep the reason only when it was needed. */
function overrideReasonFor(uscc: string, reason: string | undefined): string | null {
  return checkUscc(uscc).ok ? null : (reason ?? null);
}

@Injectable()
export class TenantsService {
  private readonly counts = new CountCache();
  /** The filter menus change only when a tenant gets a new industry or building. */
  private facetCache?: { value: TenantFacets; expires: number };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly hooks: TenantHooks,
    private readonly queries: TenantsQueries,
    private readonly buildings: BuildingsService,
    private readonly uow: UnitOfWork,
    private readonly memory: TenantSearchMemory,
  ) {}

  /** Called after any write to the registry, so this process's list totals and search index are fresh at once. */
  registryChanged(): void {
    this.counts.clear();
    this.facetCache = undefined;
    this.memory.changed();
  }

  private get tenants() {
    return this.dataSource.getRepository(TenantEntity);
  }

  /**
   * Filters and sorts in SQL; `q` is any part of the name, USCC or legal representative (TenantsQueries.filter).
   * `onlyTenantId` narrows to one tenant (a tenant officer's view; see tenantFilterFor).
   */
  filtered(query: TenantQueryDto, onlyTenantId: number | null = null): SelectQueryBuilder<TenantEntity> {
    return this.matching(query, onlyTenantId).leftJoinAndSelect('t.building', 'b');
  }

  /** The filtered tenants in list order, without their buildings (what counting needs). */
  private matching(query: TenantQueryDto, onlyTenantId: number | null, plan: SearchPlan = 'candidates'): SelectQueryBuilder<TenantEntity> {
    const qb = this.tenants.createQueryBuilder('t');
    if (onlyTenantId !== null) qb.andWhere('t.id = :onlyTenantId', { onlyTenantId });
    this.queries.filter(qb, query, 't', plan);
    const dir = query.dir === 'desc' ? 'DESC' : 'ASC';
    qb.orderBy(`t.${sortColumn(query.sort)}`, dir).addOrderBy('t.id', dir);
    // The walk down the name order (see walksSortOrder); MySQL/MariaDB otherwise start from the grams whatever the breadth.
    if (plan === 'probe') qb.useIndex(NAME_ORDER_INDEX);
    return qb;
  }

  private countKey(query: TenantQueryDto, onlyTenantId: number | null): string {
    return JSON.stringify([query.q ?? '', query.status ?? '', query.industry ?? '', query.building ?? '', onlyTenantId]);
  }

  private countOf(query: TenantQueryDto, onlyTenantId: number | null): Promise<number> {
    return this.counts.get(this.countKey(query, onlyTenantId), () => this.matching(query, onlyTenantId).orderBy().getCount());
  }

  /**
   * How to find a searched page in name order: walk the name index when the match is broad (walksSortOrder),
   * judged from the totals CountCache already holds: the search's and the same filters' without it. The first
   * view of a search (nothing counted yet) gathers its matches, counting alongside as before.
   */
  private planFor(query: TenantQueryDto, onlyTenantId: number | null, rowsNeeded: number): SearchPlan {
    if (!query.q || (query.sort ?? 'name') !== 'name' || onlyTenantId !== null) return 'candidates';
    const matches = this.counts.known(this.countKey(query, onlyTenantId));
    if (matches === undefined) return 'candidates';
    const unsearched = { ...query, q: undefined };
    const among = this.counts.known(this.countKey(unsearched, onlyTenantId));
    if (among === undefined) {
      // Counted for the next view of this search; a failure is not remembered and changes nothing here.
      this.countOf(unsearched, onlyTenantId).catch(() => undefined);
      return 'candidates';
    }
    return walksSortOrder(matches, among, rowsNeeded) ? 'probe' : 'candidates';
  }

  /**
   * One page: from the in-memory index and its rows (TenantSearchMemory) when it takes the query, with no
   * statement; otherwise in one statement, the page's ids in list order (narrow rows, sorted alone even when
   * a search matches thousands) joined back to their tenants and buildings, with the total counted alongside.
   */
  async list(query: TenantQueryDto, onlyTenantId: number | null = null): Promise<Page<TenantEntity>> {
    const { page, pageSize, skip } = pageWindow(query);
    const fast = (query.sort ?? 'name') === 'name'
      ? await this.memory.answer({
        terms: searchTermsOf(query.q), status: query.status, industry: query.industry ? industryCodeOf(query.industry) ?? query.industry : undefined,
        building: query.building, onlyTenantId, desc: query.dir === 'desc', skip, take: pageSize,
      })
      : null;
    if (fast) return { items: fast.items, total: fast.total, page, pageSize };
    const plan = this.planFor(query, onlyTenantId, skip + pageSize);
    const ids = this.matching(query, onlyTenantId, plan).select('t.id', 'id').offset(skip).limit(pageSize);
    const dir = query.dir === 'desc' ? 'DESC' : 'ASC';
    const [items, total] = await Promise.all([
      this.tenants.createQueryBuilder('row')
        .innerJoin(`(${ids.getQuery()})`, 'p', 'p.id = row.id')
        .leftJoinAndSelect('row.building', 'b')
        .setParameters(ids.getParameters())
        .orderBy(`row.${sortColumn(query.sort)}`, dir).addOrderBy('row.id', dir)
        .getMany(),
      this.countOf(query, onlyTenantId),
    ]);
    return { items, total, page, pageSize };
  }

  /** The division codes in use and every building's name (retired ones last), for the filter menus. */
  async facets(): Promise<TenantFacets> {
    const now = Date.now();
    if (this.facetCache && this.facetCache.expires > now) return this.facetCache.value;
    const codes = (await this.tenants.createQueryBuilder('t').select('DISTINCT t.industry', 'v').where('t.industry IS NOT NULL').orderBy('v').getRawMany<{ v: string }>()).map((r) => r.v);
    const industries = codes.map((code) => industryDivision(code)).filter((d): d is IndustryDivision => d !== undefined);
    const all = await this.buildings.all();
    const buildingChoices = all.map((b) => ({ name: b.name, retired: b.retired }));
    this.facetCache = { value: { industries, buildings: buildingChoices.map((b) => b.name), buildingChoices }, expires: now + 60_000 };
    return this.facetCache.value;
  }

  async get(id: number): Promise<TenantEntity> {
    const tenant = await this.tenants.findOneBy({ id });
    if (!tenant) throw new NotFoundError('tenants.notFound');
    return tenant;
  }

  async findByUscc(input: string): Promise<TenantEntity | null> {
    return this.tenants.findOneBy({ uscc: normalizeUscc(input) });
  }

  private async assertUsccFree(m: EntityManager, uscc: string, exceptId?: number): Promise<void> {
    if (await m.getRepository(TenantEntity).existsBy({ uscc, ...(exceptId ? { id: Not(exceptId) } : {}) })) {
      throw new ConflictError('tenants.duplicateUscc', { uscc }, { uscc: [{ code: 'duplicateUscc', params: { uscc } }] });
    }
  }

  async create(dto: CreateTenantDto, actor: Actor): Promise<TenantEntity> {
    return this.dataSource.transaction(async (m) => {
      await this.assertUsccFree(m, dto.uscc);
      const building = await this.buildings.forTenant(m, dto.building);
      const tenant = m.getRepository(TenantEntity).create({
        uscc: dto.uscc, name: dto.name, nameSortKey: nameSortKey(dto.name), legalRepresentative: dto.legalRepresentative, industry: industryCodeFor(dto.industry),
        buildingId: building.id, building, unit: dto.unit ?? '', movedInAt: dto.movedInAt, status: 'active', statusReason: null,
        usccOverrideReason: overrideReasonFor(dto.uscc, dto.usccOverrideReason), contactPhone: dto.contactPhone ?? null,
      });
      await m.getRepository(TenantEntity).save(tenant);
      await writeSearchIndex(m, [tenant], { fresh: true });
      await this.audit.record(m, actor, { action: tenant.usccOverrideReason ? 'tenant.create.usccOverride' : 'tenant.create', entityType: 'tenant', entityId: tenant.id, after: toTenantResponse(tenant) });
      await this.hooks.joined(m, [tenant.uscc]);
      return tenant;
    }).finally(() => this.registryChanged());
  }

  async update(id: number, dto: UpdateTenantDto, actor: Actor): Promise<TenantEntity> {
    return this.dataSource.transaction(async (m) => {
      const tenant = await m.getRepository(TenantEntity).findOneBy({ id });
      if (!tenant) throw new NotFoundError('tenants.notFound');
      const before = toTenantResponse(tenant);
      const { usccOverrideReason, building, ...fields } = dto;
      if (fields.uscc && fields.uscc !== tenant.uscc) {
        await this.assertUsccFree(m, fields.uscc, id);
        tenant.usccOverrideReason = overrideReasonFor(fields.uscc, usccOverrideReason);
      }
      // The tenant's own building stays acceptable after it is retired; another must be in service.
      if (building !== undefined && building !== tenant.building?.name) {
        tenant.building = await this.buildings.forTenant(m, building);
        tenant.buildingId = tenant.building.id;
      }
      if (fields.industry !== undefined) fields.industry = industryCodeFor(fields.industry);
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) (tenant as unknown as Record<string, unknown>)[key] = value;
      }
      tenant.nameSortKey = nameSortKey(tenant.name);
      await m.getRepository(TenantEntity).save(tenant);
      if (before.name !== tenant.name || before.uscc !== tenant.uscc || before.legalRepresentative !== tenant.legalRepresentative) await writeSearchIndex(m, [tenant]);
      const after = toTenantResponse(tenant);
      const overridden = tenant.usccOverrideReason && before.uscc !== after.uscc;
      await this.audit.record(m, actor, { action: overridden ? 'tenant.update.usccOverride' : 'tenant.update', entityType: 'tenant', entityId: id, before, after });
      return tenant;
    }).finally(() => this.registryChanged());
  }

  /** Suspend, reactivate or move out; never a delete. Other contexts follow in the same transaction (status hooks). */
  async changeStatus(id: number, dto: ChangeTenantStatusDto, actor: Actor): Promise<TenantEntity> {
    return this.uow.run(async (m, afterCommit) => {
      const tenant = await m.getRepository(TenantEntity).findOneBy({ id });
      if (!tenant) throw new NotFoundError('tenants.notFound');
      if (!canChangeStatus(tenant.status, dto.status)) {
        throw new ConflictError('tenants.statusTransition', { from: tenant.status, to: dto.status }, { status: [{ code: 'statusTransition' }] });
      }
      await this.applyStatus(m, afterCommit, [tenant], dto.status, dto.reason, actor);
      return tenant;
    }).finally(() => this.registryChanged());
  }

  /**
   * The same change for several tenants, all or nothing: one that is missing or cannot take the
   * status refuses the whole request on the `ids` field. Audited per tenant.
   */
  async changeStatusMany(dto: BulkTenantStatusDto, actor: Actor): Promise<TenantEntity[]> {
    return this.uow.run(async (m, afterCommit) => {
      const tenants = await this.forStatusChange(m, dto.ids, dto.status);
      await this.applyStatus(m, afterCommit, tenants, dto.status, dto.reason, actor);
      return tenants;
    }).finally(() => this.registryChanged());
  }

  /** Back to the status before the last change (the one way out of "moved out"), with a reason; audited as a reversal. */
  async reverseStatus(id: number, dto: ReverseTenantStatusDto, actor: Actor): Promise<TenantEntity> {
    return this.uow.run(async (m, afterCommit) => {
      const tenant = await m.getRepository(TenantEntity).findOneBy({ id });
      if (!tenant) throw new NotFoundError('tenants.notFound');
      if (!canReverse(tenant.status, tenant.previousStatus)) throw new ConflictError('tenants.nothingToReverse');
      await this.applyStatus(m, afterCommit, [tenant], tenant.previousStatus, dto.reason, actor, true);
      return tenant;
    }).finally(() => this.registryChanged());
  }

  /** What changing these tenants to `status` would do; refuses (nothing to confirm) as the change itself would. */
  async statusPreview(ids: readonly number[], status: TenantStatus): Promise<StatusPreview> {
    const tenants = await this.forStatusChange(this.dataSource.manager, ids, status);
    return this.preview(tenants, status);
  }

  /** What reversing the tenant's last status change would do. */
  async reversePreview(id: number): Promise<StatusPreview & { tenant: TenantEntity }> {
    const tenant = await this.get(id);
    if (!canReverse(tenant.status, tenant.previousStatus)) throw new ConflictError('tenants.nothingToReverse');
    return { ...(await this.preview([tenant], tenant.previousStatus)), tenant };
  }

  private async preview(tenants: TenantEntity[], status: TenantStatus): Promise<StatusPreview> {
    const consequences = await this.hooks.statusConsequences(this.dataSource.manager, tenants.map((t) => t.id), status);
    return { tenants: tenants.map((t) => ({ id: t.id, name: t.name, status: t.status })), status, consequences };
  }

  private async forStatusChange(m: EntityManager, ids: readonly number[], status: TenantStatus): Promise<TenantEntity[]> {
    const unique = [...new Set(ids)];
    if (!unique.length || unique.length > BULK_STATUS_MAX) {
      throw new ValidationFailedError({ ids: [unique.length ? { code: 'tooManyItems', params: { limit: BULK_STATUS_MAX } } : { code: 'required' }] });
    }
    const tenants = await m.getRepository(TenantEntity).find({ where: { id: In(unique) }, order: { name: 'ASC', id: 'ASC' } });
    if (tenants.length !== unique.length) throw new ValidationFailedError({ ids: [{ code: 'unknownTenant' }] }, 'tenants.notFound');
    const refused = tenants.filter((t) => !canChangeStatus(t.status, status));
    if (refused.length) {
      const names = refused.map((t) => t.name).join('、');
      throw new ValidationFailedError({ ids: [{ code: 'statusTransitionFor', params: { names } }] }, 'tenants.bulkStatusTransition', { names });
    }
    return tenants;
  }

  /** Writes the new status (remembering the one before, for a reversal), audits each tenant, then lets other contexts follow. */
  private async applyStatus(m: EntityManager, afterCommit: AfterCommit, tenants: TenantEntity[], status: TenantStatus, reason: string, actor: Actor, reversal = false): Promise<void> {
    const now = new Date();
    // The status before is in the entry's "before"; the column that remembers it for a reversal adds nothing there.
    const snapshot = (t: TenantEntity) => {
      const { previousStatus, ...rest } = toTenantResponse(t);
      return rest;
    };
    for (const tenant of tenants) {
      const before = snapshot(tenant);
      Object.assign(tenant, { previousStatus: tenant.status, status, statusReason: reason });
      await m.getRepository(TenantEntity).save(tenant);
      await this.audit.record(m, actor, { action: `tenant.status.${reversal ? 'reverse' : status}`, entityType: 'tenant', entityId: tenant.id, before, after: snapshot(tenant) });
    }
    await this.hooks.statusChanged(m, afterCommit, tenants.map((t) => t.id), status, now);
    if (status === 'active') await this.hooks.joined(m, tenants.map((t) => t.uscc), now);
  }
}
