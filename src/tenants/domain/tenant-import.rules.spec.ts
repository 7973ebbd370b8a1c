import { mapHeader, readRow } from '../../common/tabular/domain/tabular-columns.rules.js';
import { checkableUsccs, columnNamesFor, duplicateUsccIssues, TENANT_IMPORT_COLUMNS, type ImportField } from './tenant-import.rules.js';
import { usccCheckCharacter } from './uscc.rules.js';

const valid = (n: number) => {
  const body = `91440300${String(n).padStart(9, '0')}`;
  return body + usccCheckCharacter(body);
};

const ENGLISH = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone'];
const FIELDS = ENGLISH as ImportField[];

describe('mapHeader with the tenant columns', () => {
  it.each([
    ['English names', ENGLISH, FIELDS],
    ['Chinese names', ['统一社会信用代码', '企业名称', '法定代表人', '行业', '楼栋', '单元', '入驻日期', '联系电话'], FIELDS],
    ['any case, trimmed', [' USCC ', 'Name', 'LEGALREPRESENTATIVE', 'Industry ', '\u3000楼栋', 'movedinat'], ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'movedInAt']],
    ['mixed languages and order', ['入驻日期', 'uscc', '企业名称', 'legalRepresentative', '行业', 'building'], ['movedInAt', 'uscc', 'name', 'legalRepresentative', 'industry', 'building']],
    ['blank header cells are ignored', [...ENGLISH, '', ' '], [...FIELDS, null, null]],
  ])('maps %s', (_, cells, expected) => {
    const { columns, errors } = mapHeader(TENANT_IMPORT_COLUMNS, cells);
    expect(errors).toEqual([]);
    expect(columns).toEqual(expected);
  });

  it.each([
    ['an unknown column', [...ENGLISH, 'email'], [{ row: 1, column: 'email', code: 'importUnknownColumn', params: { column: 'email' } }]],
    ['the check override column (imports accept no override)', [...ENGLISH, 'usccOverrideReason'], [{ row: 1, column: 'usccOverrideReason', code: 'importUnknownColumn', params: { column: 'usccOverrideReason' } }]],
    ['the same field twice', [...ENGLISH, '统一社会信用代码'], [{ row: 1, column: '统一社会信用代码', code: 'importDuplicateColumn', params: { column: '统一社会信用代码' } }]],
    ['a missing required column', ENGLISH.filter((c) => c !== 'movedInAt'), [{ row: 1, column: 'movedInAt', code: 'importMissingColumn', params: { column: 'movedInAt / 入驻日期' } }]],
  ])('reports %s at row 1', (_, cells, expected) => {
    expect(mapHeader(TENANT_IMPORT_COLUMNS, cells).errors).toEqual(expected);
  });

  it('needs no optional column', () => {
    expect(mapHeader(TENANT_IMPORT_COLUMNS, ENGLISH.filter((c) => c !== 'unit' && c !== 'contactPhone')).errors).toEqual([]);
  });

  it('reports every missing required column of an empty header', () => {
    expect(mapHeader(TENANT_IMPORT_COLUMNS, ['']).errors.map((e) => e.column)).toEqual(['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'movedInAt']);
  });
});

describe('readRow with the tenant columns', () => {
  const columns = [...FIELDS, null];
  const full = [' 91440300 1922038216 ', '甲公司 ', '张三', '电子信息', 'A1', '', '2024-03-01', ''];

  it('trims cells, normalises the USCC and leaves empty optional cells out', () => {
    expect(readRow(TENANT_IMPORT_COLUMNS, { row: 2, cells: full }, columns)).toEqual({
      values: { uscc: '914403001922038216', name: '甲公司', legalRepresentative: '张三', industry: '电子信息', building: 'A1', movedInAt: '2024-03-01' },
      errors: [],
    });
  });

  it('normalises full-width and lower-case codes', () => {
    expect(readRow(TENANT_IMPORT_COLUMNS, { row: 2, cells: ['９１３１０１１５ma1k3yjn2q'] }, ['uscc']).values.uscc).toBe('91310115MA1K3YJN2Q');
  });

  it.each([
    ['name', 1],
    ['movedInAt', 6],
    ['uscc', 0],
  ])('reports an empty required %s', (field, index) => {
    const cells = [...full];
    cells[index] = '  ';
    expect(readRow(TENANT_IMPORT_COLUMNS, { row: 7, cells }, columns).errors).toEqual([{ row: 7, column: field, code: 'required' }]);
  });

  it('reports a short row as missing its required cells', () => {
    expect(readRow(TENANT_IMPORT_COLUMNS, { row: 3, cells: ['x'] }, columns).errors.map((e) => e.column)).toEqual(['name', 'legalRepresentative', 'industry', 'building', 'movedInAt']);
  });

  it('reports text outside the header once per row', () => {
    const errors = readRow(TENANT_IMPORT_COLUMNS, { row: 4, cells: [...full, 'stray', 'more'] }, columns).errors;
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

describe('columnNamesFor', () => {
  it('names columns in Chinese by default and by field name in English', () => {
    expect(columnNamesFor('zh-CN')[0]).toBe('统一社会信用代码');
    expect(columnNamesFor('en')).toEqual(ENGLISH);
  });
});
