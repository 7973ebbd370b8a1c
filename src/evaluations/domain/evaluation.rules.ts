/**
 * Third-party evaluations, the pure rules: what a submission must hold, when an institution may
 * submit (accreditation, engagement), and how an evaluation and its disputes move. Pure: no framework.
 */
export const EVALUATION_GRADES = ['A', 'B', 'C', 'D'] as const;
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number];
export const EVALUATION_STATUSES = ['submitted', 'accepted', 'voided'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_SOURCES = ['page', 'api'] as const;
export type EvaluationSource = (typeof EVALUATION_SOURCES)[number];
export const ENGAGEMENT_STATUSES = ['active', 'cancelled'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];
export const DISPUTE_STATUSES = ['open', 'upheld', 'corrected', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export const DISPUTE_OUTCOMES = ['upheld', 'corrected', 'rejected'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

export const SCORE_MIN = 0;
export const SCORE_MAX = 100;

export type Problems = Record<string, { code: string; params?: Record<string, string | number> }[]>;

const add = (p: Problems, field: string, code: string, params?: Record<string, string | number>) => {
  (p[field] ??= []).push(params ? { code, params } : { code });
};

/**
 * The scores of a submission or a correction against the active dimensions: every active one
 * present, each an integer 0–100, no unknown code. `partial` (a correction) lets codes be left out.
 * Keys of the problems are `scores.<code>`, or `scores` when the value is not an object.
 */
export function scoreProblems(scores: unknown, dimensions: readonly { code: string; active: boolean }[], partial = false): Problems {
  const p: Problems = {};
  if (scores === null || typeof scores !== 'object' || Array.isArray(scores)) {
    if (!(partial && (scores === undefined || scores === null))) add(p, 'scores', 'scoresObject');
    return p;
  }
  const given = scores as Record<string, unknown>;
  const active = new Set(dimensions.filter((d) => d.active).map((d) => d.code));
  for (const code of Object.keys(given)) {
    if (!active.has(code)) add(p, `scores.${code.slice(0, 40)}`, 'unknownDimension');
  }
  for (const code of active) {
    const value = given[code];
    if (value === undefined || value === null || value === '') {
      if (!partial) add(p, `scores.${code}`, 'required');
      continue;
    }
    const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) add(p, `scores.${code}`, 'integer');
    else if (n < SCORE_MIN || n > SCORE_MAX) add(p, `scores.${code}`, 'range', { min: SCORE_MIN, max: SCORE_MAX });
  }
  return p;
}

/** Scores as integers by code (after scoreProblems found none). */
export function normalizedScores(scores: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, Number(v)]));
}

/** The calendar day after a YYYY-MM-DD date. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Dates of a submission: periodFrom ≤ periodTo, validUntil after periodTo, periodFrom not in the future. */
export function periodProblems(s: { periodFrom: string; periodTo: string; validUntil: string }, today: string): Problems {
  const p: Problems = {};
  if (s.periodFrom > s.periodTo) add(p, 'periodTo', 'notBefore', { limit: s.periodFrom });
  if (s.validUntil <= s.periodTo) add(p, 'validUntil', 'notBefore', { limit: nextDay(s.periodTo) });
  if (s.periodFrom > today) add(p, 'periodFrom', 'notFuture', { limit: today });
  return p;
}

/** An institution's accreditation has lapsed on `today` (park-zone day) when it is inactive or today is outside validFrom … validTo. */
export function accreditationLapsed(i: { active: boolean; validFrom: string; validTo: string }, today: string): boolean {
  return !i.active || today < i.validFrom || today > i.validTo;
}

export interface EngagementLike {
  id: number;
  institutionId: number;
  tenantId: number;
  periodFrom: string;
  periodTo: string;
  status: EngagementStatus;
}

