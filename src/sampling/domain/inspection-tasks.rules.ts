/**
 * The rules of an inspection task's result and its publication (双随机、一公开): what a recorded
 * result must carry, when it may be corrected, the publication deadline's state and the warnings
 * the daily job sends. Pure: no framework.
 */
import type { AbnormalProposalStatus, TaskResult, TaskStatus } from './sampling-kinds.js';

export interface RuleProblem {
  code: string;
  params?: Record<string, string | number>;
}
export type RuleProblems = Record<string, RuleProblem[]>;

/** Working days after the inspection within which the result must be published. */
export const PUBLISH_WORKING_DAYS = 20;
/** Working days before the publication deadline the recorder and the departments are warned. */
export const PUBLISH_WARN_DAYS = 5;

/** What an inspector enters for a result; the problem fields only for `problems`. */
export interface ResultInput {
  result: TaskResult;
  inspectedOn: string;
  severity?: string | null;
  title?: string | null;
  legalBasis?: string | null;
  description?: string | null;
  rectificationRequired?: boolean | null;
  rectifyBy?: string | null;
  departmentId?: number | null;
}

/**
 * Field problems of a result: the inspection day is a park day not after today and not before the
 * draw's day; a `problems` result names its severity, title, legal basis and description, a
 * department among those allowed, and a rectification deadline on or after the inspection when
 * rectification is required.
 */
export function resultProblems(input: ResultInput, ctx: { today: string; drawDay: string; departments: readonly number[] }): RuleProblems {
  const out: RuleProblems = {};
  if (input.inspectedOn > ctx.today) out.inspectedOn = [{ code: 'notFuture', params: { limit: ctx.today } }];
  else if (input.inspectedOn < ctx.drawDay) out.inspectedOn = [{ code: 'notBefore', params: { limit: ctx.drawDay } }];
  if (input.result !== 'problems') return out;
  for (const f of ['severity', 'title', 'legalBasis', 'description'] as const) {
    if (!input[f]) out[f] = [{ code: 'required' }];
  }
  if (input.departmentId != null && !ctx.departments.includes(input.departmentId)) out.departmentId = [{ code: 'oneOf' }];
  else if (input.departmentId == null && ctx.departments.length !== 1) out.departmentId = [{ code: ctx.departments.length ? 'required' : 'oneOf' }];
  if (input.rectificationRequired) {
    if (!input.rectifyBy) out.rectifyBy = [{ code: 'required' }];
    else if (input.rectifyBy < input.inspectedOn) out.rectifyBy = [{ code: 'notBefore', params: { limit: input.inspectedOn } }];
  }
  return out;
}

/** The department a `problems` finding goes to: the one chosen, or the only one allowed. */
export function findingDepartment(chosen: number | null | undefined, allowed: readonly number[]): number | null {
  if (chosen != null) return allowed.includes(chosen) ? chosen : null;
  return allowed.length === 1 ? allowed[0] : null;
}

/** 决定书文号 of the finding a task's result becomes. */
export function taskDecisionNo(year: number, taskId: number): string {
  return `双随机〔${year}〕第${taskId}号`;
}

/** Why a recorded result cannot be changed any more, or null when its recorder may still correct it. */
export function correctionBlock(task: { status: TaskStatus; findingId: number | null; abnormalStatus: AbnormalProposalStatus | null }): 'published' | 'finding' | 'abnormalDecided' | 'notRecorded' | null {
  if (task.status === 'published') return 'published';
  if (task.status !== 'recorded') return 'notRecorded';
  if (task.findingId !== null) return 'finding';
  if (task.abnormalStatus !== null && task.abnormalStatus !== 'proposed') return 'abnormalDecided';
  return null;
}

export type PublishState = 'due' | 'soon' | 'overdue' | 'published' | 'late';

/**
 * Where a task stands against its publication deadline: `daysLeft` working days from today to
 * `publishBy` (negative past it). Published: on time or late (after publishBy).
 */
export function publishState(t: { publishBy: string | null; publishedOn: string | null }, daysLeft: number | null): PublishState | null {
  if (!t.publishBy) return null;
  if (t.publishedOn) return t.publishedOn > t.publishBy ? 'late' : 'published';
  if (daysLeft === null) return 'due';
  if (daysLeft < 0) return 'overdue';
  return daysLeft <= PUBLISH_WARN_DAYS ? 'soon' : 'due';
}

/**
 * The warning the daily job owes a recorded, unpublished task today, or null: `soon` once the
 * deadline is within `PUBLISH_WARN_DAYS` working days (`soonBound` = today + 5 working days), and
 * `overdue` once it has passed — each once (`publishWarnedOn` is the day of the last warning: a
 * warning on or before the deadline was the `soon` one).
 */
export function publishWarning(t: { status: TaskStatus; publishBy: string | null; publishWarnedOn: string | null }, today: string, soonBound: string): 'soon' | 'overdue' | null {
  if (t.status !== 'recorded' || !t.publishBy) return null;
  if (t.publishBy < today) return t.publishWarnedOn === null || t.publishWarnedOn <= t.publishBy ? 'overdue' : null;
  if (t.publishBy <= soonBound) return t.publishWarnedOn === null ? 'soon' : null;
  return null;
}

/** The public wording key of a result. */
export function publicResultKey(result: TaskResult): string {
  return `samplingInspections.results.${result}`;
}
