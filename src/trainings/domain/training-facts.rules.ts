import type { Rulebook } from '../../scoring/domain/rulebook.js';
import type { ScoreFact } from '../../scoring/domain/score-fact.js';
import { attendanceRate, beforeMoveIn, endedIn, parkDay, ratePercent, type RateWindow, type RequiredSession } from './attendance-rate.rules.js';

/**
 * Score facts of the trainings pillar as of a date. Pure: the caller loads the records, these
 * functions decide which are facts. Windows and thresholds come from the rulebook.
 * - P07: the attendance rate over the P07 window reached one of the rulebook's thresholds (one fact,
 *   the last counted session as its record, the rate and the threshold reached in its detail).
 * - P08: each session held in the P08 window that the tenant hosted or spoke at (the session).
 * - N03: each `absent` mark on a required session that ended in the N03 window, unless an excuse
 *   was approved or the session was held before the tenant moved in (the attendance record,
 *   named by its session id).
 * - D02 (zero points, read by the M-grade rule): the tenant has an attendance mark (any mark) for a
 *   session that ended by the as-of date; the record is a marked session with the highest id (the
 *   latest scheduled, as P07's: the loader looks among the P07 window's required sessions first,
 *   then, for tenants with none marked there, among all), dated at its end.
 */
export type TrainingFactRule = 'P07' | 'P08' | 'N03' | 'D02';
export type TrainingFactRecord = 'training_attendance' | 'training_session';

export interface TrainingFact extends ScoreFact {
  rule: TrainingFactRule;
  recordType: TrainingFactRecord;
}

/** P07's thresholds in percent, highest first: `when: '90'` → 90. */
export function rateThresholds(rulebook: Rulebook): { threshold: number; points: number }[] {
  const tiers = rulebook.items.P07?.tiers ?? [];
  return tiers
    .map((t) => ({ threshold: Number(t.when), points: t.points }))
    .filter((t) => Number.isFinite(t.threshold))
    .sort((a, b) => b.threshold - a.threshold);
}

/** The highest threshold reached, in exact integer arithmetic (attended × 100 ≥ threshold × required); null below all or without a rate. */
export function thresholdReached(attended: number, required: number, thresholds: readonly { threshold: number }[]): number | null {
  if (required <= 0) return null;
  for (const t of thresholds) if (attended * 100 >= t.threshold * required) return t.threshold;
  return null;
}

/** What a tenant's rate was built from over the P07 window (counted in SQL or by attendanceRate). */
export interface RateTally {
  attended: number;
  required: number;
  /** The counted session with the highest id (the latest scheduled), the P07 fact's record; dated at its end. */
  lastSessionId: number | null;
  /** Of those, the highest with a mark (any): the tenant has a training record on file (D02). */
  lastMarkedSessionId?: number | null;
}

export interface FactSession {
  id: number;
  title: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  hostTenantId: number | null;
  speakerTenantId: number | null;
}

/** An `absent` mark on a session the tenant was invited to. */
export interface FactAbsence {
  tenantId: number;
  sessionId: number;
  excuseApproved: boolean;
}

export interface TrainingFactsInput {
  tenantIds: readonly number[];
  timeZone: string;
  thresholds: readonly { threshold: number }[];
  windows: { P07: RateWindow; P08: RateWindow; N03: RateWindow };
  tallies: ReadonlyMap<number, RateTally>;
  /** The sessions held in the windows: those the tallies and absences refer to, and those hosted or spoken at. */
  sessions: ReadonlyMap<number, FactSession>;
  absences: readonly FactAbsence[];
  /** Move-in dates (park days) of the tenants; missing or null = no move-in date. */
  movedIn: ReadonlyMap<number, string | null>;
}

export function trainingFacts(input: TrainingFactsInput): Map<number, TrainingFact[]> {
  const { timeZone } = input;
  const out = new Map<number, TrainingFact[]>(input.tenantIds.map((id) => [id, []]));

  for (const [tenantId, t] of input.tallies) {
    const facts = out.get(tenantId);
    const threshold = thresholdReached(t.attended, t.required, input.thresholds);
    const last = t.lastSessionId === null ? undefined : input.sessions.get(t.lastSessionId);
    if (!facts || threshold === null || !last) continue;
    facts.push({
      rule: 'P07', recordType: 'training_attendance', recordId: last.id, date: parkDay(last.endsAt, timeZone),
      detail: { rate: ratePercent(t.attended / t.required), attended: t.attended, required: t.required, threshold },
    });
  }

  for (const s of input.sessions.values()) {
    if (s.status !== 'scheduled' || !endedIn(s.endsAt, input.windows.P08)) continue;
    const roles = new Map<number, string[]>();
    if (s.hostTenantId !== null) roles.set(s.hostTenantId, ['host']);
    if (s.speakerTenantId !== null) roles.set(s.speakerTenantId, [...(roles.get(s.speakerTenantId) ?? []), 'speaker']);
    for (const [tenantId, role] of roles) {
      out.get(tenantId)?.push({
        rule: 'P08', recordType: 'training_session', recordId: s.id, date: parkDay(s.startsAt, timeZone),
        detail: { title: s.title, kind: s.kind, role: role.join('+') },
      });
    }
  }

  const seen = new Set<string>();
  for (const a of input.absences) {
    const facts = out.get(a.tenantId);
    const s = input.sessions.get(a.sessionId);
    const key = `${a.tenantId}:${a.sessionId}`;
    if (!facts || !s || a.excuseApproved || seen.has(key) || s.status !== 'scheduled' || !endedIn(s.endsAt, input.windows.N03)) continue;
    if (beforeMoveIn(s.startsAt, input.movedIn.get(a.tenantId), timeZone)) continue;
    seen.add(key);
    facts.push({
      rule: 'N03', recordType: 'training_attendance', recordId: s.id, date: parkDay(s.startsAt, timeZone),
      detail: { title: s.title, kind: s.kind },
    });
  }

  for (const facts of out.values()) facts.sort(compareTrainingFacts);
  return out;
}

