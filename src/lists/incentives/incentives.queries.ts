import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { canReadTenant, isManager, isOfficerOf, tenantFilterFor } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { keysetBatches, tableRows, writeTable, type TableColumn, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Writable } from 'node:stream';
import type { Principal } from '../../common/principal.js';
import { dateText, toDate } from '../../database/raw-sql.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { CLAIM_STATUSES, type ClaimOrigin, type ClaimStatus } from '../domain/list-kinds.js';
import { claimTransition, type MeasureKind } from '../domain/measure-eligibility.rules.js';
import { CreditMeasureEntity } from '../entities/credit-measure.entity.js';
import { MeasureClaimEntity } from '../entities/measure-claim.entity.js';
import type { ClaimQueryDto } from './dto/incentives.dto.js';
import { splitPurposes } from './measures-catalogue.service.js';

/** Rows of each kind the tenant hub shows; the rest are a click away. */
const HUB_SHOWN = 10;

export interface ClaimListItem {
  id: number;
  tenantId: number;
  tenantName: string;
  measureId: number;
  code: string;
  kind: MeasureKind;
  titleZh: string;
  titleEn: string;
  origin: ClaimOrigin;
  status: ClaimStatus;
  claimedAt: Date;
  deliveredOn: string | null;
}

export interface ClaimList extends Page<ClaimListItem> {
  counts: Record<ClaimStatus, number>;
}

export interface ClaimView {
  id: number;
  tenant: TenantSummary;
  measure: { id: number; code: string; kind: MeasureKind; category: string; titleZh: string; titleEn: string; descriptionZh: string; descriptionEn: string };
  origin: ClaimOrigin;
  status: ClaimStatus;
  note: string | null;
  claimedBy: { id: number; name: string } | null;
  claimedAt: Date;
  decidedBy: { id: number; name: string } | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  deliveredOn: string | null;
  deliveryNote: string | null;
  deliveredBy: { id: number; name: string } | null;
  canWithdraw: boolean;
  canDecide: boolean;
  canDeliver: boolean;
  canLift: boolean;
}

export interface MeasureRow {
  id: number;
  code: string;
  kind: MeasureKind;
  category: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  purposes: string[];
  claimable: boolean;
  eligibility: CreditMeasureEntity['eligibility'];
  validFrom: string;
  validTo: string | null;
  active: boolean;
  updatedAt: Date;
}

const BADGES: Record<ClaimStatus, string> = {
  claimed: 'badge-pending', approved: 'badge-signed', delivered: 'badge-signed', rejected: 'badge-overdue', withdrawn: 'badge-muted', applied: 'badge-overdue', lifted: 'badge-muted',
};
export const claimBadge = (status: ClaimStatus) => BADGES[status];
const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));

export function measureRow(r: CreditMeasureEntity): MeasureRow {
  return {
    id: r.id, code: r.code, kind: r.kind, category: r.category, titleZh: r.titleZh, titleEn: r.titleEn, descriptionZh: r.descriptionZh, descriptionEn: r.descriptionEn,
    purposes: splitPurposes(r.purposes), claimable: !!r.claimable, eligibility: r.eligibility ?? {}, validFrom: dateText(r.validFrom), validTo: dateOrNull(r.validTo),
    active: !!r.active, updatedAt: r.updatedAt,
  };
}

/**
 * Reads of 信易+: claims and restrictions (an officer's own tenant's; staff's and regulators' queue over
 * every tenant, filtered and paginated in SQL), one claim with what the viewer may do, the whole
 * catalogue for the admin page, and the tenant hub's panel.
 */
@Injectable()
export class IncentivesQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  private scoped(principal: Principal, query: ClaimQueryDto, withStatus: boolean): SelectQueryBuilder<MeasureClaimEntity> {
    const qb = this.dataSource.getRepository(MeasureClaimEntity).createQueryBuilder('c').select([])
      .innerJoin(CreditMeasureEntity, 'm', 'm.id = c.measureId');
    const own = tenantFilterFor(principal);
    if (own !== null) qb.andWhere('c.tenantId = :own', { own });
    if (query.tenantId) qb.andWhere('c.tenantId = :tenantId', { tenantId: query.tenantId });
    if (query.measureId) qb.andWhere('c.measureId = :measureId', { measureId: query.measureId });
    if (query.kind) qb.andWhere('m.kind = :kind', { kind: query.kind });
    if (withStatus && query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
    return qb;
  }

