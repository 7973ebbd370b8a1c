import { BODY_SHAPE_CAPS, jsonShapeProblem, nonTextFields, valueShapeProblem, type BodyShapeCaps } from './body-shape.rules.js';

const CAPS: BodyShapeCaps = { maxDepth: 4, maxItems: 3, maxKeys: 3 };
const bytes = (s: string) => Buffer.from(s, 'utf8');
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('jsonShapeProblem', () => {
  it.each([
    ['an empty body (the parser decides)', ''],
    ['only white space', ' \r\n\t'],
    ['an empty object', '{}'],
    ['an object after white space', '\n {"a":1}'],
    ['depth at the cap', nested(4)],
    ['arrays count as levels up to the cap', '{"a":[[{}]]}'],
    ['items at the cap', '{"a":[1,2,3]}'],
    ['members at the cap', '{"a":1,"b":2,"c":3}'],
    ['brackets and commas inside strings', '{"a":"[[[[[{{{{,,,,,","b":"\\"[[[[,,,,"}'],
    ['escaped backslash before a closing quote', '{"a":"\\\\","b":[1,2]}'],
    ['UTF-8 text', '{"名称":"上海星辰，微电子[有限]公司"}'],
    ['an empty array', '{"a":[]}'],
    ['siblings that each stay under the caps', '{"a":[1,2,3],"b":[4,5,6],"c":{"x":1,"y":2,"z":3}}'],
    ['malformed JSON (left to the parser)', '{"a":'],
    ['more closing brackets than opening ones', '{}]]]}'],
  ])('accepts %s', (_name, text) => {
    expect(jsonShapeProblem(bytes(text), CAPS)).toBeNull();
  });

  it.each([
    ['an array', '[1]', { code: 'notObject' }],
    ['an array after white space', ' \n[]', { code: 'notObject' }],
    ['a string', '"text"', { code: 'notObject' }],
    ['a number', '42', { code: 'notObject' }],
    ['null', 'null', { code: 'notObject' }],
    ['true', 'true', { code: 'notObject' }],
    ['one level too deep', nested(5), { code: 'tooDeep', limit: 4 }],
    ['too deep through arrays', '{"a":[[[[1]]]]}', { code: 'tooDeep', limit: 4 }],
    ['5,000 levels', nested(5000), { code: 'tooDeep', limit: 4 }],
    ['one item too many', '{"a":[1,2,3,4]}', { code: 'tooManyItems', limit: 3 }],
    ['too many items in a nested array', '{"a":{"b":[[],[],[],[]]}}', { code: 'tooManyItems', limit: 3 }],
    ['one member too many', '{"a":1,"b":2,"c":3,"d":4}', { code: 'tooManyKeys', limit: 3 }],
    ['too many members in a nested object', '{"a":[{"a":1,"b":2,"c":3,"d":4}]}', { code: 'tooManyKeys', limit: 3 }],
  ])('refuses %s', (_name, text, problem) => {
    expect(jsonShapeProblem(bytes(text), CAPS)).toEqual(problem);
  });

  it('has caps that let the largest legitimate body through (a convention of 300 clauses) and refuse 1,001 items', () => {
    const clause = { number: '1', category: 'law', customCategory: null, textZh: '条款', textEn: null };
    const draft = JSON.stringify({ title: 't', effectiveDate: '2026-01-01', signingPeriodDays: 30, clauses: Array(300).fill(clause) });
    expect(jsonShapeProblem(bytes(draft))).toBeNull();
    expect(jsonShapeProblem(bytes(JSON.stringify({ ids: Array(1001).fill(1) })))).toEqual({ code: 'tooManyItems', limit: BODY_SHAPE_CAPS.maxItems });
    expect(jsonShapeProblem(bytes(nested(BODY_SHAPE_CAPS.maxDepth)))).toBeNull();
    expect(jsonShapeProblem(bytes(nested(BODY_SHAPE_CAPS.maxDepth + 1)))).toEqual({ code: 'tooDeep', limit: BODY_SHAPE_CAPS.maxDepth });
  });

  it('scans a megabyte in linear time without building anything', () => {
    const big = bytes(`{"a":"${'x'.repeat(1024 * 1024)}","b":[${Array(999).fill('"y"').join(',')}]}`);
    const started = Date.now();
    expect(jsonShapeProblem(big)).toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('valueShapeProblem', () => {
  it.each([
    ['a string', 'x'],
    ['null', null],
    ['a flat form', { a: '1', b: ['1', '2', '3'] }],
    ['depth at the cap', { a: { b: { c: {} } } }],
    ['a buffer (an uploaded file is not walked)', { file: Buffer.alloc(10_000) }],
    ['items at the cap', { a: [1, 2, 3] }],
  ])('accepts %s', (_name, value) => {
    expect(valueShapeProblem(value, CAPS)).toBeNull();
  });

  it.each([
    ['one level too deep', { a: { b: { c: { d: {} } } } }, { path: ['a', 'b', 'c', 'd'], problem: { code: 'tooDeep', limit: 4 } }],
    ['too many items', { tags: ['a', 'b', 'c', 'd'] }, { path: ['tags'], problem: { code: 'tooManyItems', limit: 3 } }],
    ['too many keys at the top', { a: 1, b: 2, c: 3, d: 4 }, { path: [], problem: { code: 'tooManyKeys', limit: 3 } }],
    ['too many keys inside an array', { rows: [{}, { a: 1, b: 2, c: 3, d: 4 }] }, { path: ['rows', '1'], problem: { code: 'tooManyKeys', limit: 3 } }],
  ])('refuses %s', (_name, value, expected) => {
    expect(valueShapeProblem(value, CAPS)).toEqual(expected);
  });

  it('refuses a sparse array by its length without walking its holes', () => {
    const sparse: unknown[] = [];
    sparse[99_999_999] = 'x';
    const started = Date.now();
    expect(valueShapeProblem({ tenantId: sparse })).toEqual({ path: ['tenantId'], problem: { code: 'tooManyItems', limit: BODY_SHAPE_CAPS.maxItems } });
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('nonTextFields', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['an empty form', {}, []],
    ['text fields, empty ones included', { name: '张三', note: '' }, []],
    ['a repeated field (a list of strings)', { email: ['a', 'b'] }, []],
    ['a multipart form (no prototype)', Object.assign(Object.create(null) as object, { a: 'x' }), []],
    ['an object', { email: { $ne: 1 } }, ['email']],
    ['a number, a boolean and null', { a: 1, b: true, c: null }, ['a', 'b', 'c']],
    ['a list holding a non-string', { a: ['x', 1], b: ['y', ['z']] }, ['a', 'b']],
    ['an object whose toString is not a function', { name: { toString: 1, valueOf: 1 } }, ['name']],
    ['a sparse list (holes are not text)', { tenantId: Object.assign([], { 3: '1' }) }, ['tenantId']],
  ])('%s', (_name, form, expected) => {
    expect(nonTextFields(form)).toEqual(expected);
  });
});
