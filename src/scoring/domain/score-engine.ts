import { factKind } from './fact-kinds.js';
import type { Grade, GradeOverride, Rulebook, RuleCategory, ScoreGrade } from './rulebook.js';
import type { ScoreFact } from './score-fact.js';
import { asOfDays, countsOn, type AsOfDays } from './score-window.js';

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
  gradeNote: null | { kind: 'held'; heldGrade: Grade; margin: number; boundary: number } | { kind: 'new'; reason: 'movedIn' | 'noData' } | { kind: 'override' };
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

/**
 * The score of one tenant as of a date. The decisions, in order:
 * 1. Which facts count (`countsOn`, score-window.ts): date ≤ asOf and, for an item with a window,
 *    inside the trailing window ending on asOf, read the way the pillars read their windows. A fact
 *    repeated with the same rule, record type and record id counts once (the earliest).
 * 2. Points per counted fact: with tiers, the tier whose `when` equals the fact's tier field
 *    (fact-kinds.ts: P06/N07 `grade`, N04 `severity`, P07 `threshold`), compared as text, no match →
 *    0; without tiers the item's points. Signed by the item. A fact worth nothing (no matching tier,
 *    an item of 0 points) is no contribution; a fact no item reads earns nothing (D01–D03).
 * 3. Caps: an item's facts in order (date, record type, record id) take points until the cap; the
 *    one crossing it gets the remainder, later ones 0 — kept, `capped`, shown "cap reached".
 * 4. total = clamp(base + Σ points, min, max); sums are rounded to 1e-6 so decimal points add up
 *    without binary noise (clamp(base + Σ contributions.points) === total holds for integers exactly).
 * 5. The band of the total, then hysteresis against the last published grade (`heldGrade`), then
 *    the M rule (`newTenantReason`), then the overrides in the rulebook's order (`atMost`).
 */
export function computeScore(input: ScoreInput): ScoreResult {
  const { rulebook, asOf, subject } = input;
  const days = asOfDays(asOf);
  const byKind = new Map<string, ScoreFact[]>();
  for (const f of input.facts) {
    const list = byKind.get(f.rule);
    if (list) list.push(f);
    else byKind.set(f.rule, [f]);
  }

  const contributions: ScoreContribution[] = [];
  for (const code in rulebook.items) {
    const item = rulebook.items[code];
    const kind = item.fact ?? item.code;
    const counted = counting(byKind.get(kind), kind, days, item.windowMonths ?? undefined);
    if (!counted.length) continue;
    const tierField = factKind(kind)?.tierField;
    // A rulebook read back from JSON may say null (or an empty list) where the type says absent.
    const cap = item.cap ?? null;
    const tiers = item.tiers?.length ? item.tiers : null;
    let taken = 0;
    for (const f of counted) {
      const tier = tiers ? tierOf(tiers, f, tierField) : null;
      const points = tiers ? (tier?.points ?? 0) : item.points;
      if (!(points > 0)) continue;
      const granted = cap === null ? points : Math.max(0, Math.min(points, round(cap - taken)));
      taken = round(taken + granted);
      contributions.push({
        rule: item.code, fact: kind, sign: item.sign, category: item.category ?? null,
        points: signed(item.sign, granted), uncapped: signed(item.sign, points), capped: granted < points,
        tier: tier?.when ?? null, source: { type: f.recordType, id: f.recordId }, date: f.date, detail: f.detail,
      });
    }
  }
  contributions.sort(compareContributions);

  let sum = rulebook.base;
  for (const c of contributions) sum += c.points;
  const unclamped = round(sum);
  const total = Math.min(rulebook.max, Math.max(rulebook.min, unclamped));
  const grades = gradesHighFirst(rulebook);
  const bandGrade = bandOf(grades, total);

  let grade: ScoreGrade = bandGrade;
  let gradeNote: ScoreResult['gradeNote'] = null;
  const held = heldGrade(rulebook, grades, total, bandGrade, asOf, input.prior ?? []);
  if (held) {
    grade = held.grade;
    gradeNote = { kind: 'held', heldGrade: held.grade, margin: rulebook.hysteresis!.margin, boundary: held.boundary };
  }
  const reason = newTenantReason(rulebook, days, subject, byKind);
  if (reason) {
    grade = 'M';
    gradeNote = { kind: 'new', reason };
  }
  const overrides: ScoreOverride[] = [];
  for (const o of rulebook.overrides ?? []) {
    const f = overrideFact(rulebook, o, byKind.get(o.fact), days);
    if (!f) continue;
    const to = atMost(grade, o.atMost);
    if (to === grade) continue;
    overrides.push({ rule: o.fact, tier: o.tier ?? null, atMost: o.atMost, from: grade, to, source: { type: f.recordType, id: f.recordId } });
    grade = to;
  }
  if (overrides.length) gradeNote = { kind: 'override' };

  return {
    tenantId: subject.tenantId, asOf, rulebookVersion: rulebook.version, base: rulebook.base,
    total, unclamped, bandGrade, grade, gradeNote, contributions, overrides,
  };
}

