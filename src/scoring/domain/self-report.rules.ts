import type { ScoreFact } from './score-fact.js';
import { windowStart } from './score-window.js';

/**
 * Self-reported positive items (正面申报): what a tenant officer may claim, when, which rule of the
 * rulebook an approved claim feeds, and which claims count as score facts on a date. Pure: no
 * framework, no clock, no database.
 */
export const SELF_REPORT_KINDS = ['honour', 'public_welfare', 'neighbour_help', 'suggestion'] as const;
export type SelfReportKind = (typeof SELF_REPORT_KINDS)[number];

export const SELF_REPORT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type SelfReportStatus = (typeof SELF_REPORT_STATUSES)[number];

export type SelfReportRule = 'P09' | 'P10' | 'P11';
export const SELF_REPORT_RULES: readonly SelfReportRule[] = ['P09', 'P10', 'P11'];

/** An honour → P09; public-welfare work and help to neighbouring firms → P10; an adopted suggestion → P11. */
export const RULE_OF_KIND: Readonly<Record<SelfReportKind, SelfReportRule>> = {
  honour: 'P09', public_welfare: 'P10', neighbour_help: 'P10', suggestion: 'P11',
};

/** How far back a claim may go when it is submitted: the trailing window of this many months ending today. */
export const CLAIM_MONTHS = 12;

export const SELF_REPORT_DECISIONS = ['approve', 'reject'] as const;
export type SelfReportDecision = (typeof SELF_REPORT_DECISIONS)[number];

export type SelfReportEvent = 'evidence' | 'withdraw' | SelfReportDecision;

/** Why an occurred-on date cannot be claimed today: after today, or before the claim window. */
export function occurredOnProblem(occurredOn: string, today: string): { code: 'notFuture' | 'notBefore'; limit: string } | null {
  if (occurredOn > today) return { code: 'notFuture', limit: today };
  const from = windowStart(today, CLAIM_MONTHS);
  if (occurredOn < from) return { code: 'notBefore', limit: from };
  return null;
}

/**
 * What may happen to a claim in a status: evidence is added and the claim withdrawn (by its tenant's
 * officers) or decided (by park staff) only while it is pending.
 */
export function selfReportTransition(status: SelfReportStatus, event: SelfReportEvent): { ok: true; to: SelfReportStatus } | { ok: false; code: 'notPending' } {
  if (status !== 'pending') return { ok: false, code: 'notPending' };
  if (event === 'approve') return { ok: true, to: 'approved' };
  if (event === 'reject') return { ok: true, to: 'rejected' };
  if (event === 'withdraw') return { ok: true, to: 'withdrawn' };
  return { ok: true, to: 'pending' };
}

/** A rejection needs a reason; an approval may carry a note. */
export function decisionReasonMissing(decision: SelfReportDecision, reason: string | null | undefined): boolean {
  return decision === 'reject' && !reason?.trim();
}

/** An approved claim as the fact rule needs it. */
export interface FactSelfReport {
  id: number;
  tenantId: number;
  kind: SelfReportKind;
  rule: SelfReportRule;
  title: string;
  occurredOn: string;
  /** Park-zone day staff approved it. */
  decidedOn: string;
}

export interface SelfReportFact extends ScoreFact {
  rule: SelfReportRule;
  recordType: 'self_report';
}

/**
 * The facts per tenant (every requested tenant has an entry, possibly empty), by rule then date then id:
 * one per claim approved on or before `asOf` that occurred on or before `asOf` and, for a rule with a
 * window (`windows[rule]` months; none: every earlier date), inside the trailing window ending on `asOf`.
 * Record `self_report`, dated the day it occurred. The window is the engine's own (score-window.ts
 * `windowStart`, the same as findings' windows), so the engine never drops a fact produced here.
 */
export function selfReportFacts(input: {
  tenantIds: readonly number[];
  asOf: string;
  reports: readonly FactSelfReport[];
  windows: Partial<Record<SelfReportRule, number>>;
}): Map<number, SelfReportFact[]> {
  const { asOf } = input;
  const out = new Map<number, SelfReportFact[]>(input.tenantIds.map((id) => [id, []]));
  const from = Object.fromEntries(SELF_REPORT_RULES.map((r) => [r, input.windows[r] === undefined ? null : windowStart(asOf, input.windows[r]!)])) as Record<SelfReportRule, string | null>;
  for (const r of input.reports) {
    const facts = out.get(r.tenantId);
    if (!facts || r.decidedOn > asOf || r.occurredOn > asOf) continue;
    const start = from[r.rule];
    if (start !== null && r.occurredOn < start) continue;
    facts.push({ rule: r.rule, recordType: 'self_report', recordId: r.id, date: r.occurredOn, detail: { title: r.title, kind: r.kind } });
  }
  for (const list of out.values()) list.sort((a, b) => a.rule.localeCompare(b.rule) || a.date.localeCompare(b.date) || a.recordId - b.recordId);
  return out;
}

/** The earliest day any window reaches back to (the loader reads claims that occurred on or after it; null: no window, read all). */
export function earliestOccurredOn(asOf: string, windows: Partial<Record<SelfReportRule, number>>): string | null {
  const starts: string[] = [];
  for (const rule of SELF_REPORT_RULES) {
    if (windows[rule] === undefined) return null;
    starts.push(windowStart(asOf, windows[rule]!));
  }
  return starts.sort()[0];
}
