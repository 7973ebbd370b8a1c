import { StringDecoder } from 'node:string_decoder';
import { crc32, createInflateRaw } from 'node:zlib';
import type { SheetRow } from './domain/tabular-columns.rules.js';
import { WORKBOOK_LIMITS, type WorkbookLimits } from './domain/tabular-file.rules.js';
import { cellColumn, cellValueText, isDateFormat, isDateStyle, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS } from './domain/xlsx-cells.rules.js';
import { XmlError, XmlScanner, type XmlHandler } from './domain/xml-scanner.rules.js';
import { readZipDirectory, resolvePartName, type ZipEntryInfo } from './domain/zip-archive.rules.js';

/** Why a workbook is not read: damaged or hostile (`malformed`), or more than the limits allow (`tooLarge`). */
export class WorkbookError extends Error {
  constructor(readonly reason: 'malformed' | 'tooLarge', detail: string) {
    super(`${reason}: ${detail}`);
    this.name = 'WorkbookError';
  }
}

const REL_TYPES = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const STRICT_REL_TYPES = 'http://purl.oclc.org/ooxml/officeDocument/relationships/';
/** Bytes handed to the XML scanner at a time from a stored (not deflated) entry. */
const STORED_CHUNK = 64 * 1024;

/**
 * The rows of a workbook's first sheet, streamed: the archive's directory is checked first, then only
 * the parts needed (package and workbook relationships, workbook, styles, shared strings, the sheet)
 * are inflated, one chunk at a time under a running byte cap, and scanned without building a
 * document. Only the shared strings and one row at a time are held. Rows without any text are left
 * out; cells are text, dates as `YYYY-MM-DD`.
 */
export async function* readWorkbookRows(buffer: Buffer, limits: WorkbookLimits = WORKBOOK_LIMITS): AsyncGenerator<SheetRow> {
  const directory = readZipDirectory(buffer, limits);
  if (!directory.ok) throw new WorkbookError(directory.problem === 'tooLarge' ? 'tooLarge' : 'malformed', `${directory.problem} ${directory.name ?? ''}`);
  const parts = new Parts(buffer, directory.entries, limits);

  const workbookPath = (await parts.relationships('', (type) => (isRelType(type, 'officeDocument') ? 'workbook' : undefined))).get('workbook') ?? 'xl/workbook.xml';
  const workbook = await parts.workbook(workbookPath);
  const targets = await parts.relationships(workbookPath, (type, id) => {
    if (id === workbook.firstSheet) return 'sheet';
    if (isRelType(type, 'sharedStrings')) return 'sharedStrings';
    if (isRelType(type, 'styles')) return 'styles';
    return undefined;
  });
  const sheetPath = targets.get('sheet');
  if (!sheetPath) throw new WorkbookError('malformed', 'no first sheet');
  const stylesPath = targets.get('styles');
  const stringsPath = targets.get('sharedStrings');
  const dateStyles = stylesPath ? await parts.dateStyles(stylesPath) : [];
  const strings = stringsPath ? await parts.sharedStrings(stringsPath) : [];
  yield* parts.sheetRows(sheetPath, { strings, dateStyles, date1904: workbook.date1904 });
}

function isRelType(type: string, name: string): boolean {
  return type === REL_TYPES + name || type === STRICT_REL_TYPES + name;
}

/** The relationships part of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`), or of the package (`''` → `_rels/.rels`). */
function relationshipsPartOf(source: string): string {
  const slash = source.lastIndexOf('/');
  return `${source.slice(0, slash + 1)}_rels/${source.slice(slash + 1)}.rels`;
}

/** The archive's parts, read under one running byte cap shared by every part. */
class Parts {
  private readonly byName: Map<string, ZipEntryInfo>;
  private inflated = 0;
  private nodes = 0;

  constructor(private readonly buffer: Buffer, entries: readonly ZipEntryInfo[], private readonly limits: WorkbookLimits) {
    this.byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  }

