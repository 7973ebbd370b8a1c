import { Injectable } from '@nestjs/common';
import { AuditSubjectLookup } from '../../audit/audit-subjects.js';
import { ContributionRegistry } from '../../common/contributions/contribution-registry.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { TenantsQueries, type TenantSummary } from '../../tenants/tenants.queries.js';
import { FactsService } from '../core/facts.service.js';
import { RulebookService } from '../core/rulebook.service.js';
import { ScoreHistoryQueries } from '../core/score-history.queries.js';
import { ScoreService } from '../core/score.service.js';
import { itemFor, type Rulebook } from '../domain/rulebook.js';
import type { PriorMonth, ScoreResult } from '../domain/score-engine.js';
import type { ScoreFact } from '../domain/score-fact.js';
import { WHAT_IF_SOURCES, type WhatIfOption } from '../what-if/what-if-source.js';
import { parseAsOf } from './as-of.rules.js';
import { explanationRefs, explanationView, type ExplainableResult, type ExplanationView, type SubjectOf } from './explanation.view.js';
import { ScoreInputError } from './score-errors.js';
import { applyWhatIf, topRaisers, unknownOptions } from './what-if.rules.js';

/** A score with its rulebook and the names of the records it cites (one lookup). */
export interface LiveScore {
  result: ScoreResult;
  rulebook: Rulebook;
  subjects: SubjectOf;
}

/** The JSON of a score (GET /api/v1/tenants/:id/score, and each side of a what-if). */
export interface ScoreBody {
  tenantId: number;
  asOf: string;
  rulebookVersion: string;
  base: number;
  total: number;
  grade: string;
  bandGrade: string;
  gradeNote: ScoreResult['gradeNote'];
  contributions: {
    rule: string; points: number; source: { type: string; id: number }; label: string; tier: string | null; capped: boolean; date: string;
    record: { label: string; link: string | null };
  }[];
  overrides: ScoreResult['overrides'];
}

/** A tenant's facts as of a date, scored, with the what-if options on offer (none when not asked for). */
export interface PreparedScore {
  tenantId: number;
  asOf: string;
  rulebook: Rulebook;
  facts: ScoreFact[];
  prior: Map<number, PriorMonth[]>;
  options: WhatIfOption[];
  result: ScoreResult;
}

/**
 * The live score of one tenant as of a date, with its explanation, and what-if: everything goes
 * through ScoreService (the same path as the month-end run), with one lookup of the cited records'
 * names. Lean on purpose (the live score answers in milliseconds at 200,000 tenants): the rulebook
 * once, the facts through the FactSource port once, the records' names once.
 */
@Injectable()
export class LiveScoreService {
  constructor(
    private readonly scores: ScoreService,
    private readonly facts: FactsService,
    private readonly rulebooks: RulebookService,
    private readonly history: ScoreHistoryQueries,
    private readonly tenants: TenantsQueries,
    private readonly subjectLookup: AuditSubjectLookup,
    private readonly contributions: ContributionRegistry,
    private readonly i18n: I18nService,
  ) {}

  /** `raw` as a date to score on (default today); a malformed, future or ancient date is a 422 on `field`. */
  asOf(raw: unknown, field = 'asOf'): string {
    const parsed = parseAsOf(raw, this.i18n.today());
    if (!parsed.ok) throw new ScoreInputError({ [field]: [parsed.problem] });
    return parsed.asOf;
  }

  /** The tenant, or 404. */
  async tenant(tenantId: number): Promise<TenantSummary> {
    const tenant = await this.tenants.summary(tenantId);
    if (!tenant) throw new NotFoundError();
    return tenant;
  }

  async live(tenantId: number, asOf: string, locale: Locale): Promise<LiveScore> {
    // The facts are read with the rulebook last read while the service checks it is still the one in
    // force (one round trip less); after an approval in between, the score is computed again.
    const known = this.rulebooks.lastKnownInForce(asOf);
    const [rulebook, early] = await Promise.all([this.rulebooks.inForce(asOf), known ? this.scores.scoreOf(tenantId, asOf, { rulebook: known }) : null]);
    const result = early && rulebook === known ? early : await this.scores.scoreOf(tenantId, asOf, { rulebook });
    return { result, rulebook, subjects: await this.subjectLookup.resolve(explanationRefs([result]), locale) };
  }

  /** The score alone, without naming the records (the hub's card). */
  async scoreToday(tenantId: number, asOf: string): Promise<ScoreResult> {
    return this.scores.scoreOf(tenantId, asOf, { rulebook: await this.rulebooks.inForce(asOf) });
  }

  /** Results explained at once (one lookup of every record they cite), e.g. a live score and its what-if, or a month's snapshots. */
  async explain(results: readonly ExplainableResult[], rulebook: Rulebook | null, locale: Locale): Promise<ExplanationView[]> {
    const subjects = await this.subjectLookup.resolve(explanationRefs(results), locale);
    return results.map((r) => explanationView(r, rulebook, locale, subjects));
  }

