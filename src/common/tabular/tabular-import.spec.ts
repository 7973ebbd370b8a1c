import ExcelJS from 'exceljs';
import type { DataSource, EntityManager } from 'typeorm';
import type { I18nService } from '../../i18n/i18n.service.js';
import { UnsupportedMediaTypeError, ValidationFailedError } from '../errors/domain-error.js';
import type { ImportColumn, SheetRow, TabularIssue } from './domain/tabular-columns.rules.js';
import { ImportFileError, importFileOf, readSheet, readTable, runImport, type ImportRow, type TabularImportSpec } from './tabular-import.js';

type Field = 'code' | 'title' | 'note';

const COLUMNS: ImportColumn<Field>[] = [
  { field: 'code', en: 'code', zh: '编号', required: true, normalize: (text) => text.toUpperCase() },
  { field: 'title', en: 'title', zh: '名称', required: true },
  { field: 'note', en: 'note', zh: '备注' },
];

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

async function xlsx(rows: Record<number, unknown[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('s');
  for (const [n, values] of Object.entries(rows)) sheet.getRow(Number(n)).values = values as ExcelJS.CellValue[];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every row of a file, as readSheet streams them. */
async function sheet(buffer: Buffer): Promise<{ format: string; rows: SheetRow[] }> {
  const { format, rows } = readSheet(buffer);
  const all: SheetRow[] = [];
  for await (const row of rows) all.push(row);
  return { format, rows: all };
}

/** The file problem a call throws: its class, code and params. */
async function fileProblem(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ValidationFailedError) return { status: err.status, fields: err.fields, messageKey: err.messageKey, params: err.params };
    if (err instanceof UnsupportedMediaTypeError) return { status: err.status, messageKey: err.messageKey };
    throw err;
  }
  throw new Error('no problem thrown');
}

const spec = (over: Partial<TabularImportSpec<Field>> = {}): TabularImportSpec<Field> => ({
  columns: COLUMNS, maxRows: 3, messages: 'thingImport.errors', write: async (_m, rows) => rows.length, ...over,
});

describe('importFileOf', () => {
  it.each([
    ['a plain name', 'things.csv', 'things.csv'],
    ['path separators', '../a\\b/c.csv', '.._a_b_c.csv'],
    ['control characters', 'a\u0000b\nc.csv', 'abc.csv'],
    ['nothing left', '\u0001', 'upload'],
  ])('keeps a harmless name: %s', (_, originalname, name) => {
    expect(importFileOf({ originalname, buffer: Buffer.from('x') }).name).toBe(name);
  });

  it('cuts a long name to 200 characters', () => {
    expect(importFileOf({ originalname: 'x'.repeat(300), buffer: Buffer.from('x') }).name).toHaveLength(200);
  });

  it('answers 400 without a file', async () => {
    expect(await fileProblem(async () => importFileOf(undefined))).toEqual({
      status: 400, fields: { file: [{ code: 'importNoFile' }] }, messageKey: 'validation.importNoFile', params: {},
    });
  });
});

