import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { canReadTenant, isManager, isOfficerOf, readsEveryTenant, tenantFilterFor } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { dateText, toDate } from '../../database/raw-sql.js';
import { AttachmentOwner, FilesService, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { SELF_REPORT_STATUSES, selfReportTransition, type SelfReportKind, type SelfReportStatus } from '../domain/self-report.rules.js';
import { SelfReportEntity } from '../entities/self-report.entity.js';
import type { SelfReportQueryDto } from './dto/self-report.dto.js';
import { SELF_REPORT_OWNER } from './self-reports.service.js';

/** Claims shown on the tenant hub; the rest are a click away in the list. */
const HUB_SHOWN = 10;

export interface SelfReportListItem {
  id: number;
  tenantId: number;
  tenantName: string;
  kind: SelfReportKind;
  rule: string;
  title: string;
  issuer: string | null;
  occurredOn: string;
  status: SelfReportStatus;
  submittedAt: Date;
  decidedOn: string | null;
}

export interface SelfReportList extends Page<SelfReportListItem> {
  /** Claims per status in the viewer's scope and the other filters (whatever the status filter). */
  counts: Record<SelfReportStatus, number>;
}

export interface SelfReportView {
  id: number;
  tenant: TenantSummary;
  kind: SelfReportKind;
  rule: string;
  title: string;
  description: string;
  issuer: string | null;
  occurredOn: string;
  status: SelfReportStatus;
  submittedBy: { id: number; name: string } | null;
  submittedAt: Date;
  decidedBy: { id: number; name: string } | null;
  decidedAt: Date | null;
  decidedOn: string | null;
  decisionReason: string | null;
  files: AttachmentView[];
  /** What the viewer may do here. */
  canAddEvidence: boolean;
  canWithdraw: boolean;
  canDecide: boolean;
}

const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));
const BADGES: Record<SelfReportStatus, string> = { pending: 'badge-pending', approved: 'badge-signed', rejected: 'badge-overdue', withdrawn: 'badge-muted' };

/** The badge each status wears (the stylesheet's existing colours). */
export const statusBadge = (status: SelfReportStatus) => BADGES[status];

/**
 * Reads of self-reports: the list (an officer's own tenant's; staff's and regulators' queue over every
 * tenant, filtered and paginated in SQL), one claim with its evidence and what the viewer may do,
 * who may read the evidence, and the tenant hub's panel.
 */
