import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import {
  billionLaughs, entry, honestSpaces, inlineRows, manySharedStrings, sharedStringsBomb, sheetXml, spacesBomb, spacesInOneCell, SHEET_PATH,
  workbookEntries, xlsxOf, zip,
} from '../../../test/support/xlsx-files.js';
import type { SheetRow } from './domain/tabular-columns.rules.js';
import { WORKBOOK_LIMITS, type WorkbookLimits } from './domain/tabular-file.rules.js';
import { readWorkbookRows, WorkbookError } from './workbook-reader.js';

async function rows(buffer: Buffer, limits: WorkbookLimits = WORKBOOK_LIMITS): Promise<SheetRow[]> {
  const all: SheetRow[] = [];
  for await (const row of readWorkbookRows(buffer, limits)) all.push(row);
  return all;
}

/** 'ok', or why the workbook was refused. */
async function outcome(buffer: Buffer, limits: WorkbookLimits = WORKBOOK_LIMITS): Promise<string> {
  try {
    await rows(buffer, limits);
    return 'ok';
  } catch (err) {
    if (err instanceof WorkbookError) return err.reason;
    throw err;
  }
}

const sheetEntry = (rowsXml: string) => entry(SHEET_PATH, sheetXml(rowsXml));
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

describe('readWorkbookRows', () => {
  it('reads a workbook as exceljs writes it: shared strings, styles, dates, rich text, numbers, formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业');
    ws.addRow(['uscc', 'name', 'movedInAt', 'custom date', 'phone', 'flag', 'formula', 'link']);
    ws.addRow([
      '91440300MA5XXXXXX1', { richText: [{ text: '星辰' }, { text: '微电子有限公司', font: { bold: true } }] }, new Date(Date.UTC(2024, 1, 29)),
      new Date(Date.UTC(1999, 11, 31)), 13800138000, true, { formula: 'A1', result: '公式结果' }, { text: '网站', hyperlink: 'http://x' },
    ]);
    ws.getCell('D2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getRow(4).values = ['', 12.5, null, 'last'];
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await rows(buffer)).toEqual([
      { row: 1, cells: ['uscc', 'name', 'movedInAt', 'custom date', 'phone', 'flag', 'formula', 'link'] },
      { row: 2, cells: ['91440300MA5XXXXXX1', '星辰微电子有限公司', '2024-02-29', '1999-12-31', '13800138000', 'TRUE', '公式结果', '网站'] },
      { row: 4, cells: ['', '12.5', '', 'last'] },
    ]);
  });

  it('reads a workbook as the export writes it: streamed, inline strings, date cells', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('t', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(['统一社会信用代码', '入驻日期']).commit();
    const row = ws.addRow(['91440300MA5XXXXXX1', new Date(Date.UTC(2023, 11, 31))]);
    row.getCell(2).numFmt = 'yyyy-mm-dd';
    row.commit();
    ws.commit();
    await wb.commit();
    expect(await rows(Buffer.concat(chunks))).toEqual([
      { row: 1, cells: ['统一社会信用代码', '入驻日期'] },
      { row: 2, cells: ['91440300MA5XXXXXX1', '2023-12-31'] },
    ]);
  });

  it('keeps Chinese text whole where inflated chunks cut its bytes', async () => {
    const long = '园区诚信自律平台'.repeat(3000);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRow([long, 'end']);
    expect(await rows(Buffer.from(await wb.xlsx.writeBuffer()))).toEqual([{ row: 1, cells: [long, 'end'] }]);
    expect(await rows(xlsxOf([[long, '尾']]))).toEqual([{ row: 1, cells: [long, '尾'] }]);
  });

  it('reads the first sheet in workbook order, wherever its part is', async () => {
    const parts = workbookEntries(sheetEntry(inlineRows([['second']])));
    const book = `<workbook xmlns="${NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="a" sheetId="2" r:id="rId9"/><sheet name="b" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
      + '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/first.xml"/>'
      + '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>';
    const styles = `<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd"/></numFmts><cellStyleXfs><xf numFmtId="164"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="31"/></cellXfs></styleSheet>`;
    const first = sheetXml('<row><c><v>1</v></c><c s="1"><v>43889</v></c><c s="0"><v>43889</v></c><c s="2"><v>0</v></c></row><row r="5"><c r="XFD5" t="str"><v>far</v></c></row>');
    const archive = zip([
      ...parts.filter((p) => p.name !== 'xl/workbook.xml' && p.name !== 'xl/_rels/workbook.xml.rels'),
      entry('xl/workbook.xml', book), entry('xl/_rels/workbook.xml.rels', rels), entry('xl/styles.xml', styles), entry('xl/worksheets/first.xml', first, { stored: true }),
    ]);
    const read = await rows(archive);
    expect(read[0]).toEqual({ row: 1, cells: ['1', '2024-02-29', '43889', '1904-01-01'] });
    expect(read[1].row).toBe(5);
    expect(read[1].cells).toHaveLength(16_384);
    expect(read[1].cells[16_383]).toBe('far');
    expect(read[1].cells.slice(0, -1).every((c) => c === '')).toBe(true);
  });

  it('reads the largest legitimate import within the limits: 50,000 tenant rows with every field at its longest', async () => {
    const longest = (i: number) => [`91440300${String(i).padStart(9, '0')}X`, '园'.repeat(200), '张'.repeat(100), '业'.repeat(64), '楼'.repeat(64), '单'.repeat(32), '2024-03-01', '1'.repeat(64)];
    const inline = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
    // Rows and cells without references (each follows the one before), so the 85 MiB sheet is quick to build.
    const rest = longest(0).slice(1).map(inline).join('');
    const sheet = inlineRows([['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone']])
      + Array.from({ length: 50_000 }, (_, i) => `<row>${inline(longest(i)[0])}${rest}</row>`).join('');
    const file = zip(workbookEntries(entry(SHEET_PATH, sheetXml(sheet))));
    expect(file.length).toBeLessThan(10 * 1024 * 1024);
    let count = 0;
    let last: SheetRow | undefined;
    for await (const row of readWorkbookRows(file)) {
      count++;
      last = row;
    }
    expect(count).toBe(50_001);
    expect(last).toEqual({ row: 50_001, cells: longest(49_999) });
  }, 120_000);

  it('leaves out phonetic hints and rows without text', async () => {
    const strings = entry('xl/sharedStrings.xml', `<sst xmlns="${NS}"><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><t></t></si></sst>`);
    const archive = zip(workbookEntries(sheetEntry('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"/><c r="C2" t="s"><v></v></c></row>'), { sharedStrings: strings }));
    expect(await rows(archive)).toEqual([{ row: 1, cells: ['東京'] }]);
  });

  describe('refuses a damaged or hostile workbook as malformed', () => {
    const withSheet = (content: string | Buffer, options?: { stored?: boolean }) => zip(workbookEntries(entry(SHEET_PATH, content, options)));
    const truncatedDeflate = (): Buffer => {
      const sheet = entry(SHEET_PATH, sheetXml(inlineRows(Array.from({ length: 200 }, (_, i) => [`row ${i}`]))));
      return zip(workbookEntries({ ...sheet, data: sheet.data.subarray(0, sheet.data.length >> 1) }));
    };
    it.each<[string, () => Buffer]>([
      ['not a zip at all', () => Buffer.from('PK\u0003\u0004garbage')],
      ['a truncated deflate stream', truncatedDeflate],
      ['a deflate stream of garbage', () => zip(workbookEntries({ ...entry(SHEET_PATH, 'x'), data: Buffer.from([0xff, 0xff, 0xff, 0xff]) }))],
      ['an entry whose CRC does not match', () => zip(workbookEntries({ ...entry(SHEET_PATH, sheetXml('')), crc: 1 }))],
      ['a sheet with a DTD (billion laughs)', billionLaughs],
      ['an undeclared entity', () => withSheet(sheetXml('<row><c t="inlineStr"><is><t>&xxe;</t></is></c></row>'))],
      ['broken XML', () => withSheet('<worksheet><sheetData><row></sheetData></worksheet>')],
      ['an unfinished part', () => withSheet('<worksheet><sheetData>')],
      ['a UTF-16 part', () => withSheet(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<worksheet/>', 'utf16le')]))],
      ['no sheet part', () => zip(workbookEntries(sheetEntry('')).filter((e) => e.name !== SHEET_PATH))],
      ['no sheet in the workbook', () => zip(workbookEntries(sheetEntry('')).map((e) => (e.name === 'xl/workbook.xml' ? entry(e.name, `<workbook xmlns="${NS}"><sheets/></workbook>`) : e)))],
      ['a relationship that climbs out of the package', () => zip(workbookEntries(sheetEntry('')).map((e) => (e.name === 'xl/_rels/workbook.xml.rels'
        ? entry(e.name, '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../../../etc/passwd"/></Relationships>') : e)))],
      ['an entry named outside the package', () => zip([...workbookEntries(sheetEntry('')), entry('../../evil.sh', 'x')])],
      ['an entry named twice', () => zip([...workbookEntries(sheetEntry('')), entry('XL/worksheets/Sheet1.xml', 'x')])],
      ['a thousand and one entries', () => zip([...workbookEntries(sheetEntry('')), ...Array.from({ length: 996 }, (_, i) => entry(`xl/media/i${i}.png`, 'x'))])],
      ['a shared string that does not exist', () => withSheet(sheetXml('<row><c t="s"><v>0</v></c></row>'))],
      ['rows out of order', () => withSheet(sheetXml('<row r="3"><c t="str"><v>a</v></c></row><row r="2"><c t="str"><v>b</v></c></row>'))],
      ['a row beyond the sheet', () => withSheet(sheetXml('<row r="1048577"><c t="str"><v>a</v></c></row>'))],
      ['a cell beyond column XFD', () => withSheet(sheetXml('<row r="1"><c r="XFE1" t="str"><v>a</v></c></row>'))],
      ['a cell past column XFD counted from the one before', () => withSheet(sheetXml(`<row r="1">${'<c><v>1</v></c>'.repeat(16_385)}</row>`))],
      ['nesting deeper than a sheet needs', () => withSheet(`<worksheet>${'<x>'.repeat(70)}${'</x>'.repeat(70)}</worksheet>`)],
    ])('%s', async (_, build) => {
      expect(await outcome(build())).toBe('malformed');
    });
  });

  describe('refuses a workbook over its limits as too large, without unpacking it whole', () => {
    it.each<[string, () => Buffer]>([
      ['a sheet that declares 1,000 bytes and inflates to 2 GiB of spaces', () => spacesBomb()],
      ['an honest sheet of 250 MiB', () => honestSpaces()],
      ['one cell of 2 GiB', () => spacesInOneCell()],
      ['a shared-string table of 2 GiB', () => sharedStringsBomb()],
      ['five million empty elements (20 MiB, quick to inflate, slow to scan)', () => zip(workbookEntries(sheetEntry('<x/>'.repeat(5_000_000))))],
    ])('%s', async (_, build) => {
      expect(await outcome(build())).toBe('tooLarge');
    });

    const small = (over: Partial<WorkbookLimits>): WorkbookLimits => ({ ...WORKBOOK_LIMITS, ...over });
    it.each<[string, () => Buffer, Partial<WorkbookLimits>]>([
      ['more bytes than allowed, counted as they inflate', () => xlsxOf([['x'.repeat(5000)]]), { unpackedBytes: 4000 }],
      ['a cell longer than allowed', () => xlsxOf([['x'.repeat(101)]]), { cellChars: 100 }],
      ['more shared strings than allowed', () => manySharedStrings(11), { sharedStrings: 10 }],
      ['more shared-string text than allowed', () => manySharedStrings(11, 'abcdefghij'), { textChars: 100 }],
      ['one shared string used by more cells than the text allows', () => {
        const strings = entry('xl/sharedStrings.xml', `<sst xmlns="${NS}"><si><t>${'长'.repeat(1000)}</t></si></sst>`);
        const cells = Array.from({ length: 8 }, (_, c) => `<c r="${String.fromCharCode(65 + c)}1" t="s"><v>0</v></c>`).join('');
        const sheet = entry(SHEET_PATH, sheetXml(Array.from({ length: 20 }, (_, r) => `<row r="${r + 1}">${cells.replaceAll('1"', `${r + 1}"`)}</row>`).join('')));
        return zip(workbookEntries(sheet, { sharedStrings: strings }));
      }, { textChars: 100_000 }],
      ['more elements than allowed', () => xlsxOf([['a', 'b'], ['c', 'd']]), { nodes: 20 }],
      ['more cell styles than allowed', () => {
        const styles = entry('xl/styles.xml', `<styleSheet xmlns="${NS}"><cellXfs>${'<xf numFmtId="0"/>'.repeat(11)}</cellXfs></styleSheet>`);
        return zip(workbookEntries(sheetEntry(''), { styles }));
      }, { styles: 10 }],
    ])('%s', async (_, build, limits) => {
      expect(await outcome(build(), small(limits))).toBe('tooLarge');
      expect(await outcome(build())).toBe('ok');
    });
  });
});

