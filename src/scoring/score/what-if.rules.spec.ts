import type { ScoreFact } from '../domain/score-fact.js';
import { applyWhatIf, topRaisers, unknownOptions } from './what-if.rules.js';

const f = (rule: string, recordType: string, recordId: number, date = '2026-05-01', detail: ScoreFact['detail'] = {}): ScoreFact => ({ rule, recordType, recordId, date, detail });
const short = (facts: ScoreFact[]) => facts.map((x) => `${x.rule}:${x.recordType}:${x.recordId}${x.detail.threshold ? `@${x.detail.threshold}` : ''}`);

describe('applyWhatIf', () => {
  const facts = [f('N05', 'finding', 1), f('N01', 'obligation', 2), f('P07', 'training_attendance', 9, '2026-04-01', { threshold: '75' }), f('P03', 'tenant', 5)];

  it.each([
    { name: 'no option: the facts, in order', options: [], expected: ['N01:obligation:2', 'N05:finding:1', 'P03:tenant:5', 'P07:training_attendance:9@75'] },
    { name: 'rectify: N05 gone, P05 added', options: [{ remove: [{ rule: 'N05', recordType: 'finding', recordId: 1 }], add: [f('P05', 'finding', 1)] }],
      expected: ['N01:obligation:2', 'P03:tenant:5', 'P05:finding:1', 'P07:training_attendance:9@75'] },
    { name: 'a removal of a fact not held changes nothing', options: [{ remove: [{ rule: 'N05', recordType: 'finding', recordId: 99 }], add: [] }],
      expected: ['N01:obligation:2', 'N05:finding:1', 'P03:tenant:5', 'P07:training_attendance:9@75'] },
    { name: 'attend twice: the rate fact replaced once, by the later option', options: [
      { remove: [{ rule: 'P07', recordType: 'training_attendance', recordId: 9 }], add: [f('P07', 'training_attendance', 9, '2026-05-01', { threshold: '75' })] },
      { remove: [{ rule: 'P07', recordType: 'training_attendance', recordId: 9 }], add: [f('P07', 'training_attendance', 9, '2026-05-01', { threshold: '90' })] },
    ], expected: ['N01:obligation:2', 'N05:finding:1', 'P03:tenant:5', 'P07:training_attendance:9@90'] },
    { name: 'sign: N01 gone, P01 and P02 added', options: [{ remove: [{ rule: 'N01', recordType: 'obligation', recordId: 2 }], add: [f('P01', 'obligation', 2), f('P02', 'obligation', 2)] }],
      expected: ['N05:finding:1', 'P01:obligation:2', 'P02:obligation:2', 'P03:tenant:5', 'P07:training_attendance:9@75'] },
  ])('$name', ({ options, expected }) => {
    expect(short(applyWhatIf(facts, options))).toEqual(expected);
  });

  it('leaves the input untouched', () => {
    const copy = JSON.stringify(facts);
    applyWhatIf(facts, [{ remove: [{ rule: 'N05', recordType: 'finding', recordId: 1 }], add: [] }]);
    expect(JSON.stringify(facts)).toBe(copy);
  });
});

describe('unknownOptions', () => {
  it.each([
    [['a', 'b'], ['a', 'b', 'c'], []],
    [['a', 'x', 'x'], ['a'], ['x']],
    [[], [], []],
  ])('%p of %p → %p', (keys, offered, expected) => expect(unknownOptions(keys, offered.map((key) => ({ key })))).toEqual(expected));
});

describe('topRaisers', () => {
  const o = (key: string) => ({ key });
  it.each([
    { gains: [], expected: [] },
    { gains: [[o('a'), 0], [o('b'), -2]], expected: [] },
    { gains: [[o('a'), 2], [o('b'), 7], [o('c'), 5], [o('d'), 1]], expected: ['b', 'c', 'a'] },
    { gains: [[o('b'), 3], [o('a'), 3]], expected: ['a', 'b'] },
  ] as { gains: [{ key: string }, number][]; expected: string[] }[])('$expected', ({ gains, expected }) => {
    expect(topRaisers(gains.map(([option, gain]) => ({ option, gain }))).map((g) => g.option.key)).toEqual(expected);
  });
});
