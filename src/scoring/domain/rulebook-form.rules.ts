import type { FieldProblems } from '../../common/errors/domain-error.js';
import type { Grade } from './rulebook.js';
import { GRADES, type EditableRulebook } from './rulebook-validation.rules.js';

/**
 * The rulebook editor as a plain HTML form (flat field names, readable without JavaScript): rows
 * `items.<row>.<field>` with tiers written `A:10; B:5` and parameters `dueMonthDay=06-30`, bands
 * `grades.<grade>.from|to`, override rows `overrides.<row>.<field>`. Converts both ways and keys
 * the validation's problems (`items.<code>.cap`) by the row the admin sees. Pure.
 */

export const ITEM_FIELDS = ['code', 'category', 'labelZh', 'labelEn', 'fact', 'points', 'cap', 'windowMonths', 'tiers', 'params'] as const;
export const OVERRIDE_FIELDS = ['fact', 'tier', 'atMost'] as const;
/** Blank rows the form offers for new items and overrides. */
export const SPARE_ITEM_ROWS = 3;
export const SPARE_OVERRIDE_ROWS = 2;
const MAX_ROWS = 80;

export type ItemRow = Record<(typeof ITEM_FIELDS)[number], string> & { row: number; remove: boolean };
export type OverrideRow = Record<(typeof OVERRIDE_FIELDS)[number], string> & { row: number; remove: boolean };

export interface RulebookForm {
  values: Record<string, string>;
  items: ItemRow[];
  overrides: OverrideRow[];
}

const s = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function tiersText(tiers: readonly { when: string; points: number }[] | undefined): string {
  return (tiers ?? []).map((t) => `${t.when}:${t.points}`).join('; ');
}

export function paramsText(params: Record<string, string | number> | undefined): string {
  return Object.entries(params ?? {}).map(([k, v]) => `${k}=${v}`).join('; ');
}

/** `A:10; B:5` → tiers; null when a part is not `when:points`. */
export function parseTiers(text: string): { when: string; points: string }[] | null {
  const parts = text.split(/[;；,，\n]+/).map((x) => x.trim()).filter(Boolean);
  const out: { when: string; points: string }[] = [];
  for (const part of parts) {
    const m = /^([^:：]+)[:：]\s*([+-]?\d+)$/.exec(part);
    if (!m) return null;
    out.push({ when: m[1].trim(), points: m[2] });
  }
  return out;
}

/** `dueMonthDay=06-30` → params (numbers stay text unless they are plain integers); null when malformed. */
export function parseParams(text: string): Record<string, string | number> | null {
  const parts = text.split(/[;；\n]+/).map((x) => x.trim()).filter(Boolean);
  const out: Record<string, string | number> = {};
  for (const part of parts) {
    const m = /^(\w+)\s*=\s*(.+)$/.exec(part);
    if (!m) return null;
    out[m[1]] = /^-?\d{1,9}$/.test(m[2].trim()) ? Number(m[2].trim()) : m[2].trim();
  }
  return out;
}

/** The form's fields for a rulebook (new version from an existing one, or a draft to edit), with blank rows to add. */
export function formOf(rb: EditableRulebook): RulebookForm {
  const values: Record<string, string> = {
    version: rb.version, effectiveFrom: rb.effectiveFrom, note: rb.note ?? '', base: s(rb.base), min: s(rb.min), max: s(rb.max),
    'hysteresis.margin': s(rb.hysteresis.margin), 'hysteresis.months': s(rb.hysteresis.months),
    'newTenant.days': s(rb.newTenant.days), 'newTenant.dataFacts': rb.newTenant.dataFacts.join(', '),
    objectionWorkingDays: s(rb.objectionWorkingDays), 'nomination.minAnnual': s(rb.nomination.minAnnual),
  };
  for (const g of GRADES) {
    values[`grades.${g}.from`] = s(rb.grades[g]?.from);
    values[`grades.${g}.to`] = s(rb.grades[g]?.to);
  }
  const items: ItemRow[] = rb.items.map((it, row) => ({
    row, remove: false, code: it.code, category: it.category, labelZh: it.labelZh, labelEn: it.labelEn, fact: it.fact ?? '',
    points: it.tiers?.length ? '' : s(it.points), cap: s(it.cap), windowMonths: s(it.windowMonths), tiers: tiersText(it.tiers), params: paramsText(it.params),
  }));
  const overrides: OverrideRow[] = rb.overrides.map((o, row) => ({ row, remove: false, fact: o.fact, tier: o.tier ?? '', atMost: o.atMost }));
  return { values, items: withSpare(items, SPARE_ITEM_ROWS, blankItem), overrides: withSpare(overrides, SPARE_OVERRIDE_ROWS, blankOverride) };
}

const blankItem = (row: number): ItemRow => ({ row, remove: false, ...Object.fromEntries(ITEM_FIELDS.map((f) => [f, ''])) } as ItemRow);
const blankOverride = (row: number): OverrideRow => ({ row, remove: false, fact: '', tier: '', atMost: '' });

function withSpare<T extends { row: number }>(rows: T[], spare: number, blank: (row: number) => T): T[] {
  const out = [...rows];
  for (let i = 0; i < spare; i++) out.push(blank(out.length));
  return out;
}

/** The submitted form with blank rows added ("more rows", nothing saved). */
export function withMoreRows(form: RulebookForm): RulebookForm {
  return { values: form.values, items: withSpare(form.items, SPARE_ITEM_ROWS, blankItem), overrides: withSpare(form.overrides, SPARE_OVERRIDE_ROWS, blankOverride) };
}

