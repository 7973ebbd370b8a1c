import type { AuditRef, AuditSubject } from '../../audit/audit-subjects.js';
import type { Locale } from '../../i18n/messages/index.js';
import { factKind } from '../domain/fact-kinds.js';
import { itemFor, type Grade, type RuleCategory, type Rulebook, type ScoreGrade } from '../domain/rulebook.js';
import type { ScoreResult } from '../domain/score-engine.js';

/**
 * The explanation of a score as a view model for the `score-explanation` partial: the base, then
 * every contribution grouped positive / negative with its rule, label, tier, signed points, "cap
 * reached" marks and the record that caused it (name and link), the overrides with the grade they
 * changed, the equation "60 + 17 − 8 = 69" and why the grade differs from the band. It takes a
 * live result or a stored month's snapshot alike (the snapshot adds its staff adjustment). No
 * framework: the caller resolves the records' names once (`explanationRefs` → AuditSubjectLookup).
 */

/** What a contribution needs to be explained: the engine's ScoreContribution, or one stored in a snapshot's JSON. */
export interface ExplainableContribution {
  rule: string;
  points: number;
  source: { type: string; id: number };
  fact?: string;
  sign?: 1 | -1;
  category?: RuleCategory | null;
  uncapped?: number;
  capped?: boolean;
  tier?: string | null;
  date?: string;
  detail?: Record<string, string | number | null>;
}

export interface ExplainableOverride {
  rule: string;
  tier?: string | null;
  atMost: Grade;
  from: ScoreGrade;
  to: ScoreGrade;
  source: { type: string; id: number };
}

/** A ScoreResult, or the same fields read back from a month's snapshot (plus its staff adjustment). */
export interface ExplainableResult {
  base: number;
  total: number;
  grade: ScoreGrade;
  bandGrade: Grade;
  gradeNote: ScoreResult['gradeNote'];
  contributions: readonly ExplainableContribution[];
  overrides: readonly ExplainableOverride[];
  rulebookVersion: string;
  /** A month's staff adjustment (signed points), included in the equation. */
  adjustment?: { points: number; reason: string | null } | null;
}

/** AuditSubjectLookup.resolve's answer: a record's name and link, or null when it has none. */
export type SubjectOf = (entityType: string, entityId: string | null) => AuditSubject | null;

export interface ExplainedRecord {
  type: string;
  id: number;
  /** The record's name (or its title from the fact, or "type #id"). */
  label: string;
  link: string | null;
  /** The label is a name (from the record's context or the fact's title), not "type #id". */
  named: boolean;
  /** The partial can word the type (scoringScore.recordTypes). */
  typeKnown: boolean;
  /** An attendance rate (P07): attended of required, in percent. */
  rate: { attended: number; required: number; percent: number } | null;
}

export interface ExplainedContribution {
  rule: string;
  label: string;
  category: RuleCategory | null;
  sign: 1 | -1;
  tier: string | null;
  /** How to word the tier: a severity (`serious`), an attendance threshold (`90` → ≥ 90 %), an evaluation grade. */
  tierKind: 'severity' | 'threshold' | 'grade' | 'other' | null;
  points: number;
  /** "+5", "−8", "0". */
  pointsText: string;
  /** The cap cut this one: wholly ("cap reached", 0 points) or partly. */
  capped: boolean;
  capReached: boolean;
  uncappedText: string | null;
  date: string | null;
  record: ExplainedRecord;
}

export interface ExplanationGroup {
  kind: 'positive' | 'negative';
  items: ExplainedContribution[];
  /** Signed sum of the group's points. */
  sum: number;
  sumText: string;
}

export interface ExplanationView {
  rulebookVersion: string;
  base: number;
  total: number;
  grade: ScoreGrade;
  bandGrade: Grade;
  groups: ExplanationGroup[];
  /** No contribution at all: the score is the base. */
  empty: boolean;
  overrides: { rule: string; label: string; tier: string | null; atMost: Grade; from: ScoreGrade; to: ScoreGrade; record: ExplainedRecord }[];
  adjustment: { points: number; pointsText: string; reason: string | null } | null;
  /** "60 + 17 − 8 = 69"; with clamping "60 + 48 = 108 → 100". */
  equation: string;
  /** The sum fell outside [min, max] and was clamped. */
  clamped: boolean;
  min: number | null;
  max: number | null;
  note: null | { kind: 'held'; heldGrade: Grade; margin: number } | { kind: 'new'; reason: 'movedIn' | 'noData' } | { kind: 'override' };
  /** The grade is not the band's (held, M or overridden). */
  gradeDiffers: boolean;
}

const MINUS = '\u2212';

/** Signed points as people read them: +5, −8, 0. */
export function signedText(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `${MINUS}${-points}`;
  return '0';
}

/** The records an explanation names, for one AuditSubjectLookup.resolve call (several results at once: one call for a page). */
export function explanationRefs(results: Iterable<Pick<ExplainableResult, 'contributions' | 'overrides'>>): AuditRef[] {
  const refs: AuditRef[] = [];
  for (const r of results) {
    for (const c of r.contributions) refs.push({ entityType: c.source.type, entityId: String(c.source.id) });
    for (const o of r.overrides) refs.push({ entityType: o.source.type, entityId: String(o.source.id) });
  }
  return refs;
}

