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

export interface ParsedClauseForm {
  /** Non-empty rows in the order the user gave them (sorted by their `order` field when present). */
  clauses: ClauseRow[];
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
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const get = (f: string) => str(body[`clauses.${i}.${f}`]);
    const row: ClauseRow = {
      number: get('number').trim(), category: get('category').trim(), customCategory: get('customCategory').trim(),
      textZh: get('textZh').trim(), textEn: get('textEn').trim(),
    };
    if (get('remove')) continue;
    if (!row.number && !row.textZh && !row.textEn && !row.customCategory) continue;
    const order = Number.parseFloat(get('order'));
    rows.push({ row, order: Number.isFinite(order) ? order : i + 1, index: i });
  }
  rows.sort((a, b) => a.order - b.order || a.index - b.index);
  const clauses = rows.map((r) => r.row);
  const asked = Number.parseInt(str(body.rows), 10);
  const wanted = Math.max(Number.isFinite(asked) ? asked : 0, clauses.length + EMPTY_ROWS) + (str(body.addRows) ? MORE_ROWS : 0);
  return { clauses, rows: Math.min(MAX_FORM_ROWS, wanted) };
}

export interface FormRow extends ClauseRow {
  /** 1-based place in the form, the default of its order field. */
  position: number;
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
    number: c.number ?? '', category: c.category ?? 'law', customCategory: c.customCategory ?? '', textZh: c.textZh ?? '', textEn: c.textEn ?? '', position: i + 1, keys: rowKeys(i),
  }));
  const total = Math.min(MAX_FORM_ROWS, Math.max(rows, clauses.length + EMPTY_ROWS));
  while (out.length < total) out.push({ number: '', category: 'law', customCategory: '', textZh: '', textEn: '', position: out.length + 1, keys: rowKeys(out.length) });
  return out;
}

/** The deadlines whose unsigned obligations get the 7-day and the 1-day reminder today. */
export function reminderTargets(today: string): { dueIn7: string; dueIn1: string } {
  const d = DateTime.fromISO(today, { zone: 'utc' });
  return { dueIn7: d.plus({ days: 7 }).toISODate() as string, dueIn1: d.plus({ days: 1 }).toISODate() as string };
}
