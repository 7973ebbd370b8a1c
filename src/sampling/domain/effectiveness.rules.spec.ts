import { drawEffectiveness, programmeEffectiveness, type DrawCounts, type EffectivenessStratum } from './effectiveness.rules.js';
import type { TaskResult } from './sampling-kinds.js';

/** Tasks of a stratum: [clean, problems, not_found, unrecorded]. */
function tasks(rows: Partial<Record<EffectivenessStratum, [number, number, number, number]>>): DrawCounts['tasks'] {
  const results: (TaskResult | null)[] = ['clean', 'problems', 'not_found', null];
  return Object.entries(rows).flatMap(([stratum, counts]) =>
    results.map((result, i) => ({ stratum: stratum as EffectivenessStratum, result, count: counts![i] })).filter((t) => t.count > 0));
}

const draw = (population: DrawCounts['population'], rows: Parameters<typeof tasks>[0], drawId = 1): DrawCounts => ({ drawId, population, tasks: tasks(rows) });

/*
 * A worked draw: A N=100 n=3 (all clean); B N=50 n=5 (1 problem); C N=20 n=6 (1 problem, 1 not found,
 * 1 unrecorded); D N=4 drawn in full (2 problems); targeted N=2 (1 problem).
 * Estimated violators 0 + 50·1/5 + 20·2/5 + 4·2/4 + 2·1/2 = 21 over 176 members.
 * Variances: B 50²(1−5/50)·0.2/5 = 90 (s² = 0.2·0.8·5/4), C 20²(1−5/20)·0.3/5 = 18, the rest 0.
 */
const WORKED = draw({ A: 100, B: 50, C: 20, D: 4, T: 2 }, { A: [3, 0, 0, 0], B: [4, 1, 0, 0], C: [3, 1, 1, 1], D: [2, 2, 0, 0], T: [1, 1, 0, 0] });

describe('drawEffectiveness', () => {
  it('counts each stratum: tasks, recorded, hits, hit rate, inclusion probability and estimated violators', () => {
    const r = drawEffectiveness(WORKED);
    expect(r.strata.map((s) => s.stratum)).toEqual(['A', 'B', 'C', 'D', 'T']);
    const row = (code: string) => r.strata.find((s) => s.stratum === code)!;
    expect(row('A')).toMatchObject({ population: 100, tasks: 3, recorded: 3, hits: 0, hitRate: 0, inclusionProbability: 0.03, estimatedViolators: 0, variance: 0 });
    expect(row('B')).toMatchObject({ population: 50, tasks: 5, recorded: 5, hits: 1, hitRate: 0.2, inclusionProbability: 0.1, estimatedViolators: 10, enoughData: true });
    expect(row('B').variance).toBeCloseTo(90, 9);
    expect(row('C')).toMatchObject({ tasks: 6, recorded: 5, unrecorded: 1, problems: 1, notFound: 1, hits: 2, hitRate: 0.4, inclusionProbability: 0.3, estimatedViolators: 8 });
    expect(row('C').variance).toBeCloseTo(18, 9);
    expect(row('D')).toMatchObject({ inclusionProbability: 1, estimatedViolators: 2, variance: 0, hitRate: 0.5 });
    expect(row('T')).toMatchObject({ inclusionProbability: 1, estimatedViolators: 1, variance: 0 });
    expect(r.total).toMatchObject({ population: 176, tasks: 20, recorded: 19, unrecorded: 1, hits: 6 });
    expect(r.total.hitRate).toBeCloseTo(6 / 19, 12);
  });

  it('estimates the rate with an approximate 95% interval and compares with a uniform sample of the same size', () => {
    const r = drawEffectiveness(WORKED);
    expect(r.estimate.population).toBe(176);
    expect(r.estimate.estimatedViolators).toBeCloseTo(21, 9);
    expect(r.estimate.rate).toBeCloseTo(0.11931818181818182, 12);
    expect(r.estimate.interval!.low).toBeCloseTo(0.003587822651300629, 9);
    expect(r.estimate.interval!.high).toBeCloseTo(0.235048540985063, 9);
    expect(r.estimate.uncovered).toEqual([]);
    expect(r.estimate.notEnoughData).toEqual([]);
    expect(r.uniform.sampleSize).toBe(19);
    expect(r.uniform.actualHits).toBe(6);
    expect(r.uniform.uniformExpectedHits).toBeCloseTo(2.2670454545454546, 9);
    expect(r.uniform.lift).toBeCloseTo(2.6466165413533833, 9);
  });

  it.each<[string, DrawCounts, { rate: number | null; interval: [number, number] | null; expected: number | null; lift: number | null; notEnough: string[]; uncovered: string[] }]>([
    ['an empty draw', draw({}, {}), { rate: null, interval: null, expected: null, lift: null, notEnough: [], uncovered: [] }],
    ['a frame with no task drawn', draw({ A: 40 }, {}), { rate: null, interval: null, expected: null, lift: null, notEnough: ['A'], uncovered: ['A'] }],
    ['all targeted, all recorded (π = 1: no sampling error)', draw({ T: 3 }, { T: [1, 2, 0, 0] }), { rate: 2 / 3, interval: [2 / 3, 2 / 3], expected: 2, lift: 1, notEnough: [], uncovered: [] }],
    ['zero hits', draw({ A: 10 }, { A: [2, 0, 0, 0] }), { rate: 0, interval: [0, 0], expected: 0, lift: null, notEnough: [], uncovered: [] }],
    ['N_h = n_h: the stratum drawn in full (π = 1)', draw({ D: 3 }, { D: [1, 1, 1, 0] }), { rate: 2 / 3, interval: [2 / 3, 2 / 3], expected: 2, lift: 1, notEnough: [], uncovered: [] }],
    ['a census of one member is enough', draw({ D: 1 }, { D: [0, 1, 0, 0] }), { rate: 1, interval: [1, 1], expected: 1, lift: 1, notEnough: [], uncovered: [] }],
    ['one recorded result in a larger stratum: not enough data for an interval', draw({ B: 10 }, { B: [0, 1, 0, 0] }), { rate: 1, interval: null, expected: 1, lift: 1, notEnough: ['B'], uncovered: [] }],
    ['nothing recorded yet: no rate, not a rate of 0', draw({ C: 10 }, { C: [0, 0, 0, 3] }), { rate: null, interval: null, expected: null, lift: null, notEnough: ['C'], uncovered: ['C'] }],
    ['a stratum not reached: the rate counts none there and says so', draw({ A: 10, D: 2 }, { A: [0, 0, 0, 1], D: [1, 1, 0, 0] }), { rate: 1 / 12, interval: null, expected: 2 / 12, lift: 6, notEnough: ['A'], uncovered: ['A'] }],
  ])('%s', (_name, counts, want) => {
    const r = drawEffectiveness(counts);
    if (want.rate === null) expect(r.estimate.rate).toBeNull();
    else expect(r.estimate.rate).toBeCloseTo(want.rate, 12);
    if (want.interval === null) expect(r.estimate.interval).toBeNull();
    else {
      expect(r.estimate.interval!.low).toBeCloseTo(want.interval[0], 12);
      expect(r.estimate.interval!.high).toBeCloseTo(want.interval[1], 12);
    }
    if (want.expected === null) expect(r.uniform.uniformExpectedHits).toBeNull();
    else expect(r.uniform.uniformExpectedHits).toBeCloseTo(want.expected, 12);
    if (want.lift === null) expect(r.uniform.lift).toBeNull();
    else expect(r.uniform.lift).toBeCloseTo(want.lift, 12);
    expect(r.estimate.notEnoughData).toEqual(want.notEnough);
    expect(r.estimate.uncovered).toEqual(want.uncovered);
  });

  it('never counts a stratum smaller than its tasks (a frame row missing)', () => {
    const r = drawEffectiveness(draw({ T: 1 }, { T: [2, 1, 0, 0] }));
    expect(r.strata[4]).toMatchObject({ population: 3, tasks: 3, inclusionProbability: 1 });
    expect(r.estimate.rate).toBeCloseTo(1 / 3, 12);
  });

  it('clamps the interval to [0, 1]', () => {
    const r = drawEffectiveness(draw({ B: 1000 }, { B: [1, 1, 0, 0] }));
    expect(r.estimate.interval!.low).toBe(0);
    expect(r.estimate.interval!.high).toBe(1);
  });
});

