import { DateTime } from 'luxon';
import type { FindingSeverity, PenaltyKind } from './finding-kinds.js';

/**
 * How long a finding is published, and from when credit repair may be applied for, from the
 * effective-dated publicity rules (shared/domain/rules.md: the regime before 2026-04-01 and the one
 * from it). Periods run from the decision date; a finding counts in the score only inside its period
 * and until it is repaired. Pure: no framework, no database.
 */
export interface PublicityRuleRow {
  id: number;
  /** First decision date (YYYY-MM-DD) the row applies to. */
  effectiveFrom: string;
  severity: FindingSeverity;
  /** A row for one penalty kind beats the severity's general row (null) of the same regime. */
  penaltyKind: PenaltyKind | null;
  published: boolean;
  minMonths: number;
  maxMonths: number;
  /** null: repair may be applied for once the obligations are met. */
  repairAfterMonths: number | null;
}

export interface PublicityInput {
  severity: FindingSeverity;
  penaltyKind: PenaltyKind | null;
  /** Park-zone date of the decision, YYYY-MM-DD. */
  decisionDate: string;
}

export interface Publicity {
  ruleId: number;
  published: boolean;
  /** Exclusive end: the finding counts on days before it; the decision date itself when it is not published. */
  publicityEndsOn: string;
  /** First day repair may be applied for; null when it may be once the obligations are met. */
  repairEligibleOn: string | null;
}

/** Calendar months after a date; the day is clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ months }).toISODate() as string;
}

/**
 * The rule row in force for a finding: of the rows for its severity that apply to its penalty kind
 * (the kind's own rows and the general ones), the one with the latest `effectiveFrom` on or before
 * the decision date, a penalty kind's row winning over the general row of the same date. A decision
 * before every regime takes the earliest regime. null when no row applies at all (a data problem).
 */
export function ruleInForce(rules: readonly PublicityRuleRow[], input: PublicityInput): PublicityRuleRow | null {
  const candidates = rules.filter((r) => r.severity === input.severity && (r.penaltyKind === null || r.penaltyKind === input.penaltyKind));
  if (!candidates.length) return null;
  // Latest first; at the same date the specific row first; then the lowest id, for a stable answer.
  const ordered = [...candidates].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || Number(b.penaltyKind !== null) - Number(a.penaltyKind !== null) || a.id - b.id);
  const inForce = ordered.find((r) => r.effectiveFrom <= input.decisionDate);
  if (inForce) return inForce;
  const earliest = ordered[ordered.length - 1].effectiveFrom;
  return ordered.find((r) => r.effectiveFrom === earliest)!;
}

/** The finding's publicity period and repair date under the rule in force on its decision date; null when no rule applies. */
export function publicityOf(rules: readonly PublicityRuleRow[], input: PublicityInput): Publicity | null {
  const rule = ruleInForce(rules, input);
  if (!rule) return null;
  return {
    ruleId: rule.id,
    published: rule.published,
    publicityEndsOn: rule.published ? addMonths(input.decisionDate, rule.maxMonths) : input.decisionDate,
    repairEligibleOn: rule.repairAfterMonths === null ? null : addMonths(input.decisionDate, rule.repairAfterMonths),
  };
}

export interface CountingFinding {
  decisionDate: string;
  publicityEndsOn: string;
  repairedOn: string | null;
}

/** Whether a finding counts on a day: decided on or before it, inside its publicity period, and not repaired on or before it. */
export function countsOn(f: CountingFinding, asOf: string): boolean {
  return f.decisionDate <= asOf && asOf < f.publicityEndsOn && !(f.repairedOn !== null && f.repairedOn <= asOf);
}
