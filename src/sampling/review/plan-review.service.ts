import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { I18nService } from '../../i18n/i18n.service.js';
import { ScoreHistoryQueries } from '../../scoring/core/score-history.queries.js';
import { SamplingFrameService, type FrameCounts } from '../core/sampling-frame.service.js';
import {
  reviewPlan, type BackTestInput, type FrameSizes, type LastYearResults, type MonthKey, type ReviewResult, type StratumKey,
} from '../domain/plan-review.rules.js';
import type { ProgrammeDetail } from '../domain/programme.types.js';
import { SAMPLING_GRADES, type SamplingGrade } from '../domain/sampling-kinds.js';
import { DrawFrameMemberEntity } from '../entities/draw-frame-member.entity.js';
import { DrawEntity } from '../entities/draw.entity.js';
import { InspectionTaskEntity } from '../entities/inspection-task.entity.js';
import { SamplingProgrammeEntity } from '../entities/sampling-programme.entity.js';
import { InspectorPoolService } from '../inspectors/inspector-pool.service.js';
import { ProgrammesQueries } from '../programmes/programmes.queries.js';
import { buildReviewView, type PlanReviewView } from './plan-review.view.js';

/** Visits per inspector and month above which the review flags overload, unless the caller asks for another limit. */
export const DEFAULT_MAX_VISITS_PER_INSPECTOR = 20;
/** The frame counts and last year's figures are kept this long per key (they cost a read of the whole registry). */
const CACHE_MS = 60_000;

/** The review as data (JSON): the rules' result and what it was computed from. */
export interface PlanReviewData extends ReviewResult {
  programmeId: number;
  year: number;
  status: ProgrammeDetail['status'];
  /** Park day the frame was computed for. */
  on: string;
  gradesMonth: string | null;
  tenants: number;
  targetedByRule: FrameCounts['targetedByRule'];
}

/**
 * The review of a programme (the regulator's main page): loads the programme, today's frame in
 * numbers (SamplingFrameService), the inspectors' availability, last year's frames and results and
 * the previous approved programme, and lets plan-review.rules decide. The registry-wide reads are
 * cached a minute per (frame rules, day, last published month).
 */
