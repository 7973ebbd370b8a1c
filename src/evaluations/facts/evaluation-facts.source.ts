import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText } from '../../database/raw-sql.js';
import type { Rulebook } from '../../scoring/domain/rulebook.js';
import { FactSource } from '../../scoring/facts/fact-source.js';
import { evaluationFacts, type EvaluationFact, type FactEvaluation } from '../domain/evaluation-facts.rules.js';
import type { EvaluationGrade } from '../domain/evaluation.rules.js';
import { EvaluationDisputeEntity } from '../entities/evaluation-dispute.entity.js';
import { EvaluationInstitutionEntity } from '../entities/evaluation-institution.entity.js';
import { EvaluationEntity } from '../entities/evaluation.entity.js';

/** Tenants per IN (…) list, like the trainings source. */
const CHUNK = 5000;
/** Chunks queried at the same time. */
const PARALLEL = 2;
/** Up to this many tenants (a live score, a what-if), the open disputes come with the evaluations, one query. */
const FEW = 50;

/**
 * The evaluations pillar's score facts (P06, N07, and the zero-point D03: an accepted evaluation on
 * file) for many tenants as of a date, set-based: per 5,000 tenants one query for the accepted
 * evaluations accepted by the date, valid or expired (over the index on tenant and status), with
 * their institution's name, and one for open disputes of those valid on the date (for a few tenants,
 * a column of the same query). Which one
 * counts, and which is the latest, is domain/evaluation-facts.rules.ts; the tiers are the rulebook's.
 */
@Injectable()
export class EvaluationFactsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @FactSource({ name: 'evaluations', rules: ['P06', 'N07', 'D03'] })
  async factsFor(tenantIds: readonly number[], asOf: string, rulebook: Rulebook): Promise<Map<number, EvaluationFact[]>> {
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, EvaluationFact[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const few = ids.length <= FEW;
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
    for (let i = 0; i < chunks.length; i += PARALLEL) {
      await Promise.all(chunks.slice(i, i + PARALLEL).map(async (chunk) => {
        const qb = this.dataSource.getRepository(EvaluationEntity).createQueryBuilder('v')
          .leftJoin(EvaluationInstitutionEntity, 'n', 'n.id = v.institutionId')
          .select('v.id', 'id').addSelect('v.tenantId', 'tenantId').addSelect('n.name', 'institutionName').addSelect('v.grade', 'grade')
          .addSelect('v.periodTo', 'periodTo').addSelect('v.acceptedOn', 'acceptedOn').addSelect('v.validUntil', 'validUntil')
          .where('v.tenantId IN (:...chunk)', { chunk }).andWhere("v.status = 'accepted'")
          .andWhere('v.acceptedOn <= :asOf', { asOf });
        // A few tenants (a live score): their open disputes in the same query.
        if (few) {
          const open = qb.subQuery().select('1').from(EvaluationDisputeEntity, 'd').where("d.evaluationId = v.id AND d.status = 'open'").getQuery();
          qb.addSelect(`CASE WHEN EXISTS ${open} THEN 1 ELSE 0 END`, 'disputed');
        }
        const rows = await qb.getRawMany<Record<string, unknown>>();
        if (!rows.length) return;
        // Disputes matter only on the evaluations valid on the date (the ones that can count).
        const evaluationIds = few ? [] : rows.filter((r) => dateText(r.validUntil) >= asOf).map((r) => Number(r.id));
        const disputed = few ? new Set(rows.filter((r) => Number(r.disputed) === 1 && dateText(r.validUntil) >= asOf).map((r) => Number(r.id))) : new Set(evaluationIds.length ? (await this.dataSource.getRepository(EvaluationDisputeEntity).createQueryBuilder('d')
          .select('d.evaluationId', 'evaluationId').where('d.evaluationId IN (:...evaluationIds)', { evaluationIds }).andWhere("d.status = 'open'")
          .getRawMany<{ evaluationId: number | string }>()).map((r) => Number(r.evaluationId)) : []);
        const byTenant = new Map<number, FactEvaluation[]>();
        for (const r of rows) {
          const tenantId = Number(r.tenantId);
          const e: FactEvaluation = {
            id: Number(r.id), tenantId, grade: r.grade as EvaluationGrade, periodTo: dateText(r.periodTo), acceptedOn: dateText(r.acceptedOn),
            validUntil: dateText(r.validUntil), institutionName: r.institutionName === null || r.institutionName === undefined ? '' : String(r.institutionName), disputed: disputed.has(Number(r.id)),
          };
          byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), e]);
        }
        for (const [tenantId, list] of byTenant) out.set(tenantId, evaluationFacts(list, asOf, rulebook));
      }));
    }
    return out;
  }
}
