import { isWorkingDay, type WorkingCalendar } from '../../calendar/domain/working-days.rules.js';
import type { RepairStatus } from './list-kinds.js';

/**
 * The review of a credit-repair application in working days (rules.md: reply within 10 working days
 * of the submission, decision within 3 after the reply) and its state machine. Pure.
 */

export type RepairEvent = 'reply' | 'approve' | 'reject' | 'withdraw';

const MOVES: Record<RepairEvent, Partial<Record<RepairStatus, RepairStatus>>> = {
  reply: { submitted: 'in_review' },
  approve: { in_review: 'approved' },
  reject: { in_review: 'rejected' },
  withdraw: { submitted: 'withdrawn', in_review: 'withdrawn' },
};

export function repairTransition(status: RepairStatus, event: RepairEvent): { ok: true; to: RepairStatus } | { ok: false } {
  const to = MOVES[event][status];
  return to ? { ok: true, to } : { ok: false };
}

/** Still waiting for the reviewers. */
export const isOpenRepair = (status: RepairStatus) => status === 'submitted' || status === 'in_review';

const shift = (day: string, by: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
};

/**
 * How a deadline stands on `today`: `left` working days after today up to and including `dueOn`
 * (0 when due today), or `overdue` working days from the day after `dueOn` through today.
 */
export function deadlineState(dueOn: string, today: string, calendar: WorkingCalendar = {}): { state: 'left' | 'today' | 'overdue'; days: number } {
  if (dueOn === today) return { state: 'today', days: 0 };
  const [from, to] = dueOn > today ? [today, dueOn] : [dueOn, today];
  let days = 0;
  for (let d = shift(from, 1); d <= to; d = shift(d, 1)) if (isWorkingDay(d, calendar)) days += 1;
  return dueOn > today ? { state: 'left', days } : { state: 'overdue', days };
}

/** The deadline that applies now: the reply's while submitted, the decision's while in review; none once closed. */
export function currentDue(a: { status: RepairStatus; replyDueOn: string; decisionDueOn: string | null }): { kind: 'reply' | 'decision'; dueOn: string } | null {
  if (a.status === 'submitted') return { kind: 'reply', dueOn: a.replyDueOn };
  if (a.status === 'in_review' && a.decisionDueOn) return { kind: 'decision', dueOn: a.decisionDueOn };
  return null;
}

/** Due within `soon` working days (or overdue): the reviewers' reminder. */
export function dueSoon(dueOn: string, today: string, calendar: WorkingCalendar, soon = 2): boolean {
  const s = deadlineState(dueOn, today, calendar);
  return s.state !== 'left' || s.days <= soon;
}
