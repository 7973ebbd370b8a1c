import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { pageWindow, type Page } from '../../common/pagination.js';
import { keysetBatches, tableRows, whereAfter, writeTable, type TableColumn, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { SignatureEntity } from '../entities/signature.entity.js';
import { SigningObligationEntity } from '../entities/signing-obligation.entity.js';
import type { ProgressQueryDto, ProgressState } from './dto/signing.dto.js';
import { dateText, toDate } from '../../database/raw-sql.js';

export interface ProgressCounts {
  total: number;
  signed: number;
  pending: number;
  overdue: number;
}

export interface ProgressRow {
  obligationId: number;
  tenantId: number;
  tenantName: string;
  /** The name's pinyin sort key: the list's order, and the keyset of its export. */
  tenantSortKey: string;
  uscc: string;
  building: string;
  /** GB/T 4754 division code and names (tenants show the name in the reader's language). */
  industry: string;
  industryName: { zh: string; en: string } | null;
  deadline: string;
  state: ProgressState;
  signatureId: number | null;
  signedAt: Date | null;
  method: string | null;
}

/**
 * Signing progress of one version, computed in SQL over the obligations that apply (not paused,
 * cancelled or superseded): obligations LEFT JOIN signatures; overdue is
 * "unsigned and the deadline before today (park zone)". Lists page in the database; exports stream
 * in keyset batches on (tenant name, obligation id), so a district-wide version never sits in memory.
 */
@Injectable()
export class SigningProgressQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
  ) {}

  async counts(versionId: number): Promise<ProgressCounts> {
    const today = this.i18n.today();
    const row = await this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o')
      .select('COUNT(*)', 'total')
      .addSelect('SUM(CASE WHEN o.signatureId IS NOT NULL THEN 1 ELSE 0 END)', 'signed')
      .addSelect('SUM(CASE WHEN o.signatureId IS NULL AND o.deadline < :today THEN 1 ELSE 0 END)', 'overdue')
      .where('o.versionId = :versionId', { versionId, today })
      .andWhere("o.status = 'active'")
      .getRawOne<Record<string, unknown>>();
    const total = Number(row?.total ?? 0);
    const signed = Number(row?.signed ?? 0);
    const overdue = Number(row?.overdue ?? 0);
    return { total, signed, overdue, pending: total - signed - overdue };
  }

  private filtered(versionId: number, query: ProgressQueryDto): SelectQueryBuilder<SigningObligationEntity> {
    const today = this.i18n.today();
    const qb = this.tenants.join(this.dataSource.getRepository(SigningObligationEntity).createQueryBuilder('o')
      .select(['o.id AS obligationId', 'o.tenantId AS tenantId', 'o.deadline AS deadline', 'o.signatureId AS signatureId']), 'o.tenantId', 't')
      .leftJoin(SignatureEntity, 's', 's.id = o.signatureId')
      .addSelect(['s.signedAt AS signedAt', 's.method AS method'])
      .where('o.versionId = :versionId', { versionId })
      .andWhere("o.status = 'active'");
    if (query.state === 'signed') qb.andWhere('o.signatureId IS NOT NULL');
    if (query.state === 'pending') qb.andWhere('o.signatureId IS NULL AND o.deadline >= :today', { today });
    if (query.state === 'overdue') qb.andWhere('o.signatureId IS NULL AND o.deadline < :today', { today });
    return this.tenants.filter(qb, { q: query.q, building: query.building, industry: query.industry }, 't');
  }

  private toRow(r: Record<string, unknown>, today: string): ProgressRow {
    const signatureId = r.signatureId === null || r.signatureId === undefined ? null : Number(r.signatureId);
    const deadline = dateText(r.deadline);
    const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
    return {
      obligationId: Number(r.obligationId), tenantId: tenant.id, tenantName: tenant.name, tenantSortKey: this.tenants.sortKeyOf(r, 't'), uscc: tenant.uscc,
      building: tenant.building, industry: tenant.industry, industryName: tenant.industryName, deadline, signatureId,
      state: signatureId !== null ? 'signed' : deadline < today ? 'overdue' : 'pending',
      signedAt: r.signedAt ? toDate(r.signedAt) : null, method: (r.method as string | null) ?? null,
    };
  }

  async list(versionId: number, query: ProgressQueryDto): Promise<Page<ProgressRow>> {
    const { page, pageSize, skip } = pageWindow(query);
    const today = this.i18n.today();
    const qb = this.filtered(versionId, query);
    const [rows, total] = await Promise.all([
      qb.clone().orderBy(this.tenants.nameColumn('t'), 'ASC').addOrderBy('o.id', 'ASC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
      qb.clone().getCount(),
    ]);
    return { items: rows.map((r) => this.toRow(r, today)), total, page, pageSize };
  }

  /** The filtered rows in (tenant name in pinyin order, obligation id) order, one keyset batch at a time. */
  batches(versionId: number, query: ProgressQueryDto): AsyncGenerator<ProgressRow[]> {
    const today = this.i18n.today();
    const name = this.tenants.nameColumn('t');
    return keysetBatches<ProgressRow>(async ({ after, limit }) => {
      const qb = this.filtered(versionId, query);
      if (after) whereAfter(qb, name, 'o.id', { key: after.tenantSortKey, id: after.obligationId });
      const rows = await qb.orderBy(name, 'ASC').addOrderBy('o.id', 'ASC').limit(limit).getRawMany<Record<string, unknown>>();
      return rows.map((r) => this.toRow(r, today));
    });
  }

  fileName(versionId: number, format: TabularFormat): string {
    return `signing-progress-${versionId}-${this.i18n.today()}.${format}`;
  }

  async write(format: TabularFormat, versionId: number, query: ProgressQueryDto, locale: string, out: Writable): Promise<void> {
    await writeTable(format, {
      sheetName: this.i18n.t(locale, 'conventionsSigning.progress.sheet'),
      columns: this.columns(locale),
      rows: tableRows(this.batches(versionId, query), (r) => this.cells(r, locale)),
    }, out);
  }

  private columns(locale: string): TableColumn[] {
    const widths = { tenant: 36, uscc: 20, building: 10, industry: 36, deadline: 12, state: 10, signedAt: 18, method: 10 };
    return Object.entries(widths).map(([k, width]) => ({ header: this.i18n.t(locale, `conventionsSigning.progress.columns.${k}`), width }));
  }

  private cells(r: ProgressRow, locale: string): string[] {
    return [
      r.tenantName, r.uscc, r.building, r.industryName ? `${r.industry} ${locale === 'en' ? r.industryName.en : r.industryName.zh}` : '', r.deadline,
      this.i18n.t(locale, `conventionsSigning.states.${r.state}`),
      r.signedAt ? this.i18n.formatDateTime(r.signedAt, locale) : '',
      r.method ? this.i18n.t(locale, `conventionsSigning.methods.${r.method}`) : '',
    ];
  }
}