function labelOf(rulebook: Rulebook | null, rule: string, locale: Locale): string {
  const label = rulebook ? itemFor(rulebook, rule)?.label : undefined;
  return label?.[locale] ?? label?.['zh-CN'] ?? rule;
}

/** Record types the catalogue words (scoringScore.recordTypes), for records no context names. */
const RECORD_TYPES = new Set(['obligation', 'signature', 'breach', 'training_attendance', 'training_session', 'evaluation', 'finding', 'annual_report', 'self_report', 'tenant']);

/** The record a contribution cites, named through the lookup (else by the fact's title, else by its type and id). */
export function recordOf(source: { type: string; id: number }, detail: ExplainableContribution['detail'], subjects: SubjectOf): ExplainedRecord {
  const subject = subjects(source.type, String(source.id));
  const title = typeof detail?.title === 'string' && detail.title ? detail.title : null;
  const { attended, required, rate } = detail ?? {};
  return {
    type: source.type,
    id: source.id,
    label: subject?.label ?? title ?? `${source.type} #${source.id}`,
    link: subject?.link ?? null,
    named: Boolean(subject || title),
    typeKnown: RECORD_TYPES.has(source.type),
    rate: typeof attended === 'number' && typeof required === 'number' && typeof rate === 'number' ? { attended, required, percent: rate } : null,
  };
}

export function tierKindOf(fact: string): ExplainedContribution['tierKind'] {
  const field = factKind(fact)?.tierField;
  if (!field) return 'other';
  if (field === 'severity') return 'severity';
  if (field === 'threshold') return 'threshold';
  if (field === 'grade') return 'grade';
  return 'other';
}

/** `rulebook`: the version the result was computed under (labels); null → rule codes only. */
export function explanationView(result: ExplainableResult, rulebook: Rulebook | null, locale: Locale, subjects: SubjectOf): ExplanationView {
  const positives: ExplainedContribution[] = [];
  const negatives: ExplainedContribution[] = [];
  for (const c of result.contributions) {
    const item = rulebook ? itemFor(rulebook, c.rule) : undefined;
    const sign: 1 | -1 = c.sign ?? item?.sign ?? (c.points < 0 || c.rule.startsWith('N') ? -1 : 1);
    const fact = c.fact ?? item?.fact ?? c.rule;
    const capped = c.capped ?? false;
    const row: ExplainedContribution = {
      rule: c.rule,
      label: labelOf(rulebook, c.rule, locale),
      category: c.category ?? item?.category ?? null,
      sign,
      tier: c.tier ?? null,
      tierKind: c.tier ? tierKindOf(fact) : null,
      points: c.points,
      pointsText: signedText(c.points),
      capped,
      capReached: capped && c.points === 0,
      uncappedText: capped && c.uncapped !== undefined && c.uncapped !== c.points ? signedText(c.uncapped) : null,
      date: c.date ?? null,
      record: recordOf(c.source, c.detail, subjects),
    };
    (sign > 0 ? positives : negatives).push(row);
  }
  const sum = (items: ExplainedContribution[]) => items.reduce((s, c) => s + c.points, 0);
  const groups: ExplanationGroup[] = [
    { kind: 'positive' as const, items: positives },
    { kind: 'negative' as const, items: negatives },
  ].filter((g) => g.items.length).map((g) => ({ ...g, sum: sum(g.items), sumText: signedText(sum(g.items)) }));

  const adjustment = result.adjustment && result.adjustment.points !== 0
    ? { points: result.adjustment.points, pointsText: signedText(result.adjustment.points), reason: result.adjustment.reason }
    : null;
  const terms = [...groups.map((g) => g.sum), ...(adjustment ? [adjustment.points] : [])].filter((n) => n !== 0);
  const raw = result.base + terms.reduce((s, n) => s + n, 0);
  const clamped = raw !== result.total;
  const equation = [String(result.base), ...terms.map((n) => (n > 0 ? `+ ${n}` : `${MINUS} ${-n}`))].join(' ')
    + ` = ${raw < 0 ? `${MINUS}${-raw}` : raw}` + (clamped ? ` \u2192 ${result.total}` : '');

  return {
    rulebookVersion: result.rulebookVersion,
    base: result.base,
    total: result.total,
    grade: result.grade,
    bandGrade: result.bandGrade,
    groups,
    empty: result.contributions.length === 0,
    overrides: result.overrides.map((o) => ({
      rule: o.rule, label: labelOf(rulebook, o.rule, locale), tier: o.tier ?? null, atMost: o.atMost, from: o.from, to: o.to,
      record: recordOf(o.source, undefined, subjects),
    })),
    adjustment,
    equation,
    clamped,
    min: rulebook?.min ?? null,
    max: rulebook?.max ?? null,
    note: result.gradeNote,
    gradeDiffers: result.grade !== result.bandGrade,
  };
}
