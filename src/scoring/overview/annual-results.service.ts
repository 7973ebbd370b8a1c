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
  meetsAnnualCriteria, openFindingRules, rankAnnual, yearEnd, yearMonthBounds, type RankedAnnual,
} from '../domain/annual-results.rules.js';
import { DEFAULT_RULEBOOK } from '../domain/rulebook.js';
import { ScoreErratumEntity } from '../entities/score-erratum.entity.js';
import { ScoreMonthEntity } from '../entities/score-month.entity.js';
import { ScoreSnapshotEntity } from '../entities/score-snapshot.entity.js';

/** Tenants per facts request (FactsService) and per name lookup while exporting. */
const CHUNK = 5000;
const EXPORT_CHUNK = 1000;
/** Years whose ranking is kept in memory at once. */
const YEARS_KEPT = 3;

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

interface YearRanking {
  key: string;
  months: string[];
  monthIds: number[];
  rows: RankedAnnual[];
  /** tenantId → position in `rows`. */
  position: Map<number, number>;
}

/**
 * The year (分年度累计): each tenant's annual score (mean of its scores in the year's published
 * months, after errata), the park's dense ranking, and the red-list nominations for the lists
 * context to act on. One GROUP BY over the year's snapshots ranks the whole park; published months
 * change only through errata, so the ranking is kept per year until a month is published or an
 * erratum is written (checked on every read by two small queries). Search pages and exports read
 * names from the registry for the rows shown only.
 */
@Injectable()
export class AnnualResultsService {
  private readonly rankings = new Map<number, YearRanking>();
  private readonly building = new Map<string, Promise<YearRanking>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const total = positions ? positions.length : ranking.rows.length;
    const shown = positions ? positions.slice(skip, skip + pageSize).map((p) => ranking.rows[p]) : ranking.rows.slice(skip, skip + pageSize);
    return { year, months: ranking.months, ranked: ranking.rows.length, items: await this.named(shown), total, page, pageSize };
  }

  /** The red-list nominations of the year: annual ≥ the rulebook's minAnnual, no negative item in any published month, no open finding today. */
  async nominations(year: number): Promise<Nominations> {
    const ranking = await this.ranking(year);
    const rulebook = await this.rulebooks.inForce(yearEnd(year));
    const minAnnual = rulebook.nomination?.minAnnual ?? DEFAULT_RULEBOOK.nomination!.minAnnual;
    const candidates = ranking.rows.filter((r) => meetsAnnualCriteria(r, minAnnual));
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

  /** The year's published months, oldest first (cheap: no ranking). */
  async publishedMonths(year: number): Promise<string[]> {
    return (await this.yearMonths(year)).map((m) => m.month);
  }

  /** The year of the last published month, or null when none is published yet. */
  async lastPublishedYear(): Promise<number | null> {
    const m = await this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m')
      .where("m.status = 'published'").orderBy('m.month', 'DESC').limit(1).getOne();
    return m ? Number(m.month.slice(0, 4)) : null;
  }

  fileName(year: number, format: TabularFormat): string {
    return `annual-scores-${year}.${format}`;
  }

  /** The ranking (narrowed by the search, if any) as CSV or XLSX, names read a thousand at a time. */
  async write(format: TabularFormat, year: number, query: AnnualQuery, locale: string, out: Writable): Promise<void> {
    const ranking = await this.ranking(year);
    const rows = query.q?.trim() ? (await this.searched(ranking, query.q)).map((p) => ranking.rows[p]) : ranking.rows;
    const t = (key: string) => this.i18n.t(locale, `scoringOverview.annual.${key}`);
    const named = this.named.bind(this);
    async function* cells(): AsyncGenerator<readonly string[]> {
      for (let i = 0; i < rows.length; i += EXPORT_CHUNK) {
        for (const r of await named(rows.slice(i, i + EXPORT_CHUNK))) {
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

  private async yearMonths(year: number): Promise<ScoreMonthEntity[]> {
    const { from, to } = yearMonthBounds(year);
    return this.dataSource.getRepository(ScoreMonthEntity).createQueryBuilder('m')
      .where("m.status = 'published'").andWhere('m.month >= :from AND m.month <= :to', { from, to }).orderBy('m.month', 'ASC').getMany();
  }

  /** The year's ranking: kept while its published months and their errata are unchanged, else one aggregate over the year's snapshots. */
  private async ranking(year: number): Promise<YearRanking> {
    const months = await this.yearMonths(year);
    const ids = months.map((m) => m.id);
    let errata = '0';
    if (ids.length) {
      const e = await this.dataSource.getRepository(ScoreErratumEntity).createQueryBuilder('e')
        .select('COUNT(*)', 'n').addSelect('MAX(e.id)', 'last').where('e.monthId IN (:...ids)', { ids }).getRawOne<{ n: unknown; last: unknown }>();
      errata = `${Number(e?.n ?? 0)}:${Number(e?.last ?? 0)}`;
    }
    const key = `${months.map((m) => `${m.id}@${m.publishedAt ? new Date(m.publishedAt).getTime() : ''}`).join(',')}|${errata}`;
    const kept = this.rankings.get(year);
    if (kept?.key === key) return kept;
    const flight = `${year}|${key}`;
    let pending = this.building.get(flight);
    if (!pending) {
      pending = this.aggregate(months, key).finally(() => this.building.delete(flight));
      this.building.set(flight, pending);
    }
    const ranking = await pending;
    this.rankings.delete(year);
    this.rankings.set(year, ranking);
    while (this.rankings.size > YEARS_KEPT) this.rankings.delete(this.rankings.keys().next().value!);
    return ranking;
  }

  private async aggregate(months: ScoreMonthEntity[], key: string): Promise<YearRanking> {
    const ids = months.map((m) => m.id);
    const raw = ids.length
      ? await this.dataSource.getRepository(ScoreSnapshotEntity).createQueryBuilder('s')
        .select('s.tenantId', 'tenantId').addSelect('SUM(s.score)', 'scoreSum').addSelect('COUNT(*)', 'months')
        .addSelect('SUM(CASE WHEN s.negativeCount > 0 THEN 1 ELSE 0 END)', 'negativeMonths')
        .where('s.monthId IN (:...ids)', { ids }).groupBy('s.tenantId').getRawMany<Record<string, unknown>>()
      : [];
    const rows = rankAnnual(raw.map((r) => ({ tenantId: Number(r.tenantId), scoreSum: Number(r.scoreSum), months: Number(r.months), negativeMonths: Number(r.negativeMonths) })));
    return { key, months: months.map((m) => m.month), monthIds: ids, rows, position: new Map(rows.map((r, i) => [r.tenantId, i])) };
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
      const p = ranking.position.get(Number(r.tenantId));
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
