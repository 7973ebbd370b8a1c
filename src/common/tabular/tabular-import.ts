import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { DataSource, EntityManager } from 'typeorm';
import { ROLES_SUFFICE, UploadInterceptor } from '../../files/upload.interceptor.js';
import type { I18nService } from '../../i18n/i18n.service.js';
import { UnsupportedMediaTypeError, ValidationFailedError } from '../errors/domain-error.js';
import {
  mapHeader, readRow, sortIssues, type ImportColumn, type RowValues, type SheetRow, type TabularIssue,
} from './domain/tabular-columns.rules.js';
import { cellText, decodeCsvText, detectDelimiter, isBlankRow, sniffFormat, zipUncompressedSize, type TabularFormat } from './domain/tabular-file.rules.js';

/** An uploaded file as an import reads it. */
export interface ImportFile {
  name: string;
  buffer: Buffer;
}

/** The part of multer's file the import reads (memory storage). */
export interface UploadedImport {
  originalname: string;
  buffer: Buffer;
}

/**
 * The upload of an import file: one file in the field `file`, at most IMPORT_MAX_BYTES (413 beyond),
 * streamed to disk and then handed over in memory; staff-only routes, and the import checks the
 * content itself (CSV or XLSX).
 */
export const ImportFileInterceptor = UploadInterceptor({
  field: 'file', maxCount: 1, limit: (config) => config.IMPORT_MAX_BYTES, access: ROLES_SUFFICE, accept: 'any', buffer: true,
});

/** The uploaded file with a harmless name; 400 when the request carried none. */
export function importFileOf(file: UploadedImport | undefined): ImportFile {
  if (!file?.buffer) throw new ValidationFailedError({ file: [{ code: 'importNoFile' }] }, 'validation.importNoFile');
  const name = file.originalname.replace(/[\\/]/g, '_').replace(/[\u0000-\u001F\u007F]/g, '').slice(0, 200) || 'upload';
  return { name, buffer: file.buffer };
}

/** A problem with the file as a whole (400), keyed to the `file` field by its code, with the same message on top. */
export class ImportFileError extends ValidationFailedError {
  constructor(messageKey: `validation.${string}`, params: Record<string, string | number> = {}) {
    super({ file: [{ code: messageKey.slice('validation.'.length), params }] }, messageKey, params);
  }
}

/** Refuse workbooks that would unpack to more than this (zip bombs); 50,000 rows need far less. */
const MAX_XLSX_UNPACKED = 256 * 1024 * 1024;

/**
 * The rows of an uploaded CSV or XLSX file (its first sheet) as text cells, numbered as a spreadsheet
 * numbers them. Decided by content, never by name. The one place an uploaded workbook is unpacked.
 */
export async function readSheet(buffer: Buffer): Promise<{ format: TabularFormat; rows: SheetRow[] }> {
  if (buffer.length === 0) throw new ImportFileError('validation.importEmpty');
  const format = sniffFormat(buffer);
  return { format, rows: format === 'xlsx' ? await readXlsx(buffer) : readCsv(buffer) };
}

function readCsv(buffer: Buffer): SheetRow[] {
  const text = decodeCsvText(buffer);
  if (text === null) throw new UnsupportedMediaTypeError('validation.importUnsupportedType');
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (err) {
    throw new ImportFileError('validation.importMalformedCsv', { line: Number((err as { lines?: number }).lines) || 1 });
  }
  // A record is a spreadsheet row even when a quoted cell spans several lines.
  return records.map((cells, i) => ({ row: i + 1, cells }));
}

async function readXlsx(buffer: Buffer): Promise<SheetRow[]> {
  const unpacked = zipUncompressedSize(buffer);
  if (unpacked === null || unpacked > MAX_XLSX_UNPACKED) throw new ImportFileError('validation.importMalformed');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportFileError('validation.importMalformed');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('validation.importMalformed');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push({ row: number, cells: Array.from(values, cellText) });
  });
  return rows;
}

/** A data row read through the column spec. */
export interface ImportRow<F extends string> {
  /** Spreadsheet row (header = 1, first data row = 2). */
  row: number;
  values: RowValues<F>;
}

/** What a context supplies: its columns, its row checks and its insert. */
export interface TabularImportSpec<F extends string> {
  columns: readonly ImportColumn<F>[];
  /** More data rows than this refuse the file (400). */
  maxRows: number;
  /** Catalogue prefix of this import's own messages (`<messages>.<code>`); other codes read `validation.<code>`. */
  messages: string;
  /** The problems of one row the column reading cannot see; `known` are the reading's own (skip those columns). */
  validateRow?(row: ImportRow<F>, known: readonly TabularIssue[]): TabularIssue[] | Promise<TabularIssue[]>;
  /** Problems across the file's rows (a key repeated in the file). */
  validateRows?(rows: readonly ImportRow<F>[]): TabularIssue[];
  /** Problems against what is stored: asked in the dry run, and again inside the commit's transaction. */
  validateStored?(manager: EntityManager, rows: readonly ImportRow<F>[]): Promise<TabularIssue[]>;
  /** Writes every row inside the commit's transaction, called only when no row has a problem; returns how many records it wrote. */
  write(manager: EntityManager, rows: readonly ImportRow<F>[]): Promise<number>;
}

