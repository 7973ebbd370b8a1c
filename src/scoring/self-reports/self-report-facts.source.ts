import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dateText } from '../../database/raw-sql.js';
import { itemFor, type Rulebook } from '../domain/rulebook.js';
import {
  earliestOccurredOn, selfReportFacts, SELF_REPORT_RULES, type FactSelfReport, type SelfReportFact, type SelfReportKind, type SelfReportRule,
} from '../domain/self-report.rules.js';
import { SelfReportEntity } from '../entities/self-report.entity.js';
import { FactSource } from '../facts/fact-source.js';

/** Tenants per IN (…) list (as the other pillars: well under every driver's parameter limit). */
const CHUNK = 5000;

/**
 * The self-reports' score facts (P09 P10 P11) for many tenants as of a date, set-based: per 5,000
 * tenants one query over `(tenantId, status, occurredOn)` for the approved claims that occurred in the
 * widest window. The decision (approved on or before the date, occurred in the item's trailing window
 * ending on it) is domain/self-report.rules.ts; the windows are the rulebook's.
 */
@Injectable()
export class SelfReportFactsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @FactSource({ name: 'self-reports', rules: ['P09', 'P10', 'P11'] })
  async factsFor(tenantIds: readonly number[], asOf: string, rulebook: Rulebook): Promise<Map<number, SelfReportFact[]>> {
    const ids = [...new Set(tenantIds)].sort((a, b) => a - b);
    const out = new Map<number, SelfReportFact[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const windows: Partial<Record<SelfReportRule, number>> = {};
    for (const rule of SELF_REPORT_RULES) {
      const months = itemFor(rulebook, rule)?.windowMonths;
      if (months !== undefined) windows[rule] = months;
    }
    const from = earliestOccurredOn(asOf, windows);
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const reports = await this.approved(chunk, asOf, from);
      for (const [tenantId, list] of selfReportFacts({ tenantIds: chunk, asOf, reports, windows })) out.set(tenantId, list);
    }
    return out;
  }

  private async approved(tenantIds: readonly number[], asOf: string, from: string | null): Promise<FactSelfReport[]> {
    const qb = this.dataSource.getRepository(SelfReportEntity).createQueryBuilder('s')
      .select('s.id', 'id').addSelect('s.tenantId', 'tenantId').addSelect('s.kind', 'kind').addSelect('s.rule', 'rule').addSelect('s.title', 'title')
      .addSelect('s.occurredOn', 'occurredOn').addSelect('s.decidedOn', 'decidedOn');
    // A dense chunk (most of the park) reads its id range, one range of the index, rather than a list of 5,000 ids.
    const first = tenantIds[0];
    const last = tenantIds[tenantIds.length - 1];
    const dense = last - first + 1 <= 2 * tenantIds.length;
    if (dense) qb.where('s.tenantId BETWEEN :first AND :last', { first, last });
    else qb.where('s.tenantId IN (:...tenantIds)', { tenantIds });
    qb.andWhere("s.status = 'approved'").andWhere('s.decidedOn <= :asOf', { asOf }).andWhere('s.occurredOn <= :asOf', { asOf });
    if (from !== null) qb.andWhere('s.occurredOn >= :from', { from });
    const wanted = new Set(tenantIds);
    const rows = (await qb.getRawMany<Record<string, unknown>>()).filter((r) => wanted.has(Number(r.tenantId)));
    return rows.map((r) => ({
      id: Number(r.id), tenantId: Number(r.tenantId), kind: r.kind as SelfReportKind, rule: r.rule as SelfReportRule, title: String(r.title),
      occurredOn: dateText(r.occurredOn), decidedOn: dateText(r.decidedOn),
    }));
  }
}
