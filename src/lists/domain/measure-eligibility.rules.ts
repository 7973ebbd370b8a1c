import type { ListKind } from './list-kinds.js';

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
