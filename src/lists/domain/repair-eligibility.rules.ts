/**
 * When credit repair (信用修复) of a record may be applied for, and why not before then (rules.md:
 * the minimum publicity period passed, obligations fully performed, not repaired already, still
 * counting). Days are `YYYY-MM-DD` park days. Pure: no framework, no database.
 */

/** Why an application cannot be made (yet); the page words each one. */
export type RepairReasonCode =
  /** The record was repaired already. */
  | 'alreadyRepaired'
  /** It no longer counts (its publicity period ended, or the entry ended): nothing to repair. */
  | 'notCounting'
  /** This kind of record is not repaired by application (complaints, abnormal-operations listings: cured at the source; the red list). */
  | 'notRepairable'
  /** The minimum period has not passed: `params.date` is the first day. */
  | 'periodNotPassed'
  /** A rectification was ordered and is not verified yet. */
  | 'rectificationPending'
  /** An application is already open for it. */
  | 'openApplication';

export interface RepairReason {
  code: RepairReasonCode;
  params?: Record<string, string | number>;
}

export interface RepairEligibility {
  eligible: boolean;
  /** The first day an application may be made, when it is known (null: never, or not until an obligation is met). */
  eligibleOn: string | null;
  reasons: RepairReason[];
}

/** What the rule reads of a finding. */
export interface RepairableFindingFacts {
  type: string;
  decisionDate: string;
  /** Exclusive end of the publicity period. */
  publicityEndsOn: string;
  /** First day repair may be applied for; null: once the obligations are met. */
  repairEligibleOn: string | null;
  repairedOn: string | null;
  rectificationRequired: boolean;
  rectificationStatus: string;
  verifiedOn: string | null;
}

/** The finding types whose publicity a repair ends early (N04); complaints and abnormal-operations listings end otherwise. */
export const REPAIRABLE_FINDING_TYPES: readonly string[] = ['penalty', 'inspection', 'other'];

/** One reason (built here, so the catalogue check does not take the codes for field-problem codes). */
const because = (code: RepairReasonCode, params?: Record<string, string | number>): RepairReason => (params ? { code, params } : { code });

const later = (a: string, b: string | null) => (b !== null && b > a ? b : a);

/**
 * A finding may be repaired on `today` when it is a penalty, inspection result or other finding still
 * in its publicity period and not repaired, its ordered rectification is verified, and the minimum
 * period passed (`repairEligibleOn`; when null, from the decision or the verification). `eligibleOn`
 * is the first day it may be applied for once obligations are met (with a rectification pending, the
 * earliest it could be).
 */
export function findingRepairEligibility(f: RepairableFindingFacts, today: string): RepairEligibility {
  if (f.repairedOn !== null) return { eligible: false, eligibleOn: null, reasons: [because('alreadyRepaired', { date: f.repairedOn })] };
  if (!REPAIRABLE_FINDING_TYPES.includes(f.type)) return { eligible: false, eligibleOn: null, reasons: [because('notRepairable')] };
  if (f.publicityEndsOn <= today) return { eligible: false, eligibleOn: null, reasons: [because('notCounting', { date: f.publicityEndsOn })] };
  const reasons: RepairReason[] = [];
  const rectified = !f.rectificationRequired || f.rectificationStatus === 'verified';
  let eligibleOn = f.repairEligibleOn ?? f.decisionDate;
  if (!rectified) reasons.push(because('rectificationPending'));
  else if (f.rectificationRequired) eligibleOn = later(eligibleOn, f.verifiedOn);
  if (eligibleOn > today) reasons.push(because('periodNotPassed', { date: eligibleOn }));
  // The publicity period ends before the first day: it will stop counting by itself, nothing to repair then.
  if (eligibleOn >= f.publicityEndsOn) return { eligible: false, eligibleOn: null, reasons: [because('notCounting', { date: f.publicityEndsOn })] };
  return { eligible: reasons.length === 0, eligibleOn, reasons };
}

/** What the rule reads of a list entry and of its list rule. */
export interface RepairableEntryFacts {
  list: string;
  status: string;
  startsOn: string | null;
  /** Exclusive: the entry's planned end. */
  plannedEndOn: string | null;
}

export interface EntryRepairRule {
  /** Months after the start from which repair may be applied for; null: the list is not repaired. */
  repairAfterMonths: number | null;
}

/**
 * A black or watch entry may be repaired while it is active, from `repairAfterMonths` after its
 * start (month ends clamp: 2026-01-31 + 1 month = 2026-02-28; a leap day + 12 months = 28 February).
 */
export function entryRepairEligibility(e: RepairableEntryFacts, rule: EntryRepairRule, today: string): RepairEligibility {
  if (e.list === 'red' || rule.repairAfterMonths === null) return { eligible: false, eligibleOn: null, reasons: [because('notRepairable')] };
  if (e.status !== 'active' || e.startsOn === null) return { eligible: false, eligibleOn: null, reasons: [because('notCounting')] };
  if (e.plannedEndOn !== null && e.plannedEndOn <= today) return { eligible: false, eligibleOn: null, reasons: [because('notCounting', { date: e.plannedEndOn })] };
  const eligibleOn = addMonths(e.startsOn, rule.repairAfterMonths);
  if (e.plannedEndOn !== null && eligibleOn >= e.plannedEndOn) return { eligible: false, eligibleOn: null, reasons: [because('notRepairable')] };
  if (eligibleOn > today) return { eligible: false, eligibleOn, reasons: [because('periodNotPassed', { date: eligibleOn, months: rule.repairAfterMonths })] };
  return { eligible: true, eligibleOn, reasons: [] };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `day` plus `months` calendar months, clamped to the target month's last day. */
export function addMonths(day: string, months: number): string {
  const m = DAY.exec(day);
  if (!m || !Number.isInteger(months)) throw new Error(`not a day or month count: ${day} + ${months}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An attendance record of the tenant, as ParkTrust holds it. */
export interface AttendanceFacts {
  sessionId: number;
  /** Park day the session took place. */
  day: string;
  mark: string;
}

/**
 * Which chosen attendance records cannot serve as a training certificate: not the tenant's, not
 * attended (present or late), or before `since` (the entry's start, the finding's decision).
 * `missing` when the rule needs one and none is chosen.
 */
export function trainingProblem(needsTraining: boolean, chosen: readonly number[], records: readonly AttendanceFacts[], since: string): { code: 'required' | 'notAttended'; sessionId?: number } | null {
  const usable = new Map(records.filter((r) => (r.mark === 'present' || r.mark === 'late') && r.day >= since).map((r) => [r.sessionId, r]));
  const bad = chosen.find((id) => !usable.has(id));
  if (bad !== undefined) return { code: 'notAttended', sessionId: bad };
  if (needsTraining && !chosen.length) return { code: 'required' };
  return null;
}
