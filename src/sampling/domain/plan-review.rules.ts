import type { ProgrammeDetail } from './programme.types.js';
import { SAMPLING_GRADES, TARGETED_RULES, type SamplingGrade, type TargetedRule } from './sampling-kinds.js';

/**
 * The review of a sampling programme before approval (the regulator's main page): what the plan
 * means for the park as it is now — per grade the population, sample per draw and each tenant's
 * yearly inclusion probability; the month-by-month workload per department and inspector; the
 * 无事不扰 number; the random floor and the rule behind it; a back-test on last year; the diff with
 * the previous approved programme. Pure: no framework.
 */

export const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
export type MonthKey = (typeof MONTHS)[number];

/** The frame today, per stratum grade (M counted in B): members (drawable), in cooldown, targeted. */
export interface GradeCounts {
  members: number;
  cooldown: number;
  targeted: number;
  /** Of these, tenants without a published grade (M). */
  ungraded: number;
}

export interface AvailabilityRow {
  inspectorId: number;
  code: string;
  departmentId: number;
  name: string;
  absentDays: Record<MonthKey, number>;
}

/** Last year's inspections (tasks recorded last year) by stratum: A–D, or T for targeted. */
export type StratumKey = SamplingGrade | 'T';
export type LastYearResults = Partial<Record<StratumKey, { recorded: number; hits: number }>>;

/** Last year's frame sizes for one draw of this plan: from last year's frozen frames, or last year's published grades that month. */
export type FrameSizes = Partial<Record<StratumKey, number>>;

export interface BackTestInput {
  year: number;
  /** Where the frame sizes come from: last year's drawn draws, last year's published grades, or nothing at all. */
  source: 'draws' | 'grades' | 'none';
  /** One per draw of this plan's calendar (same order); null when no frame is known for it. */
  frames: (FrameSizes | null)[];
  results: LastYearResults;
}

export interface ReviewInput {
  programme: ProgrammeDetail;
  counts: Record<SamplingGrade, GradeCounts>;
  /** The draw months (park time) of the programme's draws, same order as programme.draws. */
  drawMonths: MonthKey[];
  availability: AvailabilityRow[];
  /** Inspector visits per month above which an inspector is overloaded. */
  maxVisitsPerInspector: number;
  backTest: BackTestInput;
  previous: ProgrammeDetail | null;
}

export interface GradeReview {
  grade: SamplingGrade;
  ratioBp: number;
  drawsPerYear: number;
  /** Draws of the calendar that include the grade (the figures below use these; drawsPerYear when the calendar is empty). */
  calendarDraws: number;
  cooldownMonths: number;
  population: number;
  members: number;
  cooldown: number;
  targeted: number;
  ungraded: number;
  /** Sample per draw: ⌈ratio × members / 10000⌉. */
  samplePerDraw: number;
  /** A drawable tenant's chance in one draw. */
  pDraw: number;
  /** A drawable tenant's chance of at least one inspection in the year. */
  pYear: number;
  /** The grade's average over its non-targeted tenants, cooldowns counted as 0 (approximation by the share excluded). */
  pYearAverage: number;
  /** Random inspections a drawable tenant of the grade should expect in a year. */
  expectedPerTenant: number;
  /** Inspections of the grade's tenants expected in the year: random samples plus its targeted tenants in every draw. */
  expectedInspections: number;
}

export type FloorCause = 'sampling' | 'ratio_zero' | 'no_draws' | 'cooldown' | 'empty';

export interface FloorReview {
  /** The lowest yearly inclusion probability of any non-targeted tenant. */
  probability: number;
  grade: SamplingGrade | null;
  cause: FloorCause;
  /** Every rule that leaves some tenants at zero (empty when none). */
  zeroCauses: { grade: SamplingGrade; cause: Exclude<FloorCause, 'sampling' | 'empty'>; tenants: number }[];
  /** The lowest probability among tenants not in cooldown, ratio > 0 and drawn at least once (the floor the sampling itself gives). */
  samplingFloor: { probability: number; grade: SamplingGrade } | null;
}

