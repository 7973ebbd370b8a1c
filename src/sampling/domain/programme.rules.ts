import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ProgrammeGradeRule } from './programme.types.js';
import { SAMPLING_GRADES, TARGETED_RULES, type SamplingGrade, type TargetedRule } from './sampling-kinds.js';

/**
 * Sampling programmes (抽查工作计划): what a draft must satisfy, what it should be warned about, the
 * calendar the system proposes from the grades' frequencies, and the canonical plan text whose
 * SHA-256 the approval records. Pure: no framework.
 */

export const MAX_RATIO_BP = 10_000;
export const MAX_DRAWS_PER_YEAR = 12;
export const MAX_COOLDOWN_MONTHS = 36;
export const MIN_INSPECTORS_IN_ALL = 2;
export const MAX_INSPECTORS_PER_DEPARTMENT = 10;
export const MIN_COMPLAINT_DAYS = 1;
export const MAX_COMPLAINT_DAYS = 3650;
/** Draws run at this park time; the announcement comes this many calendar days before, at the same time. */
export const DRAW_HOUR = 10;
export const ANNOUNCE_DAYS_BEFORE = 7;
/** Proposed draws fall on this day of their month. */
export const DRAW_DAY_OF_MONTH = 15;

/** The default programme (rules.md "Default sampling programme"). */
export const DEFAULT_GRADES: readonly ProgrammeGradeRule[] = [
  { grade: 'A', ratioBp: 300, drawsPerYear: 1, cooldownMonths: 12 },
  { grade: 'B', ratioBp: 1000, drawsPerYear: 1, cooldownMonths: 12 },
  { grade: 'C', ratioBp: 3000, drawsPerYear: 2, cooldownMonths: 0 },
  { grade: 'D', ratioBp: 6000, drawsPerYear: 4, cooldownMonths: 0 },
];
export const DEFAULT_TARGETED_RULES: readonly TargetedRule[] = TARGETED_RULES;
export const DEFAULT_COMPLAINT_DAYS = 90;

export interface DraftDepartment {
  departmentId: number;
  inspectorsPerTask: number;
}

export interface DraftItem {
  id: number;
  departmentId: number;
}

export interface DraftDraw {
  grades: SamplingGrade[];
  announceAt: Date;
  drawAt: Date;
}

/** A programme as drafted, before it is saved. */
export interface ProgrammeDraft {
  year: number;
  departments: DraftDepartment[];
  items: DraftItem[];
  grades: ProgrammeGradeRule[];
  targetedRules: TargetedRule[];
  complaintDays: number;
  draws: DraftDraw[];
}

export interface RuleProblem {
  code: string;
  params?: Record<string, string | number>;
}
export type DraftProblems = Record<string, RuleProblem[]>;

