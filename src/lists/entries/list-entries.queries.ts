import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { isAdmin, isOfficerOf, isRegulator, readsEveryTenant, tenantFilterFor } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { ValidationFailedError } from '../../common/errors/domain-error.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { keysetBatches, tableRows, writeTable, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { datetimeParam, dateText, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import type { ListChangeKind, ListEndKind, ListEntryStatus, ListKind, ListRecordRef } from '../domain/list-kinds.js';
import { approvalBlockers, earlyExitBlocker, objectionInTime } from '../domain/list-periods.rules.js';
import { ListChangeEntity } from '../entities/list-change.entity.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';
import { ListObjectionEntity } from '../entities/list-objection.entity.js';
import type { ListEntriesQueryDto } from './dto/list-entry.dto.js';

export interface ListEntryRow {
  id: number;
  tenant: { id: number; name: string; uscc: string };
  list: ListKind;
  status: ListEntryStatus;
  criterion: string;
  proposedAt: Date;
  objectionClosesOn: string | null;
  startsOn: string | null;
  plannedEndOn: string | null;
  endedOn: string | null;
  endKind: ListEndKind | null;
}

export interface ListEntryList extends Page<ListEntryRow> {
  counts: Partial<Record<ListEntryStatus, number>>;
}

export interface ObjectionView {
  id: number;
  text: string;
  filedAt: Date;
  filedBy: string | null;
  status: 'open' | 'answered';
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
  canAnswer: boolean;
}

export interface ListEntryView extends ListEntryRow {
  reasons: string;
  legalBasis: string;
  records: (ListRecordRef & { link: string | null })[];
  proposedBy: string | null;
  proposedById: number;
  noticeSentAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  earliestExitOn: string | null;
  endReason: string | null;
  endedBy: string | null;
  objections: ObjectionView[];
  /** What the asker may do now. */
  canObject: boolean;
  objectionClosed: boolean;
  canDecide: boolean;
  /** Why approval must wait (window open until, objections open), for deciders. */
  approvalWaits: { kind: string; closesOn?: string; count?: number }[];
  canWithdraw: boolean;
  canExit: boolean;
  exitFrom: string | null;
  ownProposal: boolean;
}

export interface ChangeItem {
  id: number;
  entryId: number;
  uscc: string;
  name: string;
  list: ListKind;
  change: ListChangeKind;
  effectiveOn: string;
  changedAt: string;
}

/** Where a record behind an entry opens (the page checks who may read it). */
const ENTRY_LINKS: Record<string, (r: ListRecordRef) => string | null> = {
  finding: (r) => `/findings/${r.id}`,
  annual_result: (r) => `/scores/annual?year=${r.id}`,
  score_month: (r) => (/^\d{4}-\d{2}/.test(r.label) ? `/scores/${r.label.slice(0, 7)}` : null),
};

/** An opaque keyset cursor of the feed: the last item's changedAt and id. */
export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: number } | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)\|([1-9]\d{0,9})$/.exec(text);
  if (!m) return null;
  const at = new Date(m[1]);
  // A day that does not exist (02-30) would roll over into the next month: refused.
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 19) !== m[1].slice(0, 19) ? null : { at, id: Number(m[2]) };
}

