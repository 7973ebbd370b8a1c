import type { ClaimStatus, ListKind } from './list-kinds.js';

export type MeasureKind = 'incentive' | 'restriction';

/**
 * Who a measure applies to. Every condition given must hold: on at least one of `lists` (when
 * given), a published grade at least as good as `minGrade` (A best; M counts as B), no open finding
 * (a finding counting in the score, or a rectification not done) when `noOpenFinding`.
 */
export interface MeasureEligibility {
  lists?: ListKind[];
  minGrade?: 'A' | 'B' | 'C' | 'D';
  noOpenFinding?: boolean;
}

/** What a tenant's eligibility is judged on. */
export interface CreditStatus {
  lists: readonly ListKind[];
  /** Latest published grade, or null when none was ever published. */
  grade: string | null;
  openFindings: number;
}

export interface MeasureWindow {
  validFrom: string;
  validTo: string | null;
  active: boolean;
}

const RANK: Record<string, number> = { A: 0, B: 1, M: 1, C: 2, D: 3 };

/** The conditions of `e` the status fails, as codes (`lists`, `grade`, `open_finding`); empty when eligible. */
export function unmetConditions(e: MeasureEligibility, s: CreditStatus): string[] {
  const unmet: string[] = [];
  if (e.lists?.length && !e.lists.some((l) => s.lists.includes(l))) unmet.push('lists');
  if (e.minGrade && (s.grade === null || (RANK[s.grade] ?? 9) > RANK[e.minGrade])) unmet.push('grade');
  if (e.noOpenFinding && s.openFindings > 0) unmet.push('open_finding');
  return unmet;
}

/** Whether the measure is in force on the park day `on`. */
export function inForce(m: MeasureWindow, on: string): boolean {
  return m.active && m.validFrom <= on && (m.validTo === null || on <= m.validTo);
}

/** Whether the measure applies to the status on the day: in force and every condition met. */
export function measureApplies(m: MeasureWindow & { eligibility: MeasureEligibility }, s: CreditStatus, on: string): boolean {
  return inForce(m, on) && unmetConditions(m.eligibility, s).length === 0;
}

// ——— 信易+ claims and restrictions (the incentives part) ———

export const MEASURE_KINDS = ['incentive', 'restriction'] as const;
export const MEASURE_GRADES = ['A', 'B', 'C', 'D'] as const;
export const MEASURE_CATEGORIES = [
  'rent_discount', 'fee_discount', 'fast_track', 'venue_priority', 'bank_recommendation', 'lighter_documents', 'inspection',
  'subsidy', 'honours', 'review', 'procurement', 'financing', 'other',
] as const;

/** What can happen to a claim: officers claim and withdraw, staff approve, reject, deliver, apply and lift. */
export type ClaimEvent = 'approve' | 'reject' | 'deliver' | 'withdraw' | 'lift';
type Status = ClaimStatus;

const TRANSITIONS: Record<ClaimEvent, Partial<Record<Status, Status>>> = {
  approve: { claimed: 'approved' },
  reject: { claimed: 'rejected' },
  // Delivered once approved: the benefit was given (a date and what).
  deliver: { approved: 'delivered' },
  // The tenant may change its mind until the benefit is delivered.
  withdraw: { claimed: 'withdrawn', approved: 'withdrawn' },
  lift: { applied: 'lifted' },
};

/** A claim's next status, or why not (`not_open`: the claim is past that step). */
export function claimTransition(status: Status, event: ClaimEvent): { ok: true; to: Status } | { ok: false } {
  const to = TRANSITIONS[event][status];
  return to ? { ok: true, to } : { ok: false };
}

/** Claims that block a second claim of the same incentive by the same tenant (and restrictions in force). */
export const OPEN_CLAIM_STATUSES = ['claimed', 'approved'] as const;
export const IN_FORCE_RESTRICTION_STATUSES = ['applied'] as const;

export interface ClaimableMeasure extends MeasureWindow {
  kind: MeasureKind;
  claimable: boolean;
  eligibility: MeasureEligibility;
}

/**
 * Why a tenant may not claim the measure on `on`, or null when it may: `not_claimable` (a restriction, or
 * an incentive the park does not hand out on request), `not_in_force`, `not_eligible` (see unmetConditions),
 * `already_claimed` (an open claim of it).
 */
export function claimRefusal(m: ClaimableMeasure, s: CreditStatus, on: string, openClaim: boolean): 'not_claimable' | 'not_in_force' | 'not_eligible' | 'already_claimed' | null {
  if (m.kind !== 'incentive' || !m.claimable) return 'not_claimable';
  if (!inForce(m, on)) return 'not_in_force';
  if (unmetConditions(m.eligibility, s).length) return 'not_eligible';
  if (openClaim) return 'already_claimed';
  return null;
}

/**
 * Why staff may not apply the restriction to the tenant on `on`, or null: `not_restriction`, `not_in_force`,
 * `not_eligible` (the tenant does not meet its conditions — not black-listed that day), `already_applied`.
 */
export function restrictionRefusal(m: ClaimableMeasure, s: CreditStatus, on: string, applied: boolean): 'not_restriction' | 'not_in_force' | 'not_eligible' | 'already_applied' | null {
  if (m.kind !== 'restriction') return 'not_restriction';
  if (!inForce(m, on)) return 'not_in_force';
  if (unmetConditions(m.eligibility, s).length) return 'not_eligible';
  if (applied) return 'already_applied';
  return null;
}

export interface MeasureDraft {
  kind: MeasureKind;
  claimable: boolean;
  eligibility: MeasureEligibility;
  validFrom: string;
  validTo: string | null;
}

/**
 * An admin's measure that cannot work, field by field: validity ending before it starts; a restriction
 * offered for claiming; a measure with no condition at all (it would apply to every tenant, the
 * black-listed included); a restriction that does not name a list (restrictions follow a listing).
 */
export function measureDraftProblems(d: MeasureDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  if (d.validTo !== null && d.validTo < d.validFrom) problems.validTo = 'beforeFrom';
  if (d.kind === 'restriction' && d.claimable) problems.claimable = 'restrictionClaimable';
  const e = d.eligibility;
  if (!e.lists?.length && !e.minGrade && !e.noOpenFinding) problems.eligibility = 'noCondition';
  else if (d.kind === 'restriction' && !e.lists?.length) problems.lists = 'restrictionNeedsList';
  return problems;
}
