import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { Writable } from 'node:stream';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { UsersQueries } from '../../accounts/users.queries.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { escapeLike, LIKE_ESCAPE, pageWindow, type Page } from '../../common/pagination.js';
import { keysetBatches, tableRows, whereAfter, writeTable, type TableColumn, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { dateText, datetimeParam, toDate } from '../../database/raw-sql.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import type { ListKind } from '../domain/list-kinds.js';
import { JointCheckFeedbackEntity, type AppliedMeasure } from '../entities/joint-check-feedback.entity.js';
import { JointCheckEntity } from '../entities/joint-check.entity.js';
import { MeasuresCatalogueService } from '../incentives/measures-catalogue.service.js';
import type { JointCheckQueryDto } from './dto/joint-check.dto.js';
import { JointChecksService } from './joint-checks.service.js';

/** A row of the log. */
export interface JointCheckItem {
  id: number;
  checkId: string;
  tenantId: number;
  tenantName: string | null;
  uscc: string;
  purpose: string;
  requester: string;
  requestedBy: { id: number; name: string } | null;
  lists: ListKind[];
  grade: string | null;
  score: number | null;
  asOf: string | null;
  measures: string[];
  checkedAt: Date;
  feedback: boolean;
}

/** One check with its answer and the caller's feedback. */
export interface JointCheckView extends JointCheckItem {
  measureTitles: { code: string; titleZh: string | null; titleEn: string | null; kind: string | null }[];
  feedbackDetail: { applied: AppliedMeasure[]; note: string | null; reportedBy: { id: number; name: string } | null; reportedAt: Date } | null;
}

const split = (v: unknown): string[] => String(v ?? '').split(',').filter(Boolean);

/** Reads of the joint-check log: filtered and paginated in SQL (newest first), one check, and the CSV/XLSX export. */
@Injectable()
export class JointChecksQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly catalogue: MeasuresCatalogueService,
    private readonly service: JointChecksService,
    private readonly i18n: I18nService,
  ) {}

  /** A park day's first instant (UTC). */
  private dayStart(day: string): Date {
    return DateTime.fromISO(day, { zone: this.i18n.timeZone }).startOf('day').toJSDate();
  }

  private filtered(q: JointCheckQueryDto): SelectQueryBuilder<JointCheckEntity> {
    const qb = this.dataSource.getRepository(JointCheckEntity).createQueryBuilder('c')
      .leftJoin(JointCheckFeedbackEntity, 'fb', 'fb.jointCheckId = c.id')
      .select('c.id', 'id');
    if (q.tenant) qb.andWhere('c.tenantId = :tenant', { tenant: q.tenant });
    if (q.uscc) qb.andWhere('c.uscc = :uscc', { uscc: q.uscc });
    if (q.purpose) qb.andWhere('c.purpose = :purpose', { purpose: q.purpose });
    if (q.requester) qb.andWhere(`c.requester LIKE :requester ${LIKE_ESCAPE}`, { requester: `${escapeLike(q.requester)}%` });
    if (q.from) qb.andWhere('c.checkedAt >= :from', { from: datetimeParam(this.dayStart(q.from)) });
    if (q.to) qb.andWhere('c.checkedAt < :to', { to: datetimeParam(DateTime.fromJSDate(this.dayStart(q.to)).plus({ days: 1 }).toJSDate()) });
    if (q.feedback === 'yes') qb.andWhere('fb.id IS NOT NULL');
    if (q.feedback === 'no') qb.andWhere('fb.id IS NULL');
    return qb;
  }

  private withColumns(qb: SelectQueryBuilder<JointCheckEntity>): SelectQueryBuilder<JointCheckEntity> {
    for (const c of ['checkId', 'tenantId', 'uscc', 'purpose', 'requester', 'requestedById', 'lists', 'grade', 'score', 'asOf', 'measures', 'checkedAt']) qb.addSelect(`c.${c}`, c);
    return qb.addSelect('fb.id', 'feedbackId');
  }

  private async items(rows: Record<string, unknown>[]): Promise<JointCheckItem[]> {
    const [names, users] = await Promise.all([
      this.tenants.summaries(rows.map((r) => Number(r.tenantId))),
      this.users.names([...new Set(rows.map((r) => Number(r.requestedById)))]),
    ]);
    return rows.map((r) => {
      const uid = Number(r.requestedById);
      return {
        id: Number(r.id), checkId: String(r.checkId), tenantId: Number(r.tenantId), tenantName: names.get(Number(r.tenantId))?.name ?? null,
        uscc: String(r.uscc), purpose: String(r.purpose), requester: String(r.requester),
        requestedBy: users.has(uid) ? { id: uid, name: users.get(uid)! } : null,
        lists: split(r.lists) as ListKind[], grade: r.grade === null || r.grade === undefined ? null : String(r.grade),
        score: r.score === null || r.score === undefined ? null : Number(r.score), asOf: r.asOf ? dateText(r.asOf) : null,
        measures: split(r.measures), checkedAt: toDate(r.checkedAt), feedback: r.feedbackId !== null && r.feedbackId !== undefined,
      };
    });
  }

  async list(q: JointCheckQueryDto): Promise<Page<JointCheckItem>> {
    const { page, pageSize, skip } = pageWindow(q);
    const base = this.filtered(q);
    const [total, rows] = await Promise.all([
      base.clone().getCount(),
      this.withColumns(base).orderBy('c.checkedAt', 'DESC').addOrderBy('c.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
    ]);
    return { items: await this.items(rows), total, page, pageSize };
  }

  /** One check by its log id or its public check id. */
  async view(key: { id?: number; checkId?: string }): Promise<JointCheckView> {
    const row = key.checkId !== undefined ? await this.service.byCheckId(key.checkId) : await this.dataSource.getRepository(JointCheckEntity).findOneBy({ id: key.id! });
    if (!row) throw new NotFoundError('jointChecks.notFound');
    const [item] = await this.items([{ ...row, asOf: row.asOf, feedbackId: null } as unknown as Record<string, unknown>]);
    const [fb, measures] = await Promise.all([
      this.dataSource.getRepository(JointCheckFeedbackEntity).findOneBy({ jointCheckId: row.id }),
      this.catalogue.all(),
    ]);
    const byCode = new Map(measures.map((m) => [m.code, m]));
    const reporter = fb ? (await this.users.names([fb.reportedById])).get(fb.reportedById) : undefined;
    return {
      ...item, feedback: !!fb,
      measureTitles: item.measures.map((code) => ({ code, titleZh: byCode.get(code)?.titleZh ?? null, titleEn: byCode.get(code)?.titleEn ?? null, kind: byCode.get(code)?.kind ?? null })),
      feedbackDetail: fb ? { applied: fb.applied, note: fb.note, reportedBy: reporter ? { id: fb.reportedById, name: reporter } : null, reportedAt: fb.reportedAt } : null,
    };
  }

  fileName(format: TabularFormat): string {
    return `joint-checks-${this.i18n.today()}.${format}`;
  }

  /** The filtered log as CSV or XLSX, newest first, streamed in keyset batches. */
  async write(format: TabularFormat, q: JointCheckQueryDto, locale: string, out: Writable): Promise<void> {
    const widths = { checkedAt: 20, checkId: 38, uscc: 20, tenant: 36, purpose: 20, requester: 30, requestedBy: 20, lists: 14, grade: 6, score: 6, asOf: 12, measures: 40, feedback: 8 };
    const columns: TableColumn[] = Object.entries(widths).map(([k, width]) => ({ header: this.i18n.t(locale, `jointChecks.export.${k}`), width, kind: k === 'asOf' ? 'date' : 'text' }));
    const batches = keysetBatches<JointCheckItem>(async ({ after, limit }) => {
      const qb = this.withColumns(this.filtered(q));
      if (after) whereAfter(qb, 'c.checkedAt', 'c.id', { key: datetimeParam(after.checkedAt), id: after.id }, 'desc');
      return this.items(await qb.orderBy('c.checkedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit).getRawMany<Record<string, unknown>>());
    });
    const yes = this.i18n.t(locale, 'jointChecks.yes');
    const no = this.i18n.t(locale, 'jointChecks.no');
    await writeTable(format, {
      sheetName: this.i18n.t(locale, 'jointChecks.export.sheet'),
      columns,
      rows: tableRows(batches, (r) => [
        this.i18n.formatDateTime(r.checkedAt, locale), r.checkId, r.uscc, r.tenantName ?? '', r.purpose, r.requester, r.requestedBy?.name ?? '',
        r.lists.map((l) => this.i18n.t(locale, `jointChecks.lists.${l}`)).join(', '), r.grade ?? '', r.score === null ? '' : String(r.score), r.asOf ?? '',
        r.measures.join(', '), r.feedback ? yes : no,
      ]),
    }, out);
  }
}