export interface WorkloadCell {
  month: MonthKey;
  draws: number;
  tasks: number;
  visits: number;
  available: number;
  perInspector: number;
  overloaded: boolean;
  understaffed: boolean;
}

export interface DepartmentWorkload {
  departmentId: number;
  code: string;
  nameZh: string;
  nameEn: string;
  inspectorsPerTask: number;
  inspectors: number;
  months: WorkloadCell[];
  peak: number;
  flagged: boolean;
  people: { inspectorId: number; code: string; name: string; months: { month: MonthKey; visits: number; absentDays: number; overloaded: boolean }[] }[];
}

export interface BackTestStratum {
  stratum: StratumKey;
  sample: number;
  recorded: number;
  hits: number;
  /** Hit rate used: the stratum's own, or the pooled rate when it had no recorded task (estimated = false). */
  rate: number;
  ownRate: boolean;
  expectedHits: number;
}

export interface BackTestReview {
  year: number;
  source: 'draws' | 'grades' | 'none';
  hasData: boolean;
  /** Why there is no back-test: no frame last year, or no recorded inspection last year. */
  noDataReason: 'no_frames' | 'no_results' | null;
  strata: BackTestStratum[];
  sampleSize: number;
  planHits: number;
  overallRate: number;
  uniformHits: number;
  /** planHits / uniformHits (null when uniform is 0). */
  lift: number | null;
}

export interface DiffRow {
  key: string;
  /** Parameters of the row's label (a grade, a seq). */
  params: Record<string, string | number>;
  before: string;
  after: string;
  changed: boolean;
}

export interface ReviewResult {
  grades: GradeReview[];
  targeted: { total: number; drawsPerYear: number; expectedInspections: number };
  totalDraws: number;
  expectedInspections: number;
  aGrade: { expectedPerYear: number; everyYears: number | null; average: number };
  floor: FloorReview;
  workload: { maxVisitsPerInspector: number; departments: DepartmentWorkload[]; flagged: boolean };
  backTest: BackTestReview;
  diff: { previousId: number; previousRevision: number; rows: DiffRow[]; changes: number } | null;
}

/** ⌈ratioBp × n / 10000⌉ in integer arithmetic (DESIGN.md §5). */
export function sampleSize(n: number, ratioBp: number): number {
  return Math.floor((ratioBp * n + 9999) / 10000);
}

