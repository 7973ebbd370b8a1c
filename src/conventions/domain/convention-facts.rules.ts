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
export type ConventionFactRule = 'P01' | 'P02' | 'N01' | 'N02' | 'D01';
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

/** A signature of a tenant (any convention, any version), for D01: a signature on file. */
export interface FactSignatureOnFile {
  id: number;
  tenantId: number;
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
  /**
   * Signatures on file besides those of `obligations` (D01): a loader passes, for the tenants with
   * no signature of a current version by the as-of date, their latest older one. Absent: D01 only
   * from the current versions' signatures.
   */
  signaturesOnFile?: readonly FactSignatureOnFile[];
}

/** The zone's offset (minutes) through a UTC day, or null when it changes that day; by zone, remembered. */
const offsets = new Map<string, Map<number, number | null>>();

/**
 * The park day of an instant. Runs for every signature of the park (hundreds of thousands in a
 * whole-park run), so the zone's offset is looked up once per UTC day rather than per instant;
 * on a day the offset changes (summer time) the zone library decides.
 */
export function zoneDay(instant: Date, timeZone: string): string {
  const t = instant.getTime();
  const utcDay = Math.floor(t / 86_400_000);
  let byDay = offsets.get(timeZone);
  if (!byDay) offsets.set(timeZone, (byDay = new Map()));
  let offset = byDay.get(utcDay);
  if (offset === undefined) {
    const start = DateTime.fromMillis(utcDay * 86_400_000, { zone: timeZone }).offset;
    const end = DateTime.fromMillis((utcDay + 1) * 86_400_000 - 1, { zone: timeZone }).offset;
    offset = start === end ? start : null;
    if (byDay.size > 100_000) byDay.clear();
    byDay.set(utcDay, offset);
  }
  if (offset === null || !Number.isFinite(t)) return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as string;
  return new Date(t + offset * 60_000).toISOString().slice(0, 10);
}

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

/** The instant the park day after `asOf` starts: a signature made before it was made on or before `asOf`. */
export function endOfParkDay(asOf: string, timeZone: string): Date {
  return DateTime.fromISO(asOf, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate();
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
 * - D01 (zero points, read by the M-grade rule): the tenant has a signature on file, any convention,
 *   any version, signed on or before the as-of date: the latest of those of its current obligations
 *   and `signaturesOnFile` (by time, then id), dated at its park day. (The loader passes older
 *   signatures only for tenants without a current one, so a current version's signature is named first.)
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

  const tenantOf = new Map(input.obligations.map((o) => [o.id, o.tenantId]));
  const latest = new Map<number, FactSignatureOnFile>();
  const onFile = [
    ...input.signatures.flatMap((s) => (tenantOf.has(s.obligationId) ? [{ id: s.id, tenantId: tenantOf.get(s.obligationId)!, signedAt: s.signedAt }] : [])),
    ...(input.signaturesOnFile ?? []),
  ];
  for (const s of onFile) {
    const known = latest.get(s.tenantId);
    if (!out.has(s.tenantId) || zoneDay(s.signedAt, timeZone) > asOf) continue;
    if (!known || s.signedAt.getTime() > known.signedAt.getTime() || (s.signedAt.getTime() === known.signedAt.getTime() && s.id > known.id)) latest.set(s.tenantId, s);
  }
  for (const s of latest.values()) {
    const signedOn = zoneDay(s.signedAt, timeZone);
    out.get(s.tenantId)!.push({ rule: 'D01', recordType: 'signature', recordId: s.id, date: signedOn, detail: { signedOn } });
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

/** A fact that would no longer hold, named as the score matches it. */
export interface FactKey {
  rule: string;
  recordType: string;
  recordId: number;
}

/** What signing one obligation would change, as the rules above decide it. */
export interface SigningWhatIf {
  remove: FactKey[];
  /** Dated as of the as-of date; the record is the obligation (the signature does not exist yet). */
  add: ConventionFact[];
}

/**
 * What the tenant's facts would be if it signed `obligation` on the as-of date (what-if), decided by
 * `conventionFacts` itself, with and without a signature made that day: an overdue management
 * convention loses its N01 (a late signature earns nothing); one signed by its deadline earns P01; a
 * credit commitment earns P02; and a tenant with no signature on file (`onFile` false) gets its
 * first, D01 (no points, but data for the M grade). Null when the obligation cannot be signed as of
 * that date (its version is not current, it is paused, cancelled or superseded, or it is already
 * signed) or when signing would change nothing.
 */
export function signingWhatIf(obligation: FactObligation & { signedOn?: string | null }, version: FactVersion, asOf: string, timeZone: string, onFile = true): SigningWhatIf | null {
  const status = obligation.status ?? 'active';
  if (status !== 'active' || !isCurrentAsOf(version, asOf, timeZone)) return null;
  if (obligation.signedOn && obligation.signedOn <= asOf) return null;
  const input: ConventionFactsInput = {
    tenantIds: [obligation.tenantId], asOf, timeZone, versions: [version], obligations: [obligation], signatures: [], breaches: [], breachWindowMonths: 12,
  };
  const signedAt = DateTime.fromISO(asOf, { zone: timeZone }).set({ hour: 12 }).toJSDate();
  const before = conventionFacts(input).get(obligation.tenantId) ?? [];
  const after = (conventionFacts({ ...input, signatures: [{ id: -1, obligationId: obligation.id, signedAt }] }).get(obligation.tenantId) ?? [])
    .filter((f) => !(onFile && f.rule === 'D01'));
  const remove = before.map((f) => ({ rule: f.rule, recordType: f.recordType, recordId: f.recordId }));
  const add = after.map((f): ConventionFact => (f.recordType === 'signature' && f.recordId === -1
    ? { ...f, recordType: 'obligation', recordId: obligation.id, date: asOf, detail: { ...f.detail, signedOn: asOf } }
    : f));
  return remove.length || add.length ? { remove, add } : null;
}
