import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { chunk } from '../../common/chunk.js';
import { pageWindow, type Page } from '../../common/pagination.js';
import { FindingsService } from '../../findings/core/findings.service.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { ScoreHistoryQueries } from '../../scoring/core/score-history.queries.js';
import { AnnualResultsService } from '../../scoring/overview/annual-results.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import type { ListKind, ListRecordRef } from '../domain/list-kinds.js';
import { addMonths } from '../domain/list-periods.rules.js';
import { ListEntryEntity } from '../entities/list-entry.entity.js';

/** Findings of each kind read for the candidates (oldest first); a park with more shows these first. */
const FINDINGS_CAP = 2000;
/** Overdue rectifications that make a watch-list candidate. */
const MIN_OVERDUE = 2;
/** An abnormal-operations listing this old and still not cured leads to the black list (rules.md). */
const ABNORMAL_MONTHS = 36;

export interface ListCandidate {
  tenant: { id: number; name: string; uscc: string };
  list: ListKind;
  criterion: string;
  records: ListRecordRef[];
}

export interface CandidatePage extends Page<ListCandidate> {
  list: ListKind;
  /** Where the candidates come from: the nominations' year, the published month of the grades. */
  year: number | null;
  month: string | null;
}

/**
 * Who the system suggests for each list, tenants already on it or proposed for it left out: red — the
 * last published year's annual nominations (scoring overview); black — a serious finding with a heavy
 * penalty still in publicity and not repaired, or an abnormal-operations listing uncured for three
 * years (findings core); watch — grade D in the last published month (scoring) or at least two
 * overdue rectifications (findings core). Each with the records behind it.
 */
@Injectable()
export class ListCandidatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly annual: AnnualResultsService,
    private readonly findings: FindingsService,
    private readonly history: ScoreHistoryQueries,
    private readonly tenants: TenantsQueries,
    private readonly i18n: I18nService,
  ) {}

  async candidates(list: ListKind, query: { page?: number; pageSize?: number }): Promise<CandidatePage> {
    const today = this.i18n.today();
    const found = new Map<number, { criterion: string; records: ListRecordRef[] }>();
    const add = (tenantId: number, criterion: string, record: ListRecordRef) => {
      const c = found.get(tenantId) ?? { criterion, records: [] };
      c.records.push(record);
      found.set(tenantId, c);
    };
    let year: number | null = null;
    let month: string | null = null;
    if (list === 'red') {
      year = await this.annual.lastPublishedYear();
      if (year !== null) {
        const n = await this.annual.nominations(year);
        for (const r of n.items) add(r.tenantId, 'annual_nomination', { type: 'annual_result', id: year, label: `${year} · ${r.annualScore}` });
      }
    } else {
      const rows = await this.findings.listCandidateFindings(today, addMonths(today, -ABNORMAL_MONTHS), MIN_OVERDUE, FINDINGS_CAP);
      if (list === 'black') {
        for (const f of rows.filter((r) => r.kind === 'heavy')) add(f.tenantId, 'serious_heavy_penalty', { type: 'finding', id: f.id, label: `${f.decisionNo} ${f.title}` });
        for (const f of rows.filter((r) => r.kind === 'abnormal')) add(f.tenantId, 'abnormal_three_years', { type: 'finding', id: f.id, label: `${f.decisionNo} ${f.title}` });
      } else {
        const [graded, last] = await Promise.all([this.history.tenantsWithPublishedGrade(['D']), this.history.lastPublishedMonth()]);
        month = graded.month;
        for (const id of graded.tenantIds) add(id, 'grade_d', { type: 'score_month', id: last?.id ?? 0, label: `${graded.month} D` });
        for (const f of rows.filter((r) => r.kind === 'overdue')) add(f.tenantId, found.get(f.tenantId)?.criterion ?? 'overdue_rectifications', { type: 'finding', id: f.id, label: `${f.decisionNo} ${f.title}` });
      }
    }
    const taken = await this.alreadyOn(list, [...found.keys()]);
    const ids = [...found.keys()].filter((id) => !taken.has(id)).sort((a, b) => a - b);
    const { page, pageSize, skip } = pageWindow(query);
    const shown = ids.slice(skip, skip + pageSize);
    const names = await this.tenants.summaries(shown);
    return {
      list, year, month, page, pageSize, total: ids.length,
      items: shown.map((id) => {
        const t = names.get(id);
        const c = found.get(id)!;
        return { tenant: { id, name: t?.name ?? '', uscc: t?.uscc ?? '' }, list, criterion: c.criterion, records: c.records };
      }),
    };
  }

  /** How many candidates each list has now (the staff's home). */
  async counts(): Promise<Record<ListKind, number>> {
    const [red, black, watch] = await Promise.all((['red', 'black', 'watch'] as const).map((l) => this.candidates(l, { pageSize: 1 })));
    return { red: red.total, black: black.total, watch: watch.total };
  }

  private async alreadyOn(list: ListKind, tenantIds: number[]): Promise<Set<number>> {
    const out = new Set<number>();
    for (const part of chunk(tenantIds, 1000)) {
      const rows = await this.dataSource.getRepository(ListEntryEntity).find({ select: { tenantId: true }, where: { list, tenantId: In(part), status: In(['proposed', 'active']) } });
      for (const r of rows) out.add(r.tenantId);
    }
    return out;
  }
}
