import { EXAMPLE_MARKERS, exampleRow, isExampleRow, templateCsv } from './tenant-import-template.rules.js';
import { IMPORT_FIELDS } from './tenant-import.rules.js';

describe('tenant import template', () => {
  it.each([
    ['the zh-CN example row', exampleRow('zh-CN'), true],
    ['the en example row', exampleRow('en'), true],
    ['a marker in another column, with spaces and other case', ['91440300MA5FA1B2C3', `  ${EXAMPLE_MARKERS.en.toUpperCase()} `], true],
    ['a real row', ['91440300MA5FA1B2C3', '示例科技有限公司', '张三'], false],
    ['a cell that only starts like a marker', [`${EXAMPLE_MARKERS['zh-CN']}x`], false],
    ['an empty row', [], false],
  ])('%s → example: %s', (_label, cells, expected) => {
    expect(isExampleRow(cells)).toBe(expected);
  });

  it.each(['zh-CN', 'en', 'fr'])('%s: the example row fills every column and marks the USCC cell', (locale) => {
    const row = exampleRow(locale);
    expect(row).toHaveLength(IMPORT_FIELDS.length);
    expect(row[IMPORT_FIELDS.indexOf('uscc')]).toBe(locale === 'en' ? EXAMPLE_MARKERS.en : EXAMPLE_MARKERS['zh-CN']);
    expect(row.every((c) => c.length > 0)).toBe(true);
  });

  it('the CSV has a BOM, the header and the example row', () => {
    const lines = templateCsv('zh-CN').split('\r\n');
    expect(lines[0].startsWith('\uFEFF统一社会信用代码,企业名称')).toBe(true);
    expect(lines[1].startsWith(`${EXAMPLE_MARKERS['zh-CN']},示例科技有限公司`)).toBe(true);
    expect(lines[2]).toBe('');
    expect(templateCsv('en').split('\r\n')[1]).toContain('"Example Technology Co., Ltd."');
  });
});
