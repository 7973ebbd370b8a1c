import { DateTime } from 'luxon';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import type { FindingSeverity, FindingType, RectificationStatus } from './finding-kinds.js';
import { countsOn } from './publicity.rules.js';

/**
 * Score facts of the findings pillar: which findings and annual reports, as of a date, make a tenant
 * earn (P03, P04, P05) or lose (N04, N05, N06, N08) points. Points, tiers and windows belong to the
 * rulebook; here only the facts and the record that causes each. Pure: no framework, no database.
 */
export type FindingFactRule = 'P03' | 'P04' | 'P05' | 'N04' | 'N05' | 'N06' | 'N08';
export type FindingFactRecord = 'tenant' | 'annual_report' | 'finding';

export interface FindingFact extends ScoreFact {
  rule: FindingFactRule;
  recordType: FindingFactRecord;
}

/** The columns of a finding the facts need. */
export interface FactFinding {
  id: number;
  tenantId: number;
  type: FindingType;
  severity: FindingSeverity;
  title: string;
  decisionNo: string;
  /** The department's code, for the detail. */
  department: string;
  decisionDate: string;
  publicityEndsOn: string;
  repairedOn: string | null;
  rectificationRequired: boolean;
  rectifyBy: string | null;
  rectificationStatus: RectificationStatus;
  /** Date the evidence that was verified had been submitted. */
  rectifiedOn: string | null;
  verifiedOn: string | null;
  /** Date the evidence awaiting verification was submitted (status submitted), else null. */
  pendingSubmittedOn: string | null;
  substantiated: boolean | null;
  endedOn: string | null;
}

export interface FactAnnualReport {
  id: number;
  tenantId: number;
  year: number;
  filedOn: string;
}

export interface FindingFactsInput {
  tenantIds: readonly number[];
  /** Park-zone date. */
  asOf: string;
  findings: readonly FactFinding[];
  annualReports: readonly FactAnnualReport[];
  /** Trailing windows in months, from the rulebook. */
  windows: { P03: number; P05: number; N08: number };
  /** Month and day (MM-DD) by which the previous year's report is due (rulebook P04 params.dueMonthDay). */
  annualReportDue: string;
}

/** First day of a trailing window of `months` ending on `asOf` (inclusive): a record counts when windowFrom ≤ date ≤ asOf. */
export function windowFrom(asOf: string, months: number): string {
  return DateTime.fromISO(asOf, { zone: 'utc' }).minus({ months }).plus({ days: 1 }).toISODate() as string;
}

/** A date inside a window: from ≤ date ≤ asOf. */
export const inWindow = (date: string | null, from: string, asOf: string) => date !== null && from <= date && date <= asOf;

/** The calendar day after a YYYY-MM-DD date (plain UTC arithmetic, remembered: it runs once per overdue rectification of the park, over a few hundred distinct deadlines). */
const nextDays = new Map<string, string>();
function nextDay(date: string): string {
  let next = nextDays.get(date);
  if (next === undefined) {
    next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (nextDays.size > 10_000) nextDays.clear();
    nextDays.set(date, next);
  }
  return next;
}

/** Counts against P03: any finding except a complaint not (or not yet) substantiated. */
const breaksP03 = (f: FactFinding) => f.type !== 'complaint' || f.substantiated === true;
const repairedBy = (f: FactFinding, asOf: string) => f.repairedOn !== null && f.repairedOn <= asOf;

/**
 * Overdue as of `asOf`: rectification required, the deadline passed, not verified by then, and no
 * evidence submitted on or before the deadline awaiting (or later getting) verification by then.
 */
export function overdueOn(f: FactFinding, asOf: string): boolean {
  if (!f.rectificationRequired || f.rectifyBy === null || f.decisionDate > asOf || !(f.rectifyBy < asOf)) return false;
  if (f.verifiedOn !== null && f.verifiedOn <= asOf) return false;
  const onTimeEvidence = f.rectificationStatus === 'verified' ? f.rectifiedOn : f.rectificationStatus === 'submitted' ? f.pendingSubmittedOn : null;
  return !(onTimeEvidence !== null && onTimeEvidence <= f.rectifyBy && onTimeEvidence <= asOf);
}

/**
 * The facts per tenant (every requested tenant has an entry, possibly empty), by rule then record id.
 * - P03: no finding decided in the window (P03's months, ending on the as-of date) and not repaired by
 *   then; complaints count only when substantiated. Record: the tenant.
 * - P04: the report for the previous year filed on or before its due date in the as-of year, and by the as-of date.
 * - P05: each rectification verified in the window whose verified evidence was submitted by the deadline.
 * - N04: each penalty, inspection result or other finding inside its publicity period and not repaired.
 * - N05: each rectification overdue as of the date (`overdueOn`), unless the finding was repaired.
 * - N06: each abnormal-operations listing decided by then and not ended by then, not repaired.
 * - N08: each substantiated complaint decided in the window, not repaired.
 */