/** A `YYYY-MM-DD` that exists on the calendar (no 02-30). */
function realDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Reads of the list entries: the paginated, filtered list (and its export), one entry with its objections and what the asker may do, and the changes feed. */
@Injectable()
export class ListEntriesQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  private base(principal: Principal, query: ListEntriesQueryDto): SelectQueryBuilder<ListEntryEntity> {
    const qb = this.tenants.join(this.dataSource.getRepository(ListEntryEntity).createQueryBuilder('e').select([]), 'e.tenantId', 't');
    const own = tenantFilterFor(principal);
    if (own !== null) qb.andWhere('e.tenantId = :own', { own });
    if (query.tenantId) qb.andWhere('e.tenantId = :tenantId', { tenantId: query.tenantId });
    if (query.list) qb.andWhere('e.list = :list', { list: query.list });
    if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
    return qb;
  }

  private static select(qb: SelectQueryBuilder<ListEntryEntity>): SelectQueryBuilder<ListEntryEntity> {
    return qb.addSelect('e.id', 'id').addSelect('e.tenantId', 'tenantId').addSelect('e.list', 'list').addSelect('e.status', 'status')
      .addSelect('e.criterion', 'criterion').addSelect('e.proposedAt', 'proposedAt').addSelect('e.objectionClosesOn', 'objectionClosesOn')
      .addSelect('e.startsOn', 'startsOn').addSelect('e.plannedEndOn', 'plannedEndOn').addSelect('e.endedOn', 'endedOn').addSelect('e.endKind', 'endKind');
  }

  private rowOf(r: Record<string, unknown>): ListEntryRow {
    const t = this.tenants.fromRow(r, Number(r.tenantId), 't');
    const day = (v: unknown) => (v == null ? null : dateText(v));
    return {
      id: Number(r.id), tenant: { id: t.id, name: t.name, uscc: t.uscc }, list: r.list as ListKind, status: r.status as ListEntryStatus,
      criterion: String(r.criterion), proposedAt: toDate(r.proposedAt), objectionClosesOn: day(r.objectionClosesOn),
      startsOn: day(r.startsOn), plannedEndOn: day(r.plannedEndOn), endedOn: day(r.endedOn), endKind: (r.endKind as ListEndKind | null) ?? null,
    };
  }

  /** The entries the asker may read (an officer: their tenant's), filtered by list, status, tenant and search, newest first, with counts per status. */
  async list(principal: Principal, query: ListEntriesQueryDto): Promise<ListEntryList> {
    const { page, pageSize, skip } = pageWindow(query);
    const filtered = this.base(principal, query);
    if (query.status) filtered.andWhere('e.status = :status', { status: query.status });
    const [rows, total, counts] = await Promise.all([
      ListEntriesQueries.select(filtered.clone()).orderBy('e.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
      filtered.clone().getCount(),
      this.base(principal, query).select('e.status', 'status').addSelect('COUNT(*)', 'n').groupBy('e.status').getRawMany<{ status: ListEntryStatus; n: number | string }>(),
    ]);
    return {
      items: rows.map((r) => this.rowOf(r)), total, page, pageSize,
      counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    };
  }

  /** The filtered entries as CSV or XLSX, read in keyset batches (by id, newest first). */
  async write(format: TabularFormat, principal: Principal, query: ListEntriesQueryDto, locale: string, out: Writable): Promise<void> {
    const t = (key: string, params?: Record<string, unknown>) => this.i18n.t(locale, key, params);
    const batches = keysetBatches<ListEntryRow>(async (w) => {
      const qb = ListEntriesQueries.select(this.base(principal, query));
      if (query.status) qb.andWhere('e.status = :status', { status: query.status });
      if (w.after) qb.andWhere('e.id < :afterId', { afterId: w.after.id });
      return (await qb.orderBy('e.id', 'DESC').limit(w.limit).getRawMany<Record<string, unknown>>()).map((r) => this.rowOf(r));
    });
    await writeTable(format, {
      sheetName: t('listsEntries.export.sheet'),
      columns: [
        { header: t('listsEntries.export.id'), width: 8 }, { header: t('listsEntries.tenant'), width: 32 }, { header: 'USCC', width: 20 },
        { header: t('listsEntries.list'), width: 14 }, { header: t('listsEntries.status'), width: 10 }, { header: t('listsEntries.criterion'), width: 22 },
        { header: t('listsEntries.objectionClosesOn'), width: 12, kind: 'date' }, { header: t('listsEntries.startsOn'), width: 12, kind: 'date' },
        { header: t('listsEntries.plannedEndOn'), width: 12, kind: 'date' }, { header: t('listsEntries.endedOn'), width: 12, kind: 'date' },
        { header: t('listsEntries.endKind'), width: 12 },
      ],
      rows: tableRows(batches, (r) => [
        String(r.id), r.tenant.name, r.tenant.uscc, t(`listsEntries.lists.${r.list}`), t(`listsEntries.statuses.${r.status}`), t(`listsEntries.criteria.${r.criterion}`),
        r.objectionClosesOn ?? '', r.startsOn ?? '', r.plannedEndOn ?? '', r.endedOn ?? '', r.endKind ? t(`listsEntries.endKinds.${r.endKind}`) : '',
      ]),
    }, out);
  }

  /** One entry with its records, objections and what the asker may do now (on the park day `today`). */
  async view(row: ListEntryEntity, principal: Principal): Promise<ListEntryView> {
    const today = this.i18n.today();
    const [tenant, objections] = await Promise.all([
      this.tenants.summary(row.tenantId),
      this.dataSource.getRepository(ListObjectionEntity).find({ where: { entryId: row.id }, order: { id: 'ASC' } }),
    ]);
    const names = await this.users.names([row.proposedById, row.decidedById, row.endedById, ...objections.flatMap((o) => [o.filedById, o.answeredById])].filter((x): x is number => x != null));
    const open = objections.filter((o) => o.status === 'open').length;
    const decider = isRegulator(principal);
    const answerer = readsEveryTenant(principal) || isAdmin(principal);
    const own = row.proposedById === principal.userId;
    const exit = earlyExitBlocker(row, today);
    const inTime = objectionInTime(row.objectionClosesOn, today);
    const t: TenantSummary | null = tenant;
    return {
      id: row.id, tenant: { id: row.tenantId, name: t?.name ?? '', uscc: t?.uscc ?? '' }, list: row.list, status: row.status, criterion: row.criterion,
      proposedAt: row.proposedAt, objectionClosesOn: row.objectionClosesOn, startsOn: row.startsOn, plannedEndOn: row.plannedEndOn, endedOn: row.endedOn, endKind: row.endKind,
      reasons: row.reasons, legalBasis: row.legalBasis,
      records: (row.records ?? []).map((r) => ({ ...r, link: ENTRY_LINKS[r.type]?.(r) ?? null })),
      proposedBy: names.get(row.proposedById) ?? null, proposedById: row.proposedById, noticeSentAt: row.noticeSentAt,
      decidedBy: row.decidedById ? names.get(row.decidedById) ?? null : null, decidedAt: row.decidedAt, decisionReason: row.decisionReason,
      earliestExitOn: row.earliestExitOn, endReason: row.endReason, endedBy: row.endedById ? names.get(row.endedById) ?? null : null,
      objections: objections.map((o) => ({
        id: o.id, text: o.text, filedAt: o.filedAt, filedBy: names.get(o.filedById) ?? null, status: o.status, answer: o.answer, answeredAt: o.answeredAt,
        answeredBy: o.answeredById ? names.get(o.answeredById) ?? null : null, canAnswer: answerer && o.status === 'open' && row.status === 'proposed',
      })),
      canObject: row.status === 'proposed' && isOfficerOf(principal, row.tenantId) && inTime,
      objectionClosed: row.status === 'proposed' && row.objectionClosesOn !== null && !inTime,
      canDecide: decider && !own && row.status === 'proposed',
      approvalWaits: row.status === 'proposed' ? approvalBlockers(row, today, open) : [],
      canWithdraw: row.status === 'proposed' && (own || isAdmin(principal)),
      canExit: decider && row.status === 'active',
      exitFrom: exit?.kind === 'tooEarly' ? exit.earliestExitOn : null,
      ownProposal: own,
    };
  }

  /**
   * The changes feed: rows recorded at or after `since`, or after `cursor` (the previous page's `next`),
   * in (changedAt, id) order by a range of IDX_list_changes_at: no OFFSET, no COUNT. `next` is null on the last page.
   */
  async changes(query: { since?: string; cursor?: string; limit?: number }): Promise<{ items: ChangeItem[]; next: string | null }> {
    const limit = query.limit ?? 500;
    const qb = this.dataSource.getRepository(ListChangeEntity).createQueryBuilder('c')
      .select(['c.id', 'c.entryId', 'c.tenantId', 'c.uscc', 'c.list', 'c.change', 'c.effectiveOn', 'c.changedAt']);
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor);
      if (!after) throw new ValidationFailedError({ cursor: [{ code: 'format' }] });
      qb.where(new Brackets((w) => w.where('c.changedAt > :at', { at: datetimeParam(after.at) })
        .orWhere(new Brackets((tie) => tie.where('c.changedAt = :at', { at: datetimeParam(after.at) }).andWhere('c.id > :id', { id: after.id })))));
    } else if (query.since !== undefined) {
      const since = ISO_INSTANT.test(query.since) && realDay(query.since.slice(0, 10)) ? new Date(query.since) : null;
      if (!since || Number.isNaN(since.getTime())) throw new ValidationFailedError({ since: [{ code: 'dateTime' }] });
      qb.where('c.changedAt >= :since', { since: datetimeParam(since) });
    }
    const rows = await qb.orderBy('c.changedAt', 'ASC').addOrderBy('c.id', 'ASC').limit(limit + 1).getMany();
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const names = await this.tenants.summaries([...new Set(shown.map((r) => r.tenantId))]);
    const last = shown[shown.length - 1];
    return {
      items: shown.map((r) => ({
        id: r.id, entryId: r.entryId, uscc: r.uscc, name: names.get(r.tenantId)?.name ?? '', list: r.list, change: r.change,
        effectiveOn: dateText(r.effectiveOn), changedAt: toDate(r.changedAt).toISOString(),
      })),
      next: more && last ? encodeCursor(toDate(last.changedAt), last.id) : null,
    };
  }

  /** The entries of a tenant that matter to its hub: proposed and active. */
  async openOf(tenantId: number): Promise<ListEntryEntity[]> {
    return this.dataSource.getRepository(ListEntryEntity).find({ where: { tenantId, status: In(['proposed', 'active']) }, order: { id: 'DESC' }, take: 10 });
  }
}