/** The rows a submitted form carries (as typed), before anything is dropped. */
export function rowsOf(body: Record<string, unknown>): RulebookForm {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (!/^(items|overrides)\.\d+\./.test(k)) values[k] = s(v);
  const count = (prefix: string) => {
    let max = -1;
    for (const k of Object.keys(body)) {
      const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(k);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return Math.min(max + 1, MAX_ROWS);
  };
  const items: ItemRow[] = [];
  for (let row = 0; row < count('items'); row++) {
    items.push({ row, remove: s(body[`items.${row}.remove`]) !== '', ...Object.fromEntries(ITEM_FIELDS.map((f) => [f, s(body[`items.${row}.${f}`])])) } as ItemRow);
  }
  const overrides: OverrideRow[] = [];
  for (let row = 0; row < count('overrides'); row++) {
    overrides.push({ row, remove: s(body[`overrides.${row}.remove`]) !== '', ...Object.fromEntries(OVERRIDE_FIELDS.map((f) => [f, s(body[`overrides.${row}.${f}`])])) } as OverrideRow);
  }
  return { values, items, overrides };
}

const isBlankItem = (r: ItemRow) => ITEM_FIELDS.every((f) => !r[f].trim());
const isBlankOverride = (r: OverrideRow) => OVERRIDE_FIELDS.every((f) => !r[f].trim());

/**
 * The draft a submitted form describes (removed and blank rows left out), the form problems of its
 * own (tiers or parameters not written as `when:points` / `key=value`, keyed by form field), and for
 * each kept item and override its form row, so the validation's problems can be shown beside it.
 */
export function draftFromForm(form: RulebookForm): { draft: Record<string, unknown>; problems: FieldProblems; itemRows: number[]; overrideRows: number[] } {
  const problems: FieldProblems = {};
  const v = form.values;
  const items: Record<string, unknown>[] = [];
  const itemRows: number[] = [];
  for (const r of form.items) {
    if (r.remove || isBlankItem(r)) continue;
    const tiers = r.tiers.trim() ? parseTiers(r.tiers) : [];
    const params = r.params.trim() ? parseParams(r.params) : {};
    if (tiers === null) problems[`items.${r.row}.tiers`] = [{ code: 'format' }];
    if (params === null) problems[`items.${r.row}.params`] = [{ code: 'format' }];
    items.push({
      code: r.code, category: r.category, labelZh: r.labelZh, labelEn: r.labelEn, fact: r.fact || undefined,
      points: r.points || undefined, cap: r.cap || undefined, windowMonths: r.windowMonths || undefined,
      tiers: tiers && tiers.length ? tiers : undefined, params: params && Object.keys(params).length ? params : undefined,
    });
    itemRows.push(r.row);
  }
  const overrides: Record<string, unknown>[] = [];
  const overrideRows: number[] = [];
  for (const r of form.overrides) {
    if (r.remove || isBlankOverride(r)) continue;
    overrides.push({ fact: r.fact, tier: r.tier || undefined, atMost: r.atMost });
    overrideRows.push(r.row);
  }
  const grades = Object.fromEntries(GRADES.map((g): [Grade, { from: string; to: string }] => [g, { from: v[`grades.${g}.from`] ?? '', to: v[`grades.${g}.to`] ?? '' }]));
  const draft: Record<string, unknown> = {
    version: v.version ?? '', effectiveFrom: v.effectiveFrom ?? '', note: v.note ?? '', base: v.base ?? '', min: v.min ?? '', max: v.max ?? '',
    items, grades, overrides,
    hysteresis: { margin: v['hysteresis.margin'] ?? '', months: v['hysteresis.months'] ?? '' },
    newTenant: { days: v['newTenant.days'] ?? '', dataFacts: v['newTenant.dataFacts'] ?? '' },
    objectionWorkingDays: v.objectionWorkingDays ?? '', nomination: { minAnnual: v['nomination.minAnnual'] ?? '' },
  };
  return { draft, problems, itemRows, overrideRows };
}

/**
 * The validation's problems keyed by the form's fields: `items.<code>.cap` → `items.<row>.cap` (the
 * row that holds the code; `items.<n>.…` counts kept rows), `overrides.<n>.…` likewise; the rest as is.
 */
export function problemsForForm(problems: FieldProblems, form: RulebookForm, itemRows: readonly number[], overrideRows: readonly number[]): FieldProblems {
  const out: FieldProblems = {};
  const rowOfCode = new Map<string, number>();
  for (const r of form.items) if (!r.remove && r.code.trim() && !rowOfCode.has(r.code.trim().toUpperCase())) rowOfCode.set(r.code.trim().toUpperCase(), r.row);
  for (const [key, list] of Object.entries(problems)) {
    let target = key;
    const item = /^items\.([^.]+)\.(\w+)$/.exec(key);
    const override = /^overrides\.(\d+)\.(\w+)$/.exec(key);
    if (item) {
      const index = /^\d+$/.test(item[1]) ? itemRows[Number(item[1])] : undefined;
      let row = index ?? rowOfCode.get(item[1]);
      // A repeated code: the second row that holds it.
      if (item[2] === 'code' && list.some((p) => p.code === 'taken')) {
        row = form.items.filter((r) => !r.remove && r.code.trim().toUpperCase() === item[1])[1]?.row ?? row;
      }
      if (row !== undefined) target = `items.${row}.${item[2]}`;
    } else if (override) {
      const row = overrideRows[Number(override[1])];
      if (row !== undefined) target = `overrides.${row}.${override[2]}`;
    }
    (out[target] ??= []).push(...list);
  }
  return out;
}