  body(score: LiveScore, locale: Locale): ScoreBody {
    const { result, rulebook, subjects } = score;
    return {
      tenantId: result.tenantId,
      asOf: result.asOf,
      rulebookVersion: result.rulebookVersion,
      base: result.base,
      total: result.total,
      grade: result.grade,
      bandGrade: result.bandGrade,
      gradeNote: result.gradeNote,
      contributions: result.contributions.map((c) => {
        const label = itemFor(rulebook, c.rule)?.label;
        const subject = subjects(c.source.type, String(c.source.id));
        const title = c.detail?.title;
        return {
          rule: c.rule, points: c.points, source: c.source, label: label?.[locale] ?? label?.['zh-CN'] ?? c.rule, tier: c.tier, capped: c.capped, date: c.date,
          record: { label: subject?.label ?? (typeof title === 'string' && title ? title : `${c.source.type} #${c.source.id}`), link: subject?.link ?? null },
        };
      }),
      overrides: result.overrides,
    };
  }

  /**
   * The tenant's facts as of `asOf` (loaded once), its score, and, with `options`, every pillar's
   * what-if options for those facts.
   */
  async prepare(tenantId: number, asOf: string, locale: Locale, withOptions: boolean): Promise<PreparedScore> {
    const rulebook = await this.rulebooks.inForce(asOf);
    const [facts, prior] = await Promise.all([
      this.facts.factsFor([tenantId], asOf, rulebook).then((m) => m.get(tenantId) ?? []),
      this.history.priorMonths([tenantId], asOf.slice(0, 7), Math.max(1, rulebook.hysteresis?.months ?? 1)),
    ]);
    const [lists, result] = await Promise.all([
      withOptions ? Promise.all(this.contributions.of(WHAT_IF_SOURCES).map((s) => s.fn(tenantId, asOf, rulebook, facts, locale))) : Promise.resolve([]),
      this.scoreWith({ tenantId, asOf, rulebook, prior }, facts),
    ]);
    return { tenantId, asOf, rulebook, facts, prior, options: lists.flat(), result };
  }

  private async scoreWith(basis: Pick<PreparedScore, 'tenantId' | 'asOf' | 'rulebook' | 'prior'>, facts: ScoreFact[]): Promise<ScoreResult> {
    return this.scores.scoreOf(basis.tenantId, basis.asOf, { rulebook: basis.rulebook, prior: basis.prior, facts: new Map([[basis.tenantId, facts]]) });
  }

  /** The score with the chosen options done; nothing is saved. An option not on offer (unknown, already done, another tenant's) is a 422 on `options`. */
  async apply(prepared: PreparedScore, keys: readonly string[]): Promise<{ chosen: WhatIfOption[]; result: ScoreResult }> {
    const unknown = unknownOptions(keys, prepared.options);
    if (unknown.length) throw new ScoreInputError({ options: [{ code: 'oneOf', params: { keys: unknown.join(', ') } }] });
    const wanted = new Set(keys);
    const chosen = prepared.options.filter((o) => wanted.has(o.key));
    return { chosen, result: await this.scoreWith(prepared, applyWhatIf(prepared.facts, chosen)) };
  }

  /** The options a tenant has as of a date (the what-if form's boxes). */
  async options(tenantId: number, asOf: string, locale: Locale): Promise<WhatIfOption[]> {
    return (await this.prepare(tenantId, asOf, locale, true)).options;
  }

  /** The score now and as it would be with the chosen options done (the API); nothing is saved. */
  async whatIf(tenantId: number, asOf: string, keys: readonly string[], locale: Locale): Promise<{ current: LiveScore; whatIf: LiveScore; chosen: WhatIfOption[] }> {
    const prepared = await this.prepare(tenantId, asOf, locale, true);
    const { chosen, result } = await this.apply(prepared, keys);
    const subjects = await this.subjectLookup.resolve(explanationRefs([prepared.result, result]), locale);
    return {
      current: { result: prepared.result, rulebook: prepared.rulebook, subjects },
      whatIf: { result, rulebook: prepared.rulebook, subjects },
      chosen,
    };
  }

  /** The live score and the `count` options that would raise it most, each done alone (the officer's home). */
  async raisers(tenantId: number, asOf: string, locale: Locale, count = 3): Promise<{ current: ScoreResult; raisers: { option: WhatIfOption; gain: number; total: number }[] }> {
    const prepared = await this.prepare(tenantId, asOf, locale, true);
    const each = await Promise.all(prepared.options.map(async (option) => ({ option, total: (await this.scoreWith(prepared, applyWhatIf(prepared.facts, [option]))).total })));
    const totals = new Map(each.map((e) => [e.option.key, e.total]));
    const best = topRaisers(each.map((e) => ({ option: e.option, gain: e.total - prepared.result.total })), count);
    return { current: prepared.result, raisers: best.map((b) => ({ ...b, total: totals.get(b.option.key)! })) };
  }
}
