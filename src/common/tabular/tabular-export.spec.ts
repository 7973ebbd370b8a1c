import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { PassThrough } from 'node:stream';
import { keysetBatches, sendDownload, tableRows, writeTable, type BatchWindow, type TableSpec } from './tabular-export.js';

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Runs a write into memory and returns the bytes. */
async function bytesOf(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

const table = (rows: string[][]): TableSpec => ({
  sheetName: '企业',
  columns: [{ header: '名称', width: 30 }, { header: 'movedInAt', width: 12, kind: 'date' }, { header: 'note', width: 10 }],
  rows: fromArray(rows),
});

describe('writeTable', () => {
  it('writes CSV as UTF-8 with a BOM, CRLF line ends, quoted where needed and formula-like cells defused', async () => {
    const bytes = await bytesOf((out) => writeTable('csv', table([['甲公司', '2024-03-01', '=1+1'], ['a,"b"', '', '+86 138']]), out));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('名称,movedInAt,note\r\n甲公司,2024-03-01,\'=1+1\r\n"a,""b""",,+86 138\r\n');
  });

  it('writes the header alone for no rows', async () => {
    const bytes = await bytesOf((out) => writeTable('csv', table([]), out));
    expect(bytes.toString('utf8')).toBe('\uFEFF名称,movedInAt,note\r\n');
  });

  it('writes XLSX with the sheet name, widths, a frozen header, date cells for date columns and text as written', async () => {
    const bytes = await bytesOf((out) => writeTable('xlsx', table([['甲公司', '2024-02-29', '=1+1'], ['乙公司', 'not a date', '']]), out));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('企业');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).width).toBe(30);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['名称', 'movedInAt', 'note']);
    expect(sheet.getCell('B2').value).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('C2').value).toBe('=1+1');
    expect(sheet.getCell('B3').value).toBe('not a date');
    expect(sheet.rowCount).toBe(3);
  });
});

describe('tableRows', () => {
  it('flattens batches into rows of cells', async () => {
    const rows: (readonly string[])[] = [];
    for await (const row of tableRows(fromArray([[1, 2], [], [3]]), (n) => [String(n), `#${n}`])) rows.push(row);
    expect(rows).toEqual([['1', '#1'], ['2', '#2'], ['3', '#3']]);
  });
});

describe('keysetBatches', () => {
  /** A sorted "table" read through a keyset condition, recording every window asked for. */
  function source(total: number) {
    const rows = Array.from({ length: total }, (_, i) => ({ id: i + 1 }));
    const windows: BatchWindow<{ id: number }>[] = [];
    const fetch = async (w: BatchWindow<{ id: number }>) => {
      windows.push(w);
      return rows.filter((r) => !w.after || r.id > w.after.id).slice(0, w.limit);
    };
    return { fetch, windows };
  }

  it.each([
    [0, 3, [], 1],
    [2, 3, [2], 1],
    [3, 3, [3], 2],
    [7, 3, [3, 3, 1], 3],
    [9, 3, [3, 3, 3], 4],
  ])('reads %d rows in batches of %d', async (total, size, sizes, queries) => {
    const { fetch, windows } = source(total);
    const batches: { id: number }[][] = [];
    for await (const batch of keysetBatches(fetch, size)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual(sizes);
    expect(batches.flat().map((r) => r.id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(windows).toHaveLength(queries);
  });

  it('hands each query the last row so far and the offset', async () => {
    const { fetch, windows } = source(5);
    for await (const batch of keysetBatches(fetch, 2)) void batch;
    expect(windows).toEqual([
      { after: null, offset: 0, limit: 2 },
      { after: { id: 2 }, offset: 2, limit: 2 },
      { after: { id: 4 }, offset: 4, limit: 2 },
    ]);
  });
});

describe('sendDownload', () => {
  class FakeResponse extends PassThrough {
    statusCode = 0;
    headers: Record<string, string> = {};
    headersSent = false;
    destroyed_ = false;
    status(code: number) {
      this.statusCode = code;
      return this;
    }
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    override destroy(error?: Error) {
      this.destroyed_ = true;
      return super.destroy(error);
    }
  }
  const asResponse = (res: FakeResponse) => res as unknown as Response;

  it('sets the content type, attachment name and no caching, then writes', async () => {
    const res = new FakeResponse();
    let written: unknown = null;
    await sendDownload(asResponse(res), 'xlsx', 'tenants-2026-11-28.xlsx', async (out) => {
      written = out;
    });
    expect(written).toBe(res);
    expect(res.statusCode).toBe(200);
    expect(res.headers).toEqual({
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': 'attachment; filename="tenants-2026-11-28.xlsx"',
      'Cache-Control': 'no-store',
    });
  });

  it('names a non-ASCII file with filename*', async () => {
    const res = new FakeResponse();
    await sendDownload(asResponse(res), 'csv', '企业.csv', async () => undefined);
    expect(res.headers['Content-Type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['Content-Disposition']).toBe('attachment; filename="__.csv"; filename*=UTF-8\'\'%E4%BC%81%E4%B8%9A.csv');
  });

  it('passes a failure before the first byte on to the exception filter', async () => {
    const res = new FakeResponse();
    await expect(sendDownload(asResponse(res), 'csv', 'x.csv', async () => {
      throw new Error('query failed');
    })).rejects.toThrow('query failed');
    expect(res.destroyed_).toBe(false);
  });

  it('cuts the download short on a failure after the first byte, and logs it with the file name', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const res = new FakeResponse();
      await sendDownload(asResponse(res), 'csv', 'x.csv', async () => {
        res.headersSent = true;
        throw new Error('connection lost');
      });
      expect(res.destroyed_).toBe(true);
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/^x\.csv: Error: connection lost/);
    } finally {
      logged.mockRestore();
    }
  });
});
