import { contentDisposition, csvSafe, sheetDate } from './tabular-export.rules.js';

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

describe('sheetDate', () => {
  it.each<[string, Date | null]>([
    ['2024-03-01', new Date(Date.UTC(2024, 2, 1))],
    ['2024-02-29', new Date(Date.UTC(2024, 1, 29))],
    ['1999-12-31', new Date(Date.UTC(1999, 11, 31))],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['2024-3-1', null],
    ['2024-03-01T00:00:00Z', null],
    ['', null],
    ['not a date', null],
  ])('%j', (text, expected) => {
    expect(sheetDate(text)).toEqual(expected);
  });
});

describe('contentDisposition', () => {
  it.each([
    ['tenants-2026-11-28.csv', 'attachment; filename="tenants-2026-11-28.csv"'],
    ['signing-progress-7-2026-11-28.xlsx', 'attachment; filename="signing-progress-7-2026-11-28.xlsx"'],
    ['a b.csv', 'attachment; filename="a b.csv"'],
    ['企业名录.csv', 'attachment; filename="____.csv"; filename*=UTF-8\'\'%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95.csv'],
    ['say "hi".csv', 'attachment; filename="say _hi_.csv"; filename*=UTF-8\'\'say%20%22hi%22.csv'],
    ["it's (1)*.csv", 'attachment; filename="it\'s (1)*.csv"'],
    ['100%.csv', 'attachment; filename="100_.csv"; filename*=UTF-8\'\'100%25.csv'],
    ['a\\b\r\n.csv', 'attachment; filename="a_b__.csv"; filename*=UTF-8\'\'a%5Cb%0D%0A.csv'],
    ['résumé (1).csv', 'attachment; filename="r_sum_ (1).csv"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9%20%281%29.csv'],
  ])('%j', (name, expected) => {
    expect(contentDisposition(name)).toBe(expected);
  });
});