describe('readSheet', () => {
  it('reads CSV rows numbered as a spreadsheet does: empty lines count but are left out, a multi-line cell is one row', async () => {
    const { format, rows } = await sheet(Buffer.from('a,b\r\n\r\n"x\ny",z\r\n,\r\n\r\n\r\nlast,\r\n'));
    expect(format).toBe('csv');
    expect(rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 3, cells: ['x\ny', 'z'] },
      { row: 4, cells: ['', ''] },
      { row: 7, cells: ['last', ''] },
    ]);
  });

  it.each([
    ['semicolons', 'a;b\r\n1;2\r\n'],
    ['tabs', 'a\tb\r\n1\t2\r\n'],
    ['a BOM', '\uFEFFa,b\r\n1,2\r\n'],
  ])('reads a CSV with %s', async (_, text) => {
    expect((await sheet(Buffer.from(text))).rows.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('reads the first sheet of a workbook at its own row numbers, cells as text', async () => {
    const file = await xlsx({ 1: ['code', 'title'], 3: [12345, new Date(Date.UTC(2024, 1, 29))], 4: [{ richText: [{ text: '甲' }, { text: '乙' }] }] });
    const { format, rows } = await sheet(file);
    expect(format).toBe('xlsx');
    expect(rows).toEqual([
      { row: 1, cells: ['code', 'title'] },
      { row: 3, cells: ['12345', '2024-02-29'] },
      { row: 4, cells: ['甲乙'] },
    ]);
  });

  it.each<[string, Buffer, unknown]>([
    ['an empty file', Buffer.alloc(0), { status: 400, fields: { file: [{ code: 'importEmpty', params: {} }] }, messageKey: 'validation.importEmpty', params: {} }],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), { status: 415, messageKey: 'validation.importUnsupportedType' }],
    ['GBK text', Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0x0d, 0x0a]), { status: 415, messageKey: 'validation.importUnsupportedType' }],
    ['an unclosed quote', Buffer.from('a,b\r\n1,2\r\n"open,3\r\n'), { status: 400, fields: { file: [{ code: 'importMalformedCsv', params: { line: 4 } }] }, messageKey: 'validation.importMalformedCsv', params: { line: 4 } }],
    ['a damaged zip', Buffer.from('PK\u0003\u0004garbage'), { status: 400, fields: { file: [{ code: 'importMalformed', params: {} }] }, messageKey: 'validation.importMalformed', params: {} }],
  ])('refuses %s', async (_, buffer, expected) => {
    expect(await fileProblem(() => sheet(buffer))).toEqual(expected);
  });
});

describe('readTable', () => {
  it('maps the header, reads every row, and gathers row, file-wide and per-row problems', async () => {
    const seen: [ImportRow<Field>, readonly TabularIssue[]][] = [];
    const table = await readTable(csv('', 'CODE, 名称 ,note', 'a1,甲,', ',乙,x', '', 'a1,丙,'), spec({
      validateRow: (row, known) => {
        seen.push([row, known]);
        return row.values.title === '丙' ? [{ row: row.row, column: 'title', code: 'taken' }] : [];
      },
      validateRows: (rows) => rows.filter((r) => r.values.code === 'A1').map((r) => ({ row: r.row, column: 'code', code: 'twice' })),
    }));
    expect(table).toEqual({
      format: 'csv', rows: 3, examples: 0, headerOk: true,
      readings: [
        { row: 3, values: { code: 'A1', title: '甲' } },
        { row: 4, values: { title: '乙', note: 'x' } },
        { row: 6, values: { code: 'A1', title: '丙' } },
      ],
      issues: [
        { row: 4, column: 'code', code: 'required' },
        { row: 6, column: 'title', code: 'taken' },
        { row: 3, column: 'code', code: 'twice' },
        { row: 6, column: 'code', code: 'twice' },
      ],
    });
    expect(seen.map(([row, known]) => [row.row, known.map((k) => k.code)])).toEqual([[3, []], [4, ['required']], [6, []]]);
  });

  it('stops at header problems: no row is read or checked', async () => {
    const table = await readTable(csv('code,email', 'a,b'), spec({ validateRow: () => { throw new Error('not called'); } }));
    expect(table).toEqual({
      format: 'csv', rows: 1, examples: 0, readings: [], headerOk: false,
      issues: [
        { row: 1, column: 'email', code: 'importUnknownColumn', params: { column: 'email' } },
        { row: 1, column: 'title', code: 'importMissingColumn', params: { column: 'title / 名称' } },
      ],
    });
  });

  it.each<[string, Buffer, string, Record<string, number>]>([
    ['only blank lines', csv('', ' , ', ''), 'importEmpty', {}],
    ['a header only', csv('code,title', '', ''), 'importNoRows', {}],
    ['more rows than allowed', csv('code,title', 'a,1', 'b,2', 'c,3', 'd,4'), 'importTooManyRows', { max: 3, rows: 4 }],
  ])('refuses a file with %s', async (_, buffer, code, params) => {
    expect(await fileProblem(() => readTable(buffer, spec()))).toMatchObject({ status: 400, messageKey: `validation.${code}`, params });
  });

  it('accepts exactly the allowed number of rows', async () => {
    expect((await readTable(csv('code,title', 'a,1', 'b,2', 'c,3'), spec())).rows).toBe(3);
  });

  it('reads a workbook the same way as a CSV', async () => {
    const table = await readTable(await xlsx({ 2: ['编号', '名称'], 3: ['x', 'y'] }), spec());
    expect(table).toMatchObject({ format: 'xlsx', rows: 1, readings: [{ row: 3, values: { code: 'X', title: 'y' } }], issues: [] });
  });
});

