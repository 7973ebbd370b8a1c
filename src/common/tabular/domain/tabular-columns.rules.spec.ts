import { headerNames, mapHeader, readRow, sortIssues, type ImportColumn } from './tabular-columns.rules.js';

type Field = 'code' | 'title' | 'startsOn' | 'note';

const COLUMNS: ImportColumn<Field>[] = [
  { field: 'code', en: 'code', zh: '编号', required: true, normalize: (text) => text.toUpperCase() },
  { field: 'title', en: 'title', zh: '名称', required: true },
  { field: 'startsOn', en: 'startsOn', zh: '开始日期', required: true },
  { field: 'note', en: 'note', zh: '备注' },
];
const ENGLISH = ['code', 'title', 'startsOn', 'note'];
const FIELDS: Field[] = ['code', 'title', 'startsOn', 'note'];

describe('headerNames', () => {
  it.each([
    ['en', ENGLISH],
    ['zh-CN', ['编号', '名称', '开始日期', '备注']],
    ['anything else', ['编号', '名称', '开始日期', '备注']],
  ])('%s', (locale, expected) => {
    expect(headerNames(COLUMNS, locale)).toEqual(expected);
  });
});

describe('mapHeader', () => {
  it.each<[string, string[], (Field | null)[]]>([
    ['English names', ENGLISH, FIELDS],
    ['Chinese names', ['编号', '名称', '开始日期', '备注'], FIELDS],
    ['any case, trimmed (also the ideographic space)', [' CODE ', 'Title', '\u3000开始日期', 'NOTE '], FIELDS],
    ['mixed languages and order', ['开始日期', 'code', '名称'], ['startsOn', 'code', 'title']],
    ['a camel-cased name in any case', ['code', 'title', 'STARTSON'], ['code', 'title', 'startsOn']],
    ['blank header cells are ignored', [...ENGLISH, '', ' '], [...FIELDS, null, null]],
  ])('maps %s', (_, cells, expected) => {
    const { columns, errors } = mapHeader(COLUMNS, cells);
    expect(errors).toEqual([]);
    expect(columns).toEqual(expected);
  });

  it.each([
    ['an unknown column', [...ENGLISH, 'email'], [{ row: 1, column: 'email', code: 'importUnknownColumn', params: { column: 'email' } }]],
    ['the same field twice, in two languages', [...ENGLISH, '编号'], [{ row: 1, column: '编号', code: 'importDuplicateColumn', params: { column: '编号' } }]],
    ['the same field twice, in two cases', [...ENGLISH, 'Code'], [{ row: 1, column: 'Code', code: 'importDuplicateColumn', params: { column: 'Code' } }]],
    ['a missing required column, named in both languages', ['code', 'title'], [{ row: 1, column: 'startsOn', code: 'importMissingColumn', params: { column: 'startsOn / 开始日期' } }]],
  ])('reports %s at the header row', (_, cells, expected) => {
    expect(mapHeader(COLUMNS, cells).errors).toEqual(expected);
  });

  it('leaves unknown and repeated columns unmapped', () => {
    expect(mapHeader(COLUMNS, [...ENGLISH, 'email', 'title']).columns).toEqual([...FIELDS, null, null]);
  });

  it('needs no optional column', () => {
    expect(mapHeader(COLUMNS, ['code', 'title', 'startsOn']).errors).toEqual([]);
  });

  it('reports every missing required column of an empty header, in column order', () => {
    expect(mapHeader(COLUMNS, ['']).errors.map((e) => e.column)).toEqual(['code', 'title', 'startsOn']);
  });

  it('reports at the row the header is on', () => {
    expect(mapHeader(COLUMNS, ['x', ...ENGLISH], 3).errors).toEqual([{ row: 3, column: 'x', code: 'importUnknownColumn', params: { column: 'x' } }]);
  });

  it('maps nothing with no columns', () => {
    expect(mapHeader([], ['a'])).toEqual({ columns: [null], errors: [{ row: 1, column: 'a', code: 'importUnknownColumn', params: { column: 'a' } }] });
  });
});

