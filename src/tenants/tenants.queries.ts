import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { escapeLike, LIKE_ESCAPE } from '../common/pagination.js';
import { normalizeUscc } from './domain/uscc.rules.js';
import type { TenantStatus } from './domain/tenant-status.js';
import { TenantEntity } from './entities/tenant.entity.js';

/** Ids per `IN (...)` lookup. */
const CHUNK = 1000;
const USCC_LIKE = /^[0-9A-Z]{2,18}$/;

export interface TenantSummary {
  id: number;
  uscc: string;
  name: string;
  status: TenantStatus;
  industry: string;
  building: string;
}

/** The tenant filters other lists offer (signing progress, breaches …). */
export interface TenantFilter {
  /** Name, or USCC when it looks like one. */
  q?: string;
  industry?: string;
  building?: string;
  status?: TenantStatus;
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
        select: { id: true, uscc: true, name: true, status: true, industry: true, building: true },
        where: { id: In(unique.slice(i, i + CHUNK)) },
      });
      for (const t of rows) out.set(t.id, { id: t.id, uscc: t.uscc, name: t.name, status: t.status, industry: t.industry, building: t.building });
    }
    return out;
  }

  async summary(id: number): Promise<TenantSummary | null> {
    return (await this.summaries([id])).get(id) ?? null;
  }

  async countActive(): Promise<number> {
    return this.dataSource.getRepository(TenantEntity).countBy({ status: 'active' });
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
   * Joins the tenant of `on` (e.g. `o.tenantId`) as `alias`, selecting its columns as
   * `<alias>Name`, `<alias>Uscc`, `<alias>Status`, `<alias>Industry`, `<alias>Building`.
   * Sort by `nameColumn(alias)`.
   */
  join<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, on: string, alias = 't'): SelectQueryBuilder<T> {
    return qb.innerJoin(TenantEntity, alias, `${alias}.id = ${on}`)
      .addSelect(`${alias}.name`, `${alias}Name`).addSelect(`${alias}.uscc`, `${alias}Uscc`).addSelect(`${alias}.status`, `${alias}Status`)
      .addSelect(`${alias}.industry`, `${alias}Industry`).addSelect(`${alias}.building`, `${alias}Building`);
  }

  /** The tenant's name column under a joined alias, for ORDER BY and keyset pagination. */
  nameColumn(alias = 't'): string {
    return `${alias}.name`;
  }

  /** Reads the columns `join` selected from a raw row. */
  fromRow(row: Record<string, unknown>, tenantId: number, alias = 't'): TenantSummary {
    return {
      id: tenantId, name: String(row[`${alias}Name`]), uscc: String(row[`${alias}Uscc`]), status: row[`${alias}Status`] as TenantStatus,
      industry: String(row[`${alias}Industry`]), building: String(row[`${alias}Building`]),
    };
  }

  /** Applies the registry's own search rules to a joined (or the registry's own) alias. */
  filter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, f: TenantFilter, alias = 't'): SelectQueryBuilder<T> {
    if (f.q) {
      const name = `${escapeLike(f.q)}%`;
      const code = normalizeUscc(f.q);
      if (USCC_LIKE.test(code) && /\d/.test(code)) {
        qb.andWhere(`(${alias}.uscc LIKE :tenantCode ${LIKE_ESCAPE} OR ${alias}.name LIKE :tenantName ${LIKE_ESCAPE})`, { tenantCode: `${escapeLike(code)}%`, tenantName: name });
      } else {
        qb.andWhere(`${alias}.name LIKE :tenantName ${LIKE_ESCAPE}`, { tenantName: name });
      }
    }
    if (f.status) qb.andWhere(`${alias}.status = :tenantStatus`, { tenantStatus: f.status });
    if (f.industry) qb.andWhere(`${alias}.industry = :tenantIndustry`, { tenantIndustry: f.industry });
    if (f.building) qb.andWhere(`${alias}.building = :tenantBuilding`, { tenantBuilding: f.building });
    return qb;
  }
}
