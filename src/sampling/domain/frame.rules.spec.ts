import { addMonths, buildFrame, cooldownUntil, stratumOf, type FrameInput, type LastInspections } from './frame.rules.js';
import type { ProgrammeGradeRule } from './programme.types.js';
import type { SamplingGrade, TargetedRule } from './sampling-kinds.js';

const GRADES: ProgrammeGradeRule[] = [
  { grade: 'A', ratioBp: 300, drawsPerYear: 1, cooldownMonths: 12 },
  { grade: 'B', ratioBp: 1000, drawsPerYear: 1, cooldownMonths: 6 },
  { grade: 'C', ratioBp: 3000, drawsPerYear: 2, cooldownMonths: 0 },
  { grade: 'D', ratioBp: 6000, drawsPerYear: 4, cooldownMonths: 0 },
];
const ALL: SamplingGrade[] = ['A', 'B', 'C', 'D'];

function input(over: Partial<FrameInput> = {}): FrameInput {
  return {
    programme: { grades: GRADES, targetedRules: ['black_list', 'abnormal_operations', 'recent_complaint'] },
    grades: ALL, on: '2026-06-15', tenants: [], gradesMonth: '2026-05', publishedGrades: new Map(), targetedBy: {}, lastInspections: new Map(), ...over,
  };
}

