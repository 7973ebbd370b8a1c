import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { dateText } from '../../database/raw-sql.js';
import { windowMonths, type Rulebook } from '../../scoring/domain/rulebook.js';
import { FactSource } from '../../scoring/facts/fact-source.js';
import { FindingsService } from '../core/findings.service.js';
import type { FindingSeverity, FindingType, RectificationStatus } from '../domain/finding-kinds.js';
import { earliestWindowFrom, findingFacts, type FactAnnualReport, type FactFinding, type FindingFact } from '../domain/finding-facts.rules.js';
import { AnnualReportEntity } from '../entities/annual-report.entity.js';
import { FindingRectificationEntity } from '../entities/finding-rectification.entity.js';
import { FindingEntity } from '../entities/finding.entity.js';
import { chunk } from '../../common/chunk.js';

/** Tenants per IN (…) list (as the trainings source: well under every driver's parameter limit). */
const CHUNK = 5000;
/** Chunks queried at the same time. */
const PARALLEL = 2;
/** P04's due date when the rulebook names none (rules.md: 30 June). */
const DEFAULT_DUE = '06-30';


const dateOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : dateText(v));
const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === '1');

/**
 * The findings pillar's score facts (P03 P04 P05 N04 N05 N06 N08) for many tenants as of a date,
 * set-based: per 5,000 tenants one query over `(tenantId, decisionDate)` for the findings that can
 * still matter (decided in the windows, or older but still in their publicity period, an open
 * listing or an unverified rectification), only the columns the rules read, one for the evidence
 * awaiting verification of those, and one for the previous year's annual reports. The decisions are in
 * domain/finding-facts.rules.ts; windows and P04's due date are the rulebook's.
 */
