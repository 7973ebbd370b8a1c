import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canReadTenant, isEvaluator, isManager } from '../../accounts/domain/access-policy.js';
import type { Principal } from '../../common/principal.js';
import { HomeSection } from '../../home/home-sections.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { HubPanel } from '../../tenants/hub-panels.js';
import { latestAccepted } from '../domain/evaluation-facts.rules.js';
import { EvaluationDisputeEntity } from '../entities/evaluation-dispute.entity.js';
import { EvaluationInstitutionEntity } from '../entities/evaluation-institution.entity.js';
import { EvaluationScoreEntity } from '../entities/evaluation-score.entity.js';
import { EvaluationEntity } from '../entities/evaluation.entity.js';
import { EngagementsQueries } from '../records/engagements.queries.js';
import { EvaluationsQueries } from '../records/evaluations.queries.js';

const FIRST = 10;

/**
 * The evaluations panel of the tenant hub (the latest accepted evaluation, its dimensions, validity
 * and an expired flag, an open dispute) and the home page's work queues: an evaluator's engagements
 * due and evaluations awaiting acceptance or in dispute; staff's evaluations to accept and disputes to resolve.
 */
@Injectable()
export class EvaluationsHubQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engagements: EngagementsQueries,
    private readonly evaluations: EvaluationsQueries,
    private readonly i18n: I18nService,
  ) {}

  @HubPanel({ partial: 'hub-evaluations', order: 30 })
  async panel(tenantId: number, principal: Principal): Promise<Record<string, unknown> | null> {
    if (!canReadTenant(principal, tenantId)) return null;
    const today = this.i18n.today();
    const accepted = await this.dataSource.getRepository(EvaluationEntity).find({
      select: { id: true, tenantId: true, institutionId: true, grade: true, periodFrom: true, periodTo: true, acceptedOn: true, validUntil: true },
      where: { tenantId, status: 'accepted' },
    });
    const latest = latestAccepted(accepted.map((e) => ({ ...e, acceptedOn: e.acceptedOn! })), today);
    const [pending, openDisputes] = await Promise.all([
      this.dataSource.getRepository(EvaluationEntity).countBy({ tenantId, status: 'submitted' }),
      this.dataSource.getRepository(EvaluationDisputeEntity).find({ select: { id: true, evaluationId: true }, where: { tenantId, status: 'open' } }),
    ]);
    let current: Record<string, unknown> | null = null;
    if (latest) {
      const e = latest.evaluation;
      const [institution, scores] = await Promise.all([
        this.dataSource.getRepository(EvaluationInstitutionEntity).findOne({ select: { id: true, name: true }, where: { id: e.institutionId } }),
        this.dataSource.getRepository(EvaluationScoreEntity).createQueryBuilder('s').innerJoinAndSelect('s.dimension', 'd')
          .where('s.evaluationId = :id', { id: e.id }).orderBy('d.sortOrder', 'ASC').addOrderBy('d.id', 'ASC').getMany(),
      ]);
      current = {
        id: e.id, grade: e.grade, periodFrom: e.periodFrom, periodTo: e.periodTo, acceptedOn: e.acceptedOn, validUntil: e.validUntil,
        expired: latest.expired, institution: institution?.name ?? '', disputed: openDisputes.some((d) => d.evaluationId === e.id),
        scores: scores.map((s) => ({ code: s.dimension!.code, labelZh: s.dimension!.labelZh, labelEn: s.dimension!.labelEn, score: s.score })),
      };
    }
    return { tenantId, current, pending, openDisputes: openDisputes.length, firstDispute: openDisputes[0]?.evaluationId ?? null };
  }

  @HomeSection({ partial: 'home-evaluations', order: 10 })
  async home(principal: Principal): Promise<Record<string, unknown> | null> {
    if (isEvaluator(principal)) {
      if (!principal.institutionId) return { evaluator: true, unbound: true };
      const [engagements, awaiting, disputed] = await Promise.all([
        this.engagements.openFor(principal),
        this.evaluations.list({ status: 'submitted', pageSize: FIRST }, principal),
        this.evaluations.list({ dispute: 'open', pageSize: FIRST }, principal),
      ]);
      const due = engagements.filter((e) => !e.evaluated);
      return {
        evaluator: true, due: due.slice(0, FIRST), dueCount: due.length, overdueCount: due.filter((e) => e.due === 'overdue').length,
        awaiting: awaiting.items, awaitingCount: awaiting.total, disputed: disputed.items, disputedCount: disputed.total,
      };
    }
    if (isManager(principal)) {
      const [awaiting, disputed] = await Promise.all([
        this.evaluations.list({ status: 'submitted', pageSize: FIRST }, principal),
        this.evaluations.list({ dispute: 'open', pageSize: FIRST }, principal),
      ]);
      if (!awaiting.total && !disputed.total) return null;
      return { staff: true, awaiting: awaiting.items, awaitingCount: awaiting.total, disputed: disputed.items, disputedCount: disputed.total };
    }
    return null;
  }
}
