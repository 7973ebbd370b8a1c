import { cellColumn, cellValueText, isDateFormat, isDateStyle, serialDate } from './xlsx-cells.rules.js';

describe('cellColumn', () => {
  it.each<[string, number | null]>([
    ['A1', 1], ['Z9', 26], ['AA10', 27], ['b2', 2], ['$C$3', 3], ['XFD1048576', 16_384],
    ['XFE1', null], ['ZZZ1', null], ['AAAA1', null], ['A', null], ['1', null], ['', null], ['A1:B2', null], ['A-1', null],
  ])('%j → %s', (ref, expected) => {
    expect(cellColumn(ref)).toBe(expected);
  });
});

describe('isDateFormat', () => {
  it.each<[string, boolean]>([
    ['yyyy-mm-dd', true], ['mm-dd-yy', true], ['yyyy"年"m"月"d"日"', true], ['h:mm:ss', true], ['[$-804]yyyy/m/d', true],
    ['General', false], ['0.00', false], ['#,##0', false], ['0%', false], ['"day"0', false], ['[Red]0.00', false], ['', false],
  ])('%j → %s', (code, expected) => {
    expect(isDateFormat(code)).toBe(expected);
  });
});

describe('isDateStyle', () => {
  const own = new Map([[164, true], [165, false], [14, false]]);
  it.each<[number, boolean]>([
    [0, false], [1, false], [14, false], [15, true], [22, true], [31, true], [57, true], [49, false], [164, true], [165, false], [166, false],
  ])('number format %s → %s (a workbook format overrides the built-in one)', (id, expected) => {
    expect(isDateStyle(id, own)).toBe(expected);
  });
});

describe('serialDate', () => {
  it.each<[number, boolean, string]>([
    [45351, false, '2024-02-29'],
    [45352, false, '2024-03-01'],
    [45351.999, false, '2024-02-29'],
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [61, false, '1900-03-01'],
    [43889, true, '2024-02-29'],
    [Number.MAX_VALUE, false, ''],
  ])('%s (1904: %s) → %j', (serial, date1904, expected) => {
    expect(serialDate(serial, date1904)).toBe(expected);
  });
});

describe('cellValueText', () => {
  it.each<[string | undefined, string, boolean, string]>([
    [undefined, '13800138000', false, '13800138000'],
    ['n', '1203', false, '1203'],
    ['n', '12.50', false, '12.5'],
    ['n', '1.5E+3', false, '1500'],
    ['n', '45351', true, '2024-02-29'],
    ['n', '', true, ''],
    ['n', 'abc', false, ''],
    ['str', ' text ', false, ' text '],
    ['inlineStr', '甲', true, '甲'],
    ['b', '1', false, 'TRUE'],
    ['b', '0', false, 'FALSE'],
    ['e', '#N/A', false, '#N/A'],
    ['d', '2024-02-29T00:00:00Z', false, '2024-02-29'],
    ['d', 'yesterday', false, ''],
  ])('type %s, %j (date style: %s) → %j', (type, raw, dateStyle, expected) => {
    expect(cellValueText(type, raw, dateStyle, false)).toBe(expected);
  });
});
