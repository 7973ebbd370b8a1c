import { DEFAULT_RULEBOOK } from '../../scoring/domain/rulebook.js';
import { countingEvaluation, evaluationFacts, latestAccepted, type FactEvaluation } from './evaluation-facts.rules.js';

const ev = (id: number, extra: Partial<FactEvaluation> = {}): FactEvaluation => ({
  id, tenantId: 1, grade: 'A', periodTo: '2026-03-31', acceptedOn: '2026-04-10', validUntil: '2027-03-31', institutionName: '华信', disputed: false, ...extra,
});

describe('countingEvaluation', () => {
  it.each<[string, FactEvaluation[], string, number | null]>([
    ['none', [], '2026-06-01', null],
    ['valid', [ev(1)], '2026-06-01', 1],
    ['on the acceptance day', [ev(1)], '2026-04-10', 1],
    ['the day before acceptance', [ev(1)], '2026-04-09', null],
    ['on the last valid day', [ev(1)], '2027-03-31', 1],
    ['the day after validity', [ev(1)], '2027-04-01', null],
    ['the later period wins', [ev(1, { periodTo: '2026-06-30' }), ev(2, { periodTo: '2026-03-31', acceptedOn: '2026-05-01' })], '2026-08-01', 1],
    ['same period: the later acceptance wins', [ev(1, { acceptedOn: '2026-05-01' }), ev(2, { acceptedOn: '2026-04-20' })], '2026-06-01', 1],
    ['same period and day: the higher id wins', [ev(3), ev(4)], '2026-06-01', 4],
    ['a later one expired: the older valid one counts', [ev(1, { periodTo: '2026-06-30', validUntil: '2026-07-31', acceptedOn: '2026-07-01' }), ev(2, { periodTo: '2026-03-31' })], '2026-09-01', 2],
    ['a later one not yet accepted on D', [ev(1, { periodTo: '2026-06-30', acceptedOn: '2026-09-01' }), ev(2)], '2026-08-01', 2],
  ])('%s', (_n, list, asOf, id) => {
    expect(countingEvaluation(list, asOf)?.id ?? null).toBe(id);
  });
});

describe('evaluationFacts', () => {
  it.each<[string, FactEvaluation[], string, { rule: string; points: number } | null]>([
    ['grade A → P06 +10', [ev(1, { grade: 'A' })], '2026-06-01', { rule: 'P06', points: 10 }],
    ['grade B → P06 +5', [ev(1, { grade: 'B' })], '2026-06-01', { rule: 'P06', points: 5 }],
    ['grade C → N07 3', [ev(1, { grade: 'C' })], '2026-06-01', { rule: 'N07', points: 3 }],
    ['grade D → N07 10', [ev(1, { grade: 'D' })], '2026-06-01', { rule: 'N07', points: 10 }],
    ['expired → nothing', [ev(1)], '2027-06-01', null],
    ['only the latest counts', [ev(1, { grade: 'A', periodTo: '2025-12-31' }), ev(2, { grade: 'D' })], '2026-06-01', { rule: 'N07', points: 10 }],
  ])('%s', (_n, list, asOf, expected) => {
    const facts = evaluationFacts(list, asOf, DEFAULT_RULEBOOK).filter((f) => f.rule !== 'D03');
    expect(facts.length ? { rule: facts[0].rule, points: facts[0].detail.points } : null).toEqual(expected);
  });

  it.each<[string, FactEvaluation[], string, string[]]>([
    ['nothing accepted → no facts at all', [], '2026-06-01', []],
    ['valid, grade A → D03 and P06 (the same evaluation)', [ev(1)], '2026-06-01', ['D03:1@2026-04-10', 'P06:1@2026-04-10']],
    ['expired → D03 alone (data on file, no points)', [ev(1)], '2027-06-01', ['D03:1@2026-04-10']],
    ['accepted after the date → nothing yet', [ev(1)], '2026-04-09', []],
    ['accepted on the date → D03', [ev(1)], '2026-04-10', ['D03:1@2026-04-10', 'P06:1@2026-04-10']],
    ['D03 names the latest accepted (here expired), P06/N07 the one that counts',
      [ev(1, { periodTo: '2026-06-30', validUntil: '2026-07-31', acceptedOn: '2026-07-01', grade: 'C' }), ev(2)], '2026-09-01', ['D03:1@2026-07-01', 'P06:2@2026-04-10']],
    ['grade D → D03 and N07', [ev(1, { grade: 'D' })], '2026-06-01', ['D03:1@2026-04-10', 'N07:1@2026-04-10']],
  ])('D03: %s', (_n, list, asOf, expected) => {
    expect(evaluationFacts(list, asOf, DEFAULT_RULEBOOK).map((f) => `${f.rule}:${f.recordId}@${f.date}`)).toEqual(expected);
  });

  it('names the record, dates it at the acceptance and marks a dispute', () => {
    const [presence, fact] = evaluationFacts([ev(9, { grade: 'B', disputed: true })], '2026-06-01', DEFAULT_RULEBOOK);
    expect(presence).toEqual({ rule: 'D03', recordType: 'evaluation', recordId: 9, date: '2026-04-10', detail: { grade: 'B', institution: '华信', validUntil: '2027-03-31' } });
    expect(fact).toEqual({
      rule: 'P06', recordType: 'evaluation', recordId: 9, date: '2026-04-10',
      detail: { grade: 'B', points: 5, institution: '华信', validUntil: '2027-03-31', periodTo: '2026-03-31', disputed: 1 },
    });
  });

  it('reads the tiers from the rulebook passed in', () => {
    const book = { ...DEFAULT_RULEBOOK, items: { ...DEFAULT_RULEBOOK.items, P06: { ...DEFAULT_RULEBOOK.items.P06, tiers: [{ when: 'A', points: 8 }] } } };
    expect(evaluationFacts([ev(1, { grade: 'B' })], '2026-06-01', book).map((f) => f.rule)).toEqual(['D03']);
    expect(evaluationFacts([ev(1, { grade: 'A' })], '2026-06-01', book)[1].detail.points).toBe(8);
  });
});

describe('latestAccepted', () => {
  it.each<[string, FactEvaluation[], string, { id: number; expired: boolean } | null]>([
    ['none', [], '2026-06-01', null],
    ['valid', [ev(1)], '2026-06-01', { id: 1, expired: false }],
    ['on its last day', [ev(1)], '2027-03-31', { id: 1, expired: false }],
    ['expired', [ev(1)], '2027-04-01', { id: 1, expired: true }],
    ['the latest is expired even though an older one is valid', [ev(1, { periodTo: '2026-06-30', validUntil: '2026-07-31', acceptedOn: '2026-07-01' }), ev(2)], '2026-09-01', { id: 1, expired: true }],
  ])('%s', (_n, list, today, expected) => {
    const got = latestAccepted(list, today);
    expect(got ? { id: got.evaluation.id, expired: got.expired } : null).toEqual(expected);
  });
});