/** Rounds away binary noise (0.1 + 0.2) while keeping any decimal a rulebook could hold. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const signed = (sign: 1 | -1, points: number) => (points === 0 ? 0 : sign * points);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Facts in the order caps consume them: date, record type, record id. */
function byDateAndRecord(a: ScoreFact, b: ScoreFact): number {
  return cmp(a.date, b.date) || cmp(a.recordType, b.recordType) || a.recordId - b.recordId;
}

/** The facts of a kind that count as of `asOf` under a window, in cap order, each record once. */
function counting(facts: readonly ScoreFact[] | undefined, kind: string, days: AsOfDays, months: number | undefined): ScoreFact[] {
  if (!facts) return [];
  const out = facts.filter((f) => countsOn(kind, f.date, days, months));
  if (out.length > 1) out.sort(byDateAndRecord);
  if (out.length < 2) return out;
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.recordType}#${f.recordId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tierOf(tiers: readonly { when: string; points: number }[], f: ScoreFact, tierField: string | undefined): { when: string; points: number } | null {
  const value = tierField === undefined ? null : f.detail[tierField];
  if (value === null || value === undefined) return null;
  const when = String(value);
  return tiers.find((t) => t.when === when) ?? null;
}

/** Positives before negatives, then by item code, date, record type and record id. */
function compareContributions(a: ScoreContribution, b: ScoreContribution): number {
  return b.sign - a.sign || cmp(a.rule, b.rule) || cmp(a.date, b.date) || cmp(a.source.type, b.source.type) || a.source.id - b.source.id;
}

function gradesHighFirst(rulebook: Rulebook): Rulebook['grades'] {
  const grades = rulebook.grades;
  for (let i = 1; i < grades.length; i += 1) if (grades[i - 1].min < grades[i].min) return [...grades].sort((a, b) => b.min - a.min);
  return grades;
}

/**
 * The first grade (highest minimum first) whose minimum the total reaches. A total below every
 * minimum (a rulebook whose lowest band starts above its `min`) takes the lowest grade.
 */
function bandOf(grades: Rulebook['grades'], total: number): Grade {
  for (const g of grades) if (total >= g.min) return g.grade;
  return grades[grades.length - 1]?.grade ?? 'D';
}

/**
 * Hysteresis (rulebook.hysteresis {margin, months}): the last published month's grade G (prior[0],
 * an A–D grade, a month before asOf's) is kept when the band moved away from it, unless
 * - the total is past the boundary next to G in the band's direction by at least `margin`
 *   (down: G's minimum − total ≥ margin; up: total − the minimum of the grade above G ≥ margin), or
 * - the `months − 1` published months before (prior[0 …]) were past that same boundary too (this
 *   month makes `months` consecutive published months). "Past" reads each month's published score
 *   against the boundary of THIS rulebook (the same as its band when the bands did not change);
 *   months not published (none, or a gap) are not counted as past, so fewer than `months − 1`
 *   published months keep G. Consecutive means consecutive published months, gaps in publication
 *   are not looked at.
 * No prior month, a prior grade of M, or a grade the bands no longer have → the band.
 * A jump over several bands is measured from the boundary next to G, so it is rarely held.
 */