describe('readRow', () => {
  const columns: (Field | null)[] = [...FIELDS, null];
  const full = [' ab-1 ', '安全培训 ', '2026-03-01', ''];

  it('trims cells, applies the column normalisation and leaves empty optional cells out', () => {
    expect(readRow(COLUMNS, { row: 2, cells: full }, columns)).toEqual({
      values: { code: 'AB-1', title: '安全培训', startsOn: '2026-03-01' },
      errors: [],
    });
  });

  it('keeps an optional cell with text, unnormalised', () => {
    expect(readRow(COLUMNS, { row: 2, cells: [...full.slice(0, 3), ' see x '] }, columns).values.note).toBe('see x');
  });

  it.each<[Field, number]>([
    ['code', 0],
    ['title', 1],
    ['startsOn', 2],
  ])('reports an empty required %s', (field, index) => {
    const cells = [...full];
    cells[index] = '  ';
    expect(readRow(COLUMNS, { row: 7, cells }, columns).errors).toEqual([{ row: 7, column: field, code: 'required' }]);
  });

  it('reports a short row as missing its required cells', () => {
    expect(readRow(COLUMNS, { row: 3, cells: ['x'] }, columns).errors.map((e) => e.column)).toEqual(['title', 'startsOn']);
  });

  it('reports an empty row as missing every required cell', () => {
    expect(readRow(COLUMNS, { row: 3, cells: [] }, columns)).toEqual({
      values: {},
      errors: ['code', 'title', 'startsOn'].map((column) => ({ row: 3, column, code: 'required' })),
    });
  });

  it('reports text outside the header once per row, at its first column', () => {
    const errors = readRow(COLUMNS, { row: 4, cells: [...full, '', 'stray', 'more'] }, columns).errors;
    expect(errors).toEqual([{ row: 4, column: '', code: 'importExtraCells', params: { column: 6 } }]);
  });

  it('ignores blank cells outside the header', () => {
    expect(readRow(COLUMNS, { row: 4, cells: [...full, ' ', ''] }, columns).errors).toEqual([]);
  });
});

describe('sortIssues', () => {
  const TENANT_FIELDS = ['uscc', 'name', 'legalRepresentative', 'industry', 'building', 'unit', 'movedInAt', 'contactPhone'];

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
    ], TENANT_FIELDS);
    expect(sorted.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual([
      '1:email:importUnknownColumn', '1:fax:importUnknownColumn', '1:movedInAt:importMissingColumn', '2:uscc:duplicateInFile', '2:uscc:duplicateUscc', '2:name:required', '3:uscc:usccCheck', '3:movedInAt:date',
    ]);
  });

  it('puts whole-row problems before the row\'s cell problems', () => {
    const sorted = sortIssues([
      { row: 2, column: 'title', code: 'required' },
      { row: 2, column: '', code: 'importExtraCells' },
    ], FIELDS);
    expect(sorted.map((i) => i.column)).toEqual(['', 'title']);
  });

  it('keeps header problems in the file\'s order, whatever their codes', () => {
    const sorted = sortIssues([
      { row: 1, column: 'zeta', code: 'importUnknownColumn' },
      { row: 1, column: 'alpha', code: 'importDuplicateColumn' },
    ], FIELDS);
    expect(sorted.map((i) => i.column)).toEqual(['zeta', 'alpha']);
  });

  it('leaves its input alone', () => {
    const issues = [{ row: 3, column: '', code: 'b' }, { row: 2, column: '', code: 'a' }];
    sortIssues(issues, []);
    expect(issues.map((i) => i.row)).toEqual([3, 2]);
  });

  it('sorts nothing', () => {
    expect(sortIssues([], FIELDS)).toEqual([]);
  });
});
