import { MAX_QUERY_GRAMS, queryGrams, searchTerm, tenantGrams } from './tenant-search.rules.js';

const pair = (a: string, b: string | null) => (a.codePointAt(0) as number) * 0x110000 + (b === null ? 0 : (b.codePointAt(0) as number));

describe('tenantGrams', () => {
  it.each([
    ['one field', ['华宇'], [pair('华', '宇'), pair('宇', null)]],
    ['lower-cased, whitespace skipped', ['Ab C'], [pair('a', 'b'), pair('b', 'c'), pair('c', null)]],
    ['a one-character field', ['张'], [pair('张', null)]],
    ['empty and missing fields', ['', null, undefined], []],
    ['distinct across fields', ['华宇', '华宇'], [pair('华', '宇'), pair('宇', null)]],
    ['full-width folded', ['ＡＢ'], [pair('a', 'b'), pair('b', null)]],
  ])('%s', (_case, fields, grams) => {
    expect(tenantGrams(fields).sort()).toEqual([...grams].sort());
  });

  it('keeps characters outside the basic plane whole', () => {
    expect(tenantGrams(['𠀀华'])).toEqual([pair('𠀀', '华'), pair('华', null)]);
  });
});

describe('queryGrams', () => {
  it.each([
    ['empty', '', { kind: 'none' }],
    ['spaces only', '   ', { kind: 'none' }],
    ['one character: every pair it starts', '华', { kind: 'range', from: pair('华', null), to: ('华'.codePointAt(0) as number + 1) * 0x110000 }],
    ['two characters', '华宇', { kind: 'all', grams: [pair('华', '宇')] }],
    ['repeated pairs once', '0000', { kind: 'all', grams: [pair('0', '0')] }],
    ['case folded', 'Ab', { kind: 'all', grams: [pair('a', 'b')] }],
  ])('%s', (_case, term, expected) => {
    expect(queryGrams(term)).toEqual(expected);
  });

  it('asks for at most MAX_QUERY_GRAMS pairs of a long term, first and last included', () => {
    const q = queryGrams('上海星辰微电子有限公司');
    expect(q.kind).toBe('all');
    if (q.kind !== 'all') return;
    expect(q.grams.length).toBeLessThanOrEqual(MAX_QUERY_GRAMS);
    expect(q.grams[0]).toBe(pair('上', '海'));
    expect(q.grams[q.grams.length - 1]).toBe(pair('公', '司'));
  });

  it('every gram of a term is a gram of a text containing it', () => {
    const text = ['上海华宇微电子12有限公司', '91320500000012345X', '张三'];
    const stored = new Set(tenantGrams(text));
    for (const term of ['华', '宇微', '微电子12', '0000123', '张三', '司']) {
      const q = queryGrams(term);
      if (q.kind === 'all') expect(q.grams.every((g) => stored.has(g))).toBe(true);
      if (q.kind === 'range') expect([...stored].some((g) => g >= q.from && g < q.to)).toBe(true);
    }
  });
});

describe('searchTerm', () => {
  it.each([[' 华宇 ', '华宇'], ['Ａ B', 'A B']])('%j → %j', (q, term) => expect(searchTerm(q)).toBe(term));
});
