import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { pageWindow, type Page } from '../../common/pagination.js';
import { writeTable, type TabularFormat } from '../../common/tabular/tabular-export.js';
import { I18nService } from '../../i18n/i18n.service.js';
import { TenantsQueries } from '../../tenants/tenants.queries.js';
import { FactsService } from '../core/facts.service.js';
import { RulebookService } from '../core/rulebook.service.js';
import {
  annualScore, meetsAnnualCriteria, openFindingRules, rankOrder, yearEnd, yearMonthBounds, type RankedAnnual,
} from '../domain/annual-results.rules.js';
import { DEFAULT_RULEBOOK } from '../domain/rulebook.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';
import { MonthScoresCache, type MonthScores } from './month-scores.cache.js';

/** Tenants per facts request (FactsService) and per name lookup while exporting. */
const CHUNK = 5000;
const EXPORT_CHUNK = 1000;
/** Highest tenant id for which the merge uses a slot table (16 MB) rather than a map. */
const DENSE_IDS = 4_000_000;
/** Years whose ranking is kept in memory at once (about 4 MB each for 200,000 tenants). */
const YEARS_KEPT = 2;

export interface AnnualQuery {
  /** Any part of the name, USCC or legal representative (the registry's search rules). */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface AnnualRow {
  rank: number;
  tenantId: number;
  name: string;
  uscc: string;
  /** Mean of the year's published months (after errata), rounded to two decimals. */
  annualScore: number;
  /** Sum of those months' scores, for an exact comparison (annualScore = scoreSum / monthsCounted). */
  scoreSum: number;
  monthsCounted: number;
  /** Months of the year with at least one negative-list item. */
  negativeMonths: number;
}

export interface AnnualPage extends Page<AnnualRow> {
  year: number;
  /** The year's published months (`YYYY-MM`), oldest first. */
  months: string[];
  /** Tenants ranked in the year (the whole park, whatever the search). */
  ranked: number;
}

export interface Nomination extends AnnualRow {}

export interface ExcludedCandidate extends AnnualRow {
  /** The open-finding rules (N04, N05, N06) the tenant has facts of today. */
  rules: string[];
}

export interface Nominations {
  year: number;
  months: string[];
  /** The park day on which "no open finding" was checked. */
  checkedOn: string;
  /** The threshold and the rulebook version (in force on the year's last day) it comes from. */
  minAnnual: number;
  rulebookVersion: string;
  /** Tenants meeting every criterion, in rank order. */
  items: Nomination[];
  /** Tenants meeting the year's criteria but with an open finding today. */
  excluded: ExcludedCandidate[];
}

/** A year's ranking in rank order, column by column (typed arrays: 200,000 tenants in a few MB). */
interface YearRanking {
  key: string;
  months: string[];
  monthIds: number[];
  size: number;
  tenantIds: Int32Array;
  scoreSums: Int32Array;
  monthCounts: Int32Array;
  negativeMonths: Int32Array;
  ranks: Int32Array;
  /** Positions sorted by tenant id, for finding a tenant's position by binary search. */
  byTenant: Int32Array;
}

function rowAt(r: YearRanking, p: number): RankedAnnual {
  return {
    tenantId: r.tenantIds[p], scoreSum: r.scoreSums[p], months: r.monthCounts[p], negativeMonths: r.negativeMonths[p], rank: r.ranks[p],
    annualScore: annualScore(r.scoreSums[p], r.monthCounts[p]),
  };
}

function positionOf(r: YearRanking, tenantId: number): number | undefined {
  let lo = 0;
  let hi = r.size - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const id = r.tenantIds[r.byTenant[mid]];
    if (id === tenantId) return r.byTenant[mid];
    if (id < tenantId) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * The year (分年度累计): each tenant's annual score (mean of its scores in the year's published
 * months, after errata), the park's dense ranking, and the red-list nominations for the lists
 * context to act on. The ranking is merged from the year's published months as MonthScoresCache
 * keeps them (each read once, re-read after an erratum of its own) and kept per year until a month
 * is published or an erratum written (checked on every read by two small queries). Search pages and
 * exports read names from the registry for the rows shown only.
 */
@Injectable()
export class AnnualResultsService {
  private readonly rankings = new Map<number, YearRanking>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly monthScores: MonthScoresCache,
    private readonly tenants: TenantsQueries,
    private readonly facts: FactsService,
    private readonly rulebooks: RulebookService,
    private readonly i18n: I18nService,
  ) {}