  /** Claims and restrictions `principal` may read; claims to decide oldest first when only those are asked for, else newest first. */
  async list(principal: Principal, query: ClaimQueryDto): Promise<ClaimList> {
    const { page, pageSize, skip } = pageWindow(query);
    const joined = (withStatus: boolean) => this.tenants.join(this.scoped(principal, query, withStatus), 'c.tenantId', 't');
    const order = query.status === 'claimed' || query.status === 'approved' ? 'ASC' : 'DESC';
    const [countRows, total, rows] = await Promise.all([
      joined(false).select('c.status', 'status').addSelect('COUNT(*)', 'n').groupBy('c.status').getRawMany<{ status: ClaimStatus; n: unknown }>(),
      joined(true).getCount(),
      joined(true)
        .addSelect('c.id', 'id').addSelect('c.tenantId', 'tenantId').addSelect('c.measureId', 'measureId').addSelect('c.origin', 'origin')
        .addSelect('c.status', 'status').addSelect('c.claimedAt', 'claimedAt').addSelect('c.deliveredOn', 'deliveredOn')
        .addSelect('m.code', 'code').addSelect('m.kind', 'kind').addSelect('m.titleZh', 'titleZh').addSelect('m.titleEn', 'titleEn')
        .orderBy('c.claimedAt', order).addOrderBy('c.id', order).offset(skip).limit(pageSize)
        .getRawMany<Record<string, unknown>>(),
    ]);
    const counts = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])) as Record<ClaimStatus, number>;
    for (const r of countRows) counts[r.status] = Number(r.n);
    const items = rows.map((r): ClaimListItem => ({
      id: Number(r.id), tenantId: Number(r.tenantId), tenantName: this.tenants.fromRow(r, Number(r.tenantId), 't').name, measureId: Number(r.measureId),
      code: String(r.code), kind: r.kind as MeasureKind, titleZh: String(r.titleZh), titleEn: String(r.titleEn), origin: r.origin as ClaimOrigin,
      status: r.status as ClaimStatus, claimedAt: toDate(r.claimedAt), deliveredOn: dateOrNull(r.deliveredOn),
    }));
    return { items, total, page, pageSize, counts };
  }

  fileName(format: TabularFormat): string {
    return `benefit-claims-${this.i18n.today()}.${format}`;
  }

  /** The filtered claims and restrictions (newest first) as CSV or XLSX, streamed in keyset batches on the id. */
  async write(format: TabularFormat, query: ClaimQueryDto, principal: Principal, locale: string, out: Writable): Promise<void> {
    const t = (key: string) => this.i18n.t(locale, key);
    const widths = { id: 8, tenant: 36, uscc: 20, code: 22, measure: 30, kind: 10, status: 10, claimedAt: 18, deliveredOn: 12, note: 40, decisionReason: 40, deliveryNote: 40 };
    const columns: TableColumn[] = Object.entries(widths).map(([k, width]) => ({ header: t(`incentives.export.${k}`), width, kind: k === 'deliveredOn' ? 'date' : 'text' }));
    const batches = keysetBatches<Record<string, unknown>>(async ({ after, limit }) => {
      const qb = this.tenants.join(this.scoped(principal, query, true), 'c.tenantId', 't')
        .addSelect('c.id', 'id').addSelect('c.tenantId', 'tenantId').addSelect('c.status', 'status').addSelect('c.claimedAt', 'claimedAt')
        .addSelect('c.deliveredOn', 'deliveredOn').addSelect('c.note', 'note').addSelect('c.decisionReason', 'decisionReason').addSelect('c.deliveryNote', 'deliveryNote')
        .addSelect('m.code', 'code').addSelect('m.kind', 'kind').addSelect('m.titleZh', 'titleZh').addSelect('m.titleEn', 'titleEn');
      if (after) qb.andWhere('c.id < :afterId', { afterId: Number(after.id) });
      return qb.orderBy('c.id', 'DESC').limit(limit).getRawMany<Record<string, unknown>>();
    });
    await writeTable(format, {
      sheetName: t('incentives.claimsTitle').slice(0, 31),
      columns,
      rows: tableRows(batches, (r) => {
        const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
        const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
        return [
          String(r.id), tenant.name, tenant.uscc, String(r.code), String(locale === 'en' ? r.titleEn : r.titleZh), t(`incentives.kinds.${String(r.kind)}`),
          t(`incentives.statuses.${String(r.status)}`), this.i18n.formatDateTime(toDate(r.claimedAt), locale), dateOrNull(r.deliveredOn) ?? '',
          text(r.note), text(r.decisionReason), text(r.deliveryNote),
        ];
      }),
    }, out);
  }

  /** One claim or restriction with what the viewer may do. */
  async view(row: MeasureClaimEntity, principal: Principal): Promise<ClaimView> {
    const [tenant, measure, names] = await Promise.all([
      this.tenants.summary(row.tenantId).then((x) => x!),
      this.dataSource.getRepository(CreditMeasureEntity).findOneByOrFail({ id: row.measureId }),
      this.users.names([row.claimedById, row.decidedById, row.deliveredById].filter((u): u is number => u !== null)),
    ]);
    const userOf = (uid: number | null) => (uid !== null && names.has(uid) ? { id: uid, name: names.get(uid)! } : null);
    const manager = isManager(principal);
    const tenantClaim = row.origin === 'tenant';
    return {
      id: row.id, tenant,
      measure: { id: measure.id, code: measure.code, kind: measure.kind, category: measure.category, titleZh: measure.titleZh, titleEn: measure.titleEn, descriptionZh: measure.descriptionZh, descriptionEn: measure.descriptionEn },
      origin: row.origin, status: row.status, note: row.note, claimedBy: userOf(row.claimedById), claimedAt: row.claimedAt,
      decidedBy: userOf(row.decidedById), decidedAt: row.decidedAt, decisionReason: row.decisionReason,
      deliveredOn: dateOrNull(row.deliveredOn), deliveryNote: row.deliveryNote, deliveredBy: userOf(row.deliveredById),
      canWithdraw: tenantClaim && isOfficerOf(principal, row.tenantId) && claimTransition(row.status, 'withdraw').ok,
      canDecide: tenantClaim && manager && claimTransition(row.status, 'approve').ok,
      canDeliver: tenantClaim && manager && claimTransition(row.status, 'deliver').ok,
      canLift: !tenantClaim && manager && claimTransition(row.status, 'lift').ok,
    };
  }

  /** The whole catalogue (inactive too) for the admin page, filtered by kind. Small: no pagination needed beyond a cap. */
  async measures(kind?: MeasureKind): Promise<MeasureRow[]> {
    const rows = await this.dataSource.getRepository(CreditMeasureEntity).find({ where: kind ? { kind } : {}, order: { kind: 'ASC', code: 'ASC' }, take: 500 });
    return rows.map(measureRow);
  }

  /**
   * The 信易+ panel of the tenant hub: benefits claimed, approved or delivered (newest first) and the
   * restrictions in force; readers and the tenant's own officers. Two queries.
   */
  @HubPanel({ partial: 'hub-benefits', order: 48 })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const base = () => this.dataSource.getRepository(MeasureClaimEntity).createQueryBuilder('c').innerJoin(CreditMeasureEntity, 'm', 'm.id = c.measureId')
      .select('c.id', 'id').addSelect('c.status', 'status').addSelect('c.claimedAt', 'claimedAt').addSelect('c.deliveredOn', 'deliveredOn')
      .addSelect('m.titleZh', 'titleZh').addSelect('m.titleEn', 'titleEn').addSelect('m.code', 'code')
      .where('c.tenantId = :tenantId', { tenantId });
    const [benefits, restrictions] = await Promise.all([
      base().andWhere("c.status IN ('claimed', 'approved', 'delivered')").orderBy('c.claimedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(HUB_SHOWN).getRawMany<Record<string, unknown>>(),
      base().andWhere("c.status = 'applied'").orderBy('c.claimedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(HUB_SHOWN).getRawMany<Record<string, unknown>>(),
    ]);
    const item = (r: Record<string, unknown>) => ({
      id: Number(r.id), status: r.status as ClaimStatus, badge: claimBadge(r.status as ClaimStatus), claimedAt: toDate(r.claimedAt), deliveredOn: dateOrNull(r.deliveredOn),
      titleZh: String(r.titleZh), titleEn: String(r.titleEn), code: String(r.code),
    });
    return {
      tenantId, own: isOfficerOf(principal, tenantId), manages: isManager(principal),
      benefits: benefits.map(item), restrictions: restrictions.map(item),
    };
  }
}
