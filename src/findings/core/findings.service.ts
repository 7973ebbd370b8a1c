import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { hiddenFrom } from '../../accounts/domain/access-policy.js';
import { DepartmentsService } from '../../accounts/departments.service.js';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error.js';
import type { Principal } from '../../common/principal.js';
import { chunk } from '../../common/chunk.js';
import { dateText } from '../../database/raw-sql.js';
import { overdueOn, type FactFinding } from '../domain/finding-facts.rules.js';
import type { FindingFields, FindingSeverity, FindingSource, FindingType, RectificationStatus } from '../domain/finding-kinds.js';
import { countsOn, publicityOf, type PublicityRuleRow } from '../domain/publicity.rules.js';
import { AnnualReportEntity } from '../entities/annual-report.entity.js';
import { FindingRectificationEntity } from '../entities/finding-rectification.entity.js';
import { FindingEntity } from '../entities/finding.entity.js';
import { PublicityRuleEntity } from '../entities/publicity-rule.entity.js';

/** A finding checked by its caller (tenant and department exist, dates and vocabularies valid), ready to insert. */
export interface NewFinding extends FindingFields {
  departmentId: number;
  tenantId: number;
}

/** An annual report checked by its caller. */
/** A finding behind a list candidate (lists: black — heavy penalty, abnormal three years; watch — repeated overdue rectifications). */
export interface ListCandidateFinding {
  kind: 'heavy' | 'abnormal' | 'overdue';
  id: number;
  tenantId: number;
  decisionNo: string;
  title: string;
  decisionDate: string;
}

export interface NewAnnualReport {
  tenantId: number;
  year: number;
  /** Park-zone date, YYYY-MM-DD. */
  filedOn: string;
}

/** Rows per multi-row INSERT: 20 columns × 400 rows stays under SQLite's 32,766 parameters. */
const INSERT_BATCH = 400;
/** Keys per IN (…) lookup. */
const LOOKUP = 1000;

const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));

/** A finding as credit repair reads it (the lists context): what its eligibility rules need and how it is named. */
export interface RepairableFinding {
  id: number;
  tenantId: number;
  departmentId: number;
  type: FindingType;
  severity: FindingSeverity;
  title: string;
  decisionNo: string;
  decisionDate: string;
  publicityEndsOn: string;
  repairEligibleOn: string | null;
  repairedOn: string | null;
  rectificationRequired: boolean;
  rectificationStatus: RectificationStatus;
  verifiedOn: string | null;
}

const repairableOf = (f: FindingEntity): RepairableFinding => ({
  id: f.id, tenantId: f.tenantId, departmentId: f.departmentId, type: f.type, severity: f.severity, title: f.title, decisionNo: f.decisionNo,
  decisionDate: dateText(f.decisionDate), publicityEndsOn: dateText(f.publicityEndsOn), repairEligibleOn: dateOrNull(f.repairEligibleOn),
  repairedOn: dateOrNull(f.repairedOn), rectificationRequired: !!f.rectificationRequired, rectificationStatus: f.rectificationStatus, verifiedOn: dateOrNull(f.verifiedOn),
});

const keyOf = (departmentId: number, decisionNo: string) => `${departmentId}\u0000${decisionNo}`;

/**
 * What the findings sub-features share: the publicity rules, inserting findings (one or many, in the
 * caller's transaction, with their publicity dates computed by the one rule), the idempotency lookups
 * (department + decision number, tenant + year), a finding as the viewer may see it, and the departments.
 * It writes no audit entry and sends no notice: the caller's service does, in the same transaction.
 */
/**
 * The findings (alias `f`) that may be open on the park day `:on`: decided by then, not repaired by then, and still in
 * publicity (penalty, inspection, other), a listing not ended (abnormal operations), or a rectification past its
 * deadline not done or verified later. openFindingCounts judges these rows; no row, nothing open.
 */
const MAYBE_OPEN = `f.decisionDate <= :on AND (f.repairedOn IS NULL OR f.repairedOn > :on)
  AND ((f.type IN ('penalty', 'inspection', 'other') AND f.publicityEndsOn > :on)
    OR (f.type = 'abnormal_operations' AND (f.endedOn IS NULL OR f.endedOn > :on))
    OR (f.rectifyBy < :on AND (f.rectificationStatus IN ('open', 'submitted') OR f.verifiedOn > :on)))`;

