import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error.js';
import type { Principal } from '../../common/principal.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { engagementDue } from '../domain/evaluation.rules.js';
import { EvaluationDisputeEntity } from '../entities/evaluation-dispute.entity.js';
import { EvaluationEngagementEntity } from '../entities/evaluation-engagement.entity.js';
import { EvaluationEntity } from '../entities/evaluation.entity.js';

export interface OpenEngagement {
  id: number;
  tenantId: number;
  tenantName: string;
  uscc: string;
  periodFrom: string;
  periodTo: string;
  due: 'due' | 'overdue';
  /** Evaluations (not voided) already submitted for it. */
  evaluated: boolean;
}

/** An evaluator's engagements (the form's choices and the home page's work queue), and small lookups. */
@Injectable()
export class EngagementsQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly tenants: TenantsQueries, private readonly i18n: I18nService) {}

  /** The active engagements of the evaluator's institution, by due date (at most 200). */
  async openFor(principal: Principal, limit = 200): Promise<OpenEngagement[]> {
    if (!principal.institutionId) return [];
    const evaluations = this.dataSource.getMetadata(EvaluationEntity).tableName;
    const rows = await this.tenants.join(this.dataSource.getRepository(EvaluationEngagementEntity).createQueryBuilder('e'), 'e.tenantId', 't')
      .addSelect('e.id', 'id').addSelect('e.tenantId', 'tenantId').addSelect('e.periodFrom', 'periodFrom').addSelect('e.periodTo', 'periodTo')
      .addSelect(`(SELECT COUNT(*) FROM ${evaluations} x WHERE x.engagementId = e.id AND x.status <> 'voided')`, 'evaluated')
      .where('e.institutionId = :institutionId', { institutionId: principal.institutionId }).andWhere("e.status = 'active'")
      .orderBy('e.periodTo', 'ASC').addOrderBy('e.id', 'ASC').limit(limit)
      .getRawMany<Record<string, unknown>>();
    const today = this.i18n.today();
    return rows.map((r) => {
      const tenant = this.tenants.fromRow(r, Number(r.tenantId), 't');
      const periodTo = String(r.periodTo).slice(0, 10);
      return {
        id: Number(r.id), tenantId: tenant.id, tenantName: tenant.name, uscc: tenant.uscc, periodFrom: String(r.periodFrom).slice(0, 10), periodTo,
        due: engagementDue({ periodTo }, today), evaluated: Number(r.evaluated) > 0,
      };
    });
  }

  async evaluationOfDispute(disputeId: number): Promise<number> {
    const d = await this.dataSource.getRepository(EvaluationDisputeEntity).findOne({ select: { id: true, evaluationId: true }, where: { id: disputeId } });
    if (!d) throw new NotFoundError('evaluations.disputeNotFound');
    return d.evaluationId;
  }
}