function heldGrade(rulebook: Rulebook, grades: Rulebook['grades'], total: number, band: Grade, asOf: string, prior: readonly PriorMonth[]): { grade: Grade; boundary: number } | null {
  const h = rulebook.hysteresis;
  if (!h) return null;
  const month = asOf.slice(0, 7);
  const published = prior.filter((p) => p.month < month);
  const last = published[0];
  if (!last || last.grade === 'M' || last.grade === band) return null;
  const gi = grades.findIndex((g) => g.grade === last.grade);
  const bi = grades.findIndex((g) => g.grade === band);
  if (gi < 0 || bi < 0) return null;
  const down = bi > gi;
  const boundary = down ? grades[gi].min : grades[gi - 1].min;
  const past = (score: number) => (down ? score < boundary : score >= boundary);
  if ((down ? boundary - total : total - boundary) >= h.margin) return null;
  const need = h.months - 1;
  if (need <= 0) return null;
  const before = published.slice(0, need);
  if (before.length === need && before.every((p) => past(p.score))) return null;
  return { grade: last.grade, boundary };
}

/**
 * The M grade (rulebook.newTenant {days, dataFacts}): moved in fewer than `days` calendar days
 * before asOf (moved in on asOf − 90 days: not new any more; a move-in after asOf: new), else no
 * counting fact (date ≤ asOf) of a `dataFacts` kind. An empty `dataFacts` list turns the data test
 * off (it would otherwise make every tenant M); `days` 0 turns the move-in test off.
 */
function newTenantReason(rulebook: Rulebook, days: AsOfDays, subject: ScoreSubject, byKind: ReadonlyMap<string, readonly ScoreFact[]>): 'movedIn' | 'noData' | null {
  const rule = rulebook.newTenant;
  if (!rule) return null;
  if (subject.movedInOn && rule.days > 0 && subject.movedInOn > days.daysBefore(rule.days)) return 'movedIn';
  if (!rule.dataFacts?.length) return null;
  const hasData = rule.dataFacts.some((kind) => byKind.get(kind)?.some((f) => countsOn(kind, f.date, days, undefined)));
  return hasData ? null : 'noData';
}

/** Severity of grades for "at most": A > B > M > C > D (M is sampled as B, so "at most C" lowers M to C, "at most B" keeps it). */
const RANK: Record<ScoreGrade, number> = { A: 5, B: 4, M: 3, C: 2, D: 1 };

function atMost(grade: ScoreGrade, cap: Grade): ScoreGrade {
  return RANK[grade] > RANK[cap] ? cap : grade;
}

/**
 * The fact that triggers an override: the first (date, record type, record id) of its kind that
 * counts as of asOf under the window of the item reading that kind (no item: date ≤ asOf), with the
 * override's tier when it names one (the fact kind's tier field, compared as text).
 */
function overrideFact(rulebook: Rulebook, o: GradeOverride, facts: readonly ScoreFact[] | undefined, days: AsOfDays): ScoreFact | null {
  if (!facts?.length) return null;
  const item = Object.values(rulebook.items).find((i) => (i.fact ?? i.code) === o.fact);
  const tierField = factKind(o.fact)?.tierField;
  const candidates = counting(facts, o.fact, days, item?.windowMonths ?? undefined);
  for (const f of candidates) {
    if (o.tier === undefined || o.tier === null) return f;
    const value = tierField === undefined ? null : f.detail[tierField];
    if (value !== null && value !== undefined && String(value) === o.tier) return f;
  }
  return null;
}
