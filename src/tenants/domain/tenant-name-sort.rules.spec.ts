import { NAME_SORT_KEY_LENGTH, nameSortKey } from './tenant-name-sort.rules.js';

describe('nameSortKey', () => {
  it.each([
    ['华宇新材料', 'hua yu xin cai liao'],
    ['重庆长安汽车', 'chong qing chang an qi che'],
    ['ABC华宇12有限公司', 'abc hua yu 12 you xian gong si'],
    ['English Ltd', 'english ltd'],
    ['  黄河  ', 'huang he'],
    ['', ''],
    ['ＡＢＣ', 'abc'],
  ])('%s → %s', (name, key) => {
    expect(nameSortKey(name)).toBe(key);
  });

  it('sorts in pinyin order, syllable by syllable', () => {
    const names = ['黄河', '安泰', '华宇', 'Zeta', '博远', '中科', '阿里'];
    const sorted = [...names].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : 1));
    expect(sorted).toEqual(['阿里', '安泰', '博远', '华宇', '黄河', 'Zeta', '中科']);
  });

  it('fits the indexed column', () => {
    expect(nameSortKey('华'.repeat(200)).length).toBeLessThanOrEqual(NAME_SORT_KEY_LENGTH);
  });
});
