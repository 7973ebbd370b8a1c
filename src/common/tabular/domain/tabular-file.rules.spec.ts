import { calendarDate, decodeCsvText, detectDelimiter, isBlankRow, sniffFormat } from './tabular-file.rules.js';

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

describe('isBlankRow', () => {
  it.each<[string[], boolean]>([[[], true], [[''], true], [[' ', '\t'], true], [['', 'x'], false]])('%j → %s', (cells, expected) => {
    expect(isBlankRow(cells)).toBe(expected);
  });
});
