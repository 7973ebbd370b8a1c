import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ForbiddenError } from '../common/errors/domain-error.js';
import { escapeLike, LIKE_ESCAPE } from '../common/pagination.js';
import type { Principal } from '../common/principal.js';
import { industryCodeOf, industryDivision } from './domain/industry-classification.js';
import { queryGrams, searchTerm } from './domain/tenant-search.rules.js';
import { normalizeUscc } from './domain/uscc.rules.js';
import type { TenantStatus } from './domain/tenant-status.js';
import { BuildingEntity } from './entities/building.entity.js';
import { TenantSearchGramEntity } from './entities/tenant-search-gram.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';

/** Ids per `IN (...)` lookup. */
const CHUNK = 1000;
/** Beyond this many ids, a lookup reads the registry once instead of by id lists. */
const WHOLE_REGISTRY = 20_000;
/** A term that could be (part of) a USCC once normalised. */
const USCC_LIKE = /^[0-9A-Z]{2,18}$/;

export interface TenantSummary {
  id: number;
  uscc: string;
  name: string;
  status: TenantStatus;
  /** GB/T 4754 division code, '' when the tenant has none. */
  industry: string;
  /** The division's names, for pages in either language; null when the tenant has none. */
  industryName: { zh: string; en: string } | null;
  /** The building's name, '' when the tenant has none. */
  building: string;
}

function namesOf(code: string | null | undefined): { zh: string; en: string } | null {
  const d = industryDivision(code);
  return d ? { zh: d.zh, en: d.en } : null;
}

/** The tenant filters other lists offer (signing progress, breaches …). */
export interface TenantFilter {
  /** Any part of the name, USCC or legal representative. */
  q?: string;
  /** A division code (or a name industryCodeOf knows). */
  industry?: string;
  /** A building's name. */
  building?: string;
  status?: TenantStatus;
}

/**
 * How the search condition meets the rows. `candidates` (the default): the matching ids are gathered
 * from the gram table first, which suits a narrow match. `probe`: each row the query walks is checked
 * against the gram index (EXISTS per gram), which suits a walk down the name index that stops at the
 * page's last row when the match is broad. Both select the same rows.
 */
export type SearchPlan = 'candidates' | 'probe';

/**
 * What a search looks for: the term as typed (NFKC, trimmed), and also the normalised code when the term
 * could be a USCC typed with spaces or in full width. Empty when there is no search.
 */
export function searchTermsOf(q: string | undefined): string[] {
  const term = q ? searchTerm(q) : '';
  if (!term) return [];
  const code = normalizeUscc(term);
  return USCC_LIKE.test(code) && code.toLowerCase() !== term.toLowerCase() ? [term, code] : [term];
}

/**
 * What other contexts may ask of the tenant registry: summaries by id, and — for read models that
 * sort and filter by tenant in the database — a join, a filter and a subquery of active tenants
 * that this context writes, so no other context names the `tenants` table or its search rules.
 */
