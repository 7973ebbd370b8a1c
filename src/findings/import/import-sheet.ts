import { sortIssues, type TabularIssue } from '../../common/tabular/domain/tabular-columns.rules.js';
import { isBlankRow, type TabularFormat } from '../../common/tabular/domain/tabular-file.rules.js';
import { ImportFileError, readSheet, type ImportReportError } from '../../common/tabular/tabular-import.js';
import type { I18nService } from '../../i18n/i18n.service.js';

/** A file's header and data rows as text cells (blank lines left out), read through the tabular kit's readSheet. */
export interface ImportSheet {
  format: TabularFormat;
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

/** Header cells kept for the mapping step (a wider header is cut here: nobody maps a 200th column). */
const MAX_HEADERS = 200;

/**
 * Reads a whole upload: the first non-blank row is the header; past `maxRows` data rows the rest is
 * only counted and the file refused (400), like the kit's readTable. Unlike readTable the header is
 * not matched to fixed columns: the findings import lets the user map them.
 */
export async function readImportSheet(buffer: Buffer, maxRows: number): Promise<ImportSheet> {
  const { format, rows } = readSheet(buffer);
  let headers: string[] | null = null;
  const data: { row: number; cells: string[] }[] = [];
  let count = 0;
  for await (const r of rows) {
    if (isBlankRow(r.cells)) continue;
    if (!headers) {
      headers = r.cells.slice(0, MAX_HEADERS).map((c) => c.trim());
      continue;
    }
    count++;
    if (count <= maxRows) data.push({ row: r.row, cells: r.cells.slice(0, headers.length) });
  }
  if (!headers) throw new ImportFileError('validation.importEmpty');
  if (count === 0) throw new ImportFileError('validation.importNoRows');
  if (count > maxRows) throw new ImportFileError('validation.importTooManyRows', { max: maxRows, rows: count });
  return { format, headers, rows: data };
}

/** Problems in report order, in the caller's language: this import's own message (`<messages>.<code>`) or the shared `validation.<code>`. */
export function translateIssues(i18n: I18nService, messages: string, issues: readonly TabularIssue[], fields: readonly string[], locale: string): ImportReportError[] {
  return sortIssues(issues, fields).map((issue) => {
    const own = `${messages}.${issue.code}`;
    const key = i18n.has(own) ? own : `validation.${issue.code}`;
    return { row: issue.row, column: issue.column, code: issue.code, message: i18n.t(locale, key, issue.params ?? {}) };
  });
}
