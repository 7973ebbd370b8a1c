import type { BuiltFrame, FrameTenant, ProgrammeDetail } from './programme.types.js';
import { SAMPLING_GRADES, TARGETED_RULES, type SamplingGrade, type TargetedRule } from './sampling-kinds.js';

/**
 * The frame of a draw from what the service read, set-based (DESIGN.md §5, rules.md "Default sampling
 * programme"): every active tenant falls in exactly one of targeted (a rule of the programme applies:
 * in no stratum, inspected in every draw), excluded (cooldown after its last recorded inspection, which
 * was clean) or its grade's stratum (M — no published grade — sampled as B); only the draw's grades
 * appear in strata and exclusions. Pure: no framework.
 */

/** A tenant's last recorded inspections: the latest clean one and the latest with another result (park days), either null. */
export interface LastInspections {
  clean: string | null;
  other: string | null;
}

export interface FrameInput {
  programme: Pick<ProgrammeDetail, 'grades' | 'targetedRules'>;
  /** The draw's grades (any order; strata come out in A–D order). */
  grades: readonly SamplingGrade[];
  /** Park day the frame is built for. */
  on: string;
  /** Active tenants (any order). */
  tenants: readonly { id: number; uscc: string }[];
  /** Published grades of the last published month (tenants absent: M). */
  gradesMonth: string | null;
  publishedGrades: ReadonlyMap<number, SamplingGrade | 'M'>;
  /** Tenants each targeted rule would catch on `on` (whether or not the programme uses the rule). */
  targetedBy: Partial<Record<TargetedRule, ReadonlySet<number> | readonly number[]>>;
  lastInspections: ReadonlyMap<number, LastInspections>;
}

const byUscc = (a: { uscc: string }, b: { uscc: string }) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0);

/** The stratum a grade samples in: M as B. */
export function stratumOf(grade: SamplingGrade | 'M'): SamplingGrade {
  return grade === 'M' ? 'B' : grade;
}

/** `date` (YYYY-MM-DD) plus `months` calendar months, the day clamped to the month's end (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** `date` (YYYY-MM-DD) plus `days` calendar days (negative: before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * When a tenant's cooldown ends (exclusive), or null when it is in none on `on`: its last recorded
 * inspection was clean (a later result with problems ends the cooldown) and `on` is before that day
 * plus the grade's cooldown months.
 */
export function cooldownUntil(last: LastInspections | undefined, months: number, on: string): string | null {
  if (!last || !last.clean || months <= 0) return null;
  if (last.other !== null && last.other >= last.clean) return null;
  if (last.clean > on) return null;
  const until = addMonths(last.clean, months);
  return until > on ? until : null;
}

export function buildFrame(input: FrameInput): BuiltFrame {
  const wanted = new Set(input.grades);
  const rules = TARGETED_RULES.filter((r) => input.programme.targetedRules.includes(r));
  const targetedSets = rules.map((r) => [r, new Set(input.targetedBy[r] ?? [])] as const);
  const gradeRule = new Map(input.programme.grades.map((g) => [g.grade, g]));
  const strata = new Map<SamplingGrade, FrameTenant[]>(SAMPLING_GRADES.filter((g) => wanted.has(g)).map((g) => [g, []]));
  const targeted: BuiltFrame['targeted'] = [];
  const excluded: BuiltFrame['excluded'] = [];

  for (const t of input.tenants) {
    const grade = input.publishedGrades.get(t.id) ?? 'M';
    const member: FrameTenant = { tenantId: t.id, uscc: t.uscc, grade };
    const rule = targetedSets.find(([, set]) => set.has(t.id));
    if (rule) {
      targeted.push({ ...member, reason: rule[0] });
      continue;
    }
    const stratum = stratumOf(grade);
    const members = strata.get(stratum);
    if (!members) continue;
    const until = cooldownUntil(input.lastInspections.get(t.id), gradeRule.get(stratum)?.cooldownMonths ?? 0, input.on);
    if (until) excluded.push({ ...member, reason: 'cooldown', until });
    else members.push(member);
  }

  targeted.sort(byUscc);
  excluded.sort(byUscc);
  return {
    gradesMonth: input.gradesMonth,
    strata: [...strata].map(([grade, members]) => ({ grade, ratioBp: gradeRule.get(grade)?.ratioBp ?? 0, members: members.sort(byUscc) })),
    targeted,
    excluded,
  };
}