describe('addMonths', () => {
  it.each([
    ['plain', '2026-03-15', 12, '2027-03-15'],
    ['month end clamps', '2026-01-31', 1, '2026-02-28'],
    ['leap February', '2028-01-31', 1, '2028-02-29'],
    ['year end', '2026-12-31', 1, '2027-01-31'],
    ['six months', '2025-08-31', 6, '2026-02-28'],
  ])('%s: %s + %i → %s', (_n, day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('stratumOf', () => {
  it.each([['A', 'A'], ['B', 'B'], ['C', 'C'], ['D', 'D'], ['M', 'B']] as const)('%s samples in %s', (grade, stratum) => {
    expect(stratumOf(grade)).toBe(stratum);
  });
});

describe('cooldownUntil', () => {
  const last = (clean: string | null, other: string | null = null): LastInspections => ({ clean, other });
  it.each<[string, LastInspections | undefined, number, string, string | null]>([
    ['never inspected', undefined, 12, '2026-06-15', null],
    ['clean 3 months ago, 12 months cooldown', last('2026-03-15'), 12, '2026-06-15', '2027-03-15'],
    ['clean exactly 12 months ago: cooldown over that day', last('2025-06-15'), 12, '2026-06-15', null],
    ['clean 12 months less a day ago', last('2025-06-16'), 12, '2026-06-15', '2026-06-16'],
    ['no cooldown for the grade', last('2026-06-01'), 0, '2026-06-15', null],
    ['problems found after the clean visit end it', last('2026-03-15', '2026-05-01'), 12, '2026-06-15', null],
    ['problems found before the clean visit do not', last('2026-03-15', '2026-01-10'), 12, '2026-06-15', '2027-03-15'],
    ['a visit dated after the frame day does not count', last('2026-07-01'), 12, '2026-06-15', null],
    ['only other results', last(null, '2026-05-01'), 12, '2026-06-15', null],
  ])('%s', (_n, l, months, on, expected) => {
    expect(cooldownUntil(l, months, on)).toBe(expected);
  });
});

describe('buildFrame', () => {
  const tenants = [
    { id: 1, uscc: '91000000000000005X' }, // A
    { id: 2, uscc: '910000000000000010' }, // B
    { id: 3, uscc: '91000000000000003C' }, // M → B
    { id: 4, uscc: '910000000000000029' }, // D
    { id: 5, uscc: '91000000000000004A' }, // C
    { id: 6, uscc: '910000000000000061' }, // A, black-listed
    { id: 7, uscc: '910000000000000070' }, // A, clean inspection in cooldown
    { id: 8, uscc: '910000000000000088' }, // C, clean inspection (C has no cooldown)
    { id: 9, uscc: '910000000000000096' }, // B, abnormal and complaint
  ];
  const publishedGrades = new Map<number, SamplingGrade | 'M'>([[1, 'A'], [2, 'B'], [3, 'M'], [4, 'D'], [5, 'C'], [6, 'A'], [7, 'A'], [8, 'C'], [9, 'B']]);
  const lastInspections = new Map<number, LastInspections>([[7, { clean: '2026-01-10', other: null }], [8, { clean: '2026-05-01', other: null }]]);
  const targetedBy: Partial<Record<TargetedRule, number[]>> = { black_list: [6], abnormal_operations: [9], recent_complaint: [9, 2] };
  const base = () => input({ tenants, publishedGrades, lastInspections, targetedBy });
  const codes = (list: { uscc: string }[]) => list.map((m) => m.uscc);
  const ids = (list: { tenantId: number }[]) => list.map((m) => m.tenantId);

  it('puts each tenant in one place: M in B, targeted out of the strata, cooldown by grade, ascending USCC', () => {
    const f = buildFrame(base());
    expect(f.gradesMonth).toBe('2026-05');
    expect(f.strata.map((s) => [s.grade, s.ratioBp, ids(s.members)])).toEqual([['A', 300, [1]], ['B', 1000, [3]], ['C', 3000, [5, 8]], ['D', 6000, [4]]]);
    expect(f.strata[1].members[0].grade).toBe('M');
    expect(f.targeted.map((t) => [t.tenantId, t.reason])).toEqual([[2, 'recent_complaint'], [6, 'black_list'], [9, 'abnormal_operations']]);
    expect(f.excluded).toEqual([{ tenantId: 7, uscc: '910000000000000070', grade: 'A', reason: 'cooldown', until: '2027-01-10' }]);
    for (const list of [...f.strata.map((s) => s.members), f.targeted, f.excluded]) expect(codes(list)).toEqual([...codes(list)].sort());
  });

  it.each<[string, TargetedRule[], number[]]>([
    ['no targeted rule', [], []],
    ['black list only', ['black_list'], [6]],
    ['complaints only', ['recent_complaint'], [2, 9]],
  ])('targets only by the programme’s rules: %s', (_n, rules, targeted) => {
    const f = buildFrame({ ...base(), programme: { grades: GRADES, targetedRules: rules } });
    expect(ids(f.targeted).sort()).toEqual(targeted);
    const placed = f.strata.flatMap((s) => ids(s.members)).concat(ids(f.targeted), ids(f.excluded));
    expect(placed.sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it.each<[string, SamplingGrade[], string[], number[], number[]]>([
    ['C and D only', ['C', 'D'], ['C', 'D'], [5, 8, 4], []],
    ['B only (M with it)', ['B'], ['B'], [3], []],
    ['A only: the cooldown exclusion comes with it', ['A'], ['A'], [1], [7]],
    ['given out of order, strata in A–D order', ['D', 'A'], ['A', 'D'], [1, 4], [7]],
  ])('filters by the draw’s grades: %s (targeted stay)', (_n, grades, strata, members, excluded) => {
    const f = buildFrame({ ...base(), grades });
    expect(f.strata.map((s) => s.grade)).toEqual(strata);
    expect(f.strata.flatMap((s) => ids(s.members))).toEqual(members);
    expect(ids(f.excluded)).toEqual(excluded);
    expect(ids(f.targeted)).toEqual([2, 6, 9]);
  });

  it('with nothing published everyone is M, in stratum B', () => {
    const f = buildFrame({ ...base(), gradesMonth: null, publishedGrades: new Map(), targetedBy: {}, lastInspections: new Map() });
    expect(f.gradesMonth).toBeNull();
    expect(f.strata.map((s) => s.members.length)).toEqual([0, 9, 0, 0]);
  });

  it('an empty park gives empty strata', () => {
    expect(buildFrame(input()).strata.map((s) => s.members.length)).toEqual([0, 0, 0, 0]);
  });
});