@Injectable()
export class FindingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly departments: DepartmentsService) {}

  /** Every publicity rule row (a handful; admins edit them). */
  async publicityRules(m: EntityManager = this.dataSource.manager): Promise<PublicityRuleRow[]> {
    const rows = await m.getRepository(PublicityRuleEntity).find({ order: { effectiveFrom: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({
      id: r.id, effectiveFrom: r.effectiveFrom, severity: r.severity, penaltyKind: r.penaltyKind, published: !!r.published,
      minMonths: r.minMonths, maxMonths: r.maxMonths, repairAfterMonths: r.repairAfterMonths,
    }));
  }

  /**
   * Inserts findings in `m`'s transaction, in batches, with their publicity period and repair date
   * from the rule in force on each decision date; returns their ids in input order. Callers check
   * duplicates first (`existing`): a (department, decision number) already recorded violates the
   * unique index and fails the transaction. No audit entry, no notice: the caller writes them.
   */
  async recordMany(m: EntityManager, inputs: readonly NewFinding[], recordedById: number | null, source: FindingSource): Promise<number[]> {
    if (!inputs.length) return [];
    const rules = await this.publicityRules(m);
    const rows = inputs.map((f) => {
      const publicity = publicityOf(rules, f);
      if (!publicity) throw new ConflictError('findings.noPublicityRule', { severity: f.severity });
      return {
        departmentId: f.departmentId, tenantId: f.tenantId, type: f.type, severity: f.severity, penaltyKind: f.penaltyKind,
        title: f.title, legalBasis: f.legalBasis, decisionNo: f.decisionNo, decisionDate: f.decisionDate, description: f.description,
        rectificationRequired: f.rectificationRequired, rectifyBy: f.rectificationRequired ? f.rectifyBy : null,
        rectificationStatus: f.rectificationRequired ? 'open' as const : 'none' as const,
        substantiated: f.type === 'complaint' ? f.substantiated : null,
        abnormalCause: f.type === 'abnormal_operations' ? f.abnormalCause : null,
        publicityEndsOn: publicity.publicityEndsOn, repairEligibleOn: publicity.repairEligibleOn, publicityRuleId: publicity.ruleId,
        source, recordedById,
      };
    });
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      await m.createQueryBuilder().insert().into(FindingEntity).values(rows.slice(i, i + INSERT_BATCH)).updateEntity(false).execute();
    }
    const ids = await this.existing(m, inputs);
    return inputs.map((f) => ids.get(keyOf(f.departmentId, f.decisionNo))!);
  }

  /** Ids of the findings already recorded under these (department, decision number) pairs, keyed by `findingKey`. */
  async existing(m: EntityManager, pairs: readonly { departmentId: number; decisionNo: string }[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const byDepartment = new Map<number, string[]>();
    for (const p of pairs) byDepartment.set(p.departmentId, [...(byDepartment.get(p.departmentId) ?? []), p.decisionNo]);
    for (const [departmentId, numbers] of byDepartment) {
      const unique = [...new Set(numbers)];
      for (let i = 0; i < unique.length; i += LOOKUP) {
        const rows = await m.getRepository(FindingEntity).find({ select: { id: true, decisionNo: true }, where: { departmentId, decisionNo: In(unique.slice(i, i + LOOKUP)) } });
        for (const r of rows) out.set(keyOf(departmentId, r.decisionNo), r.id);
      }
    }
    return out;
  }

  /** The key `existing` uses for a (department, decision number) pair. */
  findingKey(departmentId: number, decisionNo: string): string {
    return keyOf(departmentId, decisionNo);
  }

  /** Inserts annual reports in `m`'s transaction (callers skip the tenant-years already on file: `existingReports`); ids in input order. */
  async recordAnnualReports(m: EntityManager, inputs: readonly NewAnnualReport[], recordedById: number | null, source: 'page' | 'api' | 'import'): Promise<number[]> {
    if (!inputs.length) return [];
    for (let i = 0; i < inputs.length; i += INSERT_BATCH) {
      await m.createQueryBuilder().insert().into(AnnualReportEntity)
        .values(inputs.slice(i, i + INSERT_BATCH).map((r) => ({ tenantId: r.tenantId, year: r.year, filedOn: r.filedOn, source, recordedById })))
        .updateEntity(false).execute();
    }
    const ids = await this.existingReports(m, inputs);
    return inputs.map((r) => ids.get(`${r.tenantId}:${r.year}`)!);
  }

  /** Ids of the annual reports already on file for these tenant-years, keyed `tenantId:year`. */
  async existingReports(m: EntityManager, pairs: readonly { tenantId: number; year: number }[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const byYear = new Map<number, number[]>();
    for (const p of pairs) byYear.set(p.year, [...(byYear.get(p.year) ?? []), p.tenantId]);
    for (const [year, tenants] of byYear) {
      const unique = [...new Set(tenants)];
      for (let i = 0; i < unique.length; i += LOOKUP) {
        const rows = await m.getRepository(AnnualReportEntity).find({ select: { id: true, tenantId: true }, where: { year, tenantId: In(unique.slice(i, i + LOOKUP)) } });
        for (const r of rows) out.set(`${r.tenantId}:${year}`, r.id);
      }
    }
    return out;
  }

  /** The finding as `principal` may see it: another tenant's looks missing to an officer (404). */
  async visible(id: number, principal: Principal, m: EntityManager = this.dataSource.manager): Promise<FindingEntity> {
    const finding = await m.getRepository(FindingEntity).findOneBy({ id });
    if (!finding || hiddenFrom(principal, finding.tenantId)) throw new NotFoundError('findings.notFound');
    return finding;
  }

  /**
   * A finding a credit repair may be asked for by (or reviewed for) the tenant `tenantId`; null when it
   * is not that tenant's (the caller answers 404). Whether it is eligible is the repair rules' call.
   */
  async repairable(findingId: number, tenantId: number | null, m: EntityManager = this.dataSource.manager): Promise<RepairableFinding | null> {
    const f = await m.getRepository(FindingEntity).findOneBy({ id: findingId });
    if (!f || (tenantId !== null && f.tenantId !== tenantId)) return null;
    return repairableOf(f);
  }

  /**
   * A tenant's findings that may still be repaired or become so: not repaired, publicity not ended on
   * `on` (penalties, inspection results, other findings). One query over IDX_findings_tenant_date.
   */
  async repairableFindings(tenantId: number, on: string, limit = 200): Promise<RepairableFinding[]> {
    const rows = await this.dataSource.getRepository(FindingEntity).createQueryBuilder('f')
      .where('f.tenantId = :tenantId', { tenantId }).andWhere('f.repairedOn IS NULL').andWhere('f.publicityEndsOn > :on', { on })
      .andWhere("f.type IN ('penalty', 'inspection', 'other')")
      .orderBy('f.decisionDate', 'DESC').addOrderBy('f.id', 'DESC').limit(limit).getMany();
    return rows.map(repairableOf);
  }

  /** Findings by id, as credit repair names them (set-based: one IN per 1,000 ids). */
  async repairableByIds(ids: readonly number[]): Promise<Map<number, RepairableFinding>> {
    const out = new Map<number, RepairableFinding>();
    for (const part of chunk([...new Set(ids)], LOOKUP)) {
      for (const f of await this.dataSource.getRepository(FindingEntity).findBy({ id: In(part) })) out.set(f.id, repairableOf(f));
    }
    return out;
  }

  /**
   * Credit repair approved, in the caller's transaction: the finding is repaired on the park day `day`
   * (it stops counting from that day and stops being shown publicly; never deleted). A finding repaired
   * already is a 409 and nothing changes.
   */
  async markRepaired(m: EntityManager, findingId: number, day: string): Promise<void> {
    const moved = await m.getRepository(FindingEntity).update({ id: findingId, repairedOn: IsNull() }, { repairedOn: day });
    if (!moved.affected) throw new ConflictError('listsRepair.errors.alreadyRepaired');
  }

  /**
   * How many open findings each tenant has on the park day `on`: the findings that give it an N04, N05
   * or N06 fact that day (in publicity and not repaired; rectification overdue, not done and not
   * repaired; abnormal-operations listing not ended and not repaired). Set-based: one query per 1,000
   * tenants over (tenantId, decisionDate), and one for the evidence awaiting verification of those.
   * Every requested tenant has an entry (0 when clean). Read by the lists' credit status (joint checks, 信易+).
   */
  async openFindingCounts(tenantIds: readonly number[], on: string): Promise<Map<number, number>> {
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, number>(ids.map((id) => [id, 0]));
    for (const part of chunk(ids, LOOKUP)) {
      const rows = await this.dataSource.getRepository(FindingEntity).createQueryBuilder('f')
        .select('f.id', 'id').addSelect('f.tenantId', 'tenantId').addSelect('f.type', 'type').addSelect('f.decisionDate', 'decisionDate')
        .addSelect('f.publicityEndsOn', 'publicityEndsOn').addSelect('f.repairedOn', 'repairedOn').addSelect('f.rectificationRequired', 'rectificationRequired')
        .addSelect('f.rectifyBy', 'rectifyBy').addSelect('f.rectificationStatus', 'rectificationStatus').addSelect('f.rectifiedOn', 'rectifiedOn')
        .addSelect('f.verifiedOn', 'verifiedOn').addSelect('f.endedOn', 'endedOn')
        .where('f.tenantId IN (:...part)', { part })
        .andWhere(MAYBE_OPEN, { on })
        .getRawMany<Record<string, unknown>>();
      const pendingIds = rows.filter((r) => r.rectificationStatus === 'submitted').map((r) => Number(r.id));
      const pending = new Map<number, string>();
      for (const some of chunk(pendingIds, LOOKUP)) {
        const subs = await this.dataSource.getRepository(FindingRectificationEntity).createQueryBuilder('r')
          .select('r.findingId', 'findingId').addSelect('MAX(r.submittedOn)', 'submittedOn')
          .where('r.findingId IN (:...some)', { some }).andWhere('r.decision IS NULL').groupBy('r.findingId')
          .getRawMany<{ findingId: number | string; submittedOn: unknown }>();
        for (const r of subs) pending.set(Number(r.findingId), dateText(r.submittedOn));
      }
      for (const r of rows) {
        const f = {
          id: Number(r.id), tenantId: Number(r.tenantId), type: r.type as FindingType, decisionDate: dateText(r.decisionDate),
          publicityEndsOn: dateText(r.publicityEndsOn), repairedOn: dateOrNull(r.repairedOn),
          rectificationRequired: r.rectificationRequired === true || r.rectificationRequired === 1 || r.rectificationRequired === '1',
          rectifyBy: dateOrNull(r.rectifyBy), rectificationStatus: r.rectificationStatus as RectificationStatus,
          rectifiedOn: dateOrNull(r.rectifiedOn), verifiedOn: dateOrNull(r.verifiedOn), endedOn: dateOrNull(r.endedOn),
          pendingSubmittedOn: pending.get(Number(r.id)) ?? null,
        };
        const open = ((f.type === 'penalty' || f.type === 'inspection' || f.type === 'other') && countsOn(f, on))
          || overdueOn(f as FactFinding, on)
          || (f.type === 'abnormal_operations' && (f.endedOn === null || f.endedOn > on));
        if (open) out.set(f.tenantId, (out.get(f.tenantId) ?? 0) + 1);
      }
    }
    return out;
  }

  /**
   * The findings behind list candidates on the park day `on` (read by the lists' candidates), at most
   * `limit` of each kind, oldest decision first: `heavy` — a serious finding with a heavy penalty
   * (revocation, closure, order to stop business, employment ban) still in publicity and not repaired;
   * `abnormal` — an abnormal-operations listing decided on or before `abnormalBefore` (three years
   * earlier), not ended and not repaired; `overdue` — a rectification past its deadline, not done and
   * not repaired, of the tenants with at least `minOverdue` of them. Three queries, whatever the park's size.
   */
  async listCandidateFindings(on: string, abnormalBefore: string, minOverdue: number, limit: number): Promise<ListCandidateFinding[]> {
    const repo = this.dataSource.getRepository(FindingEntity);
    const pick = (qb: ReturnType<typeof repo.createQueryBuilder>) => qb
      .select('f.id', 'id').addSelect('f.tenantId', 'tenantId').addSelect('f.decisionNo', 'decisionNo').addSelect('f.title', 'title').addSelect('f.decisionDate', 'decisionDate')
      .andWhere('f.decisionDate <= :on', { on }).andWhere('(f.repairedOn IS NULL OR f.repairedOn > :on)', { on })
      .orderBy('f.decisionDate', 'ASC').addOrderBy('f.id', 'ASC').limit(limit);
    const heavy = pick(repo.createQueryBuilder('f').where("f.severity = 'serious'")
      .andWhere("f.penaltyKind IN ('revocation', 'closure', 'stop_business', 'employment_ban')").andWhere('f.publicityEndsOn > :on', { on }));
    const abnormal = pick(repo.createQueryBuilder('f').where("f.type = 'abnormal_operations'")
      .andWhere('f.decisionDate <= :abnormalBefore', { abnormalBefore }).andWhere('(f.endedOn IS NULL OR f.endedOn > :on)', { on }));
    const overdueWhere = "f.rectifyBy < :on AND f.rectificationStatus IN ('open', 'submitted')";
    const repeated = repo.createQueryBuilder('g').select('g.tenantId')
      .where(overdueWhere.replace(/f\./g, 'g.'), { on }).andWhere('(g.repairedOn IS NULL OR g.repairedOn > :on)', { on })
      .groupBy('g.tenantId').having('COUNT(*) >= :minOverdue', { minOverdue });
    const overdue = pick(repo.createQueryBuilder('f').where(overdueWhere, { on }).andWhere(`f.tenantId IN (${repeated.getQuery()})`).setParameters(repeated.getParameters()));
    const [h, a, o] = await Promise.all([heavy.getRawMany(), abnormal.getRawMany(), overdue.getRawMany()]);
    const of = (kind: ListCandidateFinding['kind'], rows: Record<string, unknown>[]) => rows.map((r) => ({
      kind, id: Number(r.id), tenantId: Number(r.tenantId), decisionNo: String(r.decisionNo), title: String(r.title), decisionDate: dateText(r.decisionDate),
    }));
    return [...of('heavy', h), ...of('abnormal', a), ...of('overdue', o)];
  }

  /**
   * `EXISTS (…)`: whether the tenant `tenantColumn` names has a finding that may be open on a park day — one of the
   * rows openFindingCounts reads and judges, so false means it has none open (true may still mean none: the judgement
   * is in code). For a correlated subquery in another context's statement (the joint check's single read asks for the
   * open findings only when this says there may be some); `params(on)` are its parameters, in order.
   */
  maybeOpenFindingSql(tenantColumn: string): { sql: string; params: (on: string) => string[] } {
    const sql = `EXISTS (SELECT 1 FROM ${this.dataSource.getMetadata(FindingEntity).tableName} f WHERE f.tenantId = ${tenantColumn} AND ${MAYBE_OPEN.replaceAll(':on', '?')})`;
    const count = MAYBE_OPEN.split(':on').length - 1;
    return { sql, params: (on) => Array.from({ length: count }, () => on) };
  }

  /**
   * `SELECT id FROM <findings> WHERE repairedOn IS NOT NULL`: the repaired findings, for another
   * context's set-based filter (the public inspection results leave out a task whose finding is repaired).
   */
  repairedIdsSql(): string {
    return `SELECT id FROM ${this.dataSource.getMetadata(FindingEntity).tableName} WHERE repairedOn IS NOT NULL`;
  }

  /** Departments by id (reference data: a few dozen rows). */
  async departmentsById(): Promise<Map<number, { id: number; code: string; nameZh: string; nameEn: string; active: boolean; delegatesVerification: boolean }>> {
    const list = await this.departments.list();
    return new Map(list.map((d) => [d.id, { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, active: d.active, delegatesVerification: !!d.delegatesVerification }]));
  }

  /**
   * The tenants on the abnormal-operations list on the park day `on` (a listing decided by then, not
   * ended and not repaired: what gives N06), ascending id. One statement, whatever the park's size (the sampling frame).
   */
  async tenantsWithAbnormalOperations(on: string): Promise<number[]> {
    const rows = await this.dataSource.getRepository(FindingEntity).createQueryBuilder('f')
      .select('DISTINCT f.tenantId', 'tenantId').where("f.type = 'abnormal_operations'").andWhere('f.decisionDate <= :on', { on })
      .andWhere('(f.endedOn IS NULL OR f.endedOn > :on)', { on }).andWhere('(f.repairedOn IS NULL OR f.repairedOn > :on)', { on })
      .orderBy('f.tenantId', 'ASC').getRawMany<{ tenantId: number | string }>();
    return rows.map((r) => Number(r.tenantId));
  }

  /**
   * The tenants with a substantiated complaint decided from `from` to `on` (park days, inclusive) and not
   * repaired by `on` (what gives N08), ascending id. One statement, whatever the park's size (the sampling frame).
   */
  async tenantsWithSubstantiatedComplaint(from: string, on: string): Promise<number[]> {
    const rows = await this.dataSource.getRepository(FindingEntity).createQueryBuilder('f')
      .select('DISTINCT f.tenantId', 'tenantId').where("f.type = 'complaint'").andWhere('f.substantiated = :yes', { yes: true })
      .andWhere('f.decisionDate >= :from', { from }).andWhere('f.decisionDate <= :on', { on })
      .andWhere('(f.repairedOn IS NULL OR f.repairedOn > :on)', { on })
      .orderBy('f.tenantId', 'ASC').getRawMany<{ tenantId: number | string }>();
    return rows.map((r) => Number(r.tenantId));
  }
}