/** The order of a tenant's trainings facts: by rule, then date, then record. */
export function compareTrainingFacts(a: TrainingFact, b: TrainingFact): number {
  return a.rule === b.rule ? a.date.localeCompare(b.date) || a.recordId - b.recordId : a.rule < b.rule ? -1 : 1;
}

/**
 * D02 per tenant: `latest` is each tenant's marked session with the highest id among those that
 * ended by `endedBy` (the end of the as-of day in park time); a session that has not ended by then
 * (or is cancelled) is no record yet.
 */
export function markedFacts(latest: ReadonlyMap<number, FactSession>, endedBy: Date, timeZone: string): Map<number, TrainingFact[]> {
  const out = new Map<number, TrainingFact[]>();
  // A park day per session, not per tenant: the whole park names a few hundred sessions.
  const days = new Map<number, string>();
  for (const [tenantId, s] of latest) {
    if (s.status !== 'scheduled' || s.endsAt.getTime() > endedBy.getTime()) continue;
    let date = days.get(s.id);
    if (date === undefined) days.set(s.id, (date = parkDay(s.endsAt, timeZone)));
    out.set(tenantId, [{ rule: 'D02', recordType: 'training_attendance', recordId: s.id, date, detail: { title: s.title, kind: s.kind } }]);
  }
  return out;
}

/** A fact the score would no longer count, named as the score matches it. */
export interface FactKey {
  rule: string;
  recordType: string;
  recordId: number;
}

/**
 * What-if "attend `session`", an upcoming required session: the P07 rate with one more required
 * session, attended. The existing P07 facts are removed (the rate is one fact) and the new one is
 * added, dated on the as-of date, when it reaches a threshold; the same arithmetic as trainingFacts
 * (thresholdReached). Its record is `recordId` (default: the session): a caller offering several
 * sessions names the same record in each, so that options done together still make one rate fact
 * (the score's what-if keeps one fact per rule and record) rather than counting P07 twice. Null when
 * there is no P07 before and none after (the rate stays below every threshold) and the tenant
 * already has a mark on file; without one (`markOnFile` false), attending gives it its first, D02
 * (no points, but data for the M grade), named by the session.
 */
export function attendWhatIf(
  tally: Pick<RateTally, 'attended' | 'required'>,
  session: Pick<FactSession, 'id'>,
  thresholds: readonly { threshold: number }[],
  asOf: string,
  currentP07: readonly FactKey[],
  recordId: number = session.id,
  markOnFile = true,
): { remove: FactKey[]; add: TrainingFact[] } | null {
  const attended = tally.attended + 1;
  const required = tally.required + 1;
  const threshold = thresholdReached(attended, required, thresholds);
  const remove = currentP07.map((k) => ({ rule: k.rule, recordType: k.recordType, recordId: k.recordId }));
  const add: TrainingFact[] = threshold === null ? [] : [{
    rule: 'P07', recordType: 'training_attendance', recordId, date: asOf,
    detail: { rate: ratePercent(attended / required), attended, required, threshold },
  }];
  if (!markOnFile) add.unshift({ rule: 'D02', recordType: 'training_attendance', recordId: session.id, date: asOf, detail: {} });
  return remove.length || add.length ? { remove, add } : null;
}

/** The tally of one tenant's required sessions (the detailed path: tenants that moved in within the window). */
export function tallyOf(sessions: readonly RequiredSession[], window: RateWindow, movedInAt: string | null | undefined, timeZone: string): RateTally {
  const r = attendanceRate(sessions, window, movedInAt, timeZone);
  const counted = new Set(r.counted);
  const last = sessions.reduce<number | null>((max, s) => (counted.has(s.sessionId) && (max === null || s.sessionId > max) ? s.sessionId : max), null);
  return { attended: r.attended, required: r.required, lastSessionId: last };
}