@Injectable()
export class SelfReportsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  private scoped(principal: Principal, query: SelfReportQueryDto, withStatus: boolean): SelectQueryBuilder<SelfReportEntity> {
    const qb = this.dataSource.getRepository(SelfReportEntity).createQueryBuilder('s').select([]);
    const own = tenantFilterFor(principal);
    if (own !== null) qb.andWhere('s.tenantId = :own', { own });
    if (query.tenantId) qb.andWhere('s.tenantId = :tenantId', { tenantId: query.tenantId });
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (withStatus && query.status) qb.andWhere('s.status = :status', { status: query.status });
    return qb;
  }

  /** The claims `principal` may read; pending ones oldest first when only those are asked for, else the newest first. */
  async list(principal: Principal, query: SelfReportQueryDto): Promise<SelfReportList> {
    const { page, pageSize, skip } = pageWindow(query);
    const searched = <T extends SelectQueryBuilder<SelfReportEntity>>(qb: T): T => {
      if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
      return qb;
    };
    const counted = searched(this.tenants.join(this.scoped(principal, query, false), 's.tenantId', 't'))
      .select('s.status', 'status').addSelect('COUNT(*)', 'n').groupBy('s.status');
    const filtered = () => searched(this.tenants.join(this.scoped(principal, query, true), 's.tenantId', 't'));
    const oldestFirst = query.status === 'pending' ? 'ASC' : 'DESC';
    const [countRows, total, rows] = await Promise.all([
      counted.getRawMany<{ status: SelfReportStatus; n: unknown }>(),
      filtered().getCount(),
      filtered()
        .addSelect('s.id', 'id').addSelect('s.tenantId', 'tenantId').addSelect('s.kind', 'kind').addSelect('s.rule', 'rule').addSelect('s.title', 'title')
        .addSelect('s.issuer', 'issuer').addSelect('s.occurredOn', 'occurredOn').addSelect('s.status', 'status').addSelect('s.submittedAt', 'submittedAt')
        .addSelect('s.decidedOn', 'decidedOn')
        .orderBy('s.submittedAt', oldestFirst).addOrderBy('s.id', oldestFirst)
        .offset(skip).limit(pageSize)
        .getRawMany<Record<string, unknown>>(),
    ]);
    const counts = Object.fromEntries(SELF_REPORT_STATUSES.map((s) => [s, 0])) as Record<SelfReportStatus, number>;
    for (const r of countRows) counts[r.status] = Number(r.n);
    const items = rows.map((r): SelfReportListItem => ({
      id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name, kind: r.kind as SelfReportKind,
      rule: String(r.rule), title: String(r.title), issuer: r.issuer === null || r.issuer === undefined ? null : String(r.issuer), occurredOn: dateText(r.occurredOn),
      status: r.status as SelfReportStatus, submittedAt: toDate(r.submittedAt), decidedOn: dateOrNull(r.decidedOn),
    }));
    return { items, total, page, pageSize, counts };
  }

  /** One claim with its evidence; another tenant's looks missing to an officer (404). */
  async view(row: SelfReportEntity, principal: Principal): Promise<SelfReportView> {
    const [tenant, files, names] = await Promise.all([
      this.tenants.summary(row.tenantId).then((x) => x!),
      this.files.listFor(SELF_REPORT_OWNER, [row.id]),
      this.users.names([row.submittedById, row.decidedById].filter((u): u is number => u !== null)),
    ]);
    const userOf = (uid: number | null) => (uid !== null && names.has(uid) ? { id: uid, name: names.get(uid)! } : null);
    const pending = selfReportTransition(row.status, 'evidence').ok;
    const own = isOfficerOf(principal, row.tenantId);
    return {
      id: row.id, tenant, kind: row.kind, rule: row.rule, title: row.title, description: row.description, issuer: row.issuer,
      occurredOn: dateText(row.occurredOn), status: row.status, submittedBy: userOf(row.submittedById), submittedAt: row.submittedAt,
      decidedBy: userOf(row.decidedById), decidedAt: row.decidedAt, decidedOn: dateOrNull(row.decidedOn), decisionReason: row.decisionReason,
      files: files.map(toAttachmentView),
      canAddEvidence: pending && own, canWithdraw: pending && own, canDecide: pending && isManager(principal),
    };
  }

  /** Who may read a claim's evidence: staff, admins, regulators, and the officers of that tenant. */
  @AttachmentOwner(SELF_REPORT_OWNER)
  async canReadEvidence(principal: Principal, selfReportId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const row = await this.dataSource.getRepository(SelfReportEntity).findOne({ select: { id: true, tenantId: true }, where: { id: selfReportId } });
    return !!row && isOfficerOf(principal, row.tenantId);
  }

  /**
   * The self-reports panel of the tenant hub: the tenant's pending and approved claims (newest first)
   * with the counts of each; readers and the tenant's own officers. Two queries.
   */
  @HubPanel({ partial: 'hub-self-reports', order: 45 })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const repo = this.dataSource.getRepository(SelfReportEntity);
    const [rows, counts] = await Promise.all([
      repo.createQueryBuilder('s')
        .select(['s.id', 's.kind', 's.rule', 's.title', 's.occurredOn', 's.status', 's.decidedOn'])
        .where('s.tenantId = :tenantId', { tenantId }).andWhere("s.status IN ('pending', 'approved')")
        .orderBy('s.occurredOn', 'DESC').addOrderBy('s.id', 'DESC').limit(HUB_SHOWN).getMany(),
      repo.createQueryBuilder('s')
        .select("SUM(CASE WHEN s.status = 'pending' THEN 1 ELSE 0 END)", 'pending')
        .addSelect("SUM(CASE WHEN s.status = 'approved' THEN 1 ELSE 0 END)", 'approved')
        .where('s.tenantId = :tenantId', { tenantId })
        .getRawOne<{ pending: unknown; approved: unknown }>(),
    ]);
    return {
      tenantId,
      canClaim: isOfficerOf(principal, tenantId),
      pending: Number(counts?.pending ?? 0), approved: Number(counts?.approved ?? 0),
      items: rows.map((r) => ({
        id: r.id, kind: r.kind, rule: r.rule, title: r.title, occurredOn: dateText(r.occurredOn), status: r.status, badge: statusBadge(r.status),
        decidedOn: dateOrNull(r.decidedOn),
      })),
    };
  }
}
