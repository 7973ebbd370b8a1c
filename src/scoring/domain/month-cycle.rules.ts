import { itemFor, type Grade, type RuleCategory, type Rulebook, type ScoreGrade } from './rulebook.js';
import type { ScoreContribution, ScoreOverride, ScoreResult } from './score-engine.js';

/**
 * The monthly cycle's rules (一月一审核、一月一公示): months and their as-of day, the final score
 * after a staff adjustment and its grade, what a month still needs before it can be published,
 * the objection window, and the park percentile. Pure.
 */

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** The month's last day: the snapshots' as-of date. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** `YYYY-MM` of a park day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The month before (`2026-01` → `2025-12`). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** The months from `from` to `to`, both included, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

/**
 * A contribution as read back from a snapshot: the engine's, except that `sign` and `category` are
 * only there when they differ from the rulebook's item (readers take them from the rulebook), and
 * `detail` only holds what an explanation reads (see storedExplanation).
 */
export type StoredContribution = Omit<ScoreContribution, 'sign' | 'category'> & { sign?: 1 | -1; category?: RuleCategory | null };

/** What a snapshot keeps of the engine's result: enough to explain it and to grade an adjusted score. */
export interface StoredExplanation {
  base: number;
  total: number;
  unclamped: number;
  contributions: StoredContribution[];
  overrides: ScoreOverride[];
  gradeNote: ScoreResult['gradeNote'];
  /** The engine's grade and band (what an adjustment back to 0 returns to). */
  grade: ScoreGrade;
  bandGrade: Grade;
  rulebookVersion: string;
}

/**
 * The fact details an explanation reads back from a snapshot: the record's title (its name when no
 * context names it any more) and P07's rate (attended of required). The rest of a fact's detail
 * (decision numbers, departments, deadlines …) is the record's own, read from the record.
 */
export const STORED_DETAIL = ['title', 'rate', 'attended', 'required'] as const;

/**
 * The explanation as a snapshot stores it (about half the engine's JSON: 200,000 of them a month):
 * the engine's contributions without what can be read back — `fact` when it is the rule, `uncapped`
 * when it is the points, `capped` when false, `tier` when null, `sign` and `category` when they are
 * the rulebook item's, and the detail keys no page reads. readExplanation puts the defaults back.
 */
export function storedExplanation(r: ScoreResult, rulebook?: Rulebook): Omit<StoredExplanation, 'contributions'> & { contributions: Partial<StoredContribution>[] } {
  return {
    base: r.base, total: r.total, unclamped: r.unclamped, contributions: r.contributions.map((c) => storedContribution(c, rulebook)), overrides: r.overrides, gradeNote: r.gradeNote,
    grade: r.grade, bandGrade: r.bandGrade, rulebookVersion: r.rulebookVersion,
  };
}

function storedContribution(c: ScoreContribution, rulebook: Rulebook | undefined): Partial<StoredContribution> {
  const item = rulebook ? itemFor(rulebook, c.rule) : undefined;
  const out: Partial<StoredContribution> = { rule: c.rule };
  if (c.fact !== c.rule) out.fact = c.fact;
  if (!item || item.sign !== c.sign) out.sign = c.sign;
  if (!item || (item.category ?? null) !== c.category) out.category = c.category;
  out.points = c.points;
  if (c.uncapped !== c.points) out.uncapped = c.uncapped;
  if (c.capped) out.capped = true;
  if (c.tier !== null) out.tier = c.tier;
  out.source = c.source;
  out.date = c.date;
  let detail: StoredContribution['detail'] | undefined;
  for (const key of STORED_DETAIL) {
    const value = c.detail?.[key];
    if (value !== undefined && value !== null) (detail ??= {})[key] = value;
  }
  if (detail) out.detail = detail;
  return out;
}

/** A snapshot's stored explanation with the defaults storedExplanation left out put back (older, full ones read as they are). */
export function readExplanation(text: string): StoredExplanation {
  const e = JSON.parse(text) as StoredExplanation;
  e.contributions = (e.contributions ?? []).map((c) => ({
    ...c, fact: c.fact ?? c.rule, uncapped: c.uncapped ?? c.points, capped: c.capped ?? false, tier: c.tier ?? null, detail: c.detail ?? {},
  }));
  e.overrides ??= [];
  return e;
}

/** The final grade and band of a snapshot after an adjustment (none: the engine's own). */
export function adjustedGrade(score: number, adjustment: number, rulebook: Pick<Rulebook, 'grades' | 'overrides'>, e: StoredExplanation): { grade: ScoreGrade; bandGrade: Grade } {
  if (!adjustment) return { grade: e.grade, bandGrade: e.bandGrade };
  return { grade: gradeOfScore(score, rulebook, e), bandGrade: bandOf(score, rulebook) };
}

/** Negative-list contributions that took points (the year's red-list criterion). */
export function negativeCount(contributions: readonly Pick<ScoreContribution, 'sign' | 'points'>[]): number {
  return contributions.filter((c) => c.sign === -1 && c.points !== 0).length;
}

