/**
 * Tenant import: how a spreadsheet's cells become tenant fields, and which problems the file itself has.
 * Pure rules: no framework imports. Field validation proper reuses CreateTenantDto in the service.
 */
import { checkUscc, normalizeUscc } from './uscc.rules.js';

export const IMPORT_FIELDS = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'movedInAt'];

/** The accepted header names: the English field name and the Chinese label (case-insensitive, trimmed). */
export const IMPORT_COLUMN_NAMES: Record<ImportField, { en: string; zh: string }> = {
  uscc: { en: 'uscc', zh: '统一社会信用代码' },
  name: { en: 'name', zh: '企业名称' },
  legalRepresentative: { en: 'legalRepresentative', zh: '法定代表人' },
  industry: { en: 'industry', zh: '行业' },
  building: { en: 'building', zh: '楼栋' },
  unit: { en: 'unit', zh: '单元' },
  movedInAt: { en: 'movedInAt', zh: '入驻日期' },
  contactPhone: { en: 'contactPhone', zh: '联系电话' },
};

export const MAX_IMPORT_ROWS = 50_000;

/** The spreadsheet row of the header. */
export const HEADER_ROW = 1;

/** A problem at a cell (`column` is a field name), a header cell (`column` as written), or a whole row (`column` empty). */
export interface ImportIssue {
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

const HEADER_LOOKUP = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) => [
    [IMPORT_COLUMN_NAMES[field].en.toLowerCase(), field],
    [IMPORT_COLUMN_NAMES[field].zh, field],
  ]),
);

/** Header names in the language of the file a user downloads (template, export). */
export function columnNamesFor(locale: string): string[] {
  return IMPORT_FIELDS.map((f) => (locale === 'en' ? IMPORT_COLUMN_NAMES[f].en : IMPORT_COLUMN_NAMES[f].zh));
}

