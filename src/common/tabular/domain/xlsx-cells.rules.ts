/**
 * The text of a SpreadsheetML cell as an import reads it: cell references, which number formats are
 * dates, and the cell's value by its type, read the way exceljs reads them (so a file reads the same
 * as before the streaming reader). Pure rules: no framework imports.
 */
import { calendarDate } from './tabular-file.rules.js';

/** Excel's sheet size: columns A..XFD and rows 1..1,048,576. */
export const MAX_SHEET_COLUMNS = 16_384;
export const MAX_SHEET_ROWS = 1_048_576;

/** The column (A = 1) of a cell reference such as `B12`, or null when it is not one within the sheet. */
export function cellColumn(ref: string): number | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!m) return null;
  let column = 0;
  for (const ch of m[1].toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return column <= MAX_SHEET_COLUMNS ? column : null;
}

/**
 * Built-in number formats that show dates or times: 14–22 everywhere, 27–36 and 50–58 in Chinese,
 * Japanese and Korean Excel (written without a format code), 45–47 minutes and seconds.
 */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format shows a date: a date or time letter outside quoted text and `[...]` sections. */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Whether a cell style with this number format id shows dates, given which of the workbook's own formats do. */
export function isDateStyle(numFmtId: number, ownFormats: ReadonlyMap<number, boolean>): boolean {
  return ownFormats.get(numFmtId) ?? BUILT_IN_DATES.has(numFmtId);
}

/**
 * The calendar date of a spreadsheet serial number: days since 1899-12-30, or since 1904-01-01 in
 * 1904 workbooks. Excel counts a 29 February 1900 that never was (serial 60), so serials before it
 * are a day later than the count says.
 */
export function serialDate(serial: number, date1904: boolean): string {
  const days = !date1904 && serial < 61 ? serial + 1 : serial;
  const ms = Math.round((days - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : calendarDate(date);
}

/**
 * A cell's text from its type (`t`), its raw value (the `<v>` text, or the inline string), and
 * whether its style shows a date. Shared strings (`s`) are looked up by the caller.
 */
export function cellValueText(type: string | undefined, raw: string, dateStyle: boolean, date1904: boolean): string {
  switch (type) {
    case 'str':
    case 'inlineStr':
      return raw;
    case 'b':
      return Number.parseInt(raw, 10) ? 'TRUE' : 'FALSE';
    case 'e':
      return raw;
    case 'd': {
      const m = /^(\d{4}-\d{2}-\d{2})/.exec(raw.trim());
      return m ? m[1] : '';
    }
    default: {
      if (raw.trim() === '') return '';
      const n = Number.parseFloat(raw);
      if (!Number.isFinite(n)) return '';
      return dateStyle ? serialDate(n, date1904) : String(n);
    }
  }
}
