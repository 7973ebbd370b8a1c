import type { Rulebook } from '../../scoring/domain/rulebook.js';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import type { EvaluationGrade } from './evaluation.rules.js';

/**
 * Score facts of the evaluations pillar as of a date. Pure: the caller loads the tenant's accepted
 * evaluations; these functions decide which one counts.
 * - Counting: accepted, acceptedOn ≤ D ≤ validUntil; of those the latest (by periodTo, then
 *   acceptedOn, then id) counts. An accepted evaluation under an open dispute still counts (marked disputed).
 * - P06 when its grade is one of the rulebook's P06 tiers (A, B), N07 when one of N07's (C, D);
 *   record `evaluation`, dated at its acceptance.
 * - D03 (zero points, read by the M-grade rule): an accepted (not voided) evaluation accepted on or
 *   before the date, valid or expired; the record is the latest of them (latestAccepted), dated at its acceptance.
 */
export interface FactEvaluation {
  id: number;
  tenantId: number;
  grade: EvaluationGrade;
  periodTo: string;
  acceptedOn: string;
  validUntil: string;
  institutionName: string;
  disputed: boolean;
}

export interface EvaluationFact extends ScoreFact {
  rule: 'P06' | 'N07' | 'D03';
  recordType: 'evaluation';
}

/** Latest first: periodTo, then acceptedOn, then id, all descending. */
export function compareLatest(a: { periodTo: string; acceptedOn: string; id: number }, b: { periodTo: string; acceptedOn: string; id: number }): number {
  return b.periodTo.localeCompare(a.periodTo) || b.acceptedOn.localeCompare(a.acceptedOn) || b.id - a.id;
}

/** The evaluation that counts on `asOf`, or null. */
export function countingEvaluation<E extends Pick<FactEvaluation, 'id' | 'periodTo' | 'acceptedOn' | 'validUntil'>>(accepted: readonly E[], asOf: string): E | null {
  const valid = accepted.filter((e) => e.acceptedOn <= asOf && asOf <= e.validUntil);
  valid.sort(compareLatest);
  return valid[0] ?? null;
}

/** The latest accepted evaluation (accepted on or before `today`, valid or not) and whether it has expired: the hub's flag. */
export function latestAccepted<E extends Pick<FactEvaluation, 'id' | 'periodTo' | 'acceptedOn' | 'validUntil'>>(accepted: readonly E[], today: string): { evaluation: E; expired: boolean } | null {
  const known = accepted.filter((e) => e.acceptedOn <= today).sort(compareLatest);
  if (!known.length) return null;
  return { evaluation: known[0], expired: known[0].validUntil < today };
}

/**
 * The facts of one tenant's accepted evaluations (valid or expired) on `asOf`: D03 when any was
 * accepted by then, and the P06 or N07 fact of the one that counts (none when nothing counts or the
 * grade has no tier). By rule.
 */
export function evaluationFacts(accepted: readonly FactEvaluation[], asOf: string, rulebook: Rulebook): EvaluationFact[] {
  const out: EvaluationFact[] = [];
  const latest = latestAccepted(accepted, asOf);
  if (latest) {
    const l = latest.evaluation;
    out.push({ rule: 'D03', recordType: 'evaluation', recordId: l.id, date: l.acceptedOn, detail: { grade: l.grade, institution: l.institutionName, validUntil: l.validUntil } });
  }
  const e = countingEvaluation(accepted, asOf);
  if (!e) return out;
  for (const rule of ['N07', 'P06'] as const) {
    const tier = rulebook.items[rule]?.tiers?.find((t) => t.when === e.grade);
    if (!tier) continue;
    out.push({
      rule, recordType: 'evaluation', recordId: e.id, date: e.acceptedOn,
      detail: { grade: e.grade, points: tier.points, institution: e.institutionName, validUntil: e.validUntil, periodTo: e.periodTo, disputed: e.disputed ? 1 : 0 },
    });
    break;
  }
  return out;
}
