/**
 * Import columns: how a header row maps to a context's fields, how a data row becomes values, and
 * the order problems are reported in. A context describes its columns once; these rules do the rest.
 * Pure rules: no framework imports.
 */

/** The spreadsheet row of the header. */
export const HEADER_ROW = 1;

/** A problem at a cell (`column` is a field name), a header cell (`column` as written), or a whole row (`column` empty). */
export interface TabularIssue {
  row: number;
  column: string;
  code: string;
  params?: Record<string, string | number>;
}

/** One line of the sheet as text cells, with its spreadsheet row number (header = 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** One importable column of a context's table. */
export interface ImportColumn<F extends string = string> {
  field: F;
  /** English header name (the field name by convention), matched trimmed and case-insensitively. */
  en: string;
  /** Chinese header label, matched trimmed. */
  zh: string;
  required?: boolean;
  /** The canonical form of a non-empty, trimmed cell (a code upper-cased, say). */
  normalize?: (text: string) => string;
}

/** Trimmed, non-empty cells by field. */
export type RowValues<F extends string> = Partial<Record<F, string>>;

/** Header names in the language of the file a user downloads (template, export). */
export function headerNames(spec: readonly ImportColumn[], locale: string): string[] {
  return spec.map((c) => (locale === 'en' ? c.en : c.zh));
}

export interface HeaderMapping<F extends string> {
  /** For each column index, the field it holds, or null for an ignored column (blank header). */
  columns: (F | null)[];
  errors: TabularIssue[];
}

/** Maps header cells to fields: unknown and repeated names, and missing required columns, are errors of the header row. */
export function mapHeader<F extends string>(spec: readonly ImportColumn<F>[], cells: readonly string[], row = HEADER_ROW): HeaderMapping<F> {
  const lookup = new Map<string, F>(spec.flatMap((c) => [[c.en.toLowerCase(), c.field], [c.zh, c.field]]));
  const columns: (F | null)[] = [];
  const errors: TabularIssue[] = [];
  const seen = new Set<F>();
  cells.forEach((cell) => {
    const name = cell.trim();
    if (name === '') {
      columns.push(null);
      return;
    }
    const field = lookup.get(name.toLowerCase()) ?? lookup.get(name);
    if (!field) {
      errors.push({ row, column: name, code: 'importUnknownColumn', params: { column: name } });
      columns.push(null);
    } else if (seen.has(field)) {
      errors.push({ row, column: name, code: 'importDuplicateColumn', params: { column: name } });
      columns.push(null);
    } else {
      seen.add(field);
      columns.push(field);
    }
  });
  for (const c of spec) {
    if (c.required && !seen.has(c.field)) {
      errors.push({ row, column: c.field, code: 'importMissingColumn', params: { column: `${c.en} / ${c.zh}` } });
    }
  }
  return { columns, errors };
}

export interface RowReading<F extends string> {
  /** Trimmed, non-empty cells by field, normalised where the column says so. */
  values: RowValues<F>;
  errors: TabularIssue[];
}

/** Reads one data row: values by field, a required field left empty, text in a column without a header. */
export function readRow<F extends string>(spec: readonly ImportColumn<F>[], row: SheetRow, columns: readonly (F | null)[]): RowReading<F> {
  const byField = new Map(spec.map((c) => [c.field, c]));
  const values: RowValues<F> = {};
  const errors: TabularIssue[] = [];
  row.cells.forEach((cell, i) => {
    const text = cell.trim();
    if (text === '') return;
    const field = columns[i];
    const normalize = field ? byField.get(field)?.normalize : undefined;
    if (field) values[field] = normalize ? normalize(text) : text;
    else if (!errors.some((e) => e.code === 'importExtraCells')) errors.push({ row: row.row, column: '', code: 'importExtraCells', params: { column: i + 1 } });
  });
  for (const c of spec) {
    if (c.required && values[c.field] === undefined) errors.push({ row: row.row, column: c.field, code: 'required' });
  }
  return { values, errors };
}

/** Report order: by row, then the given field order (whole-row problems first), then code; header problems keep the file's order. */
export function sortIssues(issues: readonly TabularIssue[], fields: readonly string[]): TabularIssue[] {
  const columnOrder = new Map<string, number>(['', ...fields].map((f, i) => [f, i]));
  const order = (i: TabularIssue) => columnOrder.get(i.column) ?? -1;
  return [...issues].sort((a, b) =>
    a.row - b.row
    || order(a) - order(b)
    || (a.column === b.column && order(a) >= 0 ? a.code.localeCompare(b.code) : 0));
}
