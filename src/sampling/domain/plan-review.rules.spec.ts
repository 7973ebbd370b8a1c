import {
  backTest, daysInMonth, gradeReviews, MONTHS, planDiff, randomFloor, reviewPlan, sampleSize, workload,
  type AvailabilityRow, type BackTestInput, type GradeCounts, type MonthKey, type ReviewInput,
} from './plan-review.rules.js';
import type { ProgrammeDetail, ProgrammeGradeRule } from './programme.types.js';
import type { SamplingGrade } from './sampling-kinds.js';

const day = (s: string) => new Date(`${s}T02:00:00Z`);
const GRADES: ProgrammeGradeRule[] = [
  { grade: 'A', ratioBp: 300, drawsPerYear: 1, cooldownMonths: 12 },
  { grade: 'B', ratioBp: 1000, drawsPerYear: 1, cooldownMonths: 12 },
  { grade: 'C', ratioBp: 3000, drawsPerYear: 2, cooldownMonths: 0 },
  { grade: 'D', ratioBp: 6000, drawsPerYear: 4, cooldownMonths: 0 },
];

function programme(over: Partial<ProgrammeDetail> = {}): ProgrammeDetail {
  return {
    id: 7, year: 2026, title: '2026', status: 'draft', revision: 1, amendsId: null, targetedRules: ['black_list', 'abnormal_operations', 'recent_complaint'],
    complaintDays: 90, notes: null, createdById: 1, createdByName: 'x', createdAt: day('2026-01-05'), approvedById: null, approvedByName: null, approvedAt: null,
    approvalReason: null, planSha256: null,
    departments: [
      { departmentId: 1, code: 'SCJG', nameZh: '市场监管', nameEn: 'Market', inspectorsPerTask: 1, position: 0 },
      { departmentId: 2, code: 'XF', nameZh: '消防', nameEn: 'Fire', inspectorsPerTask: 1, position: 1 },
    ],
    items: [{ id: 1, code: 'I1', nameZh: '一', nameEn: 'one', legalBasis: 'x', departmentId: 1, kind: 'general' }, { id: 2, code: 'I2', nameZh: '二', nameEn: 'two', legalBasis: 'x', departmentId: 2, kind: 'key' }],
    grades: GRADES,
    draws: [
      { id: 1, seq: 1, grades: ['A', 'B', 'C', 'D'], announceAt: day('2026-03-03'), drawAt: day('2026-03-10'), status: 'planned' },
      { id: 2, seq: 2, grades: ['D'], announceAt: day('2026-06-03'), drawAt: day('2026-06-10'), status: 'planned' },
      { id: 3, seq: 3, grades: ['C', 'D'], announceAt: day('2026-09-03'), drawAt: day('2026-09-10'), status: 'planned' },
      { id: 4, seq: 4, grades: ['D'], announceAt: day('2026-11-03'), drawAt: day('2026-11-10'), status: 'planned' },
    ],
    ...over,
  };
}
const MONTHS_OF_DRAWS: MonthKey[] = ['03', '06', '09', '11'];

const counts = (over: Partial<Record<SamplingGrade, Partial<GradeCounts>>> = {}): Record<SamplingGrade, GradeCounts> => {
  const base: Record<SamplingGrade, GradeCounts> = {
    A: { members: 1000, cooldown: 100, targeted: 2, ungraded: 0 },
    B: { members: 500, cooldown: 0, targeted: 1, ungraded: 50 },
    C: { members: 100, cooldown: 0, targeted: 0, ungraded: 0 },
    D: { members: 10, cooldown: 0, targeted: 3, ungraded: 0 },
  };
  for (const g of Object.keys(over) as SamplingGrade[]) base[g] = { ...base[g], ...over[g] };
  return base;
};

