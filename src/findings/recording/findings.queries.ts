import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { tenantFilterFor } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { keysetBatches, tableRows, whereAfter, writeTable, type TableColumn, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { dateText } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { FindingsService } from '../core/findings.service.js';
import type { AbnormalCause, FindingSeverity, FindingSource, FindingType, PenaltyKind, RectificationStatus } from '../domain/finding-kinds.js';
import { countsOn } from '../domain/publicity.rules.js';
import { rectificationState, type RectificationState } from '../domain/rectification.rules.js';
import { FindingEntity } from '../entities/finding.entity.js';
import type { FindingQueryDto } from './dto/finding.dto.js';

export interface DepartmentRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface FindingListItem {
  id: number;
  tenantId: number;
  tenantName: string;
  uscc: string;
  department: DepartmentRef | null;
  type: FindingType;
  severity: FindingSeverity;
  title: string;
  decisionNo: string;
  decisionDate: string;
  rectifyBy: string | null;
  state: RectificationState;
  publicityEndsOn: string;
  /** Counts in the score today (inside its publicity period, not repaired). */
  counting: boolean;
  substantiated: boolean | null;
  endedOn: string | null;
}

export interface FindingView extends FindingListItem {
  tenant: TenantSummary;
  penaltyKind: PenaltyKind | null;
  legalBasis: string;
  description: string;
  rectificationRequired: boolean;
  rectificationStatus: RectificationStatus;
  rectifiedOn: string | null;
  verifiedOn: string | null;
  abnormalCause: AbnormalCause | null;
  endedReason: string | null;
  published: boolean;
  repairEligibleOn: string | null;
  repairedOn: string | null;
  source: FindingSource;
  recordedBy: { id: number; name: string } | null;
  createdAt: Date;
}

interface ExportRow extends FindingListItem {
  penaltyKind: PenaltyKind | null;
  legalBasis: string;
  abnormalCause: AbnormalCause | null;
  description: string;
}

const COLUMNS = ['id', 'tenantId', 'departmentId', 'type', 'severity', 'title', 'decisionNo', 'decisionDate', 'rectificationRequired', 'rectifyBy',
  'rectificationStatus', 'publicityEndsOn', 'repairedOn', 'substantiated', 'endedOn'] as const;

const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));
const boolOrNull = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === '1');

/**
 * Reads of findings: the register (filtered in SQL by type, severity, rectification state today,
 * department, tenant, decision dates; an officer sees only their tenant's), one finding as the viewer
 * may see it, and the export with the same filters.
 */
