import type { ContributionDiff, DiffableContribution } from './contribution-diff.js';

/**
 * A tenant's published months as the score page shows them: each month's change against the month
 * before, errata marked, the trend of a score against the last published one, and "why it changed"
 * as rows (the contributions that appeared, changed or disappeared). Pure.
 */

export interface PublishedMonthRow {
  /** `YYYY-MM`. */
  month: string;
  /** The month's score and grade now (after any erratum). */
  score: number;
  grade: string;
  /** As published (null for a row written before publication kept these). */
  publishedScore: number | null;
  publishedGrade: string | null;
  percentile: number | null;
}

export interface HistoryRow extends PublishedMonthRow {
  /** Score minus the previous published month's (null for the first). */
  change: number | null;
  /** An erratum changed the score or grade after publication. */
  erratum: boolean;
}

export type TrendDirection = 'up' | 'down' | 'same';

export interface Trend {
  delta: number;
  direction: TrendDirection;
}

/** `current` against `previous` (null when either is unknown). */
export function trendOf(current: number | null | undefined, previous: number | null | undefined): Trend | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const delta = current - previous;
  return { delta, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same' };
}

/**
 * Months newest first (as read) → rows newest first, each with its change against the month
 * published before it (the next row). Months are consecutive published ones; a gap is not filled.
 */
export function historyRows(months: readonly PublishedMonthRow[]): HistoryRow[] {
  const sorted = [...months].sort((a, b) => b.month.localeCompare(a.month));
  return sorted.map((m, i) => ({
    ...m,
    change: i + 1 < sorted.length ? m.score - sorted[i + 1].score : null,
    erratum: (m.publishedScore !== null && m.publishedScore !== m.score) || (m.publishedGrade !== null && m.publishedGrade !== m.grade),
  }));
}

export interface ChangeRow<C extends DiffableContribution> {
  kind: 'appeared' | 'changed' | 'disappeared';
  /** The contribution as it is now (appeared, changed) or as it was (disappeared). */
  contribution: C;
  before: number | null;
  after: number | null;
  tierBefore: string | null;
  tierAfter: string | null;
  /** What it moved the score by. */
  delta: number;
}

/** A contribution diff as rows: what appeared, what changed, what disappeared (each in the explanation's order). */
export function changeRows<C extends DiffableContribution>(diff: ContributionDiff<C>): ChangeRow<C>[] {
  return [
    ...diff.appeared.map((c) => ({ kind: 'appeared' as const, contribution: c, before: null, after: c.points, tierBefore: null, tierAfter: c.tier ?? null, delta: c.points })),
    ...diff.changed.map((c) => ({
      kind: 'changed' as const, contribution: c.after, before: c.before.points, after: c.after.points, tierBefore: c.before.tier ?? null, tierAfter: c.after.tier ?? null, delta: c.delta,
    })),
    ...diff.disappeared.map((c) => ({ kind: 'disappeared' as const, contribution: c, before: c.points, after: null, tierBefore: c.tier ?? null, tierAfter: null, delta: -c.points })),
  ];
}

/** The contributions of a stored explanation (a snapshot's JSON), or null when it cannot be read. */
export function storedContributions(json: string | null | undefined): DiffableContribution[] | null {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as { contributions?: unknown };
    return Array.isArray(parsed.contributions) ? (parsed.contributions as DiffableContribution[]) : null;
  } catch {
    return null;
  }
}
