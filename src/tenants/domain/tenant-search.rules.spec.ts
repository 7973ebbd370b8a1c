import { MAX_QUERY_GRAMS, queryGrams, searchTerm, tenantGrams, walksSortOrder } from './tenant-search.rules.js';

/** Whether the grams of `term` can find `texts`: every exact gram stored, or some stored gram in the range. */
function finds(term: string, texts: string[]): boolean {
  const stored = tenantGrams(texts);
  const q = queryGrams(term);
  if (q.kind === 'all') return q.grams.every((g) => stored.includes(g));
  if (q.kind === 'range') return stored.some((g) => g >= q.from && g < q.to);
  return true;
}

describe('tenantGrams', () => {
  it.each([
    ['one Chinese field: a pair per character, the last with the end mark', ['华宇'], 2],
    ['a code: one 4-gram per character, the last ones cut short', ['91320500'], 8],
    ['mixed runs', ['华宇12有限'], 6],
    ['empty and missing fields', ['', null, undefined], 0],
    ['distinct across fields', ['华宇', '华宇'], 2],
    ['whitespace skipped', ['华 宇'], 2],
  ])('%s', (_case, fields, count) => {
    expect(tenantGrams(fields)).toHaveLength(count);
  });

  it('folds case and full width', () => {
    expect(tenantGrams(['ＡＢＣ'])).toEqual(tenantGrams(['abc']));
    expect(tenantGrams(['ABC'])).toEqual(tenantGrams(['abc']));
  });
});

describe('queryGrams finds what contains the term', () => {
  const tenant = ['上海华宇微电子12有限公司', '91320500MA1XYZ345B', '欧阳翠花'];
  it.each([
    ['华'], ['华宇'], ['宇微电'], ['司'], ['电子12'], ['12有'], ['2有限'], ['1'], ['12'],
    ['9'], ['913'], ['9132'], ['0500ma'], ['ma1xyz'], ['345b'], ['B'], ['翠'], ['欧阳'], ['阳翠花'],
    ['91320500MA1XYZ345B'], ['ＭＡ１'], ['Xyz'],
  ])('%s', (term) => {
    expect(finds(term, tenant)).toBe(true);
  });

  it.each([['华为'], ['9133'], ['ma2'], ['翠草'], ['公司有']])('not %s', (term) => {
    expect(finds(term, tenant)).toBe(false);
  });
});

describe('queryGrams', () => {
  it.each([
    ['empty', '', 'none'],
    ['spaces only', '   ', 'none'],
    ['one Chinese character: a range', '华', 'range'],
    ['one digit: a range', '9', 'range'],
    ['three digits: a range (the text may go on)', '913', 'range'],
    ['four digits: one gram', '9132', 'all'],
    ['two Chinese characters: one gram', '华宇', 'all'],
  ])('%s', (_case, term, kind) => {
    expect(queryGrams(term).kind).toBe(kind);
  });

  it.each([
    ['华', true], ['华宇', true], ['9132', true], ['91', true], ['a', true],
    ['华宇微', false], ['91320', false], ['a-', false], ['2有', false], ['华 宇', true],
  ])('%j needs no text check: %s', (term, exact) => {
    const q = queryGrams(term);
    expect(q.kind !== 'none' && q.exact).toBe(exact);
  });

  it('asks for at most MAX_QUERY_GRAMS grams of a long term', () => {
    const q = queryGrams('上海华宇微电子12有限公司');
    expect(q.kind === 'all' && q.grams.length).toBe(MAX_QUERY_GRAMS);
  });

  it('asks for the same gram once', () => {
    const q = queryGrams('00000000');
    expect(q.kind === 'all' && q.grams.length).toBe(1);
  });
});

describe('searchTerm', () => {
  it.each([[' 华宇 ', '华宇'], ['Ａ B', 'A B']])('%j → %j', (q, term) => expect(searchTerm(q)).toBe(term));
});

describe('walksSortOrder: walk the sort index when the match is broad, gather the matches when narrow', () => {
  it.each([
    // matches, among, rows needed (offset + page size), walks
    ['a common word on a 200,000-tenant registry, page 1', 6833, 200_000, 20, true],
    ['half the registry', 100_000, 200_000, 20, true],
    ['a mid-breadth fragment', 1440, 200_000, 20, false],
    ['a person’s name', 512, 200_000, 20, false],
    ['one USCC', 1, 200_000, 20, false],
    ['the common word, far down the pages', 6833, 200_000, 2_000, false],
    ['everything on a small registry', 30, 30, 20, false],
    ['nearly everything, small pages', 40, 60, 2, true],
    ['the boundary: matches² = 2 × rows × among', 2000, 100_000, 20, true],
    ['just below it', 1999, 100_000, 20, false],
    ['nothing matches', 0, 200_000, 20, false],
    ['an empty registry', 5, 0, 20, false],
  ])('%s', (_case, matches, among, rows, walks) => {
    expect(walksSortOrder(matches, among, rows)).toBe(walks);
  });
});