@Injectable()
export class TenantsQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summaries(ids: readonly number[]): Promise<Map<number, TenantSummary>> {
    const unique = [...new Set(ids)];
    const out = new Map<number, TenantSummary>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.dataSource.getRepository(TenantEntity).find({
        select: { id: true, uscc: true, name: true, status: true, industry: true, building: { id: true, name: true } },
        relations: { building: true },
        where: { id: In(unique.slice(i, i + CHUNK)) },
      });
      for (const t of rows) {
        out.set(t.id, { id: t.id, uscc: t.uscc, name: t.name, status: t.status, industry: t.industry ?? '', industryName: namesOf(t.industry), building: t.building?.name ?? '' });
      }
    }
    return out;
  }

  async summary(id: number): Promise<TenantSummary | null> {
    return (await this.summaries([id])).get(id) ?? null;
  }

  /**
   * The tenant an officer acts for (claims, applications): their own, bound and not moved out; a 403 with
   * the caller's message otherwise. Checked before an upload's body is read.
   */
  async actingTenant(principal: Pick<Principal, 'tenantId'>, messages: { notBound: string; movedOut: string }): Promise<TenantSummary> {
    const tenant = principal.tenantId != null ? await this.summary(principal.tenantId) : null;
    if (!tenant) throw new ForbiddenError(messages.notBound);
    if (tenant.status === 'moved_out') throw new ForbiddenError(messages.movedOut);
    return tenant;
  }

  /**
   * Tenants by USCC (already normalised), with their name and status: one indexed statement, for the
   * joint check (逢办必查), which other systems call on every transaction. Codes not registered are absent.
   */
  async byUscc(codes: readonly string[]): Promise<Map<string, { id: number; uscc: string; name: string; status: TenantStatus }>> {
    const unique = [...new Set(codes)];
    const out = new Map<string, { id: number; uscc: string; name: string; status: TenantStatus }>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      const part = unique.slice(i, i + CHUNK);
      const rows = (await this.dataSource.query(`SELECT id, uscc, name, status FROM tenants WHERE uscc IN (${part.map(() => '?').join(', ')})`, part)) as
        { id: number | string; uscc: string; name: string; status: TenantStatus }[];
      for (const r of rows) out.set(r.uscc, { id: Number(r.id), uscc: r.uscc, name: r.name, status: r.status });
    }
    return out;
  }

  /**
   * Move-in dates (park days) of those of `ids` that moved in after `day`: the few tenants for which
   * a window that starts on `day` holds sessions from before their move-in.
   */
  async movedInAfter(ids: readonly number[], day: string): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    const out = new Map<number, string>();
    if (unique.length > WHOLE_REGISTRY) {
      // Most of the registry: one pass over it beats hundreds of id lists.
      const wanted = new Set(unique);
      const rows = await this.dataSource.getRepository(TenantEntity).createQueryBuilder('t').select(['t.id', 't.movedInAt']).where('t.movedInAt > :day', { day }).getMany();
      for (const t of rows) if (wanted.has(t.id)) out.set(t.id, t.movedInAt);
      return out;
    }
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await this.dataSource.getRepository(TenantEntity).createQueryBuilder('t')
        .select(['t.id', 't.movedInAt'])
        .where('t.id IN (:...ids)', { ids: unique.slice(i, i + CHUNK) })
        .andWhere('t.movedInAt > :day', { day })
        .getMany();
      for (const t of rows) out.set(t.id, t.movedInAt);
    }
    return out;
  }

  /**
   * Tenant ids for codes and for names as an import names them: by USCC as written (normalised for
   * the lookup), and by exact name (every tenant of that name, so the caller can refuse an ambiguous one).
   */
  async idsFor(codes: readonly string[], names: readonly string[]): Promise<{ byUscc: Map<string, number>; byName: Map<string, number[]> }> {
    const byUscc = new Map<string, number>();
    const byName = new Map<string, number[]>();
    const repo = this.dataSource.getRepository(TenantEntity);
    const uniqueCodes = [...new Set(codes.map((c) => normalizeUscc(c)))];
    const found = new Map<string, number>();
    for (let i = 0; i < uniqueCodes.length; i += CHUNK) {
      for (const t of await repo.find({ select: { id: true, uscc: true }, where: { uscc: In(uniqueCodes.slice(i, i + CHUNK)) }, loadEagerRelations: false })) found.set(t.uscc, t.id);
    }
    for (const code of codes) {
      const id = found.get(normalizeUscc(code));
      if (id !== undefined) byUscc.set(code, id);
    }
    const uniqueNames = [...new Set(names)];
    for (let i = 0; i < uniqueNames.length; i += CHUNK) {
      for (const t of await repo.find({ select: { id: true, name: true }, where: { name: In(uniqueNames.slice(i, i + CHUNK)) }, loadEagerRelations: false })) {
        byName.set(t.name, [...(byName.get(t.name) ?? []), t.id]);
      }
    }
    return { byUscc, byName };
  }

  async countActive(): Promise<number> {
    return this.dataSource.getRepository(TenantEntity).countBy({ status: 'active' });
  }

  /**
   * Every active tenant's id and USCC, ascending id, read in keyset batches of `batch` rows (the
   * sampling frame reads the whole registry: a bounded number of statements, no OFFSET walk).
   */
  async activeCodes(batch = 50_000): Promise<{ id: number; uscc: string }[]> {
    const table = this.dataSource.getMetadata(TenantEntity).tableName;
    const out: { id: number; uscc: string }[] = [];
    let after = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT id, uscc FROM ${table} WHERE status = 'active' AND id > ? ORDER BY id LIMIT ${Math.max(1, Math.trunc(batch))}`, [after],
      )) as { id: number | string; uscc: string }[];
      for (const r of rows) out.push({ id: Number(r.id), uscc: r.uscc });
      if (rows.length < batch) return out;
      after = out[out.length - 1].id;
    }
  }

  /** How many tenants are in each status (the home page's figures). */
  async countsByStatus(): Promise<Partial<Record<TenantStatus, number>>> {
    const rows = await this.dataSource.getRepository(TenantEntity).createQueryBuilder('t')
      .select('t.status', 'status').addSelect('COUNT(*)', 'n').groupBy('t.status').getRawMany<{ status: TenantStatus; n: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** `SELECT id FROM <active tenants>`: for one set-based INSERT … SELECT over every active tenant. */
  activeIdsSql(): string {
    return `SELECT id FROM ${this.dataSource.getMetadata(TenantEntity).tableName} WHERE status = 'active'`;
  }

  /**
   * A statement text reading tenants by USCC (`id, uscc, name`), with `count` placeholders: for a caller
   * that joins its own rows to them in one statement (the joint check, on every government transaction).
   */
  byUsccSql(count: number): string {
    return `SELECT id, uscc, name FROM ${this.dataSource.getMetadata(TenantEntity).tableName} WHERE uscc IN (${Array.from({ length: count }, () => '?').join(', ')})`;
  }

  /**
   * `SELECT id FROM <active tenants> WHERE …` narrowed to some industries (division codes), buildings
   * (ids) or listed tenants, and to `among` when given, with `?` parameters in order: one set-based
   * INSERT … SELECT of an audience (trainings' invitations) without naming the registry's table.
   * An empty list selects nobody.
   */
  activeIdsWhereSql(f: { industries?: readonly string[]; buildingIds?: readonly number[]; tenantIds?: readonly number[]; among?: readonly number[] }): { sql: string; params: (string | number)[] } {
    const conditions = ["status = 'active'"];
    const params: (string | number)[] = [];
    const inList = (column: string, values: readonly (string | number)[]) => {
      if (!values.length) conditions.push('1 = 0');
      else {
        conditions.push(`${column} IN (${values.map(() => '?').join(', ')})`);
        params.push(...values);
      }
    };
    if (f.industries) inList('industry', f.industries);
    if (f.buildingIds) inList('buildingId', f.buildingIds);
    if (f.tenantIds) inList('id', f.tenantIds);
    if (f.among) inList('id', f.among);
    return { sql: `SELECT id FROM ${this.dataSource.getMetadata(TenantEntity).tableName} WHERE ${conditions.join(' AND ')}`, params };
  }

  /**
   * Joins the tenant of `on` (e.g. `o.tenantId`) as `alias`, selecting its columns as
   * `<alias>Name`, `<alias>Uscc`, `<alias>Status`, `<alias>Industry`, `<alias>Building`, and the
   * name's sort key as `<alias>SortKey`. Sort by `nameColumn(alias)` (the key, for keysets `sortKeyOf(row)`).
   */
  join<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, on: string, alias = 't'): SelectQueryBuilder<T> {
    return qb.innerJoin(TenantEntity, alias, `${alias}.id = ${on}`)
      .leftJoin(BuildingEntity, `${alias}_building`, `${alias}_building.id = ${alias}.buildingId`)
      .addSelect(`${alias}.name`, `${alias}Name`).addSelect(`${alias}.uscc`, `${alias}Uscc`).addSelect(`${alias}.status`, `${alias}Status`)
      .addSelect(`${alias}.industry`, `${alias}Industry`).addSelect(`${alias}_building.name`, `${alias}Building`)
      .addSelect(`${alias}.nameSortKey`, `${alias}SortKey`);
  }

  /**
   * Joins the tenant of `on` as `alias` and its building, selecting nothing: for read models that
   * group by industry or building. Returns the columns to select and group by, and the move-in date (a park day).
   */
  joinClassification<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, on: string, alias = 't'): { industry: string; building: string; movedInAt: string } {
    qb.innerJoin(TenantEntity, alias, `${alias}.id = ${on}`).leftJoin(BuildingEntity, `${alias}_building`, `${alias}_building.id = ${alias}.buildingId`);
    return { industry: `${alias}.industry`, building: `${alias}_building.name`, movedInAt: `${alias}.movedInAt` };
  }

  /** A GB/T 4754 division's names in both languages, null for none or an unknown code. */
  industryNames(code: string | null | undefined): { zh: string; en: string } | null {
    return namesOf(code);
  }

  /** The column that orders tenants by name (the pinyin sort key) under a joined alias, for ORDER BY and keyset pagination. */
  nameColumn(alias = 't'): string {
    return `${alias}.nameSortKey`;
  }

  /** The sort key `join` selected, from a raw row: the keyset value that goes with `nameColumn`. */
  sortKeyOf(row: Record<string, unknown>, alias = 't'): string {
    return String(row[`${alias}SortKey`] ?? '');
  }

  /** Reads the columns `join` selected from a raw row. */
  fromRow(row: Record<string, unknown>, tenantId: number, alias = 't'): TenantSummary {
    return {
      id: tenantId, name: String(row[`${alias}Name`]), uscc: String(row[`${alias}Uscc`]), status: row[`${alias}Status`] as TenantStatus,
      industry: String(row[`${alias}Industry`] ?? ''), industryName: namesOf(row[`${alias}Industry`] as string | null), building: String(row[`${alias}Building`] ?? ''),
    };
  }

  /**
   * Applies the registry's own search rules to a joined (or the registry's own) alias. `q` finds any
   * part of the name, USCC or legal representative: candidates from the gram table (every pair of the
   * term's characters, or one character's range), checked with LIKE. A USCC typed with spaces or in
   * full width is also looked for as the normalised code.
   */
  filter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: TenantFilter, alias = 't', plan: SearchPlan = 'candidates'): SelectQueryBuilder<T> {
    const terms = searchTermsOf(f.q);
    if (terms.length) {
      const branches = terms.map((term, i) => this.searchBranch(qb, alias, term, i ? 'tenantCode' : 'tenantQ', plan));
      qb.andWhere(branches.length === 1 ? branches[0] : `(${branches.join(' OR ')})`);
    }
    if (f.status) qb.andWhere(`${alias}.status = :tenantStatus`, { tenantStatus: f.status });
    if (f.industry) qb.andWhere(`${alias}.industry = :tenantIndustry`, { tenantIndustry: industryCodeOf(f.industry) ?? f.industry });
    if (f.building) {
      const buildings = this.dataSource.getMetadata(BuildingEntity).tableName;
      qb.andWhere(`${alias}.buildingId IN (SELECT tb.id FROM ${buildings} tb WHERE tb.name = :tenantBuilding)`, { tenantBuilding: f.building });
    }
    return qb;
  }

  /** One term's condition: the gram candidates, then the LIKE check on the three fields. Parameters only, never the term in the SQL. */
  private searchBranch<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, term: string, p: string, plan: SearchPlan): string {
    const grams = this.dataSource.getMetadata(TenantSearchGramEntity).tableName;
    const gq = queryGrams(term);
    let candidates: string;
    if (gq.kind === 'range') {
      candidates = plan === 'probe'
        ? `EXISTS (SELECT 1 FROM ${grams} g0 WHERE g0.tenantId = ${alias}.id AND g0.gram >= :${p}From AND g0.gram < :${p}To)`
        : `${alias}.id IN (SELECT g0.tenantId FROM ${grams} g0 WHERE g0.gram >= :${p}From AND g0.gram < :${p}To)`;
      qb.setParameters({ [`${p}From`]: gq.from, [`${p}To`]: gq.to });
    } else if (gq.kind === 'all') {
      if (plan === 'probe') {
        candidates = gq.grams.map((_, i) => `EXISTS (SELECT 1 FROM ${grams} g${i} WHERE g${i}.gram = :${p}${i} AND g${i}.tenantId = ${alias}.id)`).join(' AND ');
      } else {
        const joins = gq.grams.slice(1).map((_, i) => `INNER JOIN ${grams} g${i + 1} ON g${i + 1}.tenantId = g0.tenantId AND g${i + 1}.gram = :${p}${i + 1}`).join(' ');
        candidates = `${alias}.id IN (SELECT g0.tenantId FROM ${grams} g0 ${joins} WHERE g0.gram = :${p}0)`;
      }
      qb.setParameters(Object.fromEntries(gq.grams.map((g, i) => [`${p}${i}`, g])));
    } else {
      candidates = '1 = 1';
    }
    // Grams that spell the whole term (one or two characters, four of a code) need no LIKE: the walk in name order then stays in the indexes.
    if (gq.kind !== 'none' && gq.exact) return `(${candidates})`;
    qb.setParameter(`${p}Like`, `%${escapeLike(term)}%`);
    const like = `:${p}Like ${LIKE_ESCAPE}`;
    return `(${candidates} AND (${alias}.name LIKE ${like} OR ${alias}.uscc LIKE ${like} OR ${alias}.legalRepresentative LIKE ${like}))`;
  }
}
