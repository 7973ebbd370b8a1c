import { DateTime } from 'luxon';
import type { FieldProblems } from '../../common/errors/domain-error.js';
import type { ClauseCategory, ConventionKind } from './convention.rules.js';

/** Pure rules of authoring: a draft's cross-clause checks, reading the clause rows of the draft form, reminder dates. No framework. */

export interface ClauseInput {
  number: string;
  category: ClauseCategory;
  customCategory?: string | null;
  textZh: string;
  textEn?: string | null;
}

export interface DraftInput {
  title: string;
  titleEn?: string | null;
  effectiveDate: string;
  signingPeriodDays: number;
  clauses: ClauseInput[];
}

export interface CreateConventionInput extends DraftInput {
  kind: ConventionKind;
}

/** Rules across clauses that class-validator cannot express: unique numbers, named custom groups, a real date. */
export function draftProblems(draft: DraftInput): FieldProblems {
  const problems: FieldProblems = {};
  if (typeof draft?.effectiveDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(draft.effectiveDate) && !DateTime.fromISO(draft.effectiveDate, { zone: 'utc' }).isValid) {
    problems.effectiveDate = [{ code: 'date' }];
  }
  const seen = new Set<string>();
  (Array.isArray(draft?.clauses) ? draft.clauses : []).forEach((c, i) => {
    if (!c || typeof c !== 'object') return;
    const key = typeof c.number === 'string' ? c.number.trim() : '';
    if (key && seen.has(key)) (problems[`clauses.${i}.number`] ??= []).push({ code: 'taken' });
    if (key) seen.add(key);
    if (c.category === 'custom' && !(typeof c.customCategory === 'string' ? c.customCategory : '').trim()) {
      (problems[`clauses.${i}.customCategory`] ??= []).push({ code: 'required' });
    }
  });
  return problems;
}

export const CLAUSE_FIELDS = ['number', 'category', 'customCategory', 'textZh', 'textEn'] as const;
export type ClauseField = (typeof CLAUSE_FIELDS)[number];

export interface ClauseRow {
  number: string;
  category: ClauseCategory | string;
  customCategory: string;
  textZh: string;
  textEn: string;
}

/** Empty rows the editor shows below the existing clauses (the form works without JavaScript). */
export const EMPTY_ROWS = 3;
/** Rows the "add more rows" button adds. */
export const MORE_ROWS = 5;
/** Upper bound of rows a form may carry, whatever `rows` says. */
export const MAX_FORM_ROWS = 300;

export interface SubmittedRow extends ClauseRow {
  /** The row's index in the form (`clauses.<index>.*`). */
  index: number;
  /** Its order field as typed. */
  order: string;
  removed: boolean;
}

export interface ParsedClauseForm {
  /** Non-empty rows in the order the user gave them (sorted by their `order` field when present). */
  clauses: ClauseRow[];
  /** For each of `clauses`, the index of the form row it came from. */
  rowOf: number[];
  /** Every row as submitted, blank and removed ones included, by index: a re-rendered form shows them in place. */
  submitted: SubmittedRow[];
  /** Rows the re-rendered form should show. */
  rows: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Reads clause rows from a flat form body (`clauses.<i>.<field>`, and `clauses.<i>.order` to
 * reorder). A row whose text fields are all blank is dropped (the category select alone does not
 * count: it always has a value). A row marked `clauses.<i>.remove` is dropped too.
 */
export function parseClauseRows(body: Record<string, unknown>): ParsedClauseForm {
  const indexes = new Set<number>();
  for (const key of Object.keys(body ?? {})) {
    const m = /^clauses\.(\d{1,4})\.(\w+)$/.exec(key);
    if (m && Number(m[1]) < MAX_FORM_ROWS) indexes.add(Number(m[1]));
  }
  const rows: { row: ClauseRow; order: number; index: number }[] = [];
  const submitted: SubmittedRow[] = [];
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const get = (f: string) => str(body[`clauses.${i}.${f}`]);
    const category = get('category').trim();
    const row: ClauseRow = {
      // A custom name counts only with the custom category (the field stays in the form, hidden, for the others).
      number: get('number').trim(), category, customCategory: category === 'custom' ? get('customCategory').trim() : '',
      textZh: get('textZh').trim(), textEn: get('textEn').trim(),
    };
    submitted.push({ ...row, index: i, order: get('order').trim(), removed: !!get('remove') });
    if (get('remove')) continue;
    if (!row.number && !row.textZh && !row.textEn && !row.customCategory) continue;
    const order = Number.parseFloat(get('order'));
    rows.push({ row, order: Number.isFinite(order) ? order : i + 1, index: i });
  }
  rows.sort((a, b) => a.order - b.order || a.index - b.index);
  const clauses = rows.map((r) => r.row);
  const asked = Number.parseInt(str(body.rows), 10);
  const lastRow = submitted.length ? submitted[submitted.length - 1].index + 1 : 0;
  const wanted = Math.max(Number.isFinite(asked) ? asked : 0, lastRow, clauses.length + EMPTY_ROWS) + (str(body.addRows) ? MORE_ROWS : 0);
  return { clauses, rowOf: rows.map((r) => r.index), submitted, rows: Math.min(MAX_FORM_ROWS, wanted) };
}