/** Days in a month of a year. */
export function daysInMonth(year: number, month: MonthKey): number {
  return new Date(Date.UTC(year, Number(month), 0)).getUTCDate();
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Per grade: sample per draw, per-draw and yearly inclusion probability, expected inspections. */
export function gradeReviews(programme: ProgrammeDetail, counts: Record<SamplingGrade, GradeCounts>): GradeReview[] {
  const live = programme.draws.filter((d) => d.status !== 'cancelled');
  const totalDraws = live.length || Math.max(0, ...programme.grades.map((g) => g.drawsPerYear));
  return SAMPLING_GRADES.map((grade) => {
    const rule = programme.grades.find((g) => g.grade === grade) ?? { grade, ratioBp: 0, drawsPerYear: 0, cooldownMonths: 0 };
    const c = counts[grade];
    const calendarDraws = live.length ? live.filter((d) => d.grades.includes(grade)).length : rule.drawsPerYear;
    const samplePerDraw = sampleSize(c.members, rule.ratioBp);
    const pDraw = c.members ? samplePerDraw / c.members : 0;
    const pYear = 1 - (1 - pDraw) ** calendarDraws;
    const free = c.members + c.cooldown;
    return {
      grade, ratioBp: rule.ratioBp, drawsPerYear: rule.drawsPerYear, calendarDraws, cooldownMonths: rule.cooldownMonths,
      population: c.members + c.cooldown + c.targeted, members: c.members, cooldown: c.cooldown, targeted: c.targeted, ungraded: c.ungraded,
      samplePerDraw, pDraw: round(pDraw), pYear: round(pYear), pYearAverage: round(free ? (pYear * c.members) / free : 0),
      expectedPerTenant: round(pDraw * calendarDraws),
      expectedInspections: round(samplePerDraw * calendarDraws + c.targeted * totalDraws, 3),
    };
  });
}

/** The random floor: the lowest yearly probability of a non-targeted tenant, and every rule that puts some at zero. */
export function randomFloor(grades: readonly GradeReview[]): FloorReview {
  const zeroCauses: FloorReview['zeroCauses'] = [];
  let samplingFloor: FloorReview['samplingFloor'] = null;
  for (const g of grades) {
    if (g.members > 0) {
      if (g.ratioBp === 0) zeroCauses.push({ grade: g.grade, cause: 'ratio_zero', tenants: g.members });
      else if (g.calendarDraws === 0) zeroCauses.push({ grade: g.grade, cause: 'no_draws', tenants: g.members });
      else if (!samplingFloor || g.pYear < samplingFloor.probability) samplingFloor = { probability: g.pYear, grade: g.grade };
    }
    if (g.cooldown > 0) zeroCauses.push({ grade: g.grade, cause: 'cooldown', tenants: g.cooldown });
  }
  // A rule the programme set (ratio 0, no draw) names the floor before a cooldown, which the tenant's own clean record earns.
  const first = zeroCauses.find((z) => z.cause !== 'cooldown') ?? zeroCauses[0];
  if (first) return { probability: 0, grade: first.grade, cause: first.cause, zeroCauses, samplingFloor };
  if (samplingFloor) return { probability: samplingFloor.probability, grade: samplingFloor.grade, cause: 'sampling', zeroCauses, samplingFloor };
  return { probability: 0, grade: null, cause: 'empty', zeroCauses, samplingFloor };
}

/**
 * The month-by-month workload: each draw's expected tasks (its grades' samples plus every targeted
 * tenant) × the department's inspectors per task, over the department's available inspectors that
 * month (each counted by the share of the month it is not absent). Flagged: more visits per available
 * inspector than `max`, or fewer available inspectors than a task needs.
 */
export function workload(input: Pick<ReviewInput, 'programme' | 'drawMonths' | 'availability' | 'maxVisitsPerInspector'>, grades: readonly GradeReview[], targeted: number): ReviewResult['workload'] {
  const { programme, drawMonths, availability, maxVisitsPerInspector: max } = input;
  const sample = new Map(grades.map((g) => [g.grade, g.samplePerDraw]));
  const tasksByMonth = new Map<MonthKey, { draws: number; tasks: number }>();
  programme.draws.forEach((d, i) => {
    if (d.status === 'cancelled' || !drawMonths[i]) return;
    const m = tasksByMonth.get(drawMonths[i]) ?? { draws: 0, tasks: 0 };
    m.draws += 1;
    m.tasks += targeted + d.grades.reduce((n, g) => n + (sample.get(g) ?? 0), 0);
    tasksByMonth.set(drawMonths[i], m);
  });
  const departments = programme.departments.map((dep): DepartmentWorkload => {
    const people = availability.filter((a) => a.departmentId === dep.departmentId).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const share = (a: AvailabilityRow, m: MonthKey) => Math.max(0, 1 - (a.absentDays[m] ?? 0) / daysInMonth(programme.year, m));
    const months = MONTHS.map((month): WorkloadCell => {
      const t = tasksByMonth.get(month) ?? { draws: 0, tasks: 0 };
      const visits = t.tasks * dep.inspectorsPerTask;
      const available = round(people.reduce((n, a) => n + share(a, month), 0), 2);
      const perInspector = available > 0 ? round(visits / available, 1) : visits;
      const understaffed = t.draws > 0 && available < dep.inspectorsPerTask;
      return { month, draws: t.draws, tasks: t.tasks, visits, available, perInspector, overloaded: perInspector > max, understaffed };
    });
    const perPerson = people.map((a) => ({
      inspectorId: a.inspectorId, code: a.code, name: a.name,
      months: MONTHS.map((month) => {
        const cell = months.find((c) => c.month === month)!;
        const visits = cell.available > 0 ? round((cell.visits * share(a, month)) / cell.available, 1) : 0;
        return { month, visits, absentDays: a.absentDays[month] ?? 0, overloaded: visits > max };
      }),
    }));
    const peak = Math.max(0, ...months.map((c) => c.perInspector));
    return {
      departmentId: dep.departmentId, code: dep.code, nameZh: dep.nameZh, nameEn: dep.nameEn, inspectorsPerTask: dep.inspectorsPerTask,
      inspectors: people.length, months, peak, flagged: months.some((c) => c.overloaded || c.understaffed), people: perPerson,
    };
  });
  return { maxVisitsPerInspector: max, departments, flagged: departments.some((d) => d.flagged) };
}

/**
 * The same plan on last year: each of this plan's draws applied to last year's frame for it (sample
 * ⌈ratio × N⌉ per grade, every targeted tenant), times last year's hit rate of the stratum (hit =
 * problems found or not found at the address); against a uniform random sample of the same size,
 * which finds the park-wide rate (strata rates weighted by their frame sizes).
 */
export function backTest(programme: ProgrammeDetail, input: BackTestInput): BackTestReview {
  const empty = (reason: BackTestReview['noDataReason']): BackTestReview => ({
    year: input.year, source: input.source, hasData: false, noDataReason: reason, strata: [], sampleSize: 0, planHits: 0, overallRate: 0, uniformHits: 0, lift: null,
  });
  const live = programme.draws.map((d, i) => ({ d, frame: input.frames[i] ?? null })).filter((x) => x.d.status !== 'cancelled' && x.frame);
  if (input.source === 'none' || !live.length) return empty('no_frames');
  const keys: StratumKey[] = [...SAMPLING_GRADES, 'T'];
  const recorded = keys.reduce((n, k) => n + (input.results[k]?.recorded ?? 0), 0);
  if (!recorded) return empty('no_results');
  const pooled = keys.reduce((n, k) => n + (input.results[k]?.hits ?? 0), 0) / recorded;
  const ratio = new Map(programme.grades.map((g) => [g.grade, g.ratioBp]));
  const sample = new Map<StratumKey, number>(keys.map((k) => [k, 0]));
  const size = new Map<StratumKey, number>(keys.map((k) => [k, 0]));
  for (const { d, frame } of live) {
    for (const k of keys) size.set(k, size.get(k)! + (frame![k] ?? 0));
    sample.set('T', sample.get('T')! + (frame!.T ?? 0));
    for (const g of d.grades) sample.set(g, sample.get(g)! + sampleSize(frame![g] ?? 0, ratio.get(g) ?? 0));
  }
  const strata = keys.map((k): BackTestStratum => {
    const r = input.results[k] ?? { recorded: 0, hits: 0 };
    const ownRate = r.recorded > 0;
    const rate = ownRate ? r.hits / r.recorded : pooled;
    return { stratum: k, sample: sample.get(k)!, recorded: r.recorded, hits: r.hits, rate: round(rate), ownRate, expectedHits: round(sample.get(k)! * rate, 2) };
  });
  const n = strata.reduce((s, x) => s + x.sample, 0);
  const planHits = round(strata.reduce((s, x) => s + x.sample * x.rate, 0), 2);
  const population = keys.reduce((s, k) => s + size.get(k)!, 0);
  const overallRate = population ? strata.reduce((s, x) => s + size.get(x.stratum)! * x.rate, 0) / population : pooled;
  const uniformHits = round(n * overallRate, 2);
  return {
    year: input.year, source: input.source, hasData: true, noDataReason: null, strata, sampleSize: n, planHits,
    overallRate: round(overallRate), uniformHits, lift: uniformHits > 0 ? round(planHits / uniformHits, 2) : null,
  };
}

const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`;

/** The plan side by side with the previous approved one: every compared field, changed or not. */
export function planDiff(current: ProgrammeDetail, previous: ProgrammeDetail, dateOf: (d: Date) => string): NonNullable<ReviewResult['diff']> {
  const rows: DiffRow[] = [];
  const add = (key: string, before: string, after: string, params: Record<string, string | number> = {}) => rows.push({ key, params, before, after, changed: before !== after });
  const deps = (p: ProgrammeDetail) => [...p.departments].sort((a, b) => a.position - b.position).map((d) => `${d.code}×${d.inspectorsPerTask}`).join(', ');
  add('departments', deps(previous), deps(current));
  const total = (p: ProgrammeDetail) => String(p.departments.reduce((n, d) => n + d.inspectorsPerTask, 0));
  add('inspectorsPerTask', total(previous), total(current));
  const before = new Set(previous.items.map((i) => i.code));
  const after = new Set(current.items.map((i) => i.code));
  add('itemsAdded', '', [...after].filter((c) => !before.has(c)).sort().join(', '));
  add('itemsRemoved', [...before].filter((c) => !after.has(c)).sort().join(', '), '');
  for (const grade of SAMPLING_GRADES) {
    const b = previous.grades.find((g) => g.grade === grade);
    const a = current.grades.find((g) => g.grade === grade);
    add('ratio', b ? percent(b.ratioBp) : '', a ? percent(a.ratioBp) : '', { grade });
    add('drawsPerYear', b ? String(b.drawsPerYear) : '', a ? String(a.drawsPerYear) : '', { grade });
    add('cooldown', b ? String(b.cooldownMonths) : '', a ? String(a.cooldownMonths) : '', { grade });
  }
  const rules = (p: ProgrammeDetail) => TARGETED_RULES.filter((r) => p.targetedRules.includes(r as TargetedRule)).join(', ');
  add('targetedRules', rules(previous), rules(current));
  add('complaintDays', String(previous.complaintDays), String(current.complaintDays));
  const calendar = (p: ProgrammeDetail) => p.draws.filter((d) => d.status !== 'cancelled').map((d) => `${dateOf(d.drawAt)} ${d.grades.join('')}`);
  const cb = calendar(previous);
  const ca = calendar(current);
  for (let i = 0; i < Math.max(cb.length, ca.length); i++) add('draw', cb[i] ?? '', ca[i] ?? '', { seq: i + 1 });
  return { previousId: previous.id, previousRevision: previous.revision, rows, changes: rows.filter((r) => r.changed).length };
}

export function reviewPlan(input: ReviewInput, dateOf: (d: Date) => string): ReviewResult {
  const grades = gradeReviews(input.programme, input.counts);
  const live = input.programme.draws.filter((d) => d.status !== 'cancelled');
  const totalDraws = live.length || Math.max(0, ...input.programme.grades.map((g) => g.drawsPerYear));
  const targetedTotal = SAMPLING_GRADES.reduce((n, g) => n + input.counts[g].targeted, 0);
  const a = grades.find((g) => g.grade === 'A')!;
  return {
    grades,
    targeted: { total: targetedTotal, drawsPerYear: totalDraws, expectedInspections: targetedTotal * totalDraws },
    totalDraws,
    expectedInspections: round(grades.reduce((n, g) => n + g.expectedInspections, 0), 3),
    aGrade: {
      expectedPerYear: a.expectedPerTenant,
      everyYears: a.expectedPerTenant > 0 ? round(1 / a.expectedPerTenant, 1) : null,
      average: round(a.members + a.cooldown ? (a.expectedPerTenant * a.members) / (a.members + a.cooldown) : 0),
    },
    floor: randomFloor(grades),
    workload: workload(input, grades, targetedTotal),
    backTest: backTest(input.programme, input.backTest),
    diff: input.previous ? planDiff(input.programme, input.previous, dateOf) : null,
  };
}
