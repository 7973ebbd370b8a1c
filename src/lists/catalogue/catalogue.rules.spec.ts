import { CATALOGUE_CATEGORIES, CATALOGUE_CODE, groupCatalogue } from './catalogue.rules.js';

describe('credit catalogue', () => {
  const item = (id: number, category: string, sortOrder: number) => ({ id, category, sortOrder });

  it.each([
    ['empty', [], []],
    ['one group', [item(1, 'lists', 20), item(2, 'lists', 10)], [['lists', [2, 1]]]],
    ['groups in the catalogue order, not the input order', [item(1, 'system', 10), item(2, 'registry', 30), item(3, 'supervision', 5)], [['registry', [2]], ['supervision', [3]], ['system', [1]]]],
    ['equal sort orders by id', [item(5, 'scoring', 10), item(4, 'scoring', 10)], [['scoring', [4, 5]]]],
    ['an unknown category goes last, with system', [item(1, 'mystery', 1), item(2, 'system', 5)], [['system', [2, 1]]]],
  ])('%s', (_name, items, expected) => {
    expect(groupCatalogue(items).map((g) => [g.category, g.items.map((i) => i.id)])).toEqual(expected);
  });

  it('keeps every category once', () => {
    expect(new Set(CATALOGUE_CATEGORIES).size).toBe(CATALOGUE_CATEGORIES.length);
  });

  it.each([
    ['tenant_registry', true], ['x', false], ['Tenant', false], ['1abc', false], ['a-b', false], ['a'.repeat(32), true], ['a'.repeat(33), false],
  ])('code %s: %s', (code, ok) => {
    expect(CATALOGUE_CODE.test(code)).toBe(ok);
  });
});