/** The active engagement of the institution for the tenant whose period covers the evaluated period (the latest such), or null. */
export function coveringEngagement<E extends EngagementLike>(engagements: readonly E[], institutionId: number, tenantId: number, periodFrom: string, periodTo: string): E | null {
  const fits = engagements.filter((e) => e.status === 'active' && e.institutionId === institutionId && e.tenantId === tenantId
    && e.periodFrom <= periodFrom && periodTo <= e.periodTo);
  fits.sort((a, b) => b.periodTo.localeCompare(a.periodTo) || b.id - a.id);
  return fits[0] ?? null;
}

/** Institution fields: validFrom ≤ validTo. */
export function institutionProblems(i: { validFrom: string; validTo: string }): Problems {
  const p: Problems = {};
  if (i.validFrom > i.validTo) add(p, 'validTo', 'notBefore', { limit: i.validFrom });
  return p;
}

/** Engagement period: from ≤ to. */
export function engagementProblems(e: { periodFrom: string; periodTo: string }): Problems {
  const p: Problems = {};
  if (e.periodFrom > e.periodTo) add(p, 'periodTo', 'notBefore', { limit: e.periodFrom });
  return p;
}

export type EvaluationEvent = 'accept' | 'dispute' | 'uploadReport' | DisputeOutcome;

export type Transition = { ok: true; to: EvaluationStatus } | { ok: false; reason: 'state' | 'disputeOpen' | 'reportMissing' | 'noDispute' };

/**
 * What an event does to an evaluation:
 * - accept: a submitted evaluation without an open dispute and with its report on file → accepted;
 * - dispute: a submitted or accepted evaluation without an open dispute (the status stays);
 * - uploadReport: only while submitted;
 * - upheld: the open dispute is right → voided (it never counts);
 * - corrected / rejected: → accepted (with staff's corrections, or as it was); needs the report.
 */
export function evaluationTransition(status: EvaluationStatus, event: EvaluationEvent, ctx: { openDispute: boolean; hasReport: boolean }): Transition {
  switch (event) {
    case 'accept':
      if (status !== 'submitted') return { ok: false, reason: 'state' };
      if (ctx.openDispute) return { ok: false, reason: 'disputeOpen' };
      if (!ctx.hasReport) return { ok: false, reason: 'reportMissing' };
      return { ok: true, to: 'accepted' };
    case 'dispute':
      if (status === 'voided') return { ok: false, reason: 'state' };
      if (ctx.openDispute) return { ok: false, reason: 'disputeOpen' };
      return { ok: true, to: status };
    case 'uploadReport':
      return status === 'submitted' ? { ok: true, to: status } : { ok: false, reason: 'state' };
    case 'upheld':
      if (!ctx.openDispute) return { ok: false, reason: 'noDispute' };
      return { ok: true, to: 'voided' };
    case 'corrected':
    case 'rejected':
      if (!ctx.openDispute) return { ok: false, reason: 'noDispute' };
      if (status === 'voided') return { ok: false, reason: 'state' };
      if (!ctx.hasReport) return { ok: false, reason: 'reportMissing' };
      return { ok: true, to: 'accepted' };
  }
}

/** The before → after of a correction, only for what changes; null when nothing does. */
export function correctionDiff(
  before: { grade: EvaluationGrade; scores: Record<string, number> },
  after: { grade?: EvaluationGrade; scores?: Record<string, number> },
): { grade?: { before: string; after: string }; scores?: Record<string, { before: number | null; after: number }> } | null {
  const out: { grade?: { before: string; after: string }; scores?: Record<string, { before: number | null; after: number }> } = {};
  if (after.grade && after.grade !== before.grade) out.grade = { before: before.grade, after: after.grade };
  const scores: Record<string, { before: number | null; after: number }> = {};
  for (const [code, value] of Object.entries(after.scores ?? {})) {
    if (before.scores[code] !== value) scores[code] = { before: before.scores[code] ?? null, after: value };
  }
  if (Object.keys(scores).length) out.scores = scores;
  return out.grade || out.scores ? out : null;
}

/** An engagement is due (its report expected) until an evaluation of it is submitted; overdue after periodTo. */
export function engagementDue(e: { periodTo: string }, today: string): 'due' | 'overdue' {
  return today > e.periodTo ? 'overdue' : 'due';
}