export function findingFacts(input: FindingFactsInput): Map<number, FindingFact[]> {
  const { asOf } = input;
  const out = new Map<number, FindingFact[]>(input.tenantIds.map((id) => [id, []]));
  const p03From = windowFrom(asOf, input.windows.P03);
  const p05From = windowFrom(asOf, input.windows.P05);
  const n08From = windowFrom(asOf, input.windows.N08);
  const clean = new Set(input.tenantIds);
  const detail = (f: FactFinding) => ({
    type: f.type, severity: f.severity, title: f.title, decisionNo: f.decisionNo, department: f.department, decisionDate: f.decisionDate, publicityEndsOn: f.publicityEndsOn,
  });

  for (const f of input.findings) {
    const facts = out.get(f.tenantId);
    if (!facts || f.decisionDate > asOf) continue;
    const repaired = repairedBy(f, asOf);
    if (!repaired && breaksP03(f) && inWindow(f.decisionDate, p03From, asOf)) clean.delete(f.tenantId);
    if ((f.type === 'penalty' || f.type === 'inspection' || f.type === 'other') && countsOn(f, asOf)) {
      facts.push({ rule: 'N04', recordType: 'finding', recordId: f.id, date: f.decisionDate, detail: detail(f) });
    }
    if (f.rectificationRequired && f.rectifyBy !== null && f.rectifiedOn !== null && f.rectifiedOn <= f.rectifyBy && inWindow(f.verifiedOn, p05From, asOf)) {
      facts.push({ rule: 'P05', recordType: 'finding', recordId: f.id, date: f.verifiedOn!, detail: { ...detail(f), rectifyBy: f.rectifyBy, rectifiedOn: f.rectifiedOn, verifiedOn: f.verifiedOn } });
    }
    if (!repaired && overdueOn(f, asOf)) {
      facts.push({ rule: 'N05', recordType: 'finding', recordId: f.id, date: nextDay(f.rectifyBy!), detail: { ...detail(f), rectifyBy: f.rectifyBy } });
    }
    if (!repaired && f.type === 'abnormal_operations' && (f.endedOn === null || f.endedOn > asOf)) {
      facts.push({ rule: 'N06', recordType: 'finding', recordId: f.id, date: f.decisionDate, detail: detail(f) });
    }
    if (!repaired && f.type === 'complaint' && f.substantiated === true && inWindow(f.decisionDate, n08From, asOf)) {
      facts.push({ rule: 'N08', recordType: 'finding', recordId: f.id, date: f.decisionDate, detail: detail(f) });
    }
  }

  const year = Number(asOf.slice(0, 4));
  const due = `${year}-${input.annualReportDue}`;
  for (const r of input.annualReports) {
    const facts = out.get(r.tenantId);
    if (!facts || r.year !== year - 1 || r.filedOn > due || r.filedOn > asOf) continue;
    facts.push({ rule: 'P04', recordType: 'annual_report', recordId: r.id, date: r.filedOn, detail: { year: r.year, filedOn: r.filedOn, dueOn: due } });
  }

  for (const tenantId of clean) out.get(tenantId)!.push({ rule: 'P03', recordType: 'tenant', recordId: tenantId, date: asOf, detail: { windowFrom: p03From } });
  for (const list of out.values()) list.sort((a, b) => a.rule.localeCompare(b.rule) || a.recordId - b.recordId);
  return out;
}

/**
 * Earliest first day of the windows: a loader needs the findings decided on or after it, plus older
 * ones still in their publicity period, open listings, and rectifications not verified before it.
 */
export function earliestWindowFrom(asOf: string, windows: FindingFactsInput['windows']): string {
  return [windowFrom(asOf, windows.P03), windowFrom(asOf, windows.P05), windowFrom(asOf, windows.N08)].sort()[0];
}

/** A fact the score would no longer count, named as the score matches it. */
export interface FactKey {
  rule: string;
  recordType: string;
  recordId: number;
}

/**
 * What-if "rectify" a finding whose rectification is open or awaiting verification: what the facts of
 * that finding would be if it were verified on the as-of date — open: evidence submitted and verified
 * that day; submitted: the evidence awaiting verification verified that day (it keeps its submission
 * date, so evidence sent in time earns P05 even after the deadline). Decided by findingFacts itself,
 * before and after: the overdue N05 goes, P05 comes when the evidence is dated by the deadline. Null
 * when the finding has no rectification to do as of the date, or verifying it would change nothing.
 */
export function rectifyWhatIf(f: FactFinding, asOf: string, windows: FindingFactsInput['windows']): { remove: FactKey[]; add: FindingFact[] } | null {
  if (!f.rectificationRequired || f.rectifyBy === null || f.decisionDate > asOf) return null;
  if (f.rectificationStatus !== 'open' && f.rectificationStatus !== 'submitted') return null;
  const of = (finding: FactFinding) => (findingFacts({ tenantIds: [f.tenantId], asOf, findings: [finding], annualReports: [], windows, annualReportDue: '06-30' }).get(f.tenantId) ?? [])
    .filter((x) => x.recordType === 'finding' && x.recordId === f.id && (x.rule === 'P05' || x.rule === 'N05'));
  const submittedOn = f.rectificationStatus === 'submitted' && f.pendingSubmittedOn !== null && f.pendingSubmittedOn <= asOf ? f.pendingSubmittedOn : asOf;
  const before = of(f);
  const after = of({ ...f, rectificationStatus: 'verified', rectifiedOn: submittedOn, verifiedOn: asOf, pendingSubmittedOn: null });
  const key = (x: FactKey) => `${x.rule}:${x.recordType}:${x.recordId}`;
  const afterKeys = new Set(after.map(key));
  const beforeKeys = new Set(before.map(key));
  const remove = before.filter((x) => !afterKeys.has(key(x))).map((x) => ({ rule: x.rule, recordType: x.recordType, recordId: x.recordId }));
  const add = after.filter((x) => !beforeKeys.has(key(x)));
  return remove.length || add.length ? { remove, add } : null;
}
