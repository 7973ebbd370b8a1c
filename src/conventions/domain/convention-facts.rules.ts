import { DateTime } from 'luxon';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import type { BreachStatus } from './breach-lifecycle.rules.js';
import type { ConventionKind } from './convention.rules.js';
import type { ObligationStatus } from './obligation-status.rules.js';

/**
 * Score facts of the conventions pillar: which records, as of a date, make a tenant earn (P…) or
 * lose (N…) points. The points and windows of the score belong to the rulebook; here only the facts
 * and the record that causes each. Pure: no framework, no database.
 */
export type ConventionFactRule = 'P01' | 'P02' | 'N01' | 'N02';
export type ConventionFactRecord = 'signature' | 'obligation' | 'breach';

export interface ConventionFact extends ScoreFact {
  rule: ConventionFactRule;
  recordType: ConventionFactRecord;
}

export interface FactVersion {
  id: number;
  kind: ConventionKind;
  title: string;
  publishedAt: Date | null;
  supersededAt: Date | null;
}

export interface FactObligation {
  id: number;
  tenantId: number;
  versionId: number;
  /** Park-zone date, inclusive. */
  deadline: string;
  /**
   * Whether it applies (default active). A paused or cancelled obligation is never missed; a
   * superseded one counts while its version was current (the version's dates decide, as of any day).
   */
  status?: ObligationStatus;
}

export interface FactSignature {
  id: number;
  obligationId: number;
  signedAt: Date;
}

export interface FactBreach {
  id: number;
  tenantId: number;
  versionId: number;
  clauseId: number;
  occurredOn: string;
  /** Only a confirmed breach is a fact (domain/breach-lifecycle.rules.ts). */
  status: BreachStatus;
  /** Park-zone date of the confirmation (or withdrawal); null while open. */
  decidedOn: string | null;
}

export interface ConventionFactsInput {
  tenantIds: readonly number[];
  /** Park-zone date. */
  asOf: string;
  timeZone: string;
  versions: readonly FactVersion[];
  obligations: readonly FactObligation[];
  signatures: readonly FactSignature[];
  breaches: readonly FactBreach[];
  /** Length of the breach window (N02) in months, from the rulebook. */
  breachWindowMonths: number;
}

const zoneDay = (instant: Date, timeZone: string) => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;

/** A version is current as of a date when it was published on or before it and not superseded on or before it. */
export function isCurrentAsOf(v: Pick<FactVersion, 'publishedAt' | 'supersededAt'>, asOf: string, timeZone: string): boolean {
  if (!v.publishedAt || zoneDay(v.publishedAt, timeZone) > asOf) return false;
  return !v.supersededAt || zoneDay(v.supersededAt, timeZone) > asOf;
}

/**
 * First day after which breaches no longer count: a breach counts when start < occurredOn ≤ asOf.
 * Month arithmetic clamps to the month's end (2024-02-29 minus 12 months is 2023-02-28).
 */
export function breachWindowStart(asOf: string, months: number): string {
  return DateTime.fromISO(asOf, { zone: 'utc' }).minus({ months }).toISODate() as string;
}

export function inBreachWindow(occurredOn: string, asOf: string, months: number): boolean {
  return occurredOn > breachWindowStart(asOf, months) && occurredOn <= asOf;
}

/**
 * The facts per tenant (every requested tenant has an entry, possibly empty), in a stable order:
 * by rule, then record id.
 * - P01: the current management convention signed on or before its deadline (the signature).
 * - P02: a current credit commitment signed (the signature).
 * - N01: the current management convention unsigned after its deadline (the obligation), unless the
 *   obligation is paused (tenant suspended) or cancelled (tenant moved out).
 * - N02: each breach confirmed in the window (the breach), dated at its confirmation; a breach still
 *   open, withdrawn, or confirmed after the as-of date is not a fact.
 * A signature made after the as-of date does not exist yet as of that date.
 */
export function conventionFacts(input: ConventionFactsInput): Map<number, ConventionFact[]> {
  const { asOf, timeZone } = input;
  const months = input.breachWindowMonths;
  const out = new Map<number, ConventionFact[]>(input.tenantIds.map((id) => [id, []]));
  const current = new Map(input.versions.filter((v) => isCurrentAsOf(v, asOf, timeZone)).map((v) => [v.id, v]));
  const signatureOf = new Map<number, FactSignature>();
  for (const s of input.signatures) {
    if (zoneDay(s.signedAt, timeZone) <= asOf) signatureOf.set(s.obligationId, s);
  }

  for (const o of input.obligations) {
    const facts = out.get(o.tenantId);
    const version = current.get(o.versionId);
    if (!facts || !version) continue;
    const signature = signatureOf.get(o.id);
    const signedOn = signature ? zoneDay(signature.signedAt, timeZone) : null;
    const detail = { versionId: version.id, title: version.title, deadline: o.deadline, signedOn };
    if (version.kind === 'management') {
      if (signature && signedOn! <= o.deadline) facts.push({ rule: 'P01', recordType: 'signature', recordId: signature.id, date: signedOn!, detail });
      else if (!signature && o.deadline < asOf && o.status !== 'paused' && o.status !== 'cancelled') facts.push({ rule: 'N01', recordType: 'obligation', recordId: o.id, date: o.deadline, detail });
    } else if (version.kind === 'commitment' && signature) {
      facts.push({ rule: 'P02', recordType: 'signature', recordId: signature.id, date: signedOn!, detail });
    }
  }

  const start = breachWindowStart(asOf, months);
  for (const b of input.breaches) {
    const facts = out.get(b.tenantId);
    const confirmedOn = b.status === 'confirmed' ? b.decidedOn : null;
    if (!facts || !confirmedOn || !(confirmedOn > start && confirmedOn <= asOf)) continue;
    facts.push({
      rule: 'N02', recordType: 'breach', recordId: b.id, date: confirmedOn,
      detail: { occurredOn: b.occurredOn, confirmedOn, versionId: b.versionId, clauseId: b.clauseId },
    });
  }

  for (const facts of out.values()) facts.sort((a, b) => (a.rule === b.rule ? a.recordId - b.recordId : a.rule < b.rule ? -1 : 1));
  return out;
}
