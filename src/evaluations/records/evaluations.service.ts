import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { hiddenFrom, isEvaluatorOf } from '../../accounts/domain/access-policy.js';
import { UsersQueries } from '../../accounts/users.queries.js';
import { AuditService } from '../../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError, type FieldProblems } from '../../common/errors/domain-error.js';
import type { Actor, Principal } from '../../common/principal.js';
import { UnitOfWork, type AfterCommit } from '../../database/unit-of-work.js';
import { writeLock } from '../../database/raw-sql.js';
import { FilesService } from '../../files/files.service.js';
import type { UploadedPart } from '../../files/upload.interceptor.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import {
  accreditationLapsed, correctionDiff, coveringEngagement, evaluationTransition, normalizedScores, periodProblems, scoreProblems,
  type DisputeOutcome, type EvaluationEvent, type EvaluationSource, type EvaluationStatus,
} from '../domain/evaluation.rules.js';
import { EvaluationDimensionEntity } from '../entities/evaluation-dimension.entity.js';
import { EvaluationDisputeEntity } from '../entities/evaluation-dispute.entity.js';
import { EvaluationEngagementEntity } from '../entities/evaluation-engagement.entity.js';
import { EvaluationInstitutionEntity } from '../entities/evaluation-institution.entity.js';
import { EvaluationScoreEntity } from '../entities/evaluation-score.entity.js';
import { EvaluationEntity } from '../entities/evaluation.entity.js';
import type { DisputeDto, ResolveDisputeDto, SubmitEvaluationDto } from './dto/evaluation.dto.js';

export const EVALUATION_OWNER = 'evaluation';
export const DISPUTE_OWNER = 'evaluation_dispute';
export const MAX_DISPUTE_FILES = 10;

const REFUSALS: Record<string, string> = {
  state: 'evaluations.wrongState', disputeOpen: 'evaluations.disputeOpen', reportMissing: 'evaluations.reportMissing', noDispute: 'evaluations.disputeClosed',
};

const OUTCOME_ACTIONS: Record<DisputeOutcome, string> = {
  upheld: 'evaluation.disputeUpheld', corrected: 'evaluation.disputeCorrected', rejected: 'evaluation.disputeRejected',
};

const fileAudit = (files: { id: number; fileName: string; sha256: string; size: number }[]) => files.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256, size: f.size }));

