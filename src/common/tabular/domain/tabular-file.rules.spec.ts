import { calendarDate, cellText, decodeCsvText, detectDelimiter, isBlankRow, sniffFormat, zipUncompressedSize } from './tabular-file.rules.js';

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