describe('programmeEffectiveness', () => {
  it('pools its draws: strata summed, violators over all frames, uniform expectation draw by draw', () => {
    const r = programmeEffectiveness([draw({ T: 3 }, { T: [1, 2, 0, 0] }, 1), draw({ A: 10 }, { A: [2, 0, 0, 0] }, 2)]);
    expect(r.draws).toBe(2);
    expect(r.strata[0]).toMatchObject({ stratum: 'A', population: 10, tasks: 2, recorded: 2, hits: 0, inclusionProbability: 0.2 });
    expect(r.strata[4]).toMatchObject({ stratum: 'T', population: 3, tasks: 3, hits: 2 });
    expect(r.estimate.rate).toBeCloseTo(2 / 13, 12);
    expect(r.estimate.interval).toEqual({ low: expect.closeTo(2 / 13, 12), high: expect.closeTo(2 / 13, 12) });
    expect(r.uniform.uniformExpectedHits).toBeCloseTo(2, 12);
    expect(r.uniform.lift).toBeCloseTo(1, 12);
  });

  it('adds the variances of its draws', () => {
    const one = drawEffectiveness(WORKED);
    const both = programmeEffectiveness([WORKED, { ...WORKED, drawId: 2 }]);
    expect(both.estimate.rate).toBeCloseTo(one.estimate.rate!, 12);
    const half = (i: { low: number; high: number }) => (i.high - i.low) / 2;
    // Twice the frame and twice the variance: the half-width shrinks by √2.
    expect(half(both.estimate.interval!)).toBeCloseTo(half(one.estimate.interval!) / Math.SQRT2, 9);
    expect(both.uniform.uniformExpectedHits).toBeCloseTo(2 * one.uniform.uniformExpectedHits!, 9);
  });

  it('a programme without draws knows nothing', () => {
    const r = programmeEffectiveness([]);
    expect(r.draws).toBe(0);
    expect(r.total).toMatchObject({ population: 0, tasks: 0, recorded: 0, hits: 0, hitRate: null });
    expect(r.estimate).toMatchObject({ rate: null, interval: null });
    expect(r.uniform).toMatchObject({ uniformExpectedHits: null, lift: null });
  });

  it('one draw short of data leaves the programme without an interval', () => {
    const r = programmeEffectiveness([WORKED, draw({ B: 10 }, { B: [0, 1, 0, 0] }, 2)]);
    expect(r.estimate.interval).toBeNull();
    expect(r.estimate.notEnoughData).toEqual(['B']);
  });
});