@Injectable()
export class PlanReviewService {
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programmes: ProgrammesQueries,
    private readonly pool: InspectorPoolService,
    private readonly frames: SamplingFrameService,
    private readonly history: ScoreHistoryQueries,
    private readonly i18n: I18nService,
  ) {}

  /** The review's data (the JSON API); NotFoundError for an unknown programme. */
  async data(programmeId: number, options: { maxVisitsPerInspector?: number } = {}): Promise<PlanReviewData> {
    const programme = await this.programmes.detail(programmeId);
    const on = this.i18n.today();
    const last = await this.history.lastPublishedMonth();
    const frameKey = JSON.stringify(['frame', on, last?.month ?? null, programme.grades.map((g) => g.cooldownMonths), programme.targetedRules, programme.complaintDays]);
    const drawMonths = programme.draws.map((d) => this.i18n.formatDate(d.drawAt).slice(5, 7) as MonthKey);
    const [counts, availability, previous, backTest] = await Promise.all([
      this.cached(frameKey, () => this.frames.frameCounts(programme, on)),
      this.pool.availability(programme.departments.map((d) => d.departmentId), programme.year),
      this.programmes.previousApproved(programme),
      this.cached(JSON.stringify(['backTest', programme.year, programme.draws.map((d) => [d.grades.join(''), d.status]), drawMonths]), () => this.backTestInput(programme, drawMonths)),
    ]);
    const result = reviewPlan({
      programme, counts: counts.grades, drawMonths, availability, maxVisitsPerInspector: options.maxVisitsPerInspector ?? DEFAULT_MAX_VISITS_PER_INSPECTOR,
      backTest, previous,
    }, (d) => this.i18n.formatDate(d));
    return {
      programmeId: programme.id, year: programme.year, status: programme.status, on, gradesMonth: counts.gradesMonth, tenants: counts.tenants,
      targetedByRule: counts.targetedByRule, ...result,
    };
  }

  /** The review as the programme page shows it (`{{> sampling-plan-review review}}`). */
  async review(programmeId: number, locale: string, options: { maxVisitsPerInspector?: number } = {}): Promise<PlanReviewView> {
    const data = await this.data(programmeId, options);
    const previous = data.diff ? await this.programmes.detail(data.diff.previousId).catch(() => null) : null;
    return buildReviewView(data, { i18n: this.i18n, locale, previousTitle: previous?.title ?? '' });
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    for (const [k, v] of this.cache) if (now - v.at > CACHE_MS) this.cache.delete(k);
    const hit = this.cache.get(key);
    if (hit) return hit.value as Promise<T>;
    const value = load();
    value.catch(() => this.cache.delete(key));
    this.cache.set(key, { at: now, value });
    return value;
  }

  /**
   * Last year's frames for each of this plan's draws — the frozen frames of last year's drawn draws
   * (their average per stratum, over the draws that included it), else the grades published by the
   * end of the same month last year — and last year's recorded results by stratum.
   */
  private async backTestInput(programme: ProgrammeDetail, drawMonths: MonthKey[]): Promise<BackTestInput> {
    const year = programme.year - 1;
    const results = await this.lastYearResults(year);
    const drawn = await this.dataSource.getRepository(DrawEntity).createQueryBuilder('d')
      .innerJoin(SamplingProgrammeEntity, 'p', 'p.id = d.programmeId')
      .select(['d.id', 'd.grades']).where('p.year = :year', { year }).andWhere("d.status = 'drawn'").getMany();
    if (drawn.length) {
      const rows = await this.dataSource.getRepository(DrawFrameMemberEntity).createQueryBuilder('m')
        .select('m.kind', 'kind').addSelect('COUNT(*)', 'n').where('m.drawId IN (:...ids)', { ids: drawn.map((d) => d.id) })
        .andWhere("m.kind <> 'X'").groupBy('m.kind').getRawMany<{ kind: StratumKey; n: number | string }>();
      const sizes: FrameSizes = {};
      for (const r of rows) {
        const including = r.kind === 'T' ? drawn.length : drawn.filter((d) => d.grades.includes(r.kind)).length;
        if (including) sizes[r.kind] = Math.round(Number(r.n) / including);
      }
      return { year, source: 'draws', frames: programme.draws.map(() => sizes), results };
    }
    const byMonth = new Map<MonthKey, FrameSizes | null>();
    for (const month of new Set(drawMonths)) {
      const published = await this.history.publishedGradeCountsAsOf(`${year}-${month}`);
      if (!published || !published.month.startsWith(`${year}-`)) {
        byMonth.set(month, null);
        continue;
      }
      const sizes: FrameSizes = { T: 0 };
      for (const [grade, n] of Object.entries(published.counts)) {
        const stratum = (grade === 'M' ? 'B' : grade) as SamplingGrade;
        if (SAMPLING_GRADES.includes(stratum)) sizes[stratum] = (sizes[stratum] ?? 0) + (n ?? 0);
      }
      byMonth.set(month, sizes);
    }
    const frames = drawMonths.map((m) => byMonth.get(m) ?? null);
    return { year, source: frames.some((f) => f) ? 'grades' : 'none', frames, results };
  }

  /** Tasks whose result was recorded for an inspection last year, by stratum: how many, and hits (problems, not found). One grouped statement. */
  private async lastYearResults(year: number): Promise<LastYearResults> {
    const rows = await this.dataSource.getRepository(InspectionTaskEntity).createQueryBuilder('t')
      .select('t.stratum', 'stratum').addSelect('COUNT(*)', 'n')
      .addSelect("SUM(CASE WHEN t.result IN ('problems', 'not_found') THEN 1 ELSE 0 END)", 'hits')
      .where('t.result IS NOT NULL').andWhere('t.inspectedOn >= :from', { from: `${year}-01-01` }).andWhere('t.inspectedOn <= :to', { to: `${year}-12-31` })
      .groupBy('t.stratum').getRawMany<{ stratum: StratumKey; n: number | string; hits: number | string | null }>();
    return Object.fromEntries(rows.map((r) => [r.stratum, { recorded: Number(r.n), hits: Number(r.hits ?? 0) }]));
  }
}

