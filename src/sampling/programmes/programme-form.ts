import { DateTime } from 'luxon';
import type { FieldProblems } from '../../common/errors/domain-error.js';
import { gradesText } from '../domain/programme.rules.js';
import type { ProgrammeDetail } from '../domain/programme.types.js';
import { SAMPLING_GRADES, TARGETED_RULES } from '../domain/sampling-kinds.js';
import { MAX_DRAW_ROWS } from './dto/programme.dto.js';

/**
 * The programme form of the pages, flat like every browser form (`departments[3].inspectorsPerTask`,
 * `grades.C.ratioBp`, `draws[2].drawAt` …, so an error key names its input), to and from the API's
 * shape. Department rows cover every active department (a row counts when `take` is ticked);
 * calendar rows are `datetime-local` inputs in park time.
 */

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
/** A whole number as typed, or the text itself (left for the DTO to refuse as not an integer). */
const num = (v: unknown): number | string | undefined => {
  const s = text(v);
  if (s === '') return undefined;
  return /^-?\d{1,12}$/.test(s) ? Number(s) : s;
};

export interface FormRowsIndex {
  /** Form row of each department the body takes part with, in order (rule keys → form keys). */
  departmentRows: number[];
  /** Form row of each calendar row kept (removed and blank rows dropped). */
  drawRows: number[];
}

/** The API body of a submitted form, plus where each kept row came from. */
export function parseProgrammeForm(body: Record<string, unknown>): { dto: Record<string, unknown>; index: FormRowsIndex } {
  const dto: Record<string, unknown> = {};
  for (const key of ['title', 'notes']) if (key in body) dto[key] = text(body[key]);
  if (text(body.year)) dto.year = num(body.year);
  if (text(body.complaintDays)) dto.complaintDays = num(body.complaintDays);
  dto.targetedRules = list(body.targetedRules).filter((r) => (TARGETED_RULES as readonly string[]).includes(r));
  dto.itemIds = list(body.itemIds).map((v) => num(v)).filter((v) => v !== undefined);

  const departmentRows: number[] = [];
  const departments: Record<string, unknown>[] = [];
  for (let i = 0; i < 50; i++) {
    const id = body[`departments[${i}].departmentId`];
    if (id === undefined) continue;
    if (!text(body[`departments[${i}].take`])) continue;
    departments.push({ departmentId: num(id), inspectorsPerTask: num(body[`departments[${i}].inspectorsPerTask`]) ?? 0 });
    departmentRows.push(i);
  }
  dto.departments = departments;

  const grades: Record<string, unknown> = {};
  for (const g of SAMPLING_GRADES) {
    grades[g] = {
      ratioBp: num(body[`grades.${g}.ratioBp`]) ?? '', drawsPerYear: num(body[`grades.${g}.drawsPerYear`]) ?? '', cooldownMonths: num(body[`grades.${g}.cooldownMonths`]) ?? '',
    };
  }
  dto.grades = grades;

  const drawRows: number[] = [];
  const draws: Record<string, unknown>[] = [];
  for (let i = 0; i < MAX_DRAW_ROWS + 4; i++) {
    if (text(body[`draws[${i}].remove`])) continue;
    const drawAt = text(body[`draws[${i}].drawAt`]);
    const announceAt = text(body[`draws[${i}].announceAt`]);
    const g = list(body[`draws[${i}].grades`]).join('');
    if (!drawAt && !announceAt && !g) continue;
    draws.push({ grades: g, drawAt: withSeconds(drawAt), ...(announceAt ? { announceAt: withSeconds(announceAt) } : {}) });
    drawRows.push(i);
  }
  dto.draws = draws;
  return { dto, index: { departmentRows, drawRows } };
}

/** `2027-05-15T10:00` (datetime-local) → `2027-05-15T10:00:00`, ISO 8601 strict without an offset (park time). */
function withSeconds(v: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00` : v;
}

/** Errors keyed by the API's rows (`departments[0]`, `draws.1.drawAt`) re-keyed to the form's rows. */
export function formErrorKeys(fields: FieldProblems, index: FormRowsIndex): FieldProblems {
  const out: FieldProblems = {};
  for (const [key, problems] of Object.entries(fields)) {
    const m = /^(departments|draws)(?:\[(\d+)\]|\.(\d+))(\..+)?$/.exec(key);
    let formKey = key;
    if (m) {
      const rows = m[1] === 'departments' ? index.departmentRows : index.drawRows;
      const at = Number(m[2] ?? m[3]);
      formKey = `${m[1]}[${rows[at] ?? at}]${m[4] ?? ''}`;
    } else {
      const g = /^grades\.([ABCD])\.(\w+)$/.exec(key);
      if (g) formKey = `grades.${g[1]}.${g[2]}`;
    }
    (out[formKey] ??= []).push(...problems);
  }
  return out;
}

/** A `datetime-local` value of an instant in park time. */
export const localInput = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** The form's values for a programme as saved (the edit page's first render). */
export function formValuesOf(d: Pick<ProgrammeDetail, 'title' | 'year' | 'notes' | 'complaintDays' | 'targetedRules' | 'departments' | 'items' | 'grades' | 'draws'>, allDepartmentIds: number[], zone: string): Record<string, unknown> {
  const values: Record<string, unknown> = { title: d.title, year: String(d.year), notes: d.notes ?? '', complaintDays: String(d.complaintDays), targetedRules: [...d.targetedRules], itemIds: d.items.map((i) => String(i.id)) };
  allDepartmentIds.forEach((id, i) => {
    const dep = d.departments.find((x) => x.departmentId === id);
    values[`departments[${i}].departmentId`] = String(id);
    values[`departments[${i}].take`] = dep ? '1' : '';
    values[`departments[${i}].inspectorsPerTask`] = String(dep?.inspectorsPerTask ?? 1);
  });
  for (const g of d.grades) {
    values[`grades.${g.grade}.ratioBp`] = String(g.ratioBp);
    values[`grades.${g.grade}.drawsPerYear`] = String(g.drawsPerYear);
    values[`grades.${g.grade}.cooldownMonths`] = String(g.cooldownMonths);
  }
  d.draws.filter((x) => x.status === 'planned').forEach((x, i) => {
    values[`draws[${i}].drawAt`] = localInput(x.drawAt, zone);
    values[`draws[${i}].announceAt`] = localInput(x.announceAt, zone);
    values[`draws[${i}].grades`] = gradesText(x.grades).split('');
  });
  return values;
}
