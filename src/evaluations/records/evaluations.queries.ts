import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { hiddenFrom, isEvaluator, isEvaluatorOf, isOfficerOf, isTenantOfficer, readsEveryTenant } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import type { Principal } from '../../common/principal.js';
import { keysetBatches, tableRows, writeTable, type TableColumn, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { dateText, toDate } from '../../database/raw-sql.js';
import { AttachmentOwner, FilesService, toAttachmentView, type AttachmentView } from '../../files/files.service.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import type { DisputeStatus, EvaluationGrade, EvaluationSource, EvaluationStatus } from '../domain/evaluation.rules.js';
import { EvaluationDimensionEntity } from '../entities/evaluation-dimension.entity.js';
import { EvaluationDisputeEntity } from '../entities/evaluation-dispute.entity.js';
import { EvaluationInstitutionEntity } from '../entities/evaluation-institution.entity.js';
import { EvaluationScoreEntity } from '../entities/evaluation-score.entity.js';
import { EvaluationEntity } from '../entities/evaluation.entity.js';
import type { EvaluationQueryDto } from './dto/evaluation.dto.js';
import { DISPUTE_OWNER, EVALUATION_OWNER } from './evaluations.service.js';

export interface EvaluationListItem {
  id: number;
  tenantId: number;
  tenantName: string;
  uscc: string;
  institutionId: number;
  institutionName: string;
  periodFrom: string;
  periodTo: string;
  grade: EvaluationGrade;
  validUntil: string;
  status: EvaluationStatus;
  submittedAt: Date;
  acceptedOn: string | null;
  disputeOpen: boolean;
  source: EvaluationSource;
}

export interface DimensionScore {
  code: string;
  labelZh: string;
  labelEn: string;
  score: number;
}

export interface DisputeView {
  id: number;
  reasons: string;
  status: DisputeStatus;
  filedBy: { id: number; name: string } | null;
  filedAt: Date;
  resolvedBy: { id: number; name: string } | null;
  resolvedAt: Date | null;
  resolutionReason: string | null;
  corrections: Record<string, unknown> | null;
  files: AttachmentView[];
}

export interface EvaluationView {
  id: number;
  tenant: TenantSummary;
  institution: { id: number; name: string; accreditationNo: string };
  engagementId: number;
  periodFrom: string;
  periodTo: string;
  grade: EvaluationGrade;
  summary: string;
  validUntil: string;
  status: EvaluationStatus;
  source: EvaluationSource;
  submittedBy: { id: number; name: string } | null;
  submittedAt: Date;
  acceptedBy: { id: number; name: string } | null;
  acceptedAt: Date | null;
  acceptedOn: string | null;
  scores: DimensionScore[];
  /** The latest PDF attached: the report. */
  report: AttachmentView | null;
  disputes: DisputeView[];
  openDispute: DisputeView | null;
}

/** Evaluations as lists, detail views and exports, scoped to who asks; and who may read their files. */
@Injectable()
export class EvaluationsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
    private readonly i18n: I18nService,
  ) {}

  /** The list's query, scoped: an officer sees their tenant's, an evaluator their institution's, readers all. */
  private filtered(query: EvaluationQueryDto, principal: Principal): SelectQueryBuilder<EvaluationEntity> {
    const qb = this.tenants.join(this.dataSource.getRepository(EvaluationEntity).createQueryBuilder('v'), 'v.tenantId', 't')
      .innerJoin(EvaluationInstitutionEntity, 'i', 'i.id = v.institutionId');
    if (isTenantOfficer(principal)) qb.andWhere('v.tenantId = :onlyTenant', { onlyTenant: principal.tenantId ?? -1 });
    else if (isEvaluator(principal)) qb.andWhere('v.institutionId = :onlyInstitution', { onlyInstitution: principal.institutionId ?? -1 });
    else if (!readsEveryTenant(principal)) qb.andWhere('1 = 0');
    this.tenants.filter(qb, { q: query.q }, 't');
    if (query.status) qb.andWhere('v.status = :status', { status: query.status });
    if (query.grade) qb.andWhere('v.grade = :grade', { grade: query.grade });
    if (query.institutionId) qb.andWhere('v.institutionId = :institutionId', { institutionId: query.institutionId });
    if (query.tenantId) qb.andWhere('v.tenantId = :tenantId', { tenantId: query.tenantId });
    if (query.from) qb.andWhere('v.periodTo >= :from', { from: query.from });
    if (query.to) qb.andWhere('v.periodTo <= :to', { to: query.to });
    const disputes = this.dataSource.getMetadata(EvaluationDisputeEntity).tableName;
    if (query.dispute === 'open') qb.andWhere(`v.id IN (SELECT d.evaluationId FROM ${disputes} d WHERE d.status = 'open')`);
    return qb;
  }

  private select(qb: SelectQueryBuilder<EvaluationEntity>): SelectQueryBuilder<EvaluationEntity> {
    return qb.addSelect('v.id', 'id').addSelect('v.tenantId', 'tenantId').addSelect('v.institutionId', 'institutionId').addSelect('i.name', 'institutionName')
      .addSelect('v.periodFrom', 'periodFrom').addSelect('v.periodTo', 'periodTo').addSelect('v.grade', 'grade').addSelect('v.validUntil', 'validUntil')
      .addSelect('v.status', 'status').addSelect('v.submittedAt', 'submittedAt').addSelect('v.acceptedOn', 'acceptedOn').addSelect('v.source', 'source');
  }

  private async toItems(rows: Record<string, unknown>[]): Promise<EvaluationListItem[]> {
    const open = await this.openDisputes(rows.map((r) => Number(r.id)));
    return rows.map((r) => {
      const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
      return {
        id: Number(r.id), tenantId: tenant.id, tenantName: tenant.name, uscc: tenant.uscc, institutionId: Number(r.institutionId), institutionName: String(r.institutionName),
        periodFrom: dateText(r.periodFrom), periodTo: dateText(r.periodTo), grade: r.grade as EvaluationGrade, validUntil: dateText(r.validUntil),
        status: r.status as EvaluationStatus, submittedAt: toDate(r.submittedAt),
        acceptedOn: r.acceptedOn === null || r.acceptedOn === undefined ? null : dateText(r.acceptedOn), disputeOpen: open.has(Number(r.id)), source: r.source as EvaluationSource,
      };
    });
  }

  async list(query: EvaluationQueryDto, principal: Principal): Promise<Page<EvaluationListItem>> {
    const { page, pageSize, skip } = pageWindow(query);
    const qb = this.filtered(query, principal);
    const total = await qb.clone().getCount();
    const rows = await this.select(qb).orderBy('v.submittedAt', 'DESC').addOrderBy('v.id', 'DESC').offset(skip).limit(pageSize).getRawMany<Record<string, unknown>>();
    return { items: await this.toItems(rows), total, page, pageSize };
  }

  private async openDisputes(ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = await this.dataSource.getRepository(EvaluationDisputeEntity).find({ select: { evaluationId: true }, where: { evaluationId: In(ids), status: 'open' } });
    return new Set(rows.map((r) => r.evaluationId));
  }

  /** The evaluation with its scores, report and disputes; another tenant's (officer) or institution's (evaluator) looks missing. */
  async get(id: number, principal: Principal): Promise<EvaluationView> {
    const v = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id });
    if (!v || !this.canRead(principal, v)) throw new NotFoundError('evaluations.notFound');
    const [tenant, institution, scores, disputes, reports] = await Promise.all([
      this.tenants.summary(v.tenantId).then((x) => x!),
      this.dataSource.getRepository(EvaluationInstitutionEntity).findOneByOrFail({ id: v.institutionId }),
      this.dataSource.getRepository(EvaluationScoreEntity).createQueryBuilder('s').innerJoinAndSelect('s.dimension', 'd')
        .where('s.evaluationId = :id', { id }).orderBy('d.sortOrder', 'ASC').addOrderBy('d.id', 'ASC').getMany(),
      this.dataSource.getRepository(EvaluationDisputeEntity).find({ where: { evaluationId: id }, order: { id: 'ASC' } }),
      this.files.listFor(EVALUATION_OWNER, [id]),
    ]);
    const disputeFiles = await this.files.listFor(DISPUTE_OWNER, disputes.map((d) => d.id));
    const names = await this.users.names([v.submittedById, v.acceptedById, ...disputes.flatMap((d) => [d.filedById, d.resolvedById])].filter((u): u is number => u !== null));
    const userOf = (uid: number | null) => (uid !== null && names.has(uid) ? { id: uid, name: names.get(uid)! } : null);
    const pdfs = reports.filter((f) => f.contentType === 'application/pdf');
    const disputeViews: DisputeView[] = disputes.map((d) => ({
      id: d.id, reasons: d.reasons, status: d.status, filedBy: userOf(d.filedById), filedAt: d.filedAt, resolvedBy: userOf(d.resolvedById), resolvedAt: d.resolvedAt,
      resolutionReason: d.resolutionReason, corrections: d.corrections ? (JSON.parse(d.corrections) as Record<string, unknown>) : null,
      files: disputeFiles.filter((f) => f.ownerId === d.id).map(toAttachmentView),
    }));
    return {
      id: v.id, tenant, institution: { id: institution.id, name: institution.name, accreditationNo: institution.accreditationNo }, engagementId: v.engagementId,
      periodFrom: v.periodFrom, periodTo: v.periodTo, grade: v.grade, summary: v.summary, validUntil: v.validUntil, status: v.status, source: v.source,
      submittedBy: userOf(v.submittedById), submittedAt: v.submittedAt, acceptedBy: userOf(v.acceptedById), acceptedAt: v.acceptedAt, acceptedOn: v.acceptedOn,
      scores: scores.map((s) => ({ code: s.dimension!.code, labelZh: s.dimension!.labelZh, labelEn: s.dimension!.labelEn, score: s.score })),
      report: pdfs.length ? toAttachmentView(pdfs[pdfs.length - 1]) : null,
      disputes: disputeViews, openDispute: disputeViews.find((d) => d.status === 'open') ?? null,
    };
  }

  canRead(principal: Principal, v: { tenantId: number; institutionId: number }): boolean {
    if (readsEveryTenant(principal)) return true;
    if (isEvaluator(principal)) return isEvaluatorOf(principal, v.institutionId);
    return isOfficerOf(principal, v.tenantId);
  }

  /** The institutions for the list's filter: all for readers, an evaluator's own. */
  async institutionOptions(principal: Principal): Promise<{ id: number; name: string }[]> {
    if (isTenantOfficer(principal)) return [];
    const where = isEvaluator(principal) ? { id: principal.institutionId ?? -1 } : {};
    return this.dataSource.getRepository(EvaluationInstitutionEntity).find({ select: { id: true, name: true }, where, order: { name: 'ASC' } });
  }

  async dimensions(): Promise<EvaluationDimensionEntity[]> {
    return this.dataSource.getRepository(EvaluationDimensionEntity).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  /** The filtered list in its order (newest submission first), one keyset batch at a time. */
  batches(query: EvaluationQueryDto, principal: Principal): AsyncGenerator<EvaluationListItem[]> {
    return keysetBatches<EvaluationListItem>(async ({ after, limit }) => {
      const qb = this.select(this.filtered(query, principal));
      if (after) qb.andWhere('v.id < :afterId', { afterId: after.id });
      return this.toItems(await qb.orderBy('v.id', 'DESC').limit(limit).getRawMany<Record<string, unknown>>());
    });
  }

  fileName(format: TabularFormat): string {
    return `evaluations-${this.i18n.today()}.${format}`;
  }

  /** The filtered list as CSV or XLSX, one column per dimension, streamed. */
  async write(format: TabularFormat, query: EvaluationQueryDto, principal: Principal, locale: string, out: Writable): Promise<void> {
    const dims = await this.dimensions();
    const widths = { id: 8, tenant: 36, uscc: 20, institution: 30, periodFrom: 12, periodTo: 12, grade: 6, validUntil: 12, status: 10, acceptedOn: 12, dispute: 10 };
    const dates = new Set(['periodFrom', 'periodTo', 'validUntil', 'acceptedOn']);
    const columns: TableColumn[] = [
      ...Object.entries(widths).map(([k, width]): TableColumn => ({ header: this.i18n.t(locale, `evaluations.export.${k}`), width, kind: dates.has(k) ? 'date' : 'text' })),
      ...dims.map((d): TableColumn => ({ header: locale === 'en' ? d.labelEn : d.labelZh, width: 10, kind: 'text' })),
    ];
    const batches = this.batches(query, principal);
    const withScores = async function* (self: EvaluationsQueries) {
      for await (const batch of batches) {
        const scores = batch.length ? await self.dataSource.getRepository(EvaluationScoreEntity).findBy({ evaluationId: In(batch.map((b) => b.id)) }) : [];
        const by = new Map<string, number>(scores.map((s) => [`${s.evaluationId}:${s.dimensionId}`, s.score]));
        yield batch.map((b) => ({ ...b, scoreCells: dims.map((d) => (by.has(`${b.id}:${d.id}`) ? String(by.get(`${b.id}:${d.id}`)) : '')) }));
      }
    };
    await writeTable(format, {
      sheetName: this.i18n.t(locale, 'evaluations.export.sheet'),
      columns,
      rows: tableRows(withScores(this), (r) => [
        String(r.id), r.tenantName, r.uscc, r.institutionName, r.periodFrom, r.periodTo, r.grade, r.validUntil,
        this.i18n.t(locale, `evaluations.statuses.${r.status}`), r.acceptedOn ?? '', r.disputeOpen ? this.i18n.t(locale, 'evaluations.disputeOpenShort') : '',
        ...r.scoreCells,
      ]),
    }, out);
  }

  /** The report and other files of an evaluation: readers, the tenant's officers, the institution's evaluators. */
  @AttachmentOwner(EVALUATION_OWNER)
  async canReadEvaluationFiles(principal: Principal, evaluationId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const v = await this.dataSource.getRepository(EvaluationEntity).findOne({ select: { id: true, tenantId: true, institutionId: true }, where: { id: evaluationId } });
    return !!v && this.canRead(principal, v);
  }

  /** A dispute's files: the same people as the evaluation's. */
  @AttachmentOwner(DISPUTE_OWNER)
  async canReadDisputeFiles(principal: Principal, disputeId: number): Promise<boolean> {
    if (readsEveryTenant(principal)) return true;
    const d = await this.dataSource.getRepository(EvaluationDisputeEntity).findOne({ select: { id: true, evaluationId: true }, where: { id: disputeId } });
    if (!d) return false;
    const v = await this.dataSource.getRepository(EvaluationEntity).findOne({ select: { id: true, tenantId: true, institutionId: true }, where: { id: d.evaluationId } });
    return !!v && !hiddenFrom(principal, v.tenantId) && this.canRead(principal, v);
  }
}
