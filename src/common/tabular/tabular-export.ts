import { Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { contentDisposition, csvSafe, sheetDate } from './domain/tabular-export.rules.js';
import type { TabularFormat } from './domain/tabular-file.rules.js';

export type { TabularFormat } from './domain/tabular-file.rules.js';

export const TABULAR_CONTENT_TYPES: Record<TabularFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows fetched per query while streaming an export. */
export const EXPORT_BATCH = 1000;

export interface TableColumn {
  header: string;
  /** XLSX column width, in characters. */
  width: number;
  /** `date`: a `YYYY-MM-DD` cell becomes a real date cell in XLSX (text in CSV). Default `text`. */
  kind?: 'text' | 'date';
}

export interface TableSpec {
  /** XLSX sheet name. */
  sheetName: string;
  columns: readonly TableColumn[];
  /** Data rows as text cells, in column order, read one at a time. */
  rows: AsyncIterable<readonly string[]>;
}

/**
 * Writes a table to `out` and ends it, never holding more than the row being written.
 * CSV: UTF-8 with a BOM (so Excel reads Chinese correctly), CRLF line ends, formula-like text defused.
 * XLSX: one sheet, header row frozen, `date` columns as date cells.
 */
export async function writeTable(format: TabularFormat, table: TableSpec, out: Writable): Promise<void> {
  if (format === 'xlsx') await writeXlsx(table, out);
  else await writeCsv(table, out);
}

async function writeCsv(table: TableSpec, out: Writable): Promise<void> {
  async function* records() {
    yield table.columns.map((c) => c.header);
    for await (const cells of table.rows) yield cells.map(csvSafe);
  }
  await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: 'windows' }), out);
}

async function writeXlsx(table: TableSpec, out: Writable): Promise<void> {
  // Loaded on first use: exceljs costs about half a second to load, and most processes never export.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ width: c.width }));
  sheet.addRow(table.columns.map((c) => c.header)).commit();
  const dateColumns = table.columns.flatMap((c, i) => (c.kind === 'date' ? [i] : []));
  for await (const cells of table.rows) {
    const values: (string | Date)[] = [...cells];
    const dated = dateColumns.filter((i) => {
      const date = sheetDate(cells[i] ?? '');
      if (date) values[i] = date;
      return date !== null;
    });
    const row = sheet.addRow(values);
    for (const i of dated) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** The rows of a table from batches of records. */
export async function* tableRows<T>(batches: AsyncIterable<readonly T[]>, cells: (record: T) => readonly string[]): AsyncGenerator<readonly string[]> {
  for await (const batch of batches) {
    for (const record of batch) yield cells(record);
  }
}

/** Where the next batch starts: after the previous batch's last record (null for the first), or after `offset` records. */
export interface BatchWindow<T> {
  after: T | null;
  offset: number;
  limit: number;
}

/**
 * A query read in batches of `size`, so a 200,000-row export never holds more than one batch.
 * `fetch` applies its keyset condition after `window.after` (see `whereAfter`), or `window.offset`
 * when its sort key does not survive the trip to JavaScript, and `window.limit`.
 */
export async function* keysetBatches<T>(fetch: (window: BatchWindow<T>) => Promise<T[]>, size = EXPORT_BATCH): AsyncGenerator<T[]> {
  let after: T | null = null;
  let offset = 0;
  for (;;) {
    const items = await fetch({ after, offset, limit: size });
    if (items.length) yield items;
    if (items.length < size) return;
    after = items[items.length - 1];
    offset += items.length;
  }
}

/** Keyset condition "after this row" for a query ordered by `keyColumn`, then `idColumn`, both in `dir`. */
export function whereAfter<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>, keyColumn: string, idColumn: string, after: { key: unknown; id: unknown }, dir: 'asc' | 'desc' = 'asc',
): SelectQueryBuilder<E> {
  const op = dir === 'desc' ? '<' : '>';
  return qb.andWhere(new Brackets((w) => {
    w.where(`${keyColumn} ${op} :afterKey`, { afterKey: after.key })
      .orWhere(new Brackets((tie) => tie.where(`${keyColumn} = :afterKey`).andWhere(`${idColumn} ${op} :afterId`, { afterId: after.id })));
  }));
}

/**
 * Streams a download as an attachment (content type, `Content-Disposition`, no caching). A failure
 * before the first byte goes to the exception filter; after it, it can only cut the download short.
 */
export async function sendDownload(res: Response, format: TabularFormat, fileName: string, write: (out: Writable) => Promise<void>): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', TABULAR_CONTENT_TYPES[format]);
  res.setHeader('Content-Disposition', contentDisposition(fileName));
  res.setHeader('Cache-Control', 'no-store');
  try {
    await write(res);
  } catch (err) {
    if (!res.headersSent) throw err;
    new Logger('TabularExport').error(`${fileName}: ${err instanceof Error ? err.stack : String(err)}`);
    res.destroy();
  }
}
