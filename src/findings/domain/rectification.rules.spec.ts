import type { Role } from '../../accounts/domain/roles.js';
import { RECTIFICATION_STATUSES, type RectificationStatus } from './finding-kinds.js';
import {
  decisionReasonProblem, initialRectificationStatus, isOverdue, isVerifierOf, RECTIFICATION_EVENTS, rectificationState, rectificationTransition,
  rectifiedOnTime, statusesAllowing, submittedLate, type RectificationEvent, type RectificationRefusal, type RectificationState,
} from './rectification.rules.js';

describe('rectification rules', () => {
  describe('transitions', () => {
    const table: [RectificationStatus, RectificationEvent, RectificationStatus | RectificationRefusal][] = [
      ['none', 'submit', 'notRequired'],
      ['none', 'verify', 'notRequired'],
      ['none', 'return', 'notRequired'],
      ['open', 'submit', 'submitted'],
      ['open', 'verify', 'nothingSubmitted'],
      ['open', 'return', 'nothingSubmitted'],
      ['submitted', 'submit', 'awaitingVerification'],
      ['submitted', 'verify', 'verified'],
      ['submitted', 'return', 'open'],
      ['verified', 'submit', 'alreadyVerified'],
      ['verified', 'verify', 'alreadyVerified'],
      ['verified', 'return', 'alreadyVerified'],
    ];

    it('the table covers every status and event', () => {
      expect(table.map(([s, e]) => `${s}:${e}`).sort()).toEqual(RECTIFICATION_STATUSES.flatMap((s) => RECTIFICATION_EVENTS.map((e) => `${s}:${e}`)).sort());
    });

    it.each(table)('%s + %s → %s', (from, event, expected) => {
      const ok = (RECTIFICATION_STATUSES as readonly string[]).includes(expected);
      expect(rectificationTransition(from, event)).toEqual(ok ? { ok: true, to: expected } : { ok: false, code: expected });
    });

    it('an unknown stored status is refused, not crashed on', () => {
      expect(rectificationTransition('bogus' as RectificationStatus, 'submit')).toEqual({ ok: false, code: 'notRequired' });
    });

    it.each([
      ['submit', ['open']],
      ['verify', ['submitted']],
      ['return', ['submitted']],
    ] as const)('%s is allowed from %j', (event, statuses) => {
      expect(statusesAllowing(event)).toEqual(statuses);
    });

    it.each([[true, 'open'], [false, 'none']] as const)('required %s starts %s', (required, status) => {
      expect(initialRectificationStatus(required)).toBe(status);
    });
  });

  describe('state on a date', () => {
    const table: [string, boolean, string | null, RectificationStatus, string, RectificationState][] = [
      ['not required', false, null, 'none', '2026-05-01', 'none'],
      ['required flag off but status left open', false, '2026-05-10', 'open', '2026-05-01', 'none'],
      ['open before the deadline', true, '2026-05-10', 'open', '2026-05-01', 'open'],
      ['open on the deadline (inclusive)', true, '2026-05-10', 'open', '2026-05-10', 'open'],
      ['open the day after the deadline', true, '2026-05-10', 'open', '2026-05-11', 'overdue'],
      ['open without a deadline never overdue', true, null, 'open', '2030-01-01', 'open'],
      ['submitted, awaiting, deadline passed', true, '2026-05-10', 'submitted', '2026-06-01', 'submitted'],
      ['returned (open again) after the deadline', true, '2026-05-10', 'open', '2026-06-01', 'overdue'],
      ['verified long after', true, '2026-05-10', 'verified', '2027-01-01', 'verified'],
      ['leap day deadline, day after', true, '2028-02-29', 'open', '2028-03-01', 'overdue'],
      ['leap day deadline, on it', true, '2028-02-29', 'open', '2028-02-29', 'open'],
      ['year end', true, '2026-12-31', 'open', '2027-01-01', 'overdue'],
    ];

    it.each(table)('%s', (_label, required, rectifyBy, status, today, expected) => {
      expect(rectificationState({ required, rectifyBy, status }, today)).toBe(expected);
      expect(isOverdue({ required, rectifyBy, status }, today)).toBe(expected === 'overdue');
    });
  });

  it.each([
    [null, '2026-05-11', false],
    ['2026-05-10', '2026-05-09', false],
    ['2026-05-10', '2026-05-10', false],
    ['2026-05-10', '2026-05-11', true],
  ] as const)('deadline %s, submitted %s: late %s', (rectifyBy, submittedOn, late) => {
    expect(submittedLate(rectifyBy, submittedOn)).toBe(late);
  });

  it.each([
    ['verified before the deadline', 'verified', '2026-05-10', '2026-05-01', true],
    ['verified, submitted on the deadline', 'verified', '2026-05-10', '2026-05-10', true],
    ['verified, submitted a day late', 'verified', '2026-05-10', '2026-05-11', false],
    ['submitted on time, not yet verified', 'submitted', '2026-05-10', null, false],
    ['open', 'open', '2026-05-10', null, false],
    ['no deadline', 'verified', null, '2026-05-01', false],
  ] as const)('on time: %s', (_label, status, rectifyBy, rectifiedOn, expected) => {
    expect(rectifiedOnTime({ status, rectifyBy, rectifiedOn })).toBe(expected);
  });

  describe('who verifies', () => {
    const asker = (role: Role, departmentId: number | null = null) => ({ role, tenantId: role === 'tenant_officer' ? 7 : null, departmentId });
    const table: [string, ReturnType<typeof asker>, boolean, boolean][] = [
      ['the regulator of the department', asker('regulator', 3), false, true],
      ['the regulator of the department, delegated too', asker('regulator', 3), true, true],
      ['a regulator of another department', asker('regulator', 4), false, false],
      ['a regulator of another department, delegated', asker('regulator', 4), true, false],
      ['a regulator without a department', asker('regulator', null), true, false],
      ['park staff, not delegated', asker('park_staff'), false, false],
      ['park staff, delegated', asker('park_staff'), true, true],
      ['an admin, delegated', asker('admin'), true, true],
      ['an admin, not delegated', asker('admin'), false, false],
      ['a tenant officer, delegated', asker('tenant_officer'), true, false],
      ['an evaluator, delegated', asker('evaluator'), true, false],
    ];
    it.each(table)('%s', (_label, a, delegatesVerification, expected) => {
      expect(isVerifierOf(a, { id: 3, delegatesVerification })).toBe(expected);
    });
  });

  it.each([
    ['verify', undefined, null],
    ['verify', '', null],
    ['return', 'photos missing', null],
    ['return', '', 'required'],
    ['return', '   ', 'required'],
    ['return', null, 'required'],
  ] as const)('%s with reason %j: %s', (decision, reason, expected) => {
    expect(decisionReasonProblem(decision, reason)).toBe(expected);
  });
});
