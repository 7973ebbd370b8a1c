/**
 * Reading an uploaded table file: which format it is, its text, and the text of its cells.
 * Pure rules: no framework imports.
 */

export type TabularFormat = 'csv' | 'xlsx';

export const TABULAR_FORMATS: readonly TabularFormat[] = ['csv', 'xlsx'];

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Control characters other than tab, line feed and carriage return mark a binary file, not text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** `xlsx` when the file is a zip archive; otherwise it must be text (CSV). Decided by content, never by name. */
export function sniffFormat(bytes: Uint8Array): TabularFormat {
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

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