const absent = (m: Partial<Record<MonthKey, number>> = {}) => Object.fromEntries(MONTHS.map((k) => [k, m[k] ?? 0])) as Record<MonthKey, number>;
const AVAILABILITY: AvailabilityRow[] = [
  { inspectorId: 11, code: 'SCJG-002', departmentId: 1, name: '乙', absentDays: absent({ '06': 15 }) },
  { inspectorId: 10, code: 'SCJG-001', departmentId: 1, name: '甲', absentDays: absent() },
];

describe('sampleSize and daysInMonth', () => {
  it.each([[1000, 300, 30], [1001, 300, 31], [0, 300, 0], [5, 1, 1], [7, 0, 0], [7, 10000, 7]])('⌈%i × %i bp⌉ = %i', (n, bp, expected) => {
    expect(sampleSize(n, bp)).toBe(expected);
  });
  it.each([[2026, '02', 28], [2028, '02', 29], [2026, '06', 30], [2026, '12', 31]] as const)('%i-%s has %i days', (y, m, d) => {
    expect(daysInMonth(y, m)).toBe(d);
  });
});

describe('gradeReviews', () => {
  it('gives per grade the sample per draw, the per-draw and yearly probabilities and the expected inspections', () => {
    const g = gradeReviews(programme(), counts());
    expect(g.map((x) => [x.grade, x.population, x.calendarDraws, x.samplePerDraw, x.pDraw, x.pYear])).toEqual([
      ['A', 1102, 1, 30, 0.03, 0.03],
      ['B', 501, 1, 50, 0.1, 0.1],
      ['C', 100, 2, 30, 0.3, 0.51],
      ['D', 13, 4, 6, 0.6, 0.9744],
    ]);
    // Cooldown tenants count as 0: the grade's average falls by the share excluded.
    expect(g[0].pYearAverage).toBeCloseTo(0.03 * 1000 / 1100, 6);
    expect(g[0].expectedPerTenant).toBe(0.03);
    // Random samples plus the grade's targeted tenants in each of the 4 draws.
    expect(g.map((x) => x.expectedInspections)).toEqual([30 + 8, 50 + 4, 60, 24 + 12]);
  });

  it.each<[string, Partial<ProgrammeDetail>, number[]]>([
    ['a cancelled draw does not count', { draws: programme().draws.map((d) => (d.seq === 2 ? { ...d, status: 'cancelled' as const } : d)) }, [1, 1, 2, 3]],
    ['without a calendar, drawsPerYear', { draws: [] }, [1, 1, 2, 4]],
  ])('%s', (_n, over, draws) => {
    expect(gradeReviews(programme(over), counts()).map((x) => x.calendarDraws)).toEqual(draws);
  });

  it('an empty stratum has probability 0 and no sample', () => {
    const g = gradeReviews(programme(), counts({ C: { members: 0 } }));
    expect(g[2]).toMatchObject({ samplePerDraw: 0, pDraw: 0, pYear: 0 });
  });
});

describe('randomFloor', () => {
  const floorOf = (p: Partial<ProgrammeDetail>, c = counts()) => randomFloor(gradeReviews(programme(p), c));
  it.each<[string, Partial<ProgrammeDetail>, ReturnType<typeof counts>, number, SamplingGrade | null, string]>([
    ['cooldowns put some at zero', {}, counts(), 0, 'A', 'cooldown'],
    ['without cooldowns the lowest grade probability', {}, counts({ A: { cooldown: 0 } }), 0.03, 'A', 'sampling'],
    ['a ratio 0 set by the programme names the floor', { grades: GRADES.map((g) => (g.grade === 'A' ? { ...g, ratioBp: 0 } : g)) }, counts(), 0, 'A', 'ratio_zero'],
    ['a grade no draw includes', { draws: programme().draws.map((d) => ({ ...d, grades: d.grades.filter((g) => g !== 'B') })) }, counts({ A: { cooldown: 0 } }), 0, 'B', 'no_draws'],
    ['an empty park', {}, counts({ A: { members: 0, cooldown: 0 }, B: { members: 0 }, C: { members: 0 }, D: { members: 0 } }), 0, null, 'empty'],
  ])('%s', (_n, p, c, probability, grade, cause) => {
    expect(floorOf(p, c)).toMatchObject({ probability, grade, cause });
  });

  it('lists every zero rule and the floor the sampling itself gives', () => {
    const f = floorOf({ grades: GRADES.map((g) => (g.grade === 'B' ? { ...g, ratioBp: 0 } : g)) });
    expect(f.zeroCauses).toEqual([{ grade: 'A', cause: 'cooldown', tenants: 100 }, { grade: 'B', cause: 'ratio_zero', tenants: 500 }]);
    expect(f.samplingFloor).toEqual({ probability: 0.03, grade: 'A' });
  });
});