export interface ProgrammeWarning {
  /** `zeroRatio` | `zeroDraws` | `fewerDraws` | `moreDraws` | `noDraws`. */
  code: string;
  grade?: SamplingGrade;
  params: Record<string, string | number>;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const inRange = (v: unknown, min: number, max: number) => isInt(v) && v >= min && v <= max;

function add(out: DraftProblems, key: string, problem: RuleProblem): void {
  (out[key] ??= []).push(problem);
}

/** The park year of an instant. */
export function parkYear(at: Date, zone: string): number {
  return DateTime.fromJSDate(at, { zone }).year;
}

/**
 * Field-keyed problems of a draft (empty when it may be saved and approved): `year`,
 * `departments` / `departments[i].inspectorsPerTask` / `departments[i].departmentId`,
 * `items`, `grades.<G>.ratioBp|drawsPerYear|cooldownMonths`, `complaintDays`,
 * `draws[i].drawAt|announceAt|grades`. Dates are checked in the park's zone.
 */
export function draftProblems(d: ProgrammeDraft, zone: string): DraftProblems {
  const out: DraftProblems = {};
  if (!inRange(d.year, 2000, 2100)) add(out, 'year', { code: 'range', params: { min: 2000, max: 2100 } });

  if (!d.departments.length) add(out, 'departments', { code: 'audienceEmpty' });
  const seen = new Set<number>();
  let total = 0;
  d.departments.forEach((dep, i) => {
    if (seen.has(dep.departmentId)) add(out, `departments[${i}].departmentId`, { code: 'samplingDuplicateDepartment' });
    seen.add(dep.departmentId);
    if (!inRange(dep.inspectorsPerTask, 1, MAX_INSPECTORS_PER_DEPARTMENT)) {
      add(out, `departments[${i}].inspectorsPerTask`, { code: 'range', params: { min: 1, max: MAX_INSPECTORS_PER_DEPARTMENT } });
    } else total += dep.inspectorsPerTask;
  });
  if (d.departments.length && total < MIN_INSPECTORS_IN_ALL && !Object.keys(out).some((k) => k.endsWith('.inspectorsPerTask'))) {
    add(out, 'departments', { code: 'samplingInspectorsInAll', params: { min: MIN_INSPECTORS_IN_ALL } });
  }

  if (!d.items.length) add(out, 'items', { code: 'audienceEmpty' });
  else if (d.items.some((item) => !seen.has(item.departmentId))) add(out, 'items', { code: 'samplingItemDepartment' });

  const byGrade = new Map(d.grades.map((g) => [g.grade, g]));
  for (const grade of SAMPLING_GRADES) {
    const g = byGrade.get(grade);
    if (!g) {
      add(out, `grades.${grade}`, { code: 'required' });
      continue;
    }
    if (!inRange(g.ratioBp, 0, MAX_RATIO_BP)) add(out, `grades.${grade}.ratioBp`, { code: 'range', params: { min: 0, max: MAX_RATIO_BP } });
    if (!inRange(g.drawsPerYear, 0, MAX_DRAWS_PER_YEAR)) add(out, `grades.${grade}.drawsPerYear`, { code: 'range', params: { min: 0, max: MAX_DRAWS_PER_YEAR } });
    if (!inRange(g.cooldownMonths, 0, MAX_COOLDOWN_MONTHS)) add(out, `grades.${grade}.cooldownMonths`, { code: 'range', params: { min: 0, max: MAX_COOLDOWN_MONTHS } });
  }

  if (new Set(d.targetedRules).size !== d.targetedRules.length || d.targetedRules.some((r) => !TARGETED_RULES.includes(r))) {
    add(out, 'targetedRules', { code: 'oneOf' });
  }
  if (!inRange(d.complaintDays, MIN_COMPLAINT_DAYS, MAX_COMPLAINT_DAYS)) {
    add(out, 'complaintDays', { code: 'range', params: { min: MIN_COMPLAINT_DAYS, max: MAX_COMPLAINT_DAYS } });
  }

  if (d.draws.length > MAX_DRAWS_PER_YEAR) add(out, 'draws', { code: 'tooManyItems', params: { limit: MAX_DRAWS_PER_YEAR } });
  d.draws.forEach((draw, i) => {
    const drawOk = draw.drawAt instanceof Date && !Number.isNaN(draw.drawAt.getTime());
    const announceOk = draw.announceAt instanceof Date && !Number.isNaN(draw.announceAt.getTime());
    if (!drawOk) add(out, `draws[${i}].drawAt`, { code: 'dateTime' });
    else if (parkYear(draw.drawAt, zone) !== d.year) add(out, `draws[${i}].drawAt`, { code: 'samplingOutsideYear', params: { year: d.year } });
    if (!announceOk) add(out, `draws[${i}].announceAt`, { code: 'dateTime' });
    else if (drawOk && draw.announceAt.getTime() >= draw.drawAt.getTime()) add(out, `draws[${i}].announceAt`, { code: 'samplingAnnounceBeforeDraw' });
    if (!draw.grades.length || new Set(draw.grades).size !== draw.grades.length || draw.grades.some((g) => !SAMPLING_GRADES.includes(g))) {
      add(out, `draws[${i}].grades`, { code: 'oneOf' });
    }
  });
  return out;
}

/**
 * What the reviewers should look at, though the draft may be approved: a grade sampled at 0 (random
 * checks deter even low-risk firms), a grade in no draw, or in fewer (more) calendar draws than
 * its draws per year asks for.
 */
export function draftWarnings(d: Pick<ProgrammeDraft, 'grades' | 'draws'>): ProgrammeWarning[] {
  const out: ProgrammeWarning[] = [];
  for (const grade of SAMPLING_GRADES) {
    const g = d.grades.find((x) => x.grade === grade);
    if (!g) continue;
    if (g.ratioBp === 0) out.push({ code: 'zeroRatio', grade, params: { grade } });
    if (g.drawsPerYear === 0) {
      if (g.ratioBp !== 0) out.push({ code: 'zeroDraws', grade, params: { grade } });
      continue;
    }
    const inDraws = d.draws.filter((draw) => draw.grades.includes(grade)).length;
    if (inDraws < g.drawsPerYear) out.push({ code: 'fewerDraws', grade, params: { grade, wanted: g.drawsPerYear, got: inDraws } });
    else if (inDraws > g.drawsPerYear) out.push({ code: 'moreDraws', grade, params: { grade, wanted: g.drawsPerYear, got: inDraws } });
  }
  return out;
}

/**
 * The first month a calendar drafted on `today` (park date YYYY-MM-DD) can use for `year`: January
 * for a later year; for the current year this month if its draw day is still more than the
 * announcement lead away, else the next; 13 when the year has no usable month left.
 */
export function firstUsableMonth(year: number, today: string): number {
  const [ty, tm, td] = today.split('-').map(Number);
  if (year > ty) return 1;
  if (year < ty) return 13;
  return td < DRAW_DAY_OF_MONTH - ANNOUNCE_DAYS_BEFORE ? tm : tm + 1;
}

/**
 * Which of `n` draws (0-based) include a grade asked for in `f` of them: the draws nearest to `f`
 * evenly spaced points, `floor((j + ½)·n / f)` for j < f — all of them when f ≥ n.
 */
export function drawsOfGrade(f: number, n: number): number[] {
  if (f <= 0 || n <= 0) return [];
  if (f >= n) return Array.from({ length: n }, (_, k) => k);
  return Array.from({ length: f }, (_, j) => Math.floor(((j + 0.5) * n) / f));
}

/** The instant of a park date and hour in `zone`. */
export function parkInstant(date: { year: number; month: number; day: number }, hour: number, zone: string): Date {
  return DateTime.fromObject({ ...date, hour }, { zone }).toJSDate();
}

/**
 * The calendar proposed from the grades' frequencies: as many draws as the highest draws per year,
 * spread evenly over the year's usable months (all twelve, or what is left when drafting mid-year;
 * fewer draws when fewer months are left), each on the 15th at 10:00 park time, announced 7 days
 * before at the same time; each includes the grades whose frequency asks for it (e.g. the default:
 * D in all 4, C in 2, A and B in 1).
 */
export function proposeCalendar(year: number, grades: readonly ProgrammeGradeRule[], today: string, zone: string): DraftDraw[] {
  const first = firstUsableMonth(year, today);
  const months = 12 - first + 1;
  const wanted = Math.max(0, ...grades.map((g) => (isInt(g.drawsPerYear) ? g.drawsPerYear : 0)));
  const n = Math.min(wanted, Math.max(0, months));
  if (n === 0) return [];
  const included = Array.from({ length: n }, () => new Set<SamplingGrade>());
  for (const g of grades) for (const k of drawsOfGrade(Math.min(g.drawsPerYear, n), n)) included[k].add(g.grade);
  return included.map((set, k) => {
    const month = first + Math.floor(((k + 0.5) * months) / n);
    const drawAt = parkInstant({ year, month, day: DRAW_DAY_OF_MONTH }, DRAW_HOUR, zone);
    const announceAt = DateTime.fromJSDate(drawAt, { zone }).minus({ days: ANNOUNCE_DAYS_BEFORE }).toJSDate();
    return { grades: SAMPLING_GRADES.filter((g) => set.has(g)), announceAt, drawAt };
  }).filter((d) => d.grades.length > 0);
}

/** `ABCD`-style text of a draw's grades, in A–D order, and back (unknown letters dropped). */
export const gradesText = (grades: readonly SamplingGrade[]) => SAMPLING_GRADES.filter((g) => grades.includes(g)).join('');
export const gradesOf = (text: string) => SAMPLING_GRADES.filter((g) => text.includes(g));

/** The fields an approval covers. */
export interface PlanFields {
  year: number;
  departments: { departmentId: number; code: string; inspectorsPerTask: number; position: number }[];
  items: { id: number; code: string; legalBasis: string; departmentId: number; kind: string }[];
  grades: ProgrammeGradeRule[];
  targetedRules: TargetedRule[];
  complaintDays: number;
  draws: { seq: number; grades: readonly SamplingGrade[]; announceAt: Date; drawAt: Date }[];
}

export const PLAN_FORMAT = 'parktrust-programme/1';

/** JSON with every object's keys sorted (at every depth), no spaces: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  return `{${entries.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * The canonical plan text the approval hashes: departments in bundle order, items by code, grades
 * A–D, targeted rules in vocabulary order, draws by seq with instants in UTC ISO 8601.
 */
export function planJson(p: PlanFields): string {
  return canonicalJson({
    format: PLAN_FORMAT,
    year: p.year,
    departments: [...p.departments].sort((a, b) => a.position - b.position).map((d) => ({ code: d.code, departmentId: d.departmentId, inspectorsPerTask: d.inspectorsPerTask })),
    items: [...p.items].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.id - b.id)).map((i) => ({ code: i.code, id: i.id, departmentId: i.departmentId, kind: i.kind, legalBasis: i.legalBasis })),
    grades: SAMPLING_GRADES.map((grade) => p.grades.find((g) => g.grade === grade)).filter((g): g is ProgrammeGradeRule => !!g)
      .map((g) => ({ grade: g.grade, ratioBp: g.ratioBp, drawsPerYear: g.drawsPerYear, cooldownMonths: g.cooldownMonths })),
    targetedRules: TARGETED_RULES.filter((r) => p.targetedRules.includes(r)),
    complaintDays: p.complaintDays,
    draws: [...p.draws].sort((a, b) => a.seq - b.seq).map((d) => ({ seq: d.seq, grades: gradesText(d.grades), announceAt: d.announceAt.toISOString(), drawAt: d.drawAt.toISOString() })),
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Who may approve: a regulator who did not draft it. */
export function approvalRefusal(p: { status: string; createdById: number }, approver: { userId: number; regulator: boolean }): 'notRegulator' | 'ownDraft' | 'notDraft' | null {
  if (!approver.regulator) return 'notRegulator';
  if (p.createdById === approver.userId) return 'ownDraft';
  if (p.status !== 'draft') return 'notDraft';
  return null;
}