/** The final score: the engine's total plus the staff adjustment, clamped to the rulebook's range. */
export function adjustedScore(computed: number, adjustment: number, rulebook: Pick<Rulebook, 'min' | 'max'>): number {
  return Math.min(rulebook.max, Math.max(rulebook.min, computed + adjustment));
}

/** The band of a score: the first grade (highest minimum first) whose minimum it reaches. */
export function bandOf(score: number, rulebook: Pick<Rulebook, 'grades'>): Grade {
  const sorted = [...rulebook.grades].sort((a, b) => b.min - a.min);
  return (sorted.find((g) => score >= g.min) ?? sorted[sorted.length - 1]).grade;
}

/** Grades from best to worst as overrides read them: M is sampled as B, so "at most C" turns M into C. */
const RANK: Record<ScoreGrade, number> = { A: 0, B: 1, M: 2, C: 3, D: 4 };

/** `grade`, capped at `atMost`. */
export function capGrade(grade: ScoreGrade, atMost: Grade): ScoreGrade {
  return RANK[grade] >= RANK[atMost] ? grade : atMost;
}

/**
 * The grade of a score set by hand (an adjustment or an erratum): the band of the new score, M kept
 * for a new or data-poor tenant (that is about data, not points), then every override of the
 * rulebook whose fact is among the contributions, and those the engine recorded.
 */
export function gradeOfScore(score: number, rulebook: Pick<Rulebook, 'grades' | 'overrides'>, explanation: Pick<StoredExplanation, 'contributions' | 'overrides' | 'gradeNote'>): ScoreGrade {
  let grade: ScoreGrade = explanation.gradeNote?.kind === 'new' ? 'M' : bandOf(score, rulebook);
  for (const o of rulebook.overrides ?? []) {
    if (explanation.contributions.some((c) => (c.fact === o.fact || c.rule === o.fact) && (o.tier === undefined || c.tier === o.tier))) grade = capGrade(grade, o.atMost);
  }
  for (const o of explanation.overrides) grade = capGrade(grade, o.atMost);
  return grade;
}

/** Whether tenants may still object: up to and including the closing day (park days). */
export function objectionOpen(closesOn: string | null, today: string): boolean {
  return closesOn !== null && today <= closesOn;
}

export interface PublishState {
  status: 'computing' | 'draft' | 'countersigned' | 'published';
  countersignedAt: Date | null;
  objectionClosesOn: string | null;
}

/** What a month still lacks before staff may publish it; `ready` when nothing. */
export interface PublishMissing {
  ready: boolean;
  /** No regulator has countersigned (since the last change). */
  countersignature: boolean;
  /** Objections not yet answered. */
  openObjections: number;
  /** The objection window is still open until this day (null when closed). */
  objectionWindowOpenUntil: string | null;
}

export function publishMissing(month: PublishState, openObjections: number, today: string): PublishMissing {
  const countersignature = month.status !== 'countersigned' || month.countersignedAt === null;
  const windowOpen = objectionOpen(month.objectionClosesOn, today) ? month.objectionClosesOn : null;
  return { ready: !countersignature && openObjections === 0 && windowOpen === null, countersignature, openObjections, objectionWindowOpenUntil: windowOpen };
}

/**
 * The park percentile of each score: the share (0–100, rounded) of the month's tenants whose score
 * is at or below it, from the month's score histogram.
 */
export function percentiles(histogram: readonly { score: number; n: number }[]): Map<number, number> {
  const sorted = [...histogram].filter((h) => h.n > 0).sort((a, b) => a.score - b.score);
  const total = sorted.reduce((s, h) => s + h.n, 0);
  const out = new Map<number, number>();
  let below = 0;
  for (const h of sorted) {
    below += h.n;
    out.set(h.score, Math.round((100 * below) / total));
  }
  return out;
}

export const SCORE_GRADES: readonly ScoreGrade[] = ['A', 'B', 'M', 'C', 'D'];

/** The grade distribution as rows for a table and horizontal SVG bars (widths in percent of the largest). */
export function distributionRows(counts: Partial<Record<ScoreGrade, number>>): { grade: ScoreGrade; n: number; share: number; width: number }[] {
  const total = SCORE_GRADES.reduce((s, g) => s + (counts[g] ?? 0), 0);
  const max = Math.max(1, ...SCORE_GRADES.map((g) => counts[g] ?? 0));
  return SCORE_GRADES.map((grade) => {
    const n = counts[grade] ?? 0;
    return { grade, n, share: total ? Math.round((1000 * n) / total) / 10 : 0, width: Math.round((1000 * n) / max) / 10 };
  });
}

/** Answers staff give an objection; a correction comes with an adjustment. */
export const OBJECTION_ANSWERS = ['corrected', 'unchanged', 'rejected'] as const;
export type ObjectionAnswer = (typeof OBJECTION_ANSWERS)[number];
