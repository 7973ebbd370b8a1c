import { Injectable } from '@nestjs/common';
import { AuditSubjectLookup } from '../../audit/audit-subjects.js';
import { I18nService } from '../../i18n/i18n.service.js';
import type { Locale } from '../../i18n/messages/index.js';
import { contributionDiff, type DiffableContribution } from '../domain/contribution-diff.js';
import { itemFor, type Rulebook } from '../domain/rulebook.js';
import { scoreHistorySvg } from '../domain/score-chart.rules.js';
import { changeRows, historyRows, storedContributions, trendOf, type ChangeRow } from '../domain/score-history.rules.js';
import { explanationRefs, explanationView, recordOf, signedText, tierKindOf, type ExplainedRecord, type SubjectOf } from './explanation.view.js';
import { LiveScoreService } from './live-score.service.js';
import { TenantScoreQueries } from './tenant-score.queries.js';

/** A "why it changed" row as the page shows it. */
export interface ChangeView {
  kind: ChangeRow<DiffableContribution>['kind'];
  rule: string;
  label: string;
  before: string | null;
  after: string | null;
  tierBefore: string | null;
  tierAfter: string | null;
  tierKind: ReturnType<typeof tierKindOf>;
  delta: string;
  up: boolean;
  record: ExplainedRecord;
}

/**
 * The model of a tenant's score page: the live score with its explanation, the month in review,
 * the percentile of the last published month, the history chart and table with errata, "why it
 * changed" (the last two published months, and live against the last published), and the what-if
 * form (today only: options are things still to do). The records every part cites are named with
 * one lookup.
 */
@Injectable()
export class ScorePageService {
  constructor(
    private readonly live: LiveScoreService,
    private readonly queries: TenantScoreQueries,
    private readonly subjectLookup: AuditSubjectLookup,
    private readonly i18n: I18nService,
  ) {}

  /**
   * `whatIfKeys`: the what-if options ticked (the form's POST), shown with the hypothetical result;
   * an option not on offer throws ScoreInputError (the controller shows the page again with the error).
   */
  async model(tenantId: number, asOf: string, locale: Locale, whatIfKeys: string[] | null = null) {
    const today = this.i18n.today();
    const isToday = asOf === today;
    const tenant = await this.live.tenant(tenantId);
    const [prepared, published, review, errata] = await Promise.all([
      this.live.prepare(tenantId, asOf, locale, isToday),
      this.queries.published(tenantId),
      this.queries.inReview(tenantId),
      this.queries.errata(tenantId),
    ]);
    const { rulebook, result, options } = prepared;
    const whatIf = whatIfKeys && isToday ? { keys: whatIfKeys, ...(await this.live.apply(prepared, whatIfKeys)) } : null;
    const [last, previous] = published;
    const stored = await this.queries.explanations([last, previous].filter(Boolean).map((m) => m.snapshotId));
    const lastContributions = last ? storedContributions(stored.get(last.snapshotId)) : null;
    const previousContributions = previous ? storedContributions(stored.get(previous.snapshotId)) : null;

    const subjects = await this.subjectLookup.resolve([
      ...explanationRefs([result, ...(whatIf ? [whatIf.result] : [])]),
      ...explanationRefs([{ contributions: [...(lastContributions ?? []), ...(previousContributions ?? [])], overrides: [] }]),
    ], locale);

    const rows = historyRows(published);
    const chart = scoreHistorySvg(rows.map((r) => ({ month: r.month, score: r.score, grade: r.grade, erratum: r.erratum })), {
      title: this.i18n.t(locale, 'scoringScore.history.chartTitle', { name: tenant.name }),
      bands: rulebook.grades, min: rulebook.min, max: rulebook.max, fit: true,
    });
    const changes = (before: DiffableContribution[] | null, after: DiffableContribution[]) =>
      changeRows(contributionDiff(before, after)).map((r) => this.changeView(r, rulebook, locale, subjects));

    const chosen = new Set(whatIf?.keys ?? []);
    return {
      tenant: { id: tenant.id, name: tenant.name, uscc: tenant.uscc },
      asOf, today, isToday,
      total: result.total, grade: result.grade,
      explanation: explanationView(result, rulebook, locale, subjects),
      trend: last ? trendOf(result.total, last.score) : null,
      trendText: last ? signedText(result.total - last.score) : null,
      lastPublished: last ? { month: last.month, score: last.score, grade: last.grade, percentile: last.percentile } : null,
      review: review ? { ...review, link: `/scores/${review.month}/tenants/${tenantId}`, disputed: review.openObjections > 0 } : null,
      history: {
        rows: rows.map((r) => ({ ...r, changeText: r.change === null ? null : signedText(r.change) })),
        chart: rows.length ? chart : null,
        errata,
      },
      whyLast: last && previous && lastContributions
        ? { from: previous.month, to: last.month, delta: signedText(last.score - previous.score), rows: changes(previousContributions, lastContributions) }
        : null,
      whyLive: last && lastContributions && isToday
        ? { from: last.month, delta: signedText(result.total - last.score), rows: changes(lastContributions, result.contributions) }
        : null,
      whatIf: isToday ? {
        options: options.map((o) => ({ key: o.key, action: o.action, label: o.label, link: o.link, checked: chosen.has(o.key) })),
        chosen: whatIf ? whatIf.chosen.map((o) => o.label) : [],
        result: whatIf ? {
          total: whatIf.result.total, grade: whatIf.result.grade, delta: signedText(whatIf.result.total - result.total), up: whatIf.result.total > result.total,
          explanation: explanationView(whatIf.result, rulebook, locale, subjects),
        } : null,
      } : null,
    };
  }

  private changeView(row: ChangeRow<DiffableContribution>, rulebook: Rulebook, locale: Locale, subjects: SubjectOf): ChangeView {
    const c = row.contribution;
    const label = itemFor(rulebook, c.rule)?.label;
    return {
      kind: row.kind, rule: c.rule, label: label?.[locale] ?? label?.['zh-CN'] ?? c.rule,
      before: row.before === null ? null : signedText(row.before), after: row.after === null ? null : signedText(row.after),
      tierBefore: row.tierBefore, tierAfter: row.tierAfter, tierKind: tierKindOf((c as { fact?: string }).fact ?? itemFor(rulebook, c.rule)?.fact ?? c.rule), delta: signedText(row.delta), up: row.delta > 0,
      record: recordOf(c.source, (c as { detail?: Record<string, string | number | null> }).detail, subjects),
    };
  }
}
