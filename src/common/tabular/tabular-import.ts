import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { ROLES_SUFFICE, UploadInterceptor } from '../../files/upload.interceptor.js';
import type { I18nService } from '../../i18n/i18n.service.js';
import { UnsupportedMediaTypeError, ValidationFailedError } from '../errors/domain-error.js';
import {
  mapHeader, readRow, sortIssues, type HeaderMapping, type ImportColumn, type RowReading, type RowValues, type SheetRow, type TabularIssue,
} from './domain/tabular-columns.rules.js';
import {
  decodeCsvText, detectDelimiter, isBlankRow, MAX_CSV_COLUMNS, sniffFormat, WORKBOOK_LIMITS, type TabularFormat,
} from './domain/tabular-file.rules.js';
import { readWorkbookRows, WorkbookError } from './workbook-reader.js';

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

/**
 * The rows of an uploaded CSV or XLSX file (its first sheet) as text cells, numbered as a spreadsheet
 * numbers them, streamed: rows without any text may be left out, and problems with the file surface
 * while the rows are read. Decided by content, never by name. The one place an uploaded workbook is
 * unpacked, within WORKBOOK_LIMITS.
 */
export function readSheet(buffer: Buffer): { format: TabularFormat; rows: AsyncIterable<SheetRow> } {
  if (buffer.length === 0) throw new ImportFileError('validation.importEmpty');
  const format = sniffFormat(buffer);
  return { format, rows: format === 'xlsx' ? readXlsx(buffer) : readCsv(buffer) };
}

function readCsv(buffer: Buffer): AsyncGenerator<SheetRow> {
  const text = decodeCsvText(buffer);
  if (text === null) throw new UnsupportedMediaTypeError('validation.importUnsupportedType');
  return csvRecords(text);
}

class CsvTooWide extends Error {
  constructor(readonly line: number) {
    super(`more than ${MAX_CSV_COLUMNS} columns`);
  }
}

async function* csvRecords(text: string): AsyncGenerator<SheetRow> {
  const parser = parse({
    delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true,
    // Called for each cell as the record grows, so a line of commas cannot build a record of millions of cells.
    cast: (value: string, context: { index: number; lines: number }) => {
      if (context.index >= MAX_CSV_COLUMNS) throw new CsvTooWide(context.lines);
      return value;
    },
  });
  Readable.from(slices(text, 64 * 1024)).pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>) {
      // A record is a spreadsheet row even when a quoted cell spans several lines; skipped empty lines still count.
      yield { row: info.records + info.empty_lines, cells: record };
    }
  } catch (err) {
    const line = err instanceof CsvTooWide ? err.line : Number((err as { lines?: number }).lines) || 1;
    throw new ImportFileError('validation.importMalformedCsv', { line });
  } finally {
    parser.destroy();
  }
}

function* slices(text: string, size: number): Generator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function* readXlsx(buffer: Buffer): AsyncGenerator<SheetRow> {
  try {
    yield* readWorkbookRows(buffer);
  } catch (err) {
    if (!(err instanceof WorkbookError)) throw err;
    if (err.reason === 'tooLarge') throw new ImportFileError('validation.importUnpackedTooLarge', { max: WORKBOOK_LIMITS.unpackedBytes / (1024 * 1024) });
    throw new ImportFileError('validation.importMalformed');
  }
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
  /** A template's example row (its raw cells): skipped and counted, never read, checked or written. */
  isExampleRow?(cells: readonly string[]): boolean;
}

/** Everything that can be said about a file without the database. */
export interface ReadTable<F extends string> {
  format: TabularFormat;
  /** Data rows in the file (blank lines and example rows not counted). */
  rows: number;
  /** Example rows skipped (see TabularImportSpec.isExampleRow). */
  examples: number;
  /** Every data row; none when the header has problems. */
  readings: ImportRow<F>[];
  issues: TabularIssue[];
  headerOk: boolean;
}

/**
 * Reads and checks a file: the file itself (throws), the header, each row, and the rows together.
 * Rows are read as they stream; past `maxRows` they are only counted, and no row is checked by the
 * spec until the whole file has been read and found within its limits.
 */
export async function readTable<F extends string>(buffer: Buffer, spec: TabularImportSpec<F>): Promise<ReadTable<F>> {
  const { format, rows } = readSheet(buffer);
  let mapping: HeaderMapping<F> | null = null;
  let count = 0;
  let examples = 0;
  const read: (RowReading<F> & { row: number })[] = [];
  for await (const sheetRow of rows) {
    if (isBlankRow(sheetRow.cells)) continue;
    if (!mapping) {
      mapping = mapHeader(spec.columns, sheetRow.cells, sheetRow.row);
      continue;
    }
    if (spec.isExampleRow?.(sheetRow.cells)) {
      examples++;
      continue;
    }
    count++;
    if (count <= spec.maxRows && mapping.errors.length === 0) read.push({ row: sheetRow.row, ...readRow(spec.columns, sheetRow, mapping.columns) });
  }
  if (!mapping) throw new ImportFileError('validation.importEmpty');
  if (count === 0) throw new ImportFileError(examples ? 'validation.importOnlyExample' : 'validation.importNoRows');
  if (count > spec.maxRows) throw new ImportFileError('validation.importTooManyRows', { max: spec.maxRows, rows: count });
  if (mapping.errors.length) return { format, rows: count, examples, readings: [], issues: mapping.errors, headerOk: false };

  const issues: TabularIssue[] = [];
  const readings: ImportRow<F>[] = [];
  for (const { row, values, errors } of read) {
    const reading = { row, values };
    issues.push(...errors, ...((await spec.validateRow?.(reading, errors)) ?? []));
    readings.push(reading);
  }
  issues.push(...(spec.validateRows?.(readings) ?? []));
  return { format, rows: count, examples, readings, issues, headerOk: true };
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
  /** Example rows of a template, skipped. */
  examples: number;
  errors: ImportReportError[];
  /** A dry run without problems: the first `preview` rows that would be written, as read (see runImport's options). */
  preview: ImportRow<string>[];
}

/**
 * Checks a file and reports every problem by row and column (`dryRun`), or imports it all or nothing:
 * every check again, then the context's `write`, in one transaction; any problem writes nothing.
 */
export async function runImport<F extends string>(
  dataSource: DataSource, i18n: I18nService, file: ImportFile, spec: TabularImportSpec<F>,
  options: { dryRun: boolean; locale: string; /** rows to show of a dry run without problems */ preview?: number },
): Promise<TabularImportReport> {
  const table = await readTable(file.buffer, spec);
  const fields = spec.columns.map((c) => c.field);
  const report = (issues: TabularIssue[], created: number): TabularImportReport => {
    const badRows = new Set(issues.map((i) => i.row));
    return {
      dryRun: options.dryRun, fileName: file.name, format: table.format, rows: table.rows, examples: table.examples,
      valid: table.headerOk ? table.readings.filter((r) => !badRows.has(r.row)).length : 0,
      created, errors: sortIssues(issues, fields).map((issue) => translateIssue(i18n, spec.messages, issue, options.locale)),
      preview: options.dryRun && !issues.length ? table.readings.slice(0, options.preview ?? 0) : [],
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