describe('workload', () => {
  const run = (max = 20, availability = AVAILABILITY) => {
    const p = programme();
    return workload({ programme: p, drawMonths: MONTHS_OF_DRAWS, availability, maxVisitsPerInspector: max }, gradeReviews(p, counts()), 6);
  };

  it('spreads each draw month’s tasks over the department’s available inspectors and flags overload', () => {
    const w = run();
    const scjg = w.departments[0];
    expect(scjg.inspectors).toBe(2);
    const cells = Object.fromEntries(scjg.months.map((c) => [c.month, [c.tasks, c.visits, c.available, c.perInspector, c.overloaded, c.understaffed]]));
    expect(cells['03']).toEqual([6 + 30 + 50 + 30 + 6, 122, 2, 61, true, false]);
    expect(cells['06']).toEqual([12, 12, 1.5, 8, false, false]);
    expect(cells['09']).toEqual([42, 42, 2, 21, true, false]);
    expect(cells['01']).toEqual([0, 0, 2, 0, false, false]);
    expect(scjg.peak).toBe(61);
    expect(scjg.flagged).toBe(true);
    // Per inspector, by availability, in code order.
    expect(scjg.people.map((p) => [p.code, p.months.find((m) => m.month === '06')!.visits])).toEqual([['SCJG-001', 8], ['SCJG-002', 4]]);
  });

  it('a department without inspectors is understaffed in each draw month', () => {
    const xf = run().departments[1];
    expect(xf.inspectors).toBe(0);
    expect(xf.months.filter((c) => c.understaffed).map((c) => c.month)).toEqual(MONTHS_OF_DRAWS);
    expect(xf.months.find((c) => c.month === '01')!.understaffed).toBe(false);
  });

  it.each([[200, false], [60, true]])('the limit is configurable: %i visits', (max, flagged) => {
    expect(run(max).departments[0].months.some((c) => c.overloaded)).toBe(flagged);
  });
});

describe('backTest', () => {
  const frame = { A: 1000, B: 500, C: 100, D: 10, T: 5 };
  const results = { A: { recorded: 10, hits: 0 }, B: { recorded: 20, hits: 2 }, C: { recorded: 10, hits: 3 }, D: { recorded: 5, hits: 4 } };
  const input = (over: Partial<BackTestInput> = {}): BackTestInput => ({ year: 2025, source: 'grades', frames: [frame, frame, frame, frame], results, ...over });

  it('expects the strata hits of last year’s rates on last year’s frames, against a uniform sample of the same size', () => {
    const b = backTest(programme(), input());
    expect(b.hasData).toBe(true);
    expect(b.strata.map((s) => [s.stratum, s.sample, s.rate, s.ownRate])).toEqual([
      ['A', 30, 0, true], ['B', 50, 0.1, true], ['C', 60, 0.3, true], ['D', 24, 0.8, true], ['T', 20, 0.2, false],
    ]);
    expect(b.sampleSize).toBe(184);
    expect(b.planHits).toBeCloseTo(46.2, 2);
    expect(b.overallRate).toBeCloseTo(356 / 6460, 5);
    expect(b.uniformHits).toBeCloseTo(184 * 356 / 6460, 2);
    expect(b.lift).toBeGreaterThan(4);
  });

  it.each<[string, Partial<BackTestInput>, string]>([
    ['no frame last year', { source: 'none', frames: [null, null, null, null] }, 'no_frames'],
    ['frames but no recorded inspection', { results: {} }, 'no_results'],
    ['frames for none of the plan’s draws', { frames: [null, null, null, null] }, 'no_frames'],
  ])('says so when there is no data: %s', (_n, over, reason) => {
    expect(backTest(programme(), input(over))).toMatchObject({ hasData: false, noDataReason: reason, planHits: 0, uniformHits: 0 });
  });
});