describe('runImport', () => {
  const OWN = new Set(['thingImport.errors.twice']);
  const i18n = {
    has: (key: string) => OWN.has(key),
    t: (locale: string, key: string, params: Record<string, unknown>) => `${locale}:${key}${JSON.stringify(params)}`,
  } as unknown as I18nService;

  /** A DataSource that records which manager each step used and whether a transaction ran. */
  function fakeDataSource() {
    const outside = { name: 'outside' } as unknown as EntityManager;
    const inside = { name: 'inside' } as unknown as EntityManager;
    const log: string[] = [];
    const dataSource = {
      manager: outside,
      transaction: async <T>(work: (m: EntityManager) => Promise<T>) => {
        log.push('begin');
        try {
          const result = await work(inside);
          log.push('commit');
          return result;
        } catch (err) {
          log.push('rollback');
          throw err;
        }
      },
    } as unknown as DataSource;
    const named = (m: EntityManager) => (m as unknown as { name: string }).name;
    return { dataSource, log, named };
  }

  const file = (...lines: string[]) => ({ name: 'things.csv', buffer: csv(...lines) });

  it('dry run: reports every problem, sorted and translated, asks the stored check outside a transaction, writes nothing', async () => {
    const { dataSource, log, named } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file('code,title', 'b,2', ',1', 'a,3'), spec({
      validateRows: () => [{ row: 4, column: 'code', code: 'twice', params: { rows: '9' } }],
      validateStored: async (m, rows) => {
        log.push(`stored:${named(m)}:${rows.length}`);
        return [{ row: 4, column: 'code', code: 'taken' }];
      },
      write: async () => {
        throw new Error('not called');
      },
    }), { dryRun: true, locale: 'en' });
    expect(report).toEqual({
      dryRun: true, fileName: 'things.csv', format: 'csv', rows: 3, examples: 0, valid: 1, created: 0, preview: [],
      errors: [
        { row: 3, column: 'code', code: 'required', message: 'en:validation.required{}' },
        { row: 4, column: 'code', code: 'taken', message: 'en:validation.taken{}' },
        { row: 4, column: 'code', code: 'twice', message: 'en:thingImport.errors.twice{"rows":"9"}' },
      ],
    });
    expect(log).toEqual(['stored:outside:3']);
  });

  it('dry run of a clean file: every row valid, nothing written', async () => {
    const { dataSource, log } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file('code,title', 'a,1', 'b,2'), spec(), { dryRun: true, locale: 'zh-CN' });
    expect(report).toMatchObject({ dryRun: true, rows: 2, valid: 2, created: 0, errors: [] });
    expect(log).toEqual([]);
  });

  it.each([
    ['no preview asked', undefined, []],
    ['fewer rows than asked', 5, [{ row: 2, values: { code: 'A', title: '1' } }, { row: 3, values: { code: 'B', title: '2' } }]],
    ['the first rows only', 1, [{ row: 2, values: { code: 'A', title: '1' } }]],
  ])('dry run of a clean file with %s: the rows to be written', async (_label, preview, expected) => {
    const { dataSource } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file('code,title', 'a,1', 'b,2'), spec(), { dryRun: true, locale: 'zh-CN', preview });
    expect(report.preview).toEqual(expected);
  });

  it('no preview of a file with problems, nor of a commit', async () => {
    const { dataSource } = fakeDataSource();
    expect((await runImport(dataSource, i18n, file('code,title', 'a,1', ',2'), spec(), { dryRun: true, locale: 'en', preview: 5 })).preview).toEqual([]);
    expect((await runImport(dataSource, i18n, file('code,title', 'a,1'), spec(), { dryRun: false, locale: 'en', preview: 5 })).preview).toEqual([]);
  });

  it.each([
    ['an example row among data rows: skipped and counted', ['code,title', 'EXAMPLE,x', 'a,1'], { rows: 1, examples: 1, valid: 1 }],
    ['no example row', ['code,title', 'a,1'], { rows: 1, examples: 0, valid: 1 }],
  ])('%s', async (_label, lines, expected) => {
    const { dataSource } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file(...lines), spec({ isExampleRow: (cells) => cells[0] === 'EXAMPLE' }), { dryRun: true, locale: 'en' });
    expect(report).toMatchObject({ ...expected, errors: [] });
  });

  it('a file of only example rows is refused like one without rows, naming the example', async () => {
    const { dataSource } = fakeDataSource();
    const run = runImport(dataSource, i18n, file('code,title', 'EXAMPLE,x'), spec({ isExampleRow: (cells) => cells[0] === 'EXAMPLE' }), { dryRun: true, locale: 'en' });
    await expect(run).rejects.toMatchObject({ status: 400, messageKey: 'validation.importOnlyExample' });
  });

  it('counts no row valid when the header is wrong, and skips the stored check', async () => {
    const { dataSource } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file('code', 'a'), spec({
      validateStored: async () => {
        throw new Error('not called');
      },
    }), { dryRun: true, locale: 'en' });
    expect(report).toMatchObject({ rows: 1, valid: 0, created: 0 });
    expect(report.errors.map((e) => e.code)).toEqual(['importMissingColumn']);
  });

  it('commit: refuses a file with problems without opening a transaction', async () => {
    const { dataSource, log } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file('code,title', 'a,1', ',2'), spec(), { dryRun: false, locale: 'en' });
    expect(report).toMatchObject({ dryRun: false, valid: 1, created: 0 });
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([[3, 'required']]);
    expect(log).toEqual([]);
  });

  it('commit: checks what is stored again inside the transaction and writes nothing when that finds problems', async () => {
    const { dataSource, log, named } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file('code,title', 'a,1', 'b,2'), spec({
      validateStored: async (m) => {
        log.push(`stored:${named(m)}`);
        return [{ row: 3, column: 'code', code: 'taken' }];
      },
      write: async () => {
        throw new Error('not called');
      },
    }), { dryRun: false, locale: 'en' });
    expect(report).toMatchObject({ valid: 1, created: 0, errors: [{ row: 3, column: 'code', code: 'taken' }] });
    expect(log).toEqual(['begin', 'stored:inside', 'commit']);
  });

  it('commit: writes every row in the transaction and reports what was written', async () => {
    const { dataSource, log, named } = fakeDataSource();
    const report = await runImport(dataSource, i18n, file('code,title', 'a,1', 'b,2'), spec({
      validateStored: async (m) => {
        log.push(`stored:${named(m)}`);
        return [];
      },
      write: async (m, rows) => {
        log.push(`write:${named(m)}:${rows.map((r) => r.values.code).join(',')}`);
        return 2;
      },
    }), { dryRun: false, locale: 'en' });
    expect(report).toEqual({ dryRun: false, fileName: 'things.csv', format: 'csv', rows: 2, examples: 0, valid: 2, created: 2, errors: [], preview: [] });
    expect(log).toEqual(['begin', 'stored:inside', 'write:inside:A,B', 'commit']);
  });

  it('commit: a failing write rolls the transaction back and fails the import', async () => {
    const { dataSource, log } = fakeDataSource();
    await expect(runImport(dataSource, i18n, file('code,title', 'a,1'), spec({
      write: async () => {
        throw new Error('insert failed');
      },
    }), { dryRun: false, locale: 'en' })).rejects.toThrow('insert failed');
    expect(log).toEqual(['begin', 'rollback']);
  });

  it('throws file problems before any check', async () => {
    const { dataSource, log } = fakeDataSource();
    await expect(runImport(dataSource, i18n, file('code,title'), spec(), { dryRun: false, locale: 'en' })).rejects.toBeInstanceOf(ImportFileError);
    expect(log).toEqual([]);
  });
});
