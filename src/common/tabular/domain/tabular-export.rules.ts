/**
 * Writing a table for download: cells a spreadsheet must not run, date cells, and the attachment header.
 * Pure rules: no framework imports.
 */
import { calendarDate } from './tabular-file.rules.js';

/** A value a spreadsheet would run as a formula gets a leading apostrophe in CSV exports (CSV injection). */
export function csvSafe(value: string): string {
  if (/^[=@\t\r]/.test(value)) return `'${value}`;
  if (/^[+-]/.test(value) && !/^[+-][\d\s().-]*$/.test(value)) return `'${value}`;
  return value;
}

/** A `YYYY-MM-DD` calendar date as the UTC-midnight value of a spreadsheet date cell; null for any other text. */
export function sheetDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return calendarDate(date) === text ? date : null;
}

/** RFC 5987 `value-chars`: percent-encoded UTF-8 outside the attr-char set. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` of a download. A plain ASCII name goes as `filename="…"` alone; any other
 * name also travels as RFC 5987 `filename*`, with an ASCII stand-in for clients that ignore it.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  if (ascii === fileName) return `attachment; filename="${fileName}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