/**
 * Evaluations from submission to the score: an evaluator of an engaged, accredited institution
 * submits (page or API) with a PDF report; park staff accept; the tenant's officers may dispute with
 * reasons and files; staff resolve the dispute (upheld voids it, corrected changes grade or
 * scores, rejected lets it stand). Every step is audited and told (domain/evaluation.rules.ts).
 */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly files: FilesService,
    private readonly notifications: NotificationsService,
    private readonly i18n: I18nService,
    private readonly tenants: TenantsQueries,
    private readonly users: UsersQueries,
  ) {}

  /** The evaluator's institution, accredited today; 403 when unbound or lapsed. */
  async actingInstitution(principal: Principal): Promise<EvaluationInstitutionEntity> {
    const institution = principal.institutionId
      ? await this.dataSource.getRepository(EvaluationInstitutionEntity).findOneBy({ id: principal.institutionId })
      : null;
    if (!institution) throw new ForbiddenError('evaluations.notBound');
    if (accreditationLapsed(institution, this.i18n.today())) throw new ForbiddenError('evaluations.accreditationLapsed', { name: institution.name, validTo: institution.validTo });
    return institution;
  }

  /** The engagement an evaluator's form is for: active, of their institution; "not found" otherwise. */
  async engagementFor(principal: Principal, engagementId: number): Promise<EvaluationEngagementEntity> {
    const e = await this.dataSource.getRepository(EvaluationEngagementEntity).findOneBy({ id: engagementId });
    if (!e || !isEvaluatorOf(principal, e.institutionId)) throw new NotFoundError('evaluationsAdmin.engagementNotFound');
    return e;
  }

  async activeDimensions(): Promise<EvaluationDimensionEntity[]> {
    return this.dataSource.getRepository(EvaluationDimensionEntity).find({ where: { active: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
  }

  /**
   * Submits an evaluation. Refusals, in order: an unbound evaluator or a lapsed accreditation (403),
   * bad input (400, field by field, nothing written), no active engagement of the institution for
   * the tenant covering the period (403). A report, when sent, must be one PDF; the page requires it.
   */
  async submit(dto: SubmitEvaluationDto, report: UploadedPart[], principal: Principal, actor: Actor, source: EvaluationSource): Promise<EvaluationEntity> {
    const institution = await this.actingInstitution(principal);
    const problems: FieldProblems = {};
    let tenantId: number | null = null;
    let named: EvaluationEngagementEntity | null = null;
    if (dto.engagementId !== undefined) {
      named = await this.dataSource.getRepository(EvaluationEngagementEntity).findOneBy({ id: dto.engagementId });
      if (!named || named.institutionId !== institution.id) problems.engagementId = [{ code: 'unknownEngagement' }];
      else tenantId = named.tenantId;
    } else if (dto.tenantId !== undefined) {
      if (await this.tenants.summary(dto.tenantId)) tenantId = dto.tenantId;
      else problems.tenantId = [{ code: 'unknownTenant' }];
    } else if (dto.uscc !== undefined) {
      const { byUscc } = await this.tenants.idsFor([dto.uscc], []);
      tenantId = byUscc.get(dto.uscc) ?? null;
      if (tenantId === null) problems.uscc = [{ code: 'unknownTenant' }];
    } else {
      problems.tenantId = [{ code: 'required' }];
    }
    Object.assign(problems, periodProblems(dto, this.i18n.today()));
    const dimensions = await this.activeDimensions();
    Object.assign(problems, scoreProblems(dto.scores, dimensions));
    if (report.length > 1) problems.report = [{ code: 'maxFiles', params: { limit: 1 } }];
    else if (report.length && report[0].type?.kind !== 'pdf') problems.report = [{ code: 'reportPdf' }];
    else if (!report.length && source === 'page') problems.report = [{ code: 'required' }];
    if (Object.keys(problems).length) throw new ValidationFailedError(problems);
    this.files.check(report);

    const engagements = await this.dataSource.getRepository(EvaluationEngagementEntity).findBy({ institutionId: institution.id, tenantId: tenantId!, status: 'active' });
    const covering = named
      ? coveringEngagement(engagements.filter((e) => e.id === named!.id), institution.id, tenantId!, dto.periodFrom, dto.periodTo)
      : coveringEngagement(engagements, institution.id, tenantId!, dto.periodFrom, dto.periodTo);
    if (!covering) throw new ForbiddenError('evaluations.notEngaged');
    const scores = normalizedScores(dto.scores);
    const tenant = (await this.tenants.summary(tenantId!))!;

    return this.uow.run(async (m, afterCommit) => {
      const repo = m.getRepository(EvaluationEntity);
      const evaluation = await repo.save(repo.create({
        institutionId: institution.id, engagementId: covering.id, tenantId: tenantId!, periodFrom: dto.periodFrom, periodTo: dto.periodTo,
        grade: dto.grade, summary: dto.summary, validUntil: dto.validUntil, status: 'submitted', submittedById: principal.userId, submittedAt: new Date(),
        acceptedById: null, acceptedAt: null, acceptedOn: null, source,
      }));
      await m.getRepository(EvaluationScoreEntity).insert(dimensions.map((d) => ({ evaluationId: evaluation.id, dimensionId: d.id, score: scores[d.code] })));
      const stored = await this.files.store(m, EVALUATION_OWNER, evaluation.id, report, principal.userId);
      await this.audit.record(m, actor, {
        action: 'evaluation.submit', entityType: 'evaluation', entityId: evaluation.id,
        after: {
          tenantId: evaluation.tenantId, institutionId: institution.id, engagementId: covering.id, periodFrom: evaluation.periodFrom, periodTo: evaluation.periodTo,
          grade: evaluation.grade, scores, validUntil: evaluation.validUntil, status: evaluation.status, source, files: fileAudit(stored),
        },
      });
      await this.notifications.notify(m, afterCommit, {
        userIds: await this.users.managerIds(0, 1000),
        template: 'evaluation-submitted',
        params: { tenantName: tenant.name, institution: institution.name, grade: evaluation.grade, periodFrom: evaluation.periodFrom, periodTo: evaluation.periodTo },
        link: `/evaluations/${evaluation.id}`,
        dedupeKey: `evaluation-submitted:${evaluation.id}`,
      });
      return evaluation;
    });
  }

  /** The evaluation an evaluator may attach the report to: their institution's (others look missing), still submitted (409). */
  async reportable(id: number, principal: Principal): Promise<EvaluationEntity> {
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id });
    if (!evaluation || !isEvaluatorOf(principal, evaluation.institutionId)) throw new NotFoundError('evaluations.notFound');
    this.refuse(evaluation.status, 'uploadReport', { openDispute: false, hasReport: false });
    return evaluation;
  }

  /** Attaches (or replaces: the latest counts) the PDF report of a submitted evaluation. */
  async uploadReport(id: number, report: UploadedPart[], principal: Principal, actor: Actor): Promise<void> {
    const evaluation = await this.reportable(id, principal);
    if (report.length !== 1) throw new ValidationFailedError({ report: [report.length ? { code: 'maxFiles', params: { limit: 1 } } : { code: 'required' }] });
    if (report[0].type?.kind !== 'pdf') throw new ValidationFailedError({ report: [{ code: 'reportPdf' }] });
    this.files.check(report);
    await this.uow.run(async (m) => {
      const stored = await this.files.store(m, EVALUATION_OWNER, evaluation.id, report, principal.userId);
      await this.audit.record(m, actor, { action: 'evaluation.report', entityType: 'evaluation', entityId: evaluation.id, after: { files: fileAudit(stored) } });
    });
  }

  private async context(m: EntityManager, evaluationId: number): Promise<{ openDispute: EvaluationDisputeEntity | null; hasReport: boolean }> {
    const [openDispute, reports] = await Promise.all([
      m.getRepository(EvaluationDisputeEntity).findOneBy({ evaluationId, status: 'open' }),
      this.files.listFor(EVALUATION_OWNER, [evaluationId]),
    ]);
    return { openDispute, hasReport: reports.some((f) => f.contentType === 'application/pdf') };
  }

  private refuse(status: EvaluationStatus, event: EvaluationEvent, ctx: { openDispute: boolean; hasReport: boolean }): EvaluationStatus {
    const t = evaluationTransition(status, event, ctx);
    if (!t.ok) throw new ConflictError(REFUSALS[t.reason]);
    return t.to;
  }

  /** Staff accept a submitted evaluation with its report on file and no open dispute; it counts from today (park zone). */
  async accept(id: number, principal: Principal, actor: Actor): Promise<EvaluationEntity> {
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id });
    if (!evaluation) throw new NotFoundError('evaluations.notFound');
    const ctx = await this.context(this.dataSource.manager, id);
    this.refuse(evaluation.status, 'accept', { openDispute: !!ctx.openDispute, hasReport: ctx.hasReport });
    const acceptedOn = this.i18n.today();
    return this.uow.run(async (m, afterCommit) => {
      const change = { status: 'accepted' as const, acceptedById: principal.userId, acceptedAt: new Date(), acceptedOn };
      const moved = await m.getRepository(EvaluationEntity).createQueryBuilder().update().set(change)
        .where("id = :id AND status = 'submitted'", { id }).execute();
      if (!moved.affected) throw new ConflictError('evaluations.wrongState');
      await this.audit.record(m, actor, {
        action: 'evaluation.accept', entityType: 'evaluation', entityId: id,
        before: { status: evaluation.status }, after: { tenantId: evaluation.tenantId, status: 'accepted', acceptedOn, grade: evaluation.grade },
      });
      await this.tell(m, afterCommit, evaluation, 'evaluation-accepted', { officers: true, evaluators: true }, { acceptedOn });
      return Object.assign(evaluation, change);
    });
  }

  /** The evaluation an officer may dispute: their own tenant's (another's looks missing), open to a dispute (409). */
  async disputable(id: number, principal: Principal): Promise<EvaluationEntity> {
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneBy({ id });
    if (!evaluation || hiddenFrom(principal, evaluation.tenantId)) throw new NotFoundError('evaluations.notFound');
    const open = await this.dataSource.getRepository(EvaluationDisputeEntity).existsBy({ evaluationId: id, status: 'open' });
    this.refuse(evaluation.status, 'dispute', { openDispute: open, hasReport: true });
    return evaluation;
  }

  /** A tenant officer disputes a submitted or accepted evaluation with reasons and files; staff and the institution's evaluators are told. */
  async dispute(id: number, dto: DisputeDto, parts: UploadedPart[], principal: Principal, actor: Actor): Promise<EvaluationDisputeEntity> {
    const evaluation = await this.disputable(id, principal);
    if (parts.length > MAX_DISPUTE_FILES) throw new ValidationFailedError({ files: [{ code: 'maxFiles', params: { limit: MAX_DISPUTE_FILES } }] });
    this.files.check(parts);
    return this.uow.run(async (m, afterCommit) => {
      // The evaluation's row lock orders concurrent disputes: the second sees the first's open dispute.
      await m.getRepository(EvaluationEntity).findOne({ where: { id }, lock: writeLock(this.dataSource) });
      if (await m.getRepository(EvaluationDisputeEntity).existsBy({ evaluationId: id, status: 'open' })) throw new ConflictError('evaluations.disputeOpen');
      const repo = m.getRepository(EvaluationDisputeEntity);
      const dispute = await repo.save(repo.create({
        evaluationId: id, tenantId: evaluation.tenantId, reasons: dto.reasons, status: 'open', filedById: principal.userId, filedAt: new Date(),
        resolvedById: null, resolvedAt: null, resolutionReason: null, corrections: null,
      }));
      const stored = await this.files.store(m, DISPUTE_OWNER, dispute.id, parts, principal.userId);
      await this.audit.record(m, actor, {
        action: 'evaluation.dispute', entityType: 'evaluation_dispute', entityId: dispute.id,
        after: { evaluationId: id, tenantId: evaluation.tenantId, reasons: dto.reasons, status: 'open', files: fileAudit(stored) },
      });
      await this.tell(m, afterCommit, evaluation, 'evaluation-disputed', { managers: true, evaluators: true }, { reasons: dto.reasons.slice(0, 500) }, `evaluation-disputed:${dispute.id}`);
      return dispute;
    });
  }

  /**
   * Staff resolve an open dispute with a reason: upheld → the evaluation is voided; corrected →
   * staff's grade and/or scores replace the evaluation's (before → after kept on the dispute and in
   * the audit) and it is accepted; rejected → it stands, accepted. 409 when closed meanwhile.
   */
  async resolve(disputeId: number, dto: ResolveDisputeDto, principal: Principal, actor: Actor): Promise<EvaluationDisputeEntity> {
    const dispute = await this.dataSource.getRepository(EvaluationDisputeEntity).findOneBy({ id: disputeId });
    if (!dispute) throw new NotFoundError('evaluations.disputeNotFound');
    if (dispute.status !== 'open') throw new ConflictError('evaluations.disputeClosed');
    const evaluation = await this.dataSource.getRepository(EvaluationEntity).findOneByOrFail({ id: dispute.evaluationId });
    const ctx = await this.context(this.dataSource.manager, evaluation.id);
    const to = this.refuse(evaluation.status, dto.outcome, { openDispute: true, hasReport: ctx.hasReport });

    const scoreRows = await this.dataSource.getRepository(EvaluationScoreEntity).find({ where: { evaluationId: evaluation.id }, relations: { dimension: true } });
    const beforeScores = Object.fromEntries(scoreRows.map((s) => [s.dimension!.code, s.score]));
    let corrections: ReturnType<typeof correctionDiff> = null;
    if (dto.outcome === 'corrected') {
      // Only the dimensions the evaluation was scored in may be corrected.
      const scored = scoreRows.map((s) => ({ code: s.dimension!.code, active: true }));
      const problems = scoreProblems(dto.scores, scored, true);
      if (Object.keys(problems).length) throw new ValidationFailedError(problems);
      corrections = correctionDiff({ grade: evaluation.grade, scores: beforeScores }, { grade: dto.grade, scores: dto.scores ? normalizedScores(dto.scores) : undefined });
      if (!corrections) throw new ValidationFailedError({ grade: [{ code: 'required' }] });
    }
    const today = this.i18n.today();
    return this.uow.run(async (m, afterCommit) => {
      const resolved = { status: dto.outcome, resolvedById: principal.userId, resolvedAt: new Date(), resolutionReason: dto.reason, corrections: corrections ? JSON.stringify(corrections) : null };
      const moved = await m.getRepository(EvaluationDisputeEntity).createQueryBuilder().update().set(resolved)
        .where("id = :disputeId AND status = 'open'", { disputeId }).execute();
      if (!moved.affected) throw new ConflictError('evaluations.disputeClosed');
      const change: Partial<EvaluationEntity> = { status: to };
      if (to === 'accepted' && evaluation.status !== 'accepted') Object.assign(change, { acceptedById: principal.userId, acceptedAt: new Date(), acceptedOn: today });
      if (corrections?.grade) change.grade = corrections.grade.after as EvaluationEntity['grade'];
      await m.getRepository(EvaluationEntity).update({ id: evaluation.id }, change);
      if (corrections?.scores) {
        const ids = new Map(scoreRows.map((s) => [s.dimension!.code, s.dimensionId]));
        for (const [code, { after }] of Object.entries(corrections.scores)) {
          await m.getRepository(EvaluationScoreEntity).update({ evaluationId: evaluation.id, dimensionId: ids.get(code)! }, { score: after });
        }
      }
      await this.audit.record(m, actor, {
        action: OUTCOME_ACTIONS[dto.outcome], entityType: 'evaluation_dispute', entityId: disputeId,
        before: { status: 'open', evaluationStatus: evaluation.status, grade: evaluation.grade },
        after: { evaluationId: evaluation.id, status: dto.outcome, evaluationStatus: to, grade: change.grade ?? evaluation.grade, reason: dto.reason, corrections },
      });
      Object.assign(evaluation, change);
      await this.tell(m, afterCommit, evaluation, 'evaluation-resolved', { officers: true, evaluators: true }, { outcome: dto.outcome, reason: dto.reason.slice(0, 500) }, `evaluation-resolved:${disputeId}`);
      return Object.assign(dispute, resolved);
    });
  }

  /** Tells the tenant's officers, the institution's evaluators and/or park staff about an evaluation. */
  private async tell(
    m: EntityManager, afterCommit: AfterCommit, evaluation: EvaluationEntity, template: string,
    to: { officers?: boolean; evaluators?: boolean; managers?: boolean }, extra: Record<string, string>, dedupeKey = `${template}:${evaluation.id}`,
  ): Promise<void> {
    const [tenant, institution] = await Promise.all([
      this.tenants.summary(evaluation.tenantId),
      m.getRepository(EvaluationInstitutionEntity).findOneByOrFail({ id: evaluation.institutionId }),
    ]);
    const userIds: number[] = [];
    if (to.officers) userIds.push(...((await this.users.officersOf([evaluation.tenantId], m)).get(evaluation.tenantId) ?? []));
    if (to.evaluators) userIds.push(...((await this.users.evaluatorsOf([evaluation.institutionId], m)).get(evaluation.institutionId) ?? []));
    if (to.managers) userIds.push(...(await this.users.managerIds(0, 1000)));
    await this.notifications.notify(m, afterCommit, {
      userIds,
      template,
      params: { tenantName: tenant?.name ?? '', institution: institution.name, grade: evaluation.grade, periodFrom: evaluation.periodFrom, periodTo: evaluation.periodTo, ...extra },
      link: `/evaluations/${evaluation.id}`,
      dedupeKey,
    });
  }
}