/**
 * The rows of a form shown again (more rows asked for, or errors): every row where the user left it, with its
 * number in the form and its fields as typed, so nothing renumbers; blank rows up to `rows` after them.
 */
export function resubmittedRows(parsed: Pick<ParsedClauseForm, 'submitted' | 'rows'>): FormRow[] {
  const byIndex = new Map(parsed.submitted.map((r) => [r.index, r]));
  const out: FormRow[] = [];
  for (let i = 0; i < parsed.rows; i++) {
    const r = byIndex.get(i);
    out.push({
      number: r?.number ?? '', category: r?.category || 'law', customCategory: r?.customCategory ?? '', textZh: r?.textZh ?? '', textEn: r?.textEn ?? '',
      position: i + 1, order: r?.order || String(i + 1), removed: r?.removed ?? false, keys: rowKeys(i),
    });
  }
  return out;
}

/** Errors of the draft's clauses (`clauses.<i>.*`, i among the kept clauses) keyed by the form rows they came from. */
export function problemsByRow(problems: FieldProblems, rowOf: readonly number[]): FieldProblems {
  const out: FieldProblems = {};
  for (const [key, list] of Object.entries(problems)) {
    const m = /^clauses\.(\d+)\.(.+)$/.exec(key);
    const row = m ? rowOf[Number(m[1])] : undefined;
    out[m && row !== undefined ? `clauses.${row}.${m[2]}` : key] = list;
  }
  return out;
}

export interface FormRow extends ClauseRow {
  /** 1-based place in the form ("row 7", anchor `#clause-7`), the default of its order field. */
  position: number;
  /** The order field's value. */
  order: string;
  /** Marked for removal (a form shown again keeps the tick). */
  removed: boolean;
  /** The form field names of this row (`clauses.<i>.<field>`), also the keys of its errors. */
  keys: Record<ClauseField | 'order' | 'remove', string>;
}

function rowKeys(i: number): FormRow['keys'] {
  const k = (f: string) => `clauses.${i}.${f}`;
  return { number: k('number'), category: k('category'), customCategory: k('customCategory'), textZh: k('textZh'), textEn: k('textEn'), order: k('order'), remove: k('remove') };
}

/** The rows the editor shows: the clauses, then blank rows up to `rows` (at least EMPTY_ROWS blank ones). */
export function formRows(clauses: readonly Partial<ClauseRow>[], rows: number): FormRow[] {
  const out: FormRow[] = clauses.map((c, i) => ({
    number: c.number ?? '', category: c.category ?? 'law', customCategory: c.customCategory ?? '', textZh: c.textZh ?? '', textEn: c.textEn ?? '', position: i + 1, order: String(i + 1), removed: false, keys: rowKeys(i),
  }));
  const total = Math.min(MAX_FORM_ROWS, Math.max(rows, clauses.length + EMPTY_ROWS));
  while (out.length < total) {
    out.push({ number: '', category: 'law', customCategory: '', textZh: '', textEn: '', position: out.length + 1, order: String(out.length + 1), removed: false, keys: rowKeys(out.length) });
  }
  return out;
}

/** The deadlines whose unsigned obligations get the 7-day and the 1-day reminder today. */
export function reminderTargets(today: string): { dueIn7: string; dueIn1: string } {
  const d = DateTime.fromISO(today, { zone: 'utc' });
  return { dueIn7: d.plus({ days: 7 }).toISODate() as string, dueIn1: d.plus({ days: 1 }).toISODate() as string };
}
