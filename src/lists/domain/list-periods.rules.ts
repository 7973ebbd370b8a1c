import { addWorkingDays, type WorkingCalendar } from '../../calendar/domain/working-days.rules.js';
import type { ListKind } from './list-kinds.js';

/**
 * The periods of a list entry (rules.md: black 3 years with early exit after 1, a 10-working-day
 * objection window after the prior notice; red and watch 12 months), from the list rule in force on
 * the proposal day. Days are `YYYY-MM-DD` park days; end days are exclusive. Pure.
 */
export interface ListPeriodRule {
  list: ListKind;
  effectiveFrom: string;
  durationMonths: number;
  earlyExitAfterMonths: number | null;
  objectionWorkingDays: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new Error(`not a day: ${day}`);
  return [y, mo, d];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `day` plus `months` calendar months; a day the target month lacks falls on its last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = parts(day);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${pad(tm)}-${pad(Math.min(d, last))}`;
}

/** The rule of `list` in force on `day`: the latest with effectiveFrom ≤ day; null when none. */
export function ruleInForce<R extends { list: ListKind; effectiveFrom: string }>(rules: readonly R[], list: ListKind, day: string): R | null {
  let best: R | null = null;
  for (const r of rules) {
    if (r.list !== list || r.effectiveFrom > day) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  return best;
}

/** Whether the list gives the tenant prior notice and an objection window (black and watch by default, not red). */
export function hasObjectionWindow(rule: Pick<ListPeriodRule, 'objectionWorkingDays'>): boolean {
  return rule.objectionWorkingDays > 0;
}

/** Last park day the tenant may object: the `objectionWorkingDays`-th working day after the notice day; null without a window. */
export function objectionClosesOn(rule: Pick<ListPeriodRule, 'objectionWorkingDays'>, noticeOn: string, calendar: WorkingCalendar): string | null {
  return hasObjectionWindow(rule) ? addWorkingDays(noticeOn, rule.objectionWorkingDays, calendar) : null;
}

export interface EntryPeriod {
  startsOn: string;
  /** Exclusive: on the list on the days before it. */
  plannedEndOn: string;
  /** First day an early exit may be decided; null: at any time. */
  earliestExitOn: string | null;
}

/** The dates of an entry approved on `startsOn`. */
export function entryPeriod(rule: Pick<ListPeriodRule, 'durationMonths' | 'earlyExitAfterMonths'>, startsOn: string): EntryPeriod {
  return {
    startsOn,
    plannedEndOn: addMonths(startsOn, rule.durationMonths),
    earliestExitOn: rule.earlyExitAfterMonths == null ? null : addMonths(startsOn, rule.earlyExitAfterMonths),
  };
}

export interface EntryDays {
  status: string;
  startsOn: string | null;
  plannedEndOn: string | null;
  endedOn: string | null;
}

/** Whether an entry puts the tenant on its list on `day`: started, and before its end (actual, else planned). Proposed, rejected and withdrawn entries never do. */
export function onListOn(e: EntryDays, day: string): boolean {
  if (e.status !== 'active' && e.status !== 'ended') return false;
  if (!e.startsOn || e.startsOn > day) return false;
  const end = e.endedOn ?? e.plannedEndOn;
  return end === null || day < end;
}

/** Whether an objection filed on `day` is in time: the entry has a window and the day is on or before its last day. */
export function objectionInTime(closesOn: string | null, day: string): boolean {
  return closesOn !== null && day <= closesOn;
}

export type ApprovalBlocker =
  | { kind: 'notProposed' }
  | { kind: 'windowOpen'; closesOn: string }
  | { kind: 'openObjections'; count: number };

/**
 * Why a proposed entry cannot be approved on `day` yet: it is no longer proposed, its objection window
 * is still open (approval from the day after it closes), or objections await an answer. Empty: it may.
 */
export function approvalBlockers(e: { status: string; objectionClosesOn: string | null }, day: string, openObjections: number): ApprovalBlocker[] {
  if (e.status !== 'proposed') return [{ kind: 'notProposed' }];
  const out: ApprovalBlocker[] = [];
  if (e.objectionClosesOn !== null && day <= e.objectionClosesOn) out.push({ kind: 'windowOpen', closesOn: e.objectionClosesOn });
  if (openObjections > 0) out.push({ kind: 'openObjections', count: openObjections });
  return out;
}

export type ExitBlocker = { kind: 'notActive' } | { kind: 'tooEarly'; earliestExitOn: string };

/** Why an early exit cannot be decided on `day`: the entry is not active, or (black) its earliest exit day has not come. Null: it may. */
export function earlyExitBlocker(e: { status: string; earliestExitOn: string | null }, day: string): ExitBlocker | null {
  if (e.status !== 'active') return { kind: 'notActive' };
  if (e.earliestExitOn !== null && day < e.earliestExitOn) return { kind: 'tooEarly', earliestExitOn: e.earliestExitOn };
  return null;
}

/** Whether an active entry has reached its planned end on `day` (the daily job ends it, dated its planned end). */
export function expiresBy(e: { status: string; plannedEndOn: string | null }, day: string): boolean {
  return e.status === 'active' && e.plannedEndOn !== null && e.plannedEndOn <= day;
}
