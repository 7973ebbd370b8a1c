import {
  calendarDate, cellText, checkableUsccs, chunk, columnNamesFor, csvSafe, decodeCsvText, detectDelimiter, duplicateUsccIssues,
  formatBytes, isBlankRow, mapHeader, readRow, sniffFormat, sortIssues, zipUncompressedSize, type ImportField,
} from './tenant-import.rules.js';
import { usccCheckCharacter } from './uscc.rules.js';

const valid = (n: number) => {
  const body = `91440300${String(n).padStart(9, '0')}`;
  return body + usccCheckCharacter(body);
};

const ENGLISH = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone'];
const FIELDS = ENGLISH as ImportField[];

describe('mapHeader', () => {
  it.each([
    ['English names', ENGLISH, FIELDS],
    ['Chinese names', ['统一社会信用代码', '企业名称', '法定代表人', '行业', '楼栋', '单元', '入驻日期', '联系电话'], FIELDS],
    ['any case, trimmed', [' USCC ', 'Name', 'LEGALREPRESENTATIVE', 'Industry ', '\u3000楼栋', 'movedinat'], ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'movedInAt']],
    ['mixed languages and order', ['入驻日期', 'uscc', '企业名称', 'legalRepresentative', '行业', 'building'], ['movedInAt', 'uscc', 'name', 'legalRepresentative', 'industry', 'building']],
    ['blank header cells are ignored', [...ENGLISH, '', ' '], [...FIELDS, null, null]],
  ])('maps %s', (_, cells, expected) => {
    const { columns, errors } = mapHeader(cells);
    expect(errors).toEqual([]);
    expect(columns).toEqual(expected);
  });

  it.each([
    ['an unknown column', [...ENGLISH, 'email'], [{ row: 1, column: 'email', code: 'importUnknownColumn', params: { column: 'email' } }]],
    ['the check override column (imports accept no override)', [...ENGLISH, 'usccOverrideReason'], [{ row: 1, column: 'usccOverrideReason', code: 'importUnknownColumn', params: { column: 'usccOverrideReason' } }]],
    ['the same field twice', [...ENGLISH, '统一社会信用代码'], [{ row: 1, column: '统一社会信用代码', code: 'importDuplicateColumn', params: { column: '统一社会信用代码' } }]],
    ['a missing required column', ENGLISH.filter((c) => c !== 'movedInAt'), [{ row: 1, column: 'movedInAt', code: 'importMissingColumn', params: { column: 'movedInAt / 入驻日期' } }]],
  ])('reports %s at row 1', (_, cells, expected) => {
    expect(mapHeader(cells).errors).toEqual(expected);
  });

  it('needs no optional column', () => {
    expect(mapHeader(ENGLISH.filter((c) => c !== 'unit' && c !== 'contactPhone')).errors).toEqual([]);
  });

  it('reports every missing required column of an empty header', () => {
    expect(mapHeader(['']).errors.map((e) => e.column)).toEqual(['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'movedInAt']);
  });
});

describe('readRow', () => {
  const columns = [...FIELDS, null];
  const full = [' 91440300 1922038216 ', '甲公司 ', '张三', '电子信息', 'A1', '', '2024-03-01', ''];

  it('trims cells, normalises the USCC and leaves empty optional cells out', () => {
    expect(readRow({ row: 2, cells: full }, columns)).toEqual({
      values: { uscc: '914403001922038216', name: '甲公司', legalRepresentative: '张三', industry: '电子信息', building: 'A1', movedInAt: '2024-03-01' },
      errors: [],
    });
  });

  it('normalises full-width and lower-case codes', () => {
    expect(readRow({ row: 2, cells: ['９１３１０１１５ma1k3yjn2q'] }, ['uscc']).values.uscc).toBe('91310115MA1K3YJN2Q');
  });

  it.each([
    ['name', 1],
    ['movedInAt', 6],
    ['uscc', 0],
  ])('reports an empty required %s', (field, index) => {
    const cells = [...full];
    cells[index] = '  ';
    expect(readRow({ row: 7, cells }, columns).errors).toEqual([{ row: 7, column: field, code: 'required' }]);
  });

  it('reports a short row as missing its required cells', () => {
    expect(readRow({ row: 3, cells: ['x'] }, columns).errors.map((e) => e.column)).toEqual(['name', 'legalRepresentative', 'industry', 'building', 'movedInAt']);
  });

  it('reports text outside the header once per row', () => {
    const errors = readRow({ row: 4, cells: [...full, 'stray', 'more'] }, columns).errors;
    expect(errors).toEqual([{ row: 4, column: '', code: 'importExtraCells', params: { column: 9 } }]);
  });
});

describe('duplicateUsccIssues', () => {
  it('reports both rows of a pair and all rows of a triple, each naming the others', () => {
    const issues = duplicateUsccIssues([
      { row: 2, uscc: 'A' }, { row: 3, uscc: 'B' }, { row: 4, uscc: 'A' }, { row: 5, uscc: undefined },
      { row: 6, uscc: 'C' }, { row: 7, uscc: 'C' }, { row: 8, uscc: 'C' },
    ]);
    expect(issues).toEqual([
      { row: 2, column: 'uscc', code: 'duplicateInFile', params: { uscc: 'A', rows: '4' } },
      { row: 4, column: 'uscc', code: 'duplicateInFile', params: { uscc: 'A', rows: '2' } },
      { row: 6, column: 'uscc', code: 'duplicateInFile', params: { uscc: 'C', rows: '7, 8' } },
      { row: 7, column: 'uscc', code: 'duplicateInFile', params: { uscc: 'C', rows: '6, 8' } },
      { row: 8, column: 'uscc', code: 'duplicateInFile', params: { uscc: 'C', rows: '6, 7' } },
    ]);
  });

  it.each([[[]], [[{ row: 2, uscc: 'A' }, { row: 3, uscc: 'B' }]], [[{ row: 2, uscc: undefined }, { row: 3, uscc: undefined }]]])('finds nothing in %j', (rows) => {
    expect(duplicateUsccIssues(rows)).toEqual([]);
  });
});

describe('checkableUsccs', () => {
  it('keeps distinct codes that pass the check', () => {
    expect(checkableUsccs([{ uscc: valid(1) }, { uscc: valid(1) }, { uscc: valid(2) }, { uscc: '914403001922038217' }, {}])).toEqual([valid(1), valid(2)]);
  });
});

describe('cellText', () => {
  it.each<[string, unknown, string]>([
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['a string', ' x ', ' x '],
    ['an integer', 13800138000, '13800138000'],
    ['a decimal', 12.5, '12.5'],
    ['NaN', Number.NaN, ''],
    ['a boolean', true, 'TRUE'],
    ['a date cell (UTC midnight)', new Date(Date.UTC(2024, 2, 1)), '2024-03-01'],
    ['a date cell late in the day', new Date(Date.UTC(2024, 1, 29, 23, 59, 59)), '2024-02-29'],
    ['an invalid date', new Date(Number.NaN), ''],
    ['rich text', { richText: [{ text: '甲' }, { text: '公司' }] }, '甲公司'],
    ['a formula', { formula: 'A1', result: 'B' }, 'B'],
    ['a shared formula with a date result', { sharedFormula: 'A1', result: new Date(Date.UTC(2023, 11, 31)) }, '2023-12-31'],
    ['a formula without result', { formula: 'A1' }, ''],
    ['a hyperlink', { text: 'site', hyperlink: 'http://x' }, 'site'],
    ['an error', { error: '#N/A' }, '#N/A'],
    ['an unknown object', { foo: 1 }, ''],
  ])('%s', (_, value, expected) => {
    expect(cellText(value)).toBe(expected);
  });
});

describe('calendarDate', () => {
  it.each([
    [new Date(Date.UTC(2024, 1, 29)), '2024-02-29'],
    [new Date(Date.UTC(1999, 11, 31, 12)), '1999-12-31'],
    [new Date(Date.UTC(2025, 0, 1, 0, 0, 0)), '2025-01-01'],
  ])('%s → %s', (date, expected) => {
    expect(calendarDate(date)).toBe(expected);
  });
});

describe('sniffFormat and decodeCsvText', () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it.each<[string, Buffer, 'xlsx' | 'csv']>([
    ['a zip', bytes([0x50, 0x4b, 0x03, 0x04], 'rest'), 'xlsx'],
    ['text', bytes('uscc,name\n'), 'csv'],
    ['an empty zip-like prefix', bytes('PK'), 'csv'],
    ['a PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'csv'],
  ])('%s is %s', (_, input, expected) => {
    expect(sniffFormat(input)).toBe(expected);
  });

  it.each<[string, Buffer, string | null]>([
    ['plain UTF-8', bytes('uscc,名称\r\n'), 'uscc,名称\r\n'],
    ['UTF-8 with a BOM', bytes([0xef, 0xbb, 0xbf], 'a,b'), 'a,b'],
    ['a PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), null],
    ['GBK text', Buffer.from([0xc6, 0xf3, 0xd2, 0xb5]), null],
    ['a NUL byte', bytes('a,b', [0], 'c'), null],
    ['a tab', bytes('a\tb\n'), 'a\tb\n'],
    ['a truncated UTF-8 sequence', bytes('a,', [0xe4, 0xbc]), null],
  ])('%s', (_, input, expected) => {
    expect(decodeCsvText(input)).toBe(expected);
  });
});

describe('detectDelimiter', () => {
  it.each<[string, string]>([
    ['uscc,name\n1;2', ','],
    ['uscc;name\r\nx', ';'],
    ['uscc\tname;x\n', '\t'],
    ['uscc', ','],
    ['', ','],
  ])('%j → %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('zipUncompressedSize', () => {
  /** A minimal zip with stored entries, built by hand. */
  function zip(entries: { name: string; size: number }[]): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const e of entries) {
      const name = Buffer.from(e.name);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt32LE(e.size, 18);
      local.writeUInt32LE(e.size, 22);
      local.writeUInt16LE(name.length, 26);
      const data = Buffer.alloc(e.size);
      locals.push(local, name, data);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt32LE(e.size, 20);
      central.writeUInt32LE(e.size, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      centrals.push(central, name);
      offset += 30 + name.length + e.size;
    }
    const cd = Buffer.concat(centrals);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(entries.length, 8);
    eocd.writeUInt16LE(entries.length, 10);
    eocd.writeUInt32LE(cd.length, 12);
    eocd.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, cd, eocd]);
  }

  it('sums the declared sizes', () => {
    expect(zipUncompressedSize(zip([{ name: 'a.xml', size: 10 }, { name: 'b/c.xml', size: 25 }]))).toBe(35);
  });
  it('accepts an empty archive', () => {
    expect(zipUncompressedSize(zip([]))).toBe(0);
  });
  it.each([
    ['no central directory', Buffer.from('PK\u0003\u0004garbage')],
    ['a truncated archive', zip([{ name: 'a.xml', size: 100 }]).subarray(0, 60)],
    ['an empty buffer', Buffer.alloc(0)],
  ])('gives null for %s', (_, input) => {
    expect(zipUncompressedSize(input)).toBeNull();
  });
});

