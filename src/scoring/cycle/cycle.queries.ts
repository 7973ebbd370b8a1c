import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { hiddenFrom, readsEveryTenant, type Asker } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditSubjectLookup, AuditSubjects, type AuditSubject } from '../../audit/audit-subjects.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { pageWindow, type Page, type PageQueryDto } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { keysetBatches, tableRows, writeTable, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { dateText } from '../../database/raw-sql.js';
import { AttachmentOwner, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { RulebookService } from '../core/rulebook.service.js';
import { ScoreHistoryQueries } from '../core/score-history.queries.js';
import { contributionDiff } from '../domain/contribution-diff.js';
import { distributionRows, objectionOpen, type PublishMissing, type StoredExplanation } from '../domain/month-cycle.rules.js';
import { itemFor, type ScoreGrade } from '../domain/rulebook.js';
import type { ObjectionStatus } from '../entities/score-objection.entity.js';
import { ScoreErratumEntity } from '../entities/score-erratum.entity.js';
import { ScoreMonthEntity, type ScoreMonthStatus } from '../entities/score-month.entity.js';
import { ScoreObjectionEntity } from '../entities/score-objection.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';
import { explanationRefs, explanationView, signedText, type ExplainedRecord, type ExplanationView } from '../score/explanation.view.js';
import { contributionKey, CycleService, OBJECTION_OWNER, parseExplanation } from './cycle.service.js';
import type { SnapshotQueryDto } from './dto/cycle.dto.js';

/** Biggest movers shown each way. */
export const MOVERS = 10;
/** Open objections listed on a month's page (the rest through the "disputed" filter). */
const QUEUE_LIMIT = 50;

export interface MonthSummary {
  id: number;
  month: string;
  asOf: string;
  status: ScoreMonthStatus;
  rulebookVersion: string;
  tenantsTotal: number;
  tenantsDone: number;
  computedAt: Date | null;
  objectionClosesOn: string | null;
  openObjections: number;
  errata: number;
  countersignedBy: string | null;
  countersignedAt: Date | null;
  countersignNote: string | null;
  publishedBy: string | null;
  publishedAt: Date | null;
}

export interface SnapshotRow {
  id: number;
  tenant: TenantSummary;
  computedScore: number;
  adjustment: number;
  score: number;
  grade: ScoreGrade;
  bandGrade: string;
  previousScore: number | null;
  previousGrade: ScoreGrade | null;
  /** score − previousScore (null: no published month before). */
  change: number | null;
  changeText: string | null;
  negativeCount: number;
  openObjections: number;
  percentile: number | null;
  publishedScore: number | null;
  publishedGrade: ScoreGrade | null;
}

export interface ObjectionView {
  id: number;
  tenantId: number;
  tenantName: string;
  rule: string | null;
  sourceType: string | null;
  sourceId: number | null;
  reason: string;
  filedBy: string | null;
  filedAt: Date;
  status: ObjectionStatus;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  files: AttachmentView[];
}

export interface ErratumView {
  id: number;
  number: number;
  tenantId: number;
  tenantName: string;
  beforeScore: number;
  afterScore: number;
  beforeGrade: ScoreGrade;
  afterGrade: ScoreGrade;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
}

const ID = /^[1-9]\d{0,9}$/;

/**
 * The cycle's read side: months with their counts, a month's distribution, movers, every snapshot
 * (filtered and paginated in SQL, exportable), the objections queue and the errata; one tenant's
 * snapshot with its explanation, objections and errata. Officers reach only their own tenant's snapshot.
 */
@Injectable()
export class CycleQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly service: CycleService,
    private readonly rulebooks: RulebookService,
    private readonly history: ScoreHistoryQueries,
    private readonly subjects: AuditSubjectLookup,
    private readonly i18n: I18nService,
  ) {}

  private get snapshotsTable() {
    return this.dataSource.getMetadata(ScoreSnapshotEntity).tableName;
  }

  /** Months, newest first, with open objections, errata and who countersigned and published. */
  async months(query: PageQueryDto): Promise<Page<MonthSummary>> {
    const { page, pageSize, skip } = pageWindow(query, 24);
    const repo = this.dataSource.getRepository(ScoreMonthEntity);
    const [rows, total] = await repo.createQueryBuilder('m').orderBy('m.month', 'DESC').skip(skip).take(pageSize).getManyAndCount();
    return { items: await this.summaries(rows), total, page, pageSize };
  }

  private async summaries(rows: ScoreMonthEntity[]): Promise<MonthSummary[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [open, errata, names] = await Promise.all([
      this.dataSource.getRepository(ScoreObjectionEntity).createQueryBuilder('o').select('o.monthId', 'monthId').addSelect('COUNT(*)', 'n')
        .where("o.monthId IN (:...ids) AND o.status = 'open'", { ids }).groupBy('o.monthId').getRawMany<{ monthId: number; n: number | string }>(),
      this.dataSource.getRepository(ScoreErratumEntity).createQueryBuilder('e').select('e.monthId', 'monthId').addSelect('COUNT(*)', 'n')
        .where('e.monthId IN (:...ids)', { ids }).groupBy('e.monthId').getRawMany<{ monthId: number; n: number | string }>(),
      this.users.names(rows.flatMap((r) => [r.countersignedById, r.publishedById]).filter((id): id is number => id !== null)),
    ]);
    const openBy = new Map(open.map((o) => [Number(o.monthId), Number(o.n)]));
    const errataBy = new Map(errata.map((e) => [Number(e.monthId), Number(e.n)]));
    return rows.map((r) => ({
      id: r.id, month: r.month, asOf: dateText(r.asOf), status: r.status, rulebookVersion: r.rulebookVersion, tenantsTotal: r.tenantsTotal, tenantsDone: r.tenantsDone,
      computedAt: r.computedAt, objectionClosesOn: r.objectionClosesOn ? dateText(r.objectionClosesOn) : null,
      openObjections: openBy.get(r.id) ?? 0, errata: errataBy.get(r.id) ?? 0,
      countersignedBy: r.countersignedById ? names.get(r.countersignedById) ?? null : null, countersignedAt: r.countersignedAt, countersignNote: r.countersignNote,
      publishedBy: r.publishedById ? names.get(r.publishedById) ?? null : null, publishedAt: r.publishedAt,
    }));
  }

  async monthSummary(month: string): Promise<MonthSummary> {
    return (await this.summaries([await this.service.month(month)]))[0];
  }

  /** A month for review: summary, grade distribution, movers each way, the open objections, errata, and what publication still needs. */
  async review(monthKey: string) {
    const row = await this.service.month(monthKey);
    const [summary] = await this.summaries([row]);
    const grades: { grade: ScoreGrade; n: number | string }[] = await this.dataSource.query(`SELECT grade, COUNT(*) AS n FROM ${this.snapshotsTable} WHERE monthId = ? GROUP BY grade`, [row.id]);
    const distribution = distributionRows(Object.fromEntries(grades.map((g) => [g.grade, Number(g.n)])));
    const [up, down, objections, errata, missing] = await Promise.all([
      this.movers(row.id, 'up'), this.movers(row.id, 'down'), this.openObjections(row.id), this.errata(row.id),
      row.status === 'published' ? Promise.resolve(null) : this.service.missing(row),
    ]);
    return { summary, distribution, movers: { up, down }, objections, errata, missing: missing as PublishMissing | null };
  }

  private async movers(monthId: number, dir: 'up' | 'down'): Promise<SnapshotRow[]> {
    const qb = this.select(monthId).andWhere('s.previousScore IS NOT NULL')
      .andWhere(dir === 'up' ? 's.score > s.previousScore' : 's.score < s.previousScore')
      .orderBy('s.score - s.previousScore', dir === 'up' ? 'DESC' : 'ASC').addOrderBy('s.id', 'ASC').limit(MOVERS);
    return (await qb.getRawMany<Record<string, unknown>>()).map((r) => this.toRow(r));
  }

  private select(monthId: number): SelectQueryBuilder<ScoreSnapshotEntity> {
    const qb = this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s');
    this.tenants.join(qb, 's.tenantId', 't');
    return qb.select([]).addSelect('s.id', 'id').addSelect('s.tenantId', 'tenantId').addSelect('s.computedScore', 'computedScore').addSelect('s.adjustment', 'adjustment')
      .addSelect('s.score', 'score').addSelect('s.grade', 'grade').addSelect('s.bandGrade', 'bandGrade').addSelect('s.previousScore', 'previousScore')
      .addSelect('s.previousGrade', 'previousGrade').addSelect('s.negativeCount', 'negativeCount').addSelect('s.openObjections', 'openObjections')
      .addSelect('s.percentile', 'percentile').addSelect('s.publishedScore', 'publishedScore').addSelect('s.publishedGrade', 'publishedGrade')
      .addSelect('t.name', 'tName').addSelect('t.uscc', 'tUscc').addSelect('t.status', 'tStatus').addSelect('t.industry', 'tIndustry').addSelect('t.nameSortKey', 'tSortKey')
      .where('s.monthId = :monthId', { monthId });
  }

  private toRow(r: Record<string, unknown>): SnapshotRow {
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const score = Number(r.score);
    const previousScore = num(r.previousScore);
    const change = previousScore === null ? null : score - previousScore;
    return {
      id: Number(r.id), tenant: this.tenants.fromRow(r, Number(r.tenantId)),
      computedScore: Number(r.computedScore), adjustment: Number(r.adjustment), score, grade: r.grade as ScoreGrade, bandGrade: String(r.bandGrade),
      previousScore, previousGrade: (r.previousGrade as ScoreGrade | null) ?? null, change, changeText: change === null ? null : signedText(change),
      negativeCount: Number(r.negativeCount), openObjections: Number(r.openObjections), percentile: num(r.percentile),
      publishedScore: num(r.publishedScore), publishedGrade: (r.publishedGrade as ScoreGrade | null) ?? null,
    };
  }

  private filtered(monthId: number, query: SnapshotQueryDto): SelectQueryBuilder<ScoreSnapshotEntity> {
    const qb = this.select(monthId);
    if (query.grade) qb.andWhere('s.grade = :grade', { grade: query.grade });
    if (query.disputed) qb.andWhere('s.openObjections > 0');
    switch (query.changed) {
      case 'changed': qb.andWhere('(s.previousScore IS NULL OR s.score <> s.previousScore OR s.grade <> s.previousGrade)'); break;
      case 'up': qb.andWhere('s.score > s.previousScore'); break;
      case 'down': qb.andWhere('s.score < s.previousScore'); break;
      case 'gradeChanged': qb.andWhere('s.previousGrade IS NOT NULL AND s.grade <> s.previousGrade'); break;
      case 'new': qb.andWhere('s.previousScore IS NULL'); break;
      default: break;
    }
    if (query.q) this.tenants.filter(qb, { q: query.q }, 't');
    return qb;
  }

  /** Every snapshot of a month, by tenant name, filtered and paginated in SQL. */
  async snapshots(monthKey: string, query: SnapshotQueryDto): Promise<Page<SnapshotRow> & { month: string; status: ScoreMonthStatus }> {
    const month = await this.service.month(monthKey);
    const { page, pageSize, skip } = pageWindow(query, 50);
    const qb = this.filtered(month.id, query);
    const [rows, total] = await Promise.all([
      qb.clone().orderBy(this.tenants.nameColumn('t'), 'ASC').addOrderBy('s.id', 'ASC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>(),
      qb.clone().getCount(),
    ]);
    return { month: month.month, status: month.status, items: rows.map((r) => this.toRow(r)), total, page, pageSize };
  }

  fileName(month: string, format: TabularFormat): string {
    return `scores-${month}.${format}`;
  }

  /** The filtered snapshots as CSV or XLSX, streamed in batches. */
  async write(monthKey: string, format: TabularFormat, query: SnapshotQueryDto, locale: string, out: Writable): Promise<void> {
    const month = await this.service.month(monthKey);
    const widths = { tenant: 36, uscc: 20, score: 8, grade: 6, computedScore: 10, adjustment: 8, previousScore: 10, previousGrade: 8, change: 8, negativeCount: 8, openObjections: 8, percentile: 8 };
    const batches = keysetBatches<SnapshotRow>(async ({ after, limit }) => {
      const qb = this.filtered(month.id, query);
      if (after) qb.andWhere('s.id > :afterId', { afterId: after.id });
      return (await qb.orderBy('s.id', 'ASC').limit(limit).getRawMany<Record<string, unknown>>()).map((r) => this.toRow(r));
    });
    await writeTable(format, {
      sheetName: month.month,
      columns: Object.entries(widths).map(([k, width]) => ({ header: this.i18n.t(locale, `scoringCycle.export.${k}`), width })),
      rows: tableRows(batches, (r) => [
        r.tenant.name, r.tenant.uscc, String(r.score), r.grade, String(r.computedScore), String(r.adjustment), r.previousScore === null ? '' : String(r.previousScore),
        r.previousGrade ?? '', r.change === null ? '' : String(r.change), String(r.negativeCount), String(r.openObjections), r.percentile === null ? '' : String(r.percentile),
      ]),
    }, out);
  }

  private async openObjections(monthId: number): Promise<{ items: ObjectionView[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(ScoreObjectionEntity).findAndCount({ where: { monthId, status: 'open' }, order: { filedAt: 'ASC', id: 'ASC' }, take: QUEUE_LIMIT });
    return { items: await this.objectionViews(rows, false), total };
  }

  private async objectionViews(rows: ScoreObjectionEntity[], withFiles: boolean): Promise<ObjectionView[]> {
    if (!rows.length) return [];
    const [tenants, names, files] = await Promise.all([
      this.tenants.summaries(rows.map((r) => r.tenantId)),
      this.users.names(rows.flatMap((r) => [r.filedById, r.answeredById]).filter((id): id is number => id !== null)),
      withFiles ? this.service.objectionFiles(rows.map((r) => r.id)) : Promise.resolve([]),
    ]);
    return rows.map((r) => ({
      id: r.id, tenantId: r.tenantId, tenantName: tenants.get(r.tenantId)?.name ?? '', rule: r.rule, sourceType: r.sourceType, sourceId: r.sourceId,
      reason: r.reason, filedBy: names.get(r.filedById) ?? null, filedAt: r.filedAt, status: r.status, answer: r.answer,
      answeredBy: r.answeredById ? names.get(r.answeredById) ?? null : null, answeredAt: r.answeredAt,
      files: files.filter((f) => f.ownerId === r.id).map(toAttachmentView),
    }));
  }

  async errata(monthId: number, snapshotId?: number): Promise<ErratumView[]> {
    const rows = await this.dataSource.getRepository(ScoreErratumEntity).find({ where: snapshotId ? { monthId, snapshotId } : { monthId }, order: { number: 'ASC' } });
    if (!rows.length) return [];
    const [tenants, names] = await Promise.all([this.tenants.summaries(rows.map((r) => r.tenantId)), this.users.names(rows.map((r) => r.createdById))]);
    return rows.map((r) => ({
      id: r.id, number: r.number, tenantId: r.tenantId, tenantName: tenants.get(r.tenantId)?.name ?? '', beforeScore: r.beforeScore, afterScore: r.afterScore,
      beforeGrade: r.beforeGrade, afterGrade: r.afterGrade, reason: r.reason, createdBy: names.get(r.createdById) ?? null, createdAt: r.createdAt,
    }));
  }

  /**
   * One tenant's snapshot of a month, as the asker may see it (an officer: only their own tenant's,
   * others look missing): the explanation, what changed since the last published month, the
   * objections with their evidence and answers, the errata, and whether the officer may object.
   */
  async snapshotView(monthKey: string, tenantId: number, asker: Asker, locale: Locale) {
    if (hiddenFrom(asker, tenantId)) throw new NotFoundError('scoringCycle.snapshotNotFound');
    const month = await this.service.month(monthKey);
    const snapshot = await this.service.snapshot(month.id, tenantId);
    const explanation = parseExplanation(snapshot.explanation);
    const [summary, tenant, objections, errata, rulebook, previous] = await Promise.all([
      this.summaries([month]).then((s) => s[0]),
      this.tenants.summary(tenantId),
      this.dataSource.getRepository(ScoreObjectionEntity).find({ where: { snapshotId: snapshot.id }, order: { filedAt: 'DESC', id: 'DESC' } }).then((rows) => this.objectionViews(rows, true)),
      this.errata(month.id, snapshot.id),
      this.rulebooks.inForce(month.asOf),
      this.previousExplanation(month.month, tenantId),
    ]);
    const subjects = await this.subjects.resolve(explanationRefs([explanation]), locale);
    const view: ExplanationView = explanationView({
      base: explanation.base, total: snapshot.score, grade: snapshot.grade, bandGrade: snapshot.bandGrade, gradeNote: explanation.gradeNote,
      contributions: explanation.contributions, overrides: explanation.overrides, rulebookVersion: explanation.rulebookVersion ?? month.rulebookVersion,
      adjustment: snapshot.adjustment ? { points: snapshot.adjustment, reason: snapshot.adjustmentReason } : null,
    }, rulebook, locale, subjects);
    const diff = previous ? contributionDiff(previous.contributions, explanation.contributions) : null;
    const labelled = (c: { rule: string; points: number; source: { type: string; id: number } }) => ({
      rule: c.rule, pointsText: signedText(c.points), label: itemFor(rulebook, c.rule)?.label?.[locale] ?? c.rule,
    });
    const windowOpen = objectionOpen(summary.objectionClosesOn, this.i18n.today());
    return {
      month: summary,
      snapshot: {
        id: snapshot.id, tenantId, computedScore: snapshot.computedScore, adjustment: snapshot.adjustment, adjustmentReason: snapshot.adjustmentReason,
        adjustmentText: snapshot.adjustment ? signedText(snapshot.adjustment) : null, adjustedAt: snapshot.adjustedAt,
        score: snapshot.score, grade: snapshot.grade, bandGrade: snapshot.bandGrade, previousScore: snapshot.previousScore, previousGrade: snapshot.previousGrade,
        change: snapshot.previousScore === null ? null : snapshot.score - snapshot.previousScore,
        changeText: snapshot.previousScore === null ? null : signedText(snapshot.score - snapshot.previousScore),
        negativeCount: snapshot.negativeCount, openObjections: snapshot.openObjections, percentile: snapshot.percentile,
        publishedScore: snapshot.publishedScore, publishedGrade: snapshot.publishedGrade,
      },
      tenant,
      explanation: view,
      stored: explanation,
      changes: diff ? {
        appeared: diff.appeared.map(labelled), disappeared: diff.disappeared.map(labelled),
        changed: diff.changed.map((c) => ({ ...labelled(c.after), beforeText: signedText(c.before.points) })),
      } : null,
      contributionOptions: explanation.contributions.map((c) => ({
        key: contributionKey({ rule: c.rule, sourceType: c.source.type, sourceId: c.source.id }), rule: c.rule, pointsText: signedText(c.points),
        label: this.recordText(view.groups.flatMap((g) => g.items).find((i) => i.rule === c.rule && i.record.type === c.source.type && i.record.id === c.source.id)?.record, c.source, locale),
      })),
      objections,
      errata,
      objectionWindowOpen: windowOpen,
    };
  }

  /** The tenant's explanation in the last published month before `month` (what "why it changed" compares with). */
  private async previousExplanation(month: string, tenantId: number): Promise<StoredExplanation | null> {
    const [last] = await this.history.publishedMonthsBefore(month, 1);
    if (!last) return null;
    const row = await this.dataSource.getRepository(ScoreSnapshotEntity).findOne({ select: { id: true, explanation: true }, where: { monthId: last.id, tenantId } });
    return row ? parseExplanation(row.explanation) : null;
  }

  /** Who may read an objection's evidence: staff, admins, regulators, and the officers of that tenant. */
  @AttachmentOwner(OBJECTION_OWNER)
  async canReadObjectionFiles(principal: Principal, objectionId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const row = await this.dataSource.getRepository(ScoreObjectionEntity).findOne({ select: { id: true, tenantId: true }, where: { id: objectionId } });
    return !!row && !hiddenFrom(principal, row.tenantId) && principal.tenantId === row.tenantId;
  }

  /** A record as plain text (an option of a select), the way the score-record partial words it. */
  private recordText(record: ExplainedRecord | undefined, source: { type: string; id: number }, locale: Locale): string {
    if (record?.named) return record.label;
    const type = record?.typeKnown ? this.i18n.t(locale, `scoringScore.recordTypes.${source.type}`) : source.type;
    return `${type} #${source.id}`;
  }

  @AuditSubjects('score_month')
  async monthSubjects(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map();
    const rows = await this.dataSource.getRepository(ScoreMonthEntity).find({ select: { id: true, month: true }, where: { id: In(wanted) } });
    return new Map(rows.map((r) => [String(r.id), { label: this.i18n.t(locale, 'audit.subjects.scoreMonth', { month: r.month }), link: `/scores/${r.month}` }]));
  }

  @AuditSubjects('score_snapshot')
  async snapshotSubjects(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    return this.bySnapshot(ScoreSnapshotEntity, ids, locale, 'audit.subjects.scoreSnapshot');
  }

  @AuditSubjects('score_objection')
  async objectionSubjects(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    return this.bySnapshot(ScoreObjectionEntity, ids, locale, 'audit.subjects.scoreObjection');
  }

  @AuditSubjects('score_erratum')
  async erratumSubjects(ids: readonly string[], locale: Locale): Promise<Map<string, AuditSubject>> {
    return this.bySnapshot(ScoreErratumEntity, ids, locale, 'audit.subjects.scoreErratum');
  }

  /** Names records that carry a month and a tenant: "{tenant}: {month}" (with the erratum's number), linking to the tenant's snapshot of that month. */
  private async bySnapshot(entity: typeof ScoreSnapshotEntity | typeof ScoreObjectionEntity | typeof ScoreErratumEntity, ids: readonly string[], locale: Locale, key: string) {
    const wanted = ids.filter((id) => ID.test(id)).map(Number);
    if (!wanted.length) return new Map<string, AuditSubject>();
    const rows = await this.dataSource.getRepository<{ id: number; monthId: number; tenantId: number; number?: number }>(entity).find({ where: { id: In(wanted) } });
    const [months, tenants] = await Promise.all([
      rows.length ? this.dataSource.getRepository(ScoreMonthEntity).find({ select: { id: true, month: true }, where: { id: In([...new Set(rows.map((r) => r.monthId))]) } }) : [],
      this.tenants.summaries(rows.map((r) => r.tenantId)),
    ]);
    const monthOf = new Map(months.map((m) => [m.id, m.month]));
    return new Map(rows.map((r) => {
      const month = monthOf.get(r.monthId) ?? '';
      return [String(r.id), { label: this.i18n.t(locale, key, { tenant: tenants.get(r.tenantId)?.name ?? `#${r.tenantId}`, month, number: r.number ?? '' }), link: `/scores/${month}/tenants/${r.tenantId}` }];
    }));
  }
}