@Injectable()
export class FindingFactsSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly findings: FindingsService) {}

  @FactSource({ name: 'findings', rules: ['P03', 'P04', 'P05', 'N04', 'N05', 'N06', 'N08'] })
  async factsFor(tenantIds: readonly number[], asOf: string, rulebook: Rulebook): Promise<Map<number, FindingFact[]>> {
    const ids = [...new Set(tenantIds)];
    const out = new Map<number, FindingFact[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const windows = { P03: windowMonths(rulebook, 'P03'), P05: windowMonths(rulebook, 'P05'), N08: windowMonths(rulebook, 'N08') };
    const due = String(rulebook.items.P04?.params?.dueMonthDay ?? DEFAULT_DUE);
    const from = earliestWindowFrom(asOf, windows);
    const year = Number(asOf.slice(0, 4));

    // Sorted, so a chunk of the whole park is a dense id range the index walks as one range.
    const work = chunk([...ids].sort((a, b) => a - b), CHUNK);
    for (let i = 0; i < work.length; i += PARALLEL) {
      const results = await Promise.all(work.slice(i, i + PARALLEL).map(async (chunk) => {
        const [findings, annualReports, departments] = await Promise.all([this.findingsOf(chunk, asOf, from), this.reportsOf(chunk, year - 1), this.findings.departmentsById()]);
        // findingsOf leaves the department's id in `department`; the detail shows its code.
        for (const f of findings) f.department = departments.get(Number(f.department))?.code ?? f.department;
        return findingFacts({ tenantIds: chunk, asOf, findings, annualReports, windows, annualReportDue: due });
      }));
      for (const facts of results) for (const [tenantId, list] of facts) out.set(tenantId, list);
    }
    return out;
  }

  private async findingsOf(tenantIds: readonly number[], asOf: string, from: string): Promise<FactFinding[]> {
    // The department's code is filled in by the caller from the accounts context's list (read beside this query).
    const qb = this.dataSource.getRepository(FindingEntity).createQueryBuilder('f').select('f.id', 'id');
    // A dense chunk (most of the park) reads its id range, one range of the (tenantId, decisionDate) index,
    // rather than a list of 5,000 ids; the few tenants in the range not asked for are dropped below.
    const first = tenantIds[0];
    const last = tenantIds[tenantIds.length - 1];
    const dense = last - first + 1 <= 2 * tenantIds.length;
    if (dense) qb.where('f.tenantId BETWEEN :first AND :last', { first, last });
    else qb.where('f.tenantId IN (:...tenantIds)', { tenantIds });
    for (const c of ['tenantId', 'departmentId', 'type', 'severity', 'title', 'decisionNo', 'decisionDate', 'publicityEndsOn', 'repairedOn',
      'rectificationRequired', 'rectifyBy', 'rectificationStatus', 'rectifiedOn', 'verifiedOn', 'substantiated', 'endedOn']) qb.addSelect(`f.${c}`, c);
    let rows = await qb
      .andWhere('f.decisionDate <= :asOf', { asOf })
      // Older findings only where they can still be a fact: N04 in its period, N06 still listed, N05 past
      // its deadline and not verified by the date, P05 verified in the window.
      .andWhere(new Brackets((w) => w
        .where('f.decisionDate >= :from', { from })
        .orWhere("f.type IN ('penalty', 'inspection', 'other') AND f.publicityEndsOn > :asOf", { asOf })
        .orWhere("f.type = 'abnormal_operations' AND (f.endedOn IS NULL OR f.endedOn > :asOf)", { asOf })
        .orWhere("f.rectifyBy < :asOf AND (f.rectificationStatus IN ('open', 'submitted') OR f.verifiedOn > :asOf)", { asOf })
        .orWhere('f.verifiedOn >= :from', { from })))
      .getRawMany<Record<string, unknown>>();
    if (dense) {
      const wanted = new Set(tenantIds);
      rows = rows.filter((r) => wanted.has(Number(r.tenantId)));
    }
    const pendingIds = rows.filter((r) => r.rectificationStatus === 'submitted').map((r) => Number(r.id));
    const pending = await this.pendingSubmissions(pendingIds);
    // The raw rows become the rule's input in place: hundreds of thousands of copies would mostly feed the garbage collector.
    for (const r of rows) {
      const f = r as unknown as FactFinding;
      f.id = Number(r.id);
      f.tenantId = Number(r.tenantId);
      f.type = r.type as FindingType;
      f.severity = r.severity as FindingSeverity;
      f.title = String(r.title);
      f.decisionNo = String(r.decisionNo);
      f.department = String(r.departmentId);
      f.decisionDate = dateText(r.decisionDate);
      f.publicityEndsOn = dateText(r.publicityEndsOn);
      f.repairedOn = dateOrNull(r.repairedOn);
      f.rectificationRequired = bool(r.rectificationRequired) === true;
      f.rectifyBy = dateOrNull(r.rectifyBy);
      f.rectificationStatus = r.rectificationStatus as RectificationStatus;
      f.rectifiedOn = dateOrNull(r.rectifiedOn);
      f.verifiedOn = dateOrNull(r.verifiedOn);
      f.pendingSubmittedOn = pending.get(f.id) ?? null;
      f.substantiated = bool(r.substantiated);
      f.endedOn = dateOrNull(r.endedOn);
    }
    return rows as unknown as FactFinding[];
  }

  /** When the evidence awaiting verification was submitted, per finding (few: only findings in status submitted). */
  private async pendingSubmissions(findingIds: readonly number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const ids of chunk(findingIds, 1000)) {
      const rows = await this.dataSource.getRepository(FindingRectificationEntity).createQueryBuilder('r')
        .select('r.findingId', 'findingId').addSelect('MAX(r.submittedOn)', 'submittedOn')
        .where('r.findingId IN (:...ids)', { ids }).andWhere('r.decision IS NULL')
        .groupBy('r.findingId')
        .getRawMany<{ findingId: number | string; submittedOn: unknown }>();
      for (const r of rows) out.set(Number(r.findingId), dateText(r.submittedOn));
    }
    return out;
  }

  private async reportsOf(tenantIds: readonly number[], year: number): Promise<FactAnnualReport[]> {
    const qb = this.dataSource.getRepository(AnnualReportEntity).createQueryBuilder('a')
      .select('a.id', 'id').addSelect('a.tenantId', 'tenantId').addSelect('a.year', 'year').addSelect('a.filedOn', 'filedOn')
      .where('a.year = :year', { year });
    const first = tenantIds[0];
    const last = tenantIds[tenantIds.length - 1];
    const dense = last - first + 1 <= 2 * tenantIds.length;
    if (dense) qb.andWhere('a.tenantId BETWEEN :first AND :last', { first, last });
    else qb.andWhere('a.tenantId IN (:...tenantIds)', { tenantIds });
    const wanted = new Set(tenantIds);
    const rows = (await qb.getRawMany<Record<string, unknown>>()).filter((r) => wanted.has(Number(r.tenantId)));
    return rows.map((r) => ({ id: Number(r.id), tenantId: Number(r.tenantId), year: Number(r.year), filedOn: dateText(r.filedOn) }));
  }
}