  /** The year's ranking, a page at a time, optionally narrowed by a tenant search (ranks stay the park's). */
  async annual(year: number, query: AnnualQuery = {}): Promise<AnnualPage> {
    const ranking = await this.ranking(year);
    const { page, pageSize, skip } = pageWindow(query);
    let positions: number[] | null = null;
    if (query.q?.trim()) positions = await this.searched(ranking, query.q);
    const total = positions ? positions.length : ranking.size;
    const shown = positions
      ? positions.slice(skip, skip + pageSize).map((p) => rowAt(ranking, p))
      : Array.from({ length: Math.max(0, Math.min(pageSize, ranking.size - skip)) }, (_, i) => rowAt(ranking, skip + i));
    return { year, months: ranking.months, ranked: ranking.size, items: await this.named(shown), total, page, pageSize };
  }

  /** The red-list nominations of the year: annual ≥ the rulebook's minAnnual, no negative item in any published month, no open finding today. */
  async nominations(year: number): Promise<Nominations> {
    const { ranking, rulebook, minAnnual, candidates } = await this.candidates(year);
    const checkedOn = this.i18n.today();
    const open = new Map<number, string[]>();
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const facts = await this.facts.factsFor(candidates.slice(i, i + CHUNK).map((c) => c.tenantId), checkedOn);
      for (const [tenantId, list] of facts) {
        const rules = openFindingRules(list);
        if (rules.length) open.set(tenantId, rules);
      }
    }
    const named = await this.named(candidates);
    return {
      year, months: ranking.months, checkedOn, minAnnual, rulebookVersion: rulebook.version,
      items: named.filter((r) => !open.has(r.tenantId)),
      excluded: named.filter((r) => open.has(r.tenantId)).map((r) => ({ ...r, rules: open.get(r.tenantId)! })),
    };
  }

  /** How many tenants meet the year's own criteria (annual ≥ minAnnual, no negative month), before the open-finding check of `nominations`. */
  async candidateCount(year: number): Promise<{ count: number; minAnnual: number }> {
    const { candidates, minAnnual } = await this.candidates(year);
    return { count: candidates.length, minAnnual };
  }

  private async candidates(year: number) {
    const ranking = await this.ranking(year);
    const rulebook = await this.rulebooks.inForce(yearEnd(year));
    const minAnnual = rulebook.nomination?.minAnnual ?? DEFAULT_RULEBOOK.nomination!.minAnnual;
    const candidates: RankedAnnual[] = [];
    for (let p = 0; p < ranking.size; p++) {
      const row = rowAt(ranking, p);
      if (meetsAnnualCriteria(row, minAnnual)) candidates.push(row);
    }
    return { ranking, rulebook, minAnnual, candidates };
  }

  /** The year's published months, oldest first (cheap: no ranking). */
  async publishedMonths(year: number): Promise<string[]> {
    return (await this.monthScores.published(yearMonthBounds(year))).map((m) => m.month);
  }

  /** The year of the last published month, or null when none is published yet. */
  async lastPublishedYear(): Promise<number | null> {
    const [m] = await this.monthScores.published({ last: 1 });
    return m ? Number(m.month.slice(0, 4)) : null;
  }

  fileName(year: number, format: TabularFormat): string {
    return `annual-scores-${year}.${format}`;
  }

  /** The ranking (narrowed by the search, if any) as CSV or XLSX, names read a thousand at a time. */
  async write(format: TabularFormat, year: number, query: AnnualQuery, locale: string, out: Writable): Promise<void> {
    const ranking = await this.ranking(year);
    const positions = query.q?.trim() ? await this.searched(ranking, query.q) : null;
    const size = positions ? positions.length : ranking.size;
    const at = (i: number) => rowAt(ranking, positions ? positions[i] : i);
    const t = (key: string) => this.i18n.t(locale, `scoringOverview.annual.${key}`);
    const named = this.named.bind(this);
    async function* cells(): AsyncGenerator<readonly string[]> {
      for (let i = 0; i < size; i += EXPORT_CHUNK) {
        const batch = Array.from({ length: Math.min(EXPORT_CHUNK, size - i) }, (_, j) => at(i + j));
        for (const r of await named(batch)) {
          yield [String(r.rank), r.name, r.uscc, r.annualScore.toFixed(2), String(r.monthsCounted), String(r.negativeMonths)];
        }
      }
    }
    await writeTable(format, {
      sheetName: `${year}`,
      columns: [
        { header: t('rank'), width: 8 }, { header: t('tenant'), width: 40 }, { header: t('uscc'), width: 22 },
        { header: t('annualScore'), width: 12 }, { header: t('monthsCounted'), width: 12 }, { header: t('negativeMonths'), width: 14 },
      ],
      rows: cells(),
    }, out);
  }

  /** The year's ranking: kept while its published months and their errata are unchanged, else merged from the months' scores. */
  private async ranking(year: number): Promise<YearRanking> {
    const months = await this.monthScores.published(yearMonthBounds(year));
    const scores = await this.monthScores.scores(months);
    const key = scores.map((m) => `${m.monthId}@${m.key}`).join(',');
    const kept = this.rankings.get(year);
    if (kept?.key === key) return kept;
    const ranking = this.rank(scores, key);
    this.rankings.delete(year);
    this.rankings.set(year, ranking);
    while (this.rankings.size > YEARS_KEPT) this.rankings.delete(this.rankings.keys().next().value!);
    return ranking;
  }

  /** Merges the months' scores per tenant (a dense slot table when tenant ids allow it) and ranks the columns. */
  private rank(months: readonly MonthScores[], key: string): YearRanking {
    let maxId = 0;
    let rows = 0;
    for (const m of months) {
      rows += m.tenantIds.length;
      for (const id of m.tenantIds) if (id > maxId) maxId = id;
    }
    const dense = maxId <= DENSE_IDS ? new Int32Array(maxId + 1).fill(-1) : null;
    const sparse = dense ? null : new Map<number, number>();
    const ids = new Int32Array(Math.min(rows, maxId + 1));
    const sums = new Int32Array(ids.length);
    const counts = new Int32Array(ids.length);
    const negatives = new Int32Array(ids.length);
    let n = 0;
    for (const m of months) {
      for (let i = 0; i < m.tenantIds.length; i++) {
        const id = m.tenantIds[i];
        let k = dense ? dense[id] : (sparse!.get(id) ?? -1);
        if (k < 0) {
          k = n++;
          if (dense) dense[id] = k;
          else sparse!.set(id, k);
          ids[k] = id;
        }
        sums[k] += m.scores[i];
        counts[k]++;
        negatives[k] += m.negative[i];
      }
    }
    const { order, ranks } = rankOrder(ids.subarray(0, n), sums.subarray(0, n), counts.subarray(0, n));
    const size = order.length;
    const tenantIds = Int32Array.from(order, (k) => ids[k]);
    const byTenant = Int32Array.from({ length: size }, (_, p) => p).sort((a, b) => tenantIds[a] - tenantIds[b]);
    return {
      key, months: months.map((m) => m.month), monthIds: months.map((m) => m.monthId), size, tenantIds,
      scoreSums: Int32Array.from(order, (k) => sums[k]), monthCounts: Int32Array.from(order, (k) => counts[k]),
      negativeMonths: Int32Array.from(order, (k) => negatives[k]), ranks, byTenant,
    };
  }

  /** Positions (rank order) of the ranked tenants the registry's search finds. */
  private async searched(ranking: YearRanking, q: string): Promise<number[]> {
    if (!ranking.monthIds.length) return [];
    const qb = this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s').select('s.tenantId', 'tenantId');
    this.tenants.join(qb, 's.tenantId', 't');
    qb.where('s.monthId IN (:...ids)', { ids: ranking.monthIds });
    this.tenants.filter(qb, { q }, 't');
    const found = await qb.distinct(true).getRawMany<{ tenantId: unknown }>();
    const positions = new Set<number>();
    for (const r of found) {
      const p = positionOf(ranking, Number(r.tenantId));
      if (p !== undefined) positions.add(p);
    }
    return [...positions].sort((a, b) => a - b);
  }

  private async named(rows: readonly RankedAnnual[]): Promise<AnnualRow[]> {
    const names = await this.tenants.summaries(rows.map((r) => r.tenantId));
    return rows.map((r) => {
      const t = names.get(r.tenantId);
      return {
        rank: r.rank, tenantId: r.tenantId, name: t?.name ?? `#${r.tenantId}`, uscc: t?.uscc ?? '',
        annualScore: r.annualScore, scoreSum: r.scoreSum, monthsCounted: r.months, negativeMonths: r.negativeMonths,
      };
    });
  }
}