  /** The relationships of `source` (a part, or `''` for the package) that `pick` names, as part names. No relationships part: none. */
  async relationships(source: string, pick: (type: string, id: string) => string | undefined): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const path = relationshipsPartOf(source);
    if (!this.byName.has(path.toLowerCase())) return found;
    await this.scan(path, {
      open: (name, a) => {
        if (name !== 'Relationship' || a.TargetMode === 'External' || !a.Target) return;
        const key = pick(a.Type ?? '', a.Id ?? '');
        if (!key || found.has(key)) return;
        const target = resolvePartName(source, a.Target);
        if (!target) throw new WorkbookError('malformed', `relationship target ${a.Target}`);
        found.set(key, target);
      },
      close: () => undefined,
      text: () => undefined,
    });
    return found;
  }

  /** The relationship id of the first sheet, and whether dates count from 1904. */
  async workbook(path: string): Promise<{ firstSheet: string; date1904: boolean }> {
    let firstSheet = '';
    let date1904 = false;
    let inSheets = false;
    await this.scan(path, {
      open: (name, a) => {
        if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
        else if (name === 'sheets') inSheets = true;
        else if (name === 'sheet' && inSheets && !firstSheet) firstSheet = a.id ?? '';
      },
      close: (name) => {
        if (name === 'sheets') inSheets = false;
      },
      text: () => undefined,
    });
    if (!firstSheet) throw new WorkbookError('malformed', 'no sheet in the workbook');
    return { firstSheet, date1904 };
  }

  /** For each cell style (`xf` index), whether its number format shows a date. */
  async dateStyles(path: string): Promise<boolean[]> {
    const formats = new Map<number, boolean>();
    const styles: boolean[] = [];
    let inFormats = false;
    let inCellXfs = false;
    await this.scan(path, {
      open: (name, a) => {
        if (name === 'numFmts') inFormats = true;
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'numFmt' && inFormats) {
          if (formats.size >= this.limits.styles) throw new WorkbookError('tooLarge', 'number formats');
          formats.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
        } else if (name === 'xf' && inCellXfs) {
          if (styles.length >= this.limits.styles) throw new WorkbookError('tooLarge', 'cell styles');
          styles.push(isDateStyle(Number(a.numFmtId ?? 0), formats));
        }
      },
      close: (name) => {
        if (name === 'numFmts') inFormats = false;
        else if (name === 'cellXfs') inCellXfs = false;
      },
      text: () => undefined,
    });
    return styles;
  }

  /** The shared-string table: each `si`'s text (rich-text runs joined, phonetic hints left out). */
  async sharedStrings(path: string): Promise<string[]> {
    const strings: string[] = [];
    const text = new CellText(this.limits);
    let total = 0;
    let inItem = false;
    await this.scan(path, {
      open: (name) => {
        if (name === 'si') {
          inItem = true;
          text.reset();
        } else if (inItem) text.open(name);
      },
      close: (name) => {
        if (name !== 'si') {
          if (inItem) text.close(name);
          return;
        }
        inItem = false;
        if (strings.length >= this.limits.sharedStrings) throw new WorkbookError('tooLarge', 'shared strings');
        total += text.value.length;
        if (total > this.limits.textChars) throw new WorkbookError('tooLarge', 'shared-string text');
        strings.push(text.value);
      },
      text: (t) => {
        if (inItem) text.add(t);
      },
    });
    return strings;
  }

  /** The sheet's rows, yielded after each inflated chunk. */
  async *sheetRows(path: string, book: { strings: readonly string[]; dateStyles: readonly boolean[]; date1904: boolean }): AsyncGenerator<SheetRow> {
    const ready: SheetRow[] = [];
    const text = new CellText(this.limits);
    let delivered = 0;
    let inData = false;
    // Cells are kept sparse until the row is passed on: a value in column XFD must not cost 16,384 cells per row held.
    let row: { number: number; cells: string[]; any: boolean } | null = null;
    let lastRow = 0;
    let cell: { column: number; type?: string; style: number } | null = null;
    let lastColumn = 0;
    const handler: XmlHandler = {
      open: (name, a) => {
        if (name === 'sheetData') inData = true;
        else if (name === 'row' && inData) {
          const number = a.r === undefined ? lastRow + 1 : Number(a.r);
          if (!Number.isInteger(number) || number <= lastRow || number > MAX_SHEET_ROWS) throw new WorkbookError('malformed', `row ${a.r}`);
          row = { number, cells: [], any: false };
          lastRow = number;
          lastColumn = 0;
        } else if (name === 'c' && row) {
          const column = a.r === undefined ? lastColumn + 1 : cellColumn(a.r);
          if (column === null || column > MAX_SHEET_COLUMNS) throw new WorkbookError('malformed', `cell ${a.r}`);
          cell = { column, type: a.t, style: a.s === undefined ? 0 : Number(a.s) };
          lastColumn = column;
          text.reset();
        } else if (cell) text.open(name);
      },
      close: (name) => {
        if (name === 'sheetData') inData = false;
        else if (name === 'row' && row) {
          if (row.any) ready.push({ row: row.number, cells: row.cells });
          row = null;
        } else if (name === 'c' && row && cell) {
          const value = this.cellText(cell, text, book);
          delivered += value.length;
          if (delivered > this.limits.textChars) throw new WorkbookError('tooLarge', 'cell text');
          if (value !== '') {
            row.cells[cell.column - 1] = value;
            row.any = true;
          }
          cell = null;
        } else if (cell) text.close(name);
      },
      text: (t) => {
        if (cell) text.add(t);
      },
    };
    const dense = (r: SheetRow): SheetRow => ({ row: r.row, cells: Array.from(r.cells, (c) => c ?? '') });
    for await (const _ of this.scanChunks(path, handler)) {
      for (const r of ready.splice(0)) yield dense(r);
    }
  }

  private cellText(cell: { type?: string; style: number }, text: CellText, book: { strings: readonly string[]; dateStyles: readonly boolean[]; date1904: boolean }): string {
    if (cell.type === 's') {
      if (!text.hasValue || text.value.trim() === '') return '';
      const index = Number(text.value);
      if (!Number.isInteger(index) || index < 0 || index >= book.strings.length) throw new WorkbookError('malformed', `shared string ${text.value}`);
      return book.strings[index];
    }
    return cellValueText(cell.type, text.value, book.dateStyles[cell.style] === true, book.date1904);
  }

  private async scan(path: string, handler: XmlHandler): Promise<void> {
    for await (const _ of this.scanChunks(path, handler)) {
      // Each chunk is handled as it is scanned.
    }
  }

  /** Scans a part through the handler, yielding after each chunk so rows can be passed on. */
  private async *scanChunks(path: string, handler: XmlHandler): AsyncGenerator<void> {
    const entry = this.byName.get(path.toLowerCase());
    if (!entry) throw new WorkbookError('malformed', `missing part ${path}`);
    const scanner = new XmlScanner(handler, { maxMarkup: this.limits.markupChars, maxDepth: this.limits.depth, maxNodes: this.limits.nodes - this.nodes });
    try {
      for await (const text of this.inflate(entry)) {
        scanner.write(text);
        yield;
      }
      scanner.end();
    } catch (err) {
      if (err instanceof XmlError) throw new WorkbookError(err.problem === 'tooManyNodes' ? 'tooLarge' : 'malformed', `${path}: ${err.message}`);
      throw err;
    } finally {
      this.nodes += scanner.nodes;
    }
  }

  /** The entry's text, inflated a chunk at a time; refused as soon as all parts together pass the byte cap. */
  private async *inflate(entry: ZipEntryInfo): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    let crc = 0;
    let first = true;
    const take = (bytes: Buffer): string => {
      this.inflated += bytes.length;
      if (this.inflated > this.limits.unpackedBytes) throw new WorkbookError('tooLarge', `${entry.name} passes ${this.limits.unpackedBytes} bytes`);
      if (first && bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
        throw new WorkbookError('malformed', `${entry.name} is UTF-16`);
      }
      first = false;
      crc = crc32(bytes, crc);
      return decoder.write(bytes);
    };
    const data = this.buffer.subarray(entry.dataStart, entry.dataEnd);
    if (entry.method === 0) {
      for (let at = 0; at < data.length; at += STORED_CHUNK) yield take(data.subarray(at, at + STORED_CHUNK));
    } else {
      const inflater = createInflateRaw();
      inflater.end(data);
      try {
        for await (const bytes of inflater) yield take(bytes as Buffer);
      } catch (err) {
        if (err instanceof WorkbookError) throw err;
        throw new WorkbookError('malformed', `${entry.name}: ${(err as Error).message}`);
      } finally {
        inflater.destroy();
      }
    }
    const rest = decoder.end();
    if (rest) yield rest;
    if (crc >>> 0 !== entry.crc >>> 0) throw new WorkbookError('malformed', `${entry.name}: CRC mismatch`);
  }
}

