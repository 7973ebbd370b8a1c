import { windowFrom as findingsWindowFrom } from '../../findings/domain/finding-facts.rules.js';
import { windowStart as windowFrom } from './score-window.js';
import {
  decisionReasonMissing, earliestOccurredOn, occurredOnProblem, RULE_OF_KIND, selfReportFacts, selfReportTransition,
  type FactSelfReport, type SelfReportStatus,
} from './self-report.rules.js';

const report = (over: Partial<FactSelfReport> & { id: number }): FactSelfReport => ({
  tenantId: 1, kind: 'honour', rule: 'P09', title: `荣誉 ${over.id}`, occurredOn: '2026-05-10', decidedOn: '2026-05-20', ...over,
});

describe('self-report rules', () => {
  it.each([
    ['honour', 'P09'], ['public_welfare', 'P10'], ['neighbour_help', 'P10'], ['suggestion', 'P11'],
  ] as const)('%s counts for %s', (kind, rule) => {
    expect(RULE_OF_KIND[kind]).toBe(rule);
  });

  describe('windowFrom: the same trailing window as the pillars (findings)', () => {
    it.each([
      ['2026-11-29', 12, '2025-11-30'],
      ['2026-03-31', 1, '2026-03-01'],
      ['2028-02-29', 12, '2027-03-01'],
      ['2029-02-28', 12, '2028-02-29'],
      ['2026-01-01', 12, '2025-01-02'],
      ['2026-12-31', 60, '2022-01-01'],
    ])('%s, %i months → %s', (asOf, months, from) => {
      expect(windowFrom(asOf, months)).toBe(from);
      expect(findingsWindowFrom(asOf, months)).toBe(from);
    });
  });

  describe('occurredOnProblem: today or earlier, within the last 12 months', () => {
    it.each([
      ['2026-11-29', null],
      ['2026-11-30', { code: 'notFuture', limit: '2026-11-29' }],
      ['2025-11-30', null],
      ['2025-11-29', { code: 'notBefore', limit: '2025-11-30' }],
      ['2026-06-01', null],
    ])('%s (today 2026-11-29) → %j', (occurredOn, problem) => {
      expect(occurredOnProblem(occurredOn, '2026-11-29')).toEqual(problem);
    });

    it('leap day: on 2028-02-29 the claim window starts on 2027-03-01', () => {
      expect(occurredOnProblem('2027-03-01', '2028-02-29')).toBeNull();
      expect(occurredOnProblem('2027-02-28', '2028-02-29')).toEqual({ code: 'notBefore', limit: '2027-03-01' });
    });
  });

  describe('transitions: only a pending claim moves', () => {
    it.each([
      ['pending', 'approve', { ok: true, to: 'approved' }],
      ['pending', 'reject', { ok: true, to: 'rejected' }],
      ['pending', 'withdraw', { ok: true, to: 'withdrawn' }],
      ['pending', 'evidence', { ok: true, to: 'pending' }],
      ['approved', 'approve', { ok: false, code: 'notPending' }],
      ['approved', 'withdraw', { ok: false, code: 'notPending' }],
      ['rejected', 'evidence', { ok: false, code: 'notPending' }],
      ['withdrawn', 'reject', { ok: false, code: 'notPending' }],
    ] as const)('%s + %s → %j', (status, event, result) => {
      expect(selfReportTransition(status as SelfReportStatus, event)).toEqual(result);
    });
  });

  it.each([
    ['reject', undefined, true], ['reject', '  ', true], ['reject', '材料不足', false], ['approve', undefined, false], ['approve', '', false],
  ] as const)('a %s with reason %j is missing one: %s', (decision, reason, missing) => {
    expect(decisionReasonMissing(decision, reason)).toBe(missing);
  });

  describe('selfReportFacts', () => {
    const windows = { P09: 12, P10: 12, P11: 12 };
    const asOf = '2026-11-29';
    const facts = (reports: FactSelfReport[], tenantIds = [1, 2], w: Partial<Record<'P09' | 'P10' | 'P11', number>> = windows) =>
      selfReportFacts({ tenantIds, asOf, reports, windows: w });

    it('every tenant asked for has an entry; nothing approved → empty', () => {
      expect(facts([])).toEqual(new Map([[1, []], [2, []]]));
    });

    it('an approved claim is a fact of its rule, dated the day it occurred, naming its record', () => {
      const out = facts([report({ id: 7, kind: 'neighbour_help', rule: 'P10', title: '帮扶邻企' })]);
      expect(out.get(1)).toEqual([{ rule: 'P10', recordType: 'self_report', recordId: 7, date: '2026-05-10', detail: { title: '帮扶邻企', kind: 'neighbour_help' } }]);
      expect(out.get(2)).toEqual([]);
    });

    it.each([
      ['the day before the window starts', '2025-11-29', false],
      ['the first day of the window', '2025-11-30', true],
      ['the as-of date itself', '2026-11-29', true],
      ['the day after the as-of date', '2026-11-30', false],
    ])('occurred on %s (%s) counts: %s', (_label, occurredOn, counts) => {
      const out = facts([report({ id: 1, occurredOn, decidedOn: occurredOn < asOf ? occurredOn : asOf })]);
      expect(out.get(1)!.length).toBe(counts ? 1 : 0);
    });

    it('counts from its approval: decided after the as-of date → not yet', () => {
      expect(facts([report({ id: 1, decidedOn: '2026-11-30' })]).get(1)).toEqual([]);
      expect(facts([report({ id: 1, decidedOn: '2026-11-29' })]).get(1)).toHaveLength(1);
    });

    it('leap day: as of 2028-02-29 a claim of 2027-02-28 is out, of 2027-03-01 in', () => {
      const out = selfReportFacts({
        tenantIds: [1], asOf: '2028-02-29', windows,
        reports: [report({ id: 1, occurredOn: '2027-02-28', decidedOn: '2027-03-05' }), report({ id: 2, occurredOn: '2027-03-01', decidedOn: '2027-03-05' })],
      });
      expect(out.get(1)!.map((f) => f.recordId)).toEqual([2]);
    });

    it('each rule has its own window; a rule without one counts every earlier date', () => {
      const old = [report({ id: 1, rule: 'P09', occurredOn: '2025-06-01', decidedOn: '2025-06-05' }), report({ id: 2, kind: 'suggestion', rule: 'P11', occurredOn: '2025-06-01', decidedOn: '2025-06-05' })];
      expect(facts(old, [1], { P09: 24, P10: 12, P11: 12 }).get(1)!.map((f) => f.recordId)).toEqual([1]);
      expect(facts(old, [1], { P10: 12, P11: 12 }).get(1)!.map((f) => f.recordId)).toEqual([1]);
    });

    it('ordered by rule, then date, then id; other tenants\' claims are left out', () => {
      const out = facts([
        report({ id: 5, kind: 'suggestion', rule: 'P11', occurredOn: '2026-01-01' }),
        report({ id: 4, occurredOn: '2026-03-01' }),
        report({ id: 3, occurredOn: '2026-02-01' }),
        report({ id: 2, occurredOn: '2026-02-01' }),
        report({ id: 9, tenantId: 3 }),
      ]);
      expect(out.get(1)!.map((f) => f.recordId)).toEqual([2, 3, 4, 5]);
      expect(out.has(3)).toBe(false);
    });
  });

  it('earliestOccurredOn: the widest window\'s first day; null when a rule has no window', () => {
    expect(earliestOccurredOn('2026-11-29', { P09: 12, P10: 24, P11: 6 })).toBe('2024-11-30');
    expect(earliestOccurredOn('2026-11-29', { P09: 12, P10: 12 })).toBeNull();
  });
});