@Injectable()
export class FindingsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  async list(query: FindingQueryDto, principal: Principal): Promise<Page<FindingListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const today = this.i18n.today();
    const qb = this.filtered(query, principal, today);
    const [total, rows, departments] = await Promise.all([
      // The tenant is joined only to search by it: counting 2,000,000 findings needs no join.
      (query.q ? qb.clone() : this.filtered(query, principal, today, false)).getCount(),
      this.selectColumns(qb.clone()).orderBy('f.decisionDate', 'DESC').addOrderBy('f.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
      this.findings.departmentsById(),
    ]);
    return { items: rows.map((r) => this.item(r, departments, today)), total, page, pageSize };
  }

  /** One finding for this viewer (FindingsService.visible: another tenant's is missing to an officer). */
  async get(id: number, principal: Principal): Promise<FindingView> {
    const f = await this.findings.visible(id, principal);
    const today = this.i18n.today();
    const [tenant, departments, names, rules] = await Promise.all([
      this.tenants.summary(f.tenantId).then((x) => x!),
      this.findings.departmentsById(),
      this.users.names(f.recordedById !== null ? [f.recordedById] : []),
      this.findings.publicityRules(),
    ]);
    const d = departments.get(f.departmentId);
    const rule = rules.find((r) => r.id === f.publicityRuleId);
    return {
      id: f.id, tenantId: f.tenantId, tenantName: tenant.name, uscc: tenant.uscc, tenant,
      department: d ? { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn } : null,
      type: f.type, severity: f.severity, penaltyKind: f.penaltyKind, title: f.title, legalBasis: f.legalBasis, decisionNo: f.decisionNo,
      decisionDate: f.decisionDate, description: f.description,
      rectificationRequired: !!f.rectificationRequired, rectifyBy: f.rectifyBy, rectificationStatus: f.rectificationStatus,
      state: rectificationState({ required: !!f.rectificationRequired, rectifyBy: f.rectifyBy, status: f.rectificationStatus }, today),
      rectifiedOn: f.rectifiedOn, verifiedOn: f.verifiedOn,
      substantiated: f.substantiated === null ? null : !!f.substantiated, abnormalCause: f.abnormalCause, endedOn: f.endedOn, endedReason: f.endedReason,
      published: rule ? rule.published : f.publicityEndsOn > f.decisionDate,
      publicityEndsOn: f.publicityEndsOn, repairEligibleOn: f.repairEligibleOn, repairedOn: f.repairedOn,
      counting: countsOn(f, today),
      source: f.source,
      recordedBy: f.recordedById !== null && names.has(f.recordedById) ? { id: f.recordedById, name: names.get(f.recordedById)! } : null,
      createdAt: f.createdAt,
    };
  }

  /** The register's query for this viewer: tenant joined (name, USCC), every filter in SQL. */
  filtered(query: FindingQueryDto, principal: Principal, today: string, joinTenant = true): SelectQueryBuilder<FindingEntity> {
    const base = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f');
    const qb = joinTenant ? this.tenants.join(base, 'f.tenantId', 't') : base;
    const own = tenantFilterFor(principal);
    if (own !== null) qb.andWhere('f.tenantId = :ownTenant', { ownTenant: own });
    if (query.tenantId) qb.andWhere('f.tenantId = :tenantId', { tenantId: query.tenantId });
    if (joinTenant) this.tenants.filter(qb, { q: query.q }, 't');
    if (query.type) qb.andWhere('f.type = :type', { type: query.type });
    if (query.severity) qb.andWhere('f.severity = :severity', { severity: query.severity });
    if (query.departmentId) qb.andWhere('f.departmentId = :departmentId', { departmentId: query.departmentId });
    if (query.from) qb.andWhere('f.decisionDate >= :from', { from: query.from });
    if (query.to) qb.andWhere('f.decisionDate <= :to', { to: query.to });
    if (query.status) whereState(qb, query.status, today);
    return qb;
  }

  private selectColumns(qb: SelectQueryBuilder<FindingEntity>, extra: readonly string[] = []): SelectQueryBuilder<FindingEntity> {
    for (const c of [...COLUMNS, ...extra]) qb.addSelect(`f.${c}`, c);
    return qb;
  }

  private item(r: Record<string, unknown>, departments: Map<number, DepartmentRef>, today: string): FindingListItem {
    const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
    const d = departments.get(Number(r.departmentId));
    const f = {
      decisionDate: dateText(r.decisionDate), publicityEndsOn: dateText(r.publicityEndsOn), repairedOn: dateOrNull(r.repairedOn),
      rectifyBy: dateOrNull(r.rectifyBy), required: boolOrNull(r.rectificationRequired) === true, status: r.rectificationStatus as RectificationStatus,
    };
    return {
      id: Number(r.id), tenantId: tenant.id, tenantName: tenant.name, uscc: tenant.uscc,
      department: d ? { id: d.id, code: d.code, nameZh: d.nameZh, nameEn: d.nameEn } : null,
      type: r.type as FindingType, severity: r.severity as FindingSeverity, title: String(r.title), decisionNo: String(r.decisionNo),
      decisionDate: f.decisionDate, rectifyBy: f.rectifyBy, state: rectificationState({ required: f.required, rectifyBy: f.rectifyBy, status: f.status }, today),
      publicityEndsOn: f.publicityEndsOn, counting: countsOn(f, today), substantiated: boolOrNull(r.substantiated), endedOn: dateOrNull(r.endedOn),
    };
  }

  /** The filtered register in the list's order (newest decision first), one keyset batch at a time. */
  private batches(query: FindingQueryDto, principal: Principal, departments: Map<number, DepartmentRef>, today: string): AsyncGenerator<ExportRow[]> {
    return keysetBatches<ExportRow>(async ({ after, limit }) => {
      const qb = this.selectColumns(this.filtered(query, principal, today), ['penaltyKind', 'legalBasis', 'abnormalCause', 'description']);
      if (after) whereAfter(qb, 'f.decisionDate', 'f.id', { key: after.decisionDate, id: after.id }, 'desc');
      const rows = await qb.orderBy('f.decisionDate', 'DESC').addOrderBy('f.id', 'DESC').limit(limit).getRawMany<Record<string, unknown>>();
      return rows.map((r) => ({
        ...this.item(r, departments, today), penaltyKind: (r.penaltyKind ?? null) as PenaltyKind | null, legalBasis: String(r.legalBasis),
        abnormalCause: (r.abnormalCause ?? null) as AbnormalCause | null, description: String(r.description),
      }));
    });
  }

  fileName(format: TabularFormat): string {
    return `findings-${this.i18n.today()}.${format}`;
  }

  /** The filtered register as CSV or XLSX, streamed. */
  async write(format: TabularFormat, query: FindingQueryDto, principal: Principal, locale: string, out: Writable): Promise<void> {
    const today = this.i18n.today();
    const departments = await this.findings.departmentsById();
    const widths = {
      id: 8, tenant: 36, uscc: 20, department: 16, type: 14, severity: 8, penaltyKind: 12, title: 36, decisionNo: 24, decisionDate: 12,
      legalBasis: 36, rectifyBy: 12, state: 10, publicityEndsOn: 12, substantiated: 8, abnormalCause: 16, endedOn: 12, description: 60,
    };
    const dates = new Set(['decisionDate', 'rectifyBy', 'publicityEndsOn', 'endedOn']);
    const columns: TableColumn[] = Object.entries(widths).map(([k, width]) => ({ header: this.i18n.t(locale, `findings.export.${k}`), width, kind: dates.has(k) ? 'date' : 'text' }));
    const t = (key: string) => this.i18n.t(locale, key);
    await writeTable(format, {
      sheetName: t('findings.export.sheet'),
      columns,
      rows: tableRows(this.batches(query, principal, departments, today), (r) => [
        String(r.id), r.tenantName, r.uscc, r.department ? (locale === 'en' ? r.department.nameEn : r.department.nameZh) : '',
        t(`findings.types.${r.type}`), t(`findings.severities.${r.severity}`), r.penaltyKind ? t(`findings.penaltyKinds.${r.penaltyKind}`) : '',
        r.title, r.decisionNo, r.decisionDate, r.legalBasis, r.rectifyBy ?? '', t(`findings.states.${r.state}`), r.publicityEndsOn,
        r.substantiated === null ? '' : t(r.substantiated ? 'findings.yes' : 'findings.no'), r.abnormalCause ? t(`findings.abnormalCauses.${r.abnormalCause}`) : '',
        r.endedOn ?? '', r.description,
      ]),
    }, out);
  }
}

/** The rectification state today in SQL, as rectification.rules.ts decides it (open turns overdue the day after the deadline). */
export function whereState(qb: SelectQueryBuilder<FindingEntity>, state: RectificationState, today: string, alias = 'f'): SelectQueryBuilder<FindingEntity> {
  switch (state) {
    case 'none': return qb.andWhere(`${alias}.rectificationStatus = 'none'`);
    case 'open': return qb.andWhere(`${alias}.rectificationStatus = 'open'`).andWhere(new Brackets((w) => w.where(`${alias}.rectifyBy IS NULL`).orWhere(`${alias}.rectifyBy >= :stateToday`, { stateToday: today })));
    case 'overdue': return qb.andWhere(`${alias}.rectificationStatus = 'open'`).andWhere(`${alias}.rectifyBy < :stateToday`, { stateToday: today });
    default: return qb.andWhere(`${alias}.rectificationStatus = :stateStatus`, { stateStatus: state });
  }
}