describe('planDiff', () => {
  const dateOf = (d: Date) => d.toISOString().slice(0, 10);
  it('shows every compared field side by side and marks the changes', () => {
    const previous = programme({
      id: 3, revision: 1, status: 'approved', items: programme().items.slice(0, 1).concat({ id: 9, code: 'I9', nameZh: '九', nameEn: 'nine', legalBasis: 'x', departmentId: 1, kind: 'general' }),
      grades: GRADES.map((g) => (g.grade === 'B' ? { ...g, ratioBp: 500 } : g)), targetedRules: ['black_list'],
      draws: programme().draws.slice(0, 3),
    });
    const current = programme({ departments: programme().departments.map((d) => (d.code === 'XF' ? { ...d, inspectorsPerTask: 2 } : d)) });
    const diff = planDiff(current, previous, dateOf);
    const changed = diff.rows.filter((r) => r.changed).map((r) => [r.key, r.params, r.before, r.after]);
    expect(changed).toEqual([
      ['departments', {}, 'SCJG×1, XF×1', 'SCJG×1, XF×2'],
      ['inspectorsPerTask', {}, '2', '3'],
      ['itemsAdded', {}, '', 'I2'],
      ['itemsRemoved', {}, 'I9', ''],
      ['ratio', { grade: 'B' }, '5%', '10%'],
      ['targetedRules', {}, 'black_list', 'black_list, abnormal_operations, recent_complaint'],
      ['draw', { seq: 4 }, '', '2026-11-10 D'],
    ]);
    expect(diff.changes).toBe(7);
    expect(diff.rows.find((r) => r.key === 'cooldown' && r.params.grade === 'A')).toMatchObject({ before: '12', after: '12', changed: false });
  });
});

describe('reviewPlan', () => {
  const input = (over: Partial<ReviewInput> = {}): ReviewInput => ({
    programme: programme(), counts: counts(), drawMonths: MONTHS_OF_DRAWS, availability: AVAILABILITY, maxVisitsPerInspector: 20,
    backTest: { year: 2025, source: 'none', frames: [], results: {} }, previous: null, ...over,
  });

  it('gives the 无事不扰 number, the targeted load, the floor and no diff without a previous programme', () => {
    const r = reviewPlan(input(), (d) => d.toISOString());
    expect(r.aGrade).toEqual({ expectedPerYear: 0.03, everyYears: 33.3, average: 0.027273 });
    expect(r.targeted).toEqual({ total: 6, drawsPerYear: 4, expectedInspections: 24 });
    expect(r.totalDraws).toBe(4);
    expect(r.expectedInspections).toBe(38 + 54 + 60 + 36);
    expect(r.floor.cause).toBe('cooldown');
    expect(r.backTest).toMatchObject({ hasData: false, noDataReason: 'no_frames' });
    expect(r.diff).toBeNull();
  });

  it('an A ratio of 0 leaves no promise to compute: never inspected at random', () => {
    const r = reviewPlan(input({ programme: programme({ grades: GRADES.map((g) => (g.grade === 'A' ? { ...g, ratioBp: 0 } : g)) }) }), (d) => d.toISOString());
    expect(r.aGrade).toEqual({ expectedPerYear: 0, everyYears: null, average: 0 });
    expect(r.floor).toMatchObject({ probability: 0, grade: 'A', cause: 'ratio_zero' });
  });
});