/** A calendar date from a spreadsheet date cell: spreadsheet dates carry no zone, and exceljs reads them as UTC. */
export function calendarDate(date: Date): string {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${m}-${d}`;
}

/** The text of a cell as read by exceljs (string, number, date, rich text, formula, hyperlink, error). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : calendarDate(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: unknown }[]; result?: unknown; formula?: unknown; sharedFormula?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => (typeof r?.text === 'string' ? r.text : '')).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Control characters other than tab, line feed and carriage return mark a binary file, not text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** `xlsx` when the file is a zip archive; otherwise it must be text (CSV). Decided by content, never by name. */
export function sniffFormat(bytes: Uint8Array): 'xlsx' | 'csv' {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? 'xlsx' : 'csv';
}

/** The text of a CSV file: valid UTF-8 without control characters, BOM removed; null when it is not such text. */
export function decodeCsvText(bytes: Uint8Array): string | null {
  const start = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
  } catch {
    return null;
  }
  return CONTROL.test(text) ? null : text;
}

/** The delimiter of the header line: comma unless the line has semicolons or tabs and no comma. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const firstLine = text.slice(0, Math.max(0, text.search(/\r?\n|$/)));
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('\t')) return '\t';
  if (firstLine.includes(';')) return ';';
  return ',';
}

/**
 * Sum of the uncompressed sizes a zip's central directory declares (to refuse zip bombs before
 * unpacking), or null when there is no readable central directory or it needs ZIP64.
 */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let eocd = bytes.length - 22; eocd >= min; eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const entries = view.getUint16(eocd + 10, true);
    const offset = view.getUint32(eocd + 16, true);
    if (entries === 0xffff || offset === 0xffffffff) return null;
    let total = 0;
    let p = offset;
    for (let i = 0; i < entries; i++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
      const size = view.getUint32(p + 24, true);
      if (size === 0xffffffff) return null;
      total += size;
      p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return total;
  }
  return null;
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

export interface HeaderMapping {
  /** For each column index, the field it holds, or null for an ignored column (blank header). */
  columns: (ImportField | null)[];
  errors: ImportIssue[];
}

/** Maps header cells to fields: unknown and repeated names, and missing required columns, are errors of the header row. */
export function mapHeader(cells: readonly string[], row = HEADER_ROW): HeaderMapping {
  const columns: (ImportField | null)[] = [];
  const errors: ImportIssue[] = [];
  const seen = new Set<ImportField>();
  cells.forEach((cell) => {
    const name = cell.trim();
    if (name === '') {
      columns.push(null);
      return;
    }
    const field = HEADER_LOOKUP.get(name.toLowerCase()) ?? HEADER_LOOKUP.get(name);
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
  for (const field of REQUIRED_IMPORT_FIELDS) {
    if (!seen.has(field)) {
      errors.push({ row, column: field, code: 'importMissingColumn', params: { column: `${IMPORT_COLUMN_NAMES[field].en} / ${IMPORT_COLUMN_NAMES[field].zh}` } });
    }
  }
  return { columns, errors };
}

export type ImportValues = Partial<Record<ImportField, string>>;

export interface RowReading {
  /** Trimmed, non-empty cells by field; the USCC normalised (spaces, case, full-width). */
  values: ImportValues;
  errors: ImportIssue[];
}

/** Reads one data row: values by field, a required field left empty, text in a column without a header. */
export function readRow(row: SheetRow, columns: readonly (ImportField | null)[]): RowReading {
  const values: ImportValues = {};
  const errors: ImportIssue[] = [];
  row.cells.forEach((cell, i) => {
    const text = cell.trim();
    if (text === '') return;
    const field = columns[i];
    if (field) values[field] = field === 'uscc' ? normalizeUscc(text) : text;
    else if (!errors.some((e) => e.code === 'importExtraCells')) errors.push({ row: row.row, column: '', code: 'importExtraCells', params: { column: i + 1 } });
  });
  for (const field of REQUIRED_IMPORT_FIELDS) {
    if (values[field] === undefined) errors.push({ row: row.row, column: field, code: 'required' });
  }
  return { values, errors };
}

/** Every row whose USCC appears more than once in the file, each naming the other rows. */
export function duplicateUsccIssues(rows: readonly { row: number; uscc: string | undefined }[]): ImportIssue[] {
  const byCode = new Map<string, number[]>();
  for (const { row, uscc } of rows) {
    if (!uscc) continue;
    const list = byCode.get(uscc);
    if (list) list.push(row);
    else byCode.set(uscc, [row]);
  }
  const issues: ImportIssue[] = [];
  for (const [uscc, list] of byCode) {
    if (list.length < 2) continue;
    for (const row of list) {
      issues.push({ row, column: 'uscc', code: 'duplicateInFile', params: { uscc, rows: list.filter((r) => r !== row).join(', ') } });
    }
  }
  return issues;
}

/** Codes worth asking the database about: those that pass the GB 32100 check. */
export function checkableUsccs(values: readonly ImportValues[]): string[] {
  const codes = new Set<string>();
  for (const v of values) if (v.uscc && checkUscc(v.uscc).ok) codes.add(v.uscc);
  return [...codes];
}

/** Splits a list into chunks of `size` (for multi-row inserts and IN (...) lists). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const COLUMN_ORDER = new Map<string, number>(['', ...IMPORT_FIELDS].map((f, i) => [f, i]));

/** Report order: by row, then the field order of the sheet, then code; header problems keep the file's order. */
export function sortIssues(issues: readonly ImportIssue[]): ImportIssue[] {
  const order = (i: ImportIssue) => COLUMN_ORDER.get(i.column) ?? -1;
  return [...issues].sort((a, b) =>
    a.row - b.row
    || order(a) - order(b)
    || (a.column === b.column && order(a) >= 0 ? a.code.localeCompare(b.code) : 0));
}

/** A value a spreadsheet would run as a formula gets a leading apostrophe in CSV exports (CSV injection). */
export function csvSafe(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-][\d\s().-]*$/.test(value)) return `'${value}`;
  return value;
}

/** `1.5 MB` style size for messages. */

export { formatBytes } from '../../common/format-bytes.js';