/** Everything that can be said about a file without the database. */
export interface ReadTable<F extends string> {
  format: TabularFormat;
  /** Data rows in the file (blank lines not counted). */
  rows: number;
  /** Every data row; none when the header has problems. */
  readings: ImportRow<F>[];
  issues: TabularIssue[];
  headerOk: boolean;
}

/** Reads and checks a file: the file itself (throws), the header, each row, and the rows together. */
export async function readTable<F extends string>(buffer: Buffer, spec: TabularImportSpec<F>): Promise<ReadTable<F>> {
  const { format, rows } = await readSheet(buffer);
  const headerAt = rows.findIndex((r) => !isBlankRow(r.cells));
  if (headerAt < 0) throw new ImportFileError('validation.importEmpty');
  const header = rows[headerAt];
  const data = rows.slice(headerAt + 1).filter((r) => !isBlankRow(r.cells));
  if (data.length === 0) throw new ImportFileError('validation.importNoRows');
  if (data.length > spec.maxRows) throw new ImportFileError('validation.importTooManyRows', { max: spec.maxRows, rows: data.length });

  const mapping = mapHeader(spec.columns, header.cells, header.row);
  if (mapping.errors.length) return { format, rows: data.length, readings: [], issues: mapping.errors, headerOk: false };

  const issues: TabularIssue[] = [];
  const readings: ImportRow<F>[] = [];
  for (const sheetRow of data) {
    const { values, errors } = readRow(spec.columns, sheetRow, mapping.columns);
    const reading = { row: sheetRow.row, values };
    issues.push(...errors, ...((await spec.validateRow?.(reading, errors)) ?? []));
    readings.push(reading);
  }
  issues.push(...(spec.validateRows?.(readings) ?? []));
  return { format, rows: data.length, readings, issues, headerOk: true };
}

export interface ImportReportError {
  /** Spreadsheet row (header = 1, first data row = 2). */
  row: number;
  /** Field name, the header as written for header problems, or empty for the whole row. */
  column: string;
  code: string;
  /** In the caller's language. */
  message: string;
}

export interface TabularImportReport {
  dryRun: boolean;
  fileName: string;
  format: TabularFormat;
  /** Data rows in the file. */
  rows: number;
  /** Rows without problems. */
  valid: number;
  /** Records written (0 in a dry run or when there are problems). */
  created: number;
  errors: ImportReportError[];
}

/**
 * Checks a file and reports every problem by row and column (`dryRun`), or imports it all or nothing:
 * every check again, then the context's `write`, in one transaction; any problem writes nothing.
 */
export async function runImport<F extends string>(
  dataSource: DataSource, i18n: I18nService, file: ImportFile, spec: TabularImportSpec<F>, options: { dryRun: boolean; locale: string },
): Promise<TabularImportReport> {
  const table = await readTable(file.buffer, spec);
  const fields = spec.columns.map((c) => c.field);
  const report = (issues: TabularIssue[], created: number): TabularImportReport => {
    const badRows = new Set(issues.map((i) => i.row));
    return {
      dryRun: options.dryRun, fileName: file.name, format: table.format, rows: table.rows,
      valid: table.headerOk ? table.readings.filter((r) => !badRows.has(r.row)).length : 0,
      created, errors: sortIssues(issues, fields).map((issue) => translateIssue(i18n, spec.messages, issue, options.locale)),
    };
  };
  const stored = async (manager: EntityManager) => (table.readings.length && spec.validateStored ? spec.validateStored(manager, table.readings) : []);
  if (options.dryRun || table.issues.length) return report([...table.issues, ...(await stored(dataSource.manager))], 0);
  return dataSource.transaction(async (manager) => {
    const problems = await stored(manager);
    if (problems.length) return report(problems, 0);
    return report([], await spec.write(manager, table.readings));
  });
}

function translateIssue(i18n: I18nService, messages: string, issue: TabularIssue, locale: string): ImportReportError {
  const own = `${messages}.${issue.code}`;
  const key = i18n.has(own) ? own : `validation.${issue.code}`;
  return { row: issue.row, column: issue.column, code: issue.code, message: i18n.t(locale, key, issue.params ?? {}) };
}
