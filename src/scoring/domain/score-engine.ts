import type { Grade, Rulebook, RuleCategory, ScoreGrade } from './rulebook.js';
import type { ScoreFact } from './score-fact.js';

/**
 * The score engine: a pure function (facts, rulebook, as-of, the tenant's move-in and its last
 * published months) → total, grade and the explanation. Every contribution names its rule, its
 * points and the record that caused it; base + Σ contributions, clamped to [min, max], equals the
 * total, always. Pure: no framework, no clock, no database.
 */

export interface ScoreSubject {
  tenantId: number;
  /** Park-zone date the tenant moved in (null: unknown, treated as long ago). */
  movedInOn: string | null;
}

/** A published month of the tenant, most recent first: the grade rule's memory (hysteresis). */
export interface PriorMonth {
  /** `YYYY-MM`. */
  month: string;
  score: number;
  /** The published grade. */
  grade: ScoreGrade;
  /** The band the month's score fell in (before hysteresis, overrides and M). */
  bandGrade: Grade;
}

export interface ScoreContribution {
  /** The rulebook item's code. */
  rule: string;
  /** The fact kind it counted. */
  fact: string;
  sign: 1 | -1;
  category: RuleCategory | null;
  /** Signed points after the item's cap (0 when the cap was already reached). */
  points: number;
  /** Signed points before the cap. */
  uncapped: number;
  /** The item's cap cut this contribution (partly or wholly). */
  capped: boolean;
  /** The tier that decided the points (`A`, `serious`, `90` …), if the item has tiers. */
  tier: string | null;
  source: { type: string; id: number };
  /** The fact's park-zone date. */
  date: string;
  detail: ScoreFact['detail'];
}

export interface ScoreOverride {
  /** The override's fact kind (`N09`, `N04`, `N06`). */
  rule: string;
  tier: string | null;
  atMost: Grade;
  /** The grade before and after this override. */
  from: ScoreGrade;
  to: ScoreGrade;
  source: { type: string; id: number };
}

export interface ScoreResult {
  tenantId: number;
  asOf: string;
  rulebookVersion: string;
  base: number;
  /** base + Σ points, clamped to [rulebook.min, rulebook.max]. */
  total: number;
  /** base + Σ points before clamping. */
  unclamped: number;
  /** The band of `total` (rulebook.grades), before hysteresis, M and overrides. */
  bandGrade: Grade;
  /** The grade after hysteresis, the M rule and the overrides: what is published. */
  grade: ScoreGrade;
  /** Why the grade differs from the band, if it does. */
  gradeNote: null | { kind: 'held'; heldGrade: Grade; margin: number } | { kind: 'new'; reason: 'movedIn' | 'noData' } | { kind: 'override' };
  /** In rule order (positives P01…, then negatives N01…), then by date and record. */
  contributions: ScoreContribution[];
  /** Applied in order; empty when none applied. */
  overrides: ScoreOverride[];
}

export interface ScoreInput {
  facts: readonly ScoreFact[];
  rulebook: Rulebook;
  asOf: string;
  subject: ScoreSubject;
  /** Published months before `asOf`, most recent first (at least `hysteresis.months − 1` of them when known). */
  prior?: readonly PriorMonth[];
}

/** The score of one tenant as of a date (implemented by the engine helper; table-driven spec beside it). */
export function computeScore(input: ScoreInput): ScoreResult {
  throw new Error(`score engine not built yet (${input.asOf})`);
}