describe('isBlankRow', () => {
  it.each<[string[], boolean]>([[[], true], [[''], true], [[' ', '\t'], true], [['', 'x'], false]])('%j → %s', (cells, expected) => {
    expect(isBlankRow(cells)).toBe(expected);
  });
});

describe('sortIssues', () => {
  it('orders by row, then sheet field order, then code', () => {
    const sorted = sortIssues([
      { row: 3, column: 'movedInAt', code: 'date' },
      { row: 2, column: 'name', code: 'required' },
      { row: 3, column: 'uscc', code: 'usccCheck' },
      { row: 2, column: 'uscc', code: 'duplicateUscc' },
      { row: 2, column: 'uscc', code: 'duplicateInFile' },
      { row: 1, column: 'movedInAt', code: 'importMissingColumn' },
      { row: 1, column: 'email', code: 'importUnknownColumn' },
      { row: 1, column: 'fax', code: 'importUnknownColumn' },
    ]);
    expect(sorted.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual([
      '1:email:importUnknownColumn', '1:fax:importUnknownColumn', '1:movedInAt:importMissingColumn', '2:uscc:duplicateInFile', '2:uscc:duplicateUscc', '2:name:required', '3:uscc:usccCheck', '3:movedInAt:date',
    ]);
  });
});

describe('chunk', () => {
  it.each<[number[], number, number[][]]>([
    [[], 3, []],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
  ])('%j by %d', (items, size, expected) => {
    expect(chunk(items, size)).toEqual(expected);
  });
});

describe('csvSafe', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['\tx', "'\tx"],
    ['+86 138 0013 8000', '+86 138 0013 8000'],
    ['-', '-'],
    ['甲公司', '甲公司'],
    ['', ''],
  ])('%j → %j', (value, expected) => {
    expect(csvSafe(value)).toBe(expected);
  });
});

describe('columnNamesFor and formatBytes', () => {
  it('names columns in Chinese by default and by field name in English', () => {
    expect(columnNamesFor('zh-CN')[0]).toBe('统一社会信用代码');
    expect(columnNamesFor('en')).toEqual(ENGLISH);
  });
  it.each([[512, '512 B'], [2048, '2 KB'], [10 * 1024 * 1024, '10 MB'], [1536 * 1024, '1.5 MB']])('%d → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
