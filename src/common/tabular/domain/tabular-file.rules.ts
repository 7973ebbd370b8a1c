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

const MiB = 1024 * 1024;

/**
 * What reading one uploaded workbook may cost. The largest legitimate import sets the numbers:
 * 50,000 tenant rows (the tenant import's MAX_IMPORT_ROWS) unpack to 21 MiB as Excel and exceljs
 * write them (shared or inline strings alike), and to 85 MiB with every field at its longest; their
 * cells hold about 4 million characters, 27.6 million at the longest. Rows are streamed, so the byte
 * and node caps cost time (seconds of inflating and scanning), not memory; what is held (shared
 * strings, the rows read) is bounded by the character caps.
 */
export const WORKBOOK_LIMITS = {
  /** Bytes inflated from every entry read, together, counted as they come out (declared sizes are never trusted): 6× a typical 50,000-row file, 1.5× one with every field at its longest. */
  unpackedBytes: 128 * MiB,
  /** Entries in the archive: Excel writes about a dozen, a workbook with many sheets and pictures a few hundred. */
  entries: 1000,
  /** Characters in one cell: Excel's own limit. */
  cellChars: 32_767,
  /** Strings in the shared-string table: 50,000 rows of 8 columns have at most 400,000 different ones. */
  sharedStrings: 1_000_000,
  /** Characters in the shared-string table; and, separately, characters of cell text read (a shared string counts each time a cell uses it). */
  textChars: 32 * MiB,
  /** Cell styles (`xf`) and number formats: Excel allows about 64,000. */
  styles: 65_536,
  /** Longest tag, comment, processing instruction or CDATA section, in characters. */
  markupChars: 65_536,
  /** Deepest element nesting in a part (a sheet nests five deep). */
  depth: 64,
  /**
   * Elements, comments and processing instructions in all parts read, together: what costs time
   * whatever the bytes. 50,000 rows of 8 columns take 0.85 to 1.65 million; this caps a workbook of
   * empty elements at a few seconds of scanning.
   */
  nodes: 4_000_000,
} as const;

export type WorkbookLimits = { readonly [K in keyof typeof WORKBOOK_LIMITS]: number };

/** Widest CSV record read: Excel's column limit (XFD). */
export const MAX_CSV_COLUMNS = 16_384;

/** A calendar date from a spreadsheet date cell: spreadsheet dates carry no zone, and exceljs reads them as UTC. */
export function calendarDate(date: Date): string {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${m}-${d}`;
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}