/**
 * The text inside one cell or shared string: `<v>` (a value), `<t>` runs (inline or shared text,
 * rich-text runs joined), phonetic hints (`<rPh>`) left out. At most `cellChars` characters.
 */
class CellText {
  value = '';
  hasValue = false;
  private inV = false;
  private inT = false;
  private inPhonetic = 0;

  constructor(private readonly limits: WorkbookLimits) {}

  reset(): void {
    this.value = '';
    this.hasValue = false;
    this.inV = false;
    this.inT = false;
    this.inPhonetic = 0;
  }

  open(name: string): void {
    if (name === 'v') {
      this.inV = true;
      this.hasValue = true;
    } else if (name === 't') this.inT = true;
    else if (name === 'rPh') this.inPhonetic++;
  }

  close(name: string): void {
    if (name === 'v') this.inV = false;
    else if (name === 't') this.inT = false;
    else if (name === 'rPh') this.inPhonetic--;
  }

  add(text: string): void {
    if (this.inV || (this.inT && this.inPhonetic === 0)) this.value = this.grow(this.value, text);
  }

  private grow(current: string, more: string): string {
    if (current.length + more.length > this.limits.cellChars) throw new WorkbookError('tooLarge', `a cell longer than ${this.limits.cellChars} characters`);
    return current + more;
  }
}
