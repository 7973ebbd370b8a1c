import { compareEntries, sortKeyOrdered, TenantRegistryIndex, type IndexedTenant, type RegistryIndexQuery } from './tenant-registry-index.js';
import { nameSortKey } from './tenant-name-sort.rules.js';
import { queryGrams, tenantGrams } from './tenant-search.rules.js';

function tenant(id: number, name: string, uscc: string, legalRepresentative: string, extra: Partial<IndexedTenant> = {}): IndexedTenant {
  return { id, name, uscc, legalRepresentative, nameSortKey: nameSortKey(name), status: 'active', industry: '39', buildingId: 1, ...extra };
}

const TENANTS: IndexedTenant[] = [
  tenant(1, '上海星辰微电子有限公司', '91310115MA1G0001AB', '张伟'),
  tenant(2, '北京星辰生物科技有限公司', '91110105MA1G0002CD', '王芳', { industry: '27', buildingId: 2 }),
  tenant(3, '深圳华宇软件技术有限公司', '91440300MA5F0003EF', '欧阳翠花', { status: 'suspended' }),
  tenant(4, '苏州华宇新材料有限公司', '91320500MA1X0004GH', '李星辰', { status: 'moved_out', buildingId: null }),
  tenant(5, '杭州云启数智有限公司', '91330100MA2B0005JK', '赵敏', { industry: null }),
  tenant(6, 'Acme 星辰 Holdings', '91310000MA1G0006LM', 'John Smith'),
  tenant(7, '南京星辰12号有限公司', '91320100MA1G0007NP', '陈静'),
  tenant(8, '上海星辰微电子有限公司', '91310115MA1G0008QR', '张伟'),
];

/** What the SQL path selects: every query gram stored and the LIKE check (unless the grams spell the term), in name order. */
function reference(tenants: IndexedTenant[], q: RegistryIndexQuery): { ids: number[]; total: number } {
  const rows = tenants.filter((t) => {
    if (q.onlyTenantId !== null && t.id !== q.onlyTenantId) return false;
    if (q.status !== undefined && t.status !== q.status) return false;
    if (q.industry !== undefined && t.industry !== q.industry) return false;
    if (q.buildingIds !== undefined && !q.buildingIds.includes(t.buildingId ?? -1)) return false;
    if (!q.terms.length) return true;
    return q.terms.some((term) => {
      const gq = queryGrams(term);
      if (gq.kind !== 'all') throw new Error(`the reference takes only complete grams, not ${term}`);
      const stored = new Set(tenantGrams([t.name, t.uscc, t.legalRepresentative]));
      if (!gq.grams.every((g) => stored.has(g))) return false;
      return gq.exact || [t.name, t.uscc, t.legalRepresentative].some((f) => f.toLowerCase().includes(term.toLowerCase()));
    });
  }).sort((a, b) => compareEntries(a.nameSortKey, a.id, b.nameSortKey, b.id));
  if (q.desc) rows.reverse();
  return { ids: rows.slice(q.skip, q.skip + q.take).map((t) => t.id), total: rows.length };
}

function query(overrides: Partial<RegistryIndexQuery>): RegistryIndexQuery {
  return { terms: [], onlyTenantId: null, desc: false, skip: 0, take: 20, ...overrides };
}

function indexOf(tenants: IndexedTenant[], collation: 'binary' | 'mysql' = 'mysql'): TenantRegistryIndex {
  const index = new TenantRegistryIndex(collation);
  index.upsert(tenants);
  return index;
}

describe('TenantRegistryIndex answers what the SQL path selects', () => {
  const index = indexOf(TENANTS);
  it.each<[string, Partial<RegistryIndexQuery>]>([
    ['the middle of a name (two characters, the grams spell it)', { terms: ['星辰'] }],
    ['the middle of a name (more characters, LIKE-checked)', { terms: ['星辰微电'] }],
    ['a word and a number', { terms: ['星辰12'] }],
    ['USCC digits from the middle', { terms: ['1G0002'] }],
    ['USCC letters in lower case', { terms: ['ma1g'] }],
    ['a legal representative', { terms: ['欧阳'] }],
    ['a legal representative that is also a name word', { terms: ['星辰'], status: 'moved_out' }],
    ['a Latin name, case aside', { terms: ['JOHN SMITH'] }],
    ['grams present but the term is not (LIKE refuses)', { terms: ['星辰有限'] }],
    ['nothing', { terms: ['华为技术'] }],
    ['status', { terms: ['华宇'], status: 'suspended' }],
    ['industry', { terms: ['星辰'], industry: '27' }],
    ['an industry filter never finds a tenant without one', { terms: ['有限'], industry: '' }],
    ['building', { terms: ['星辰'], buildingIds: [2] }],
    ['an unknown building', { terms: ['星辰'], buildingIds: [] }],
    ['one tenant (an officer)', { terms: ['星辰'], onlyTenantId: 2 }],
    ['one tenant that does not match', { terms: ['华宇'], onlyTenantId: 2 }],
    ['descending', { terms: ['星辰'], desc: true }],
    ['a page', { terms: ['有限'], skip: 2, take: 2 }],
    ['descending page', { terms: ['有限'], skip: 1, take: 3, desc: true }],
    ['past the end', { terms: ['有限'], skip: 40 }],
    ['two spellings (the code as typed and normalised)', { terms: ['ma1g 0001', 'MA1G0001'] }],
    ['no search', {}],
    ['no search, descending page', { desc: true, skip: 3, take: 2 }],
    ['no search, filtered', { status: 'active', industry: '39' }],
    ['no search, one tenant', { onlyTenantId: 5 }],
  ])('%s', (_case, overrides) => {
    const q = query(overrides);
    expect(index.search(q)).toEqual(reference(TENANTS, q));
  });

  it('walks the order for a broad match and sorts the ranks of a narrow one, with the same result', () => {
    const many = Array.from({ length: 300 }, (_, i) => tenant(100 + i, `${['甲', '乙', '丙'][i % 3]}宽泛词${i % 50}号`, `9131000${String(i).padStart(10, '0')}X`, '张三'));
    const big = indexOf([...TENANTS, ...many]);
    for (const q of [query({ terms: ['宽泛'], skip: 17, take: 5 }), query({ terms: ['宽泛词1'], desc: true }), query({ terms: ['宽泛'], status: 'active', skip: 290 })]) {
      expect(big.search(q)).toEqual(reference([...TENANTS, ...many], q));
    }
  });
});

describe('TenantRegistryIndex declines what it cannot answer exactly', () => {
  it.each([
    ['one character (a range of grams)', ['星']],
    ['three digits (a range)', ['000']],
    ['a term with a line feed', ['星辰\n有限']],
  ])('%s', (_case, terms) => {
    expect(indexOf(TENANTS).search(query({ terms }))).toBeNull();
  });

  it('a match whose sort key MySQL might order differently, but not other searches', () => {
    const index = indexOf([...TENANTS, tenant(20, '星辰-联合体', '91310000MA1G0020ST', '周杰')]);
    expect(index.search(query({ terms: ['联合'] }))).toBeNull();
    expect(index.search(query({ terms: ['星辰'] }))).toBeNull();
    expect(index.search(query({}))).toBeNull();
    expect(index.search(query({ terms: ['华宇'] }))).toEqual(reference(TENANTS, query({ terms: ['华宇'] })));
  });

  it('the same key under SQLite (code point order)', () => {
    const extra = tenant(20, '星辰-联合体', '91310000MA1G0020ST', '周杰');
    const q = query({ terms: ['星辰'] });
    expect(indexOf([...TENANTS, extra], 'binary').search(q)).toEqual(reference([...TENANTS, extra], q));
  });
});

describe('TenantRegistryIndex follows writes', () => {
  it('an edit moves the tenant in the order and in the grams; a removal takes it out', () => {
    const tenants = TENANTS.map((t) => ({ ...t }));
    const index = indexOf(tenants);
    const edited = tenant(3, '阿里新名称有限公司', '91440300MA5F0003EF', '司马懿');
    tenants[2] = edited;
    index.upsert([edited]);
    for (const terms of [['华宇'], ['新名称'], ['司马'], ['有限']]) expect(index.search(query({ terms }))).toEqual(reference(tenants, query({ terms })));
    index.remove([3]);
    const left = tenants.filter((t) => t.id !== 3);
    for (const terms of [['新名称'], ['有限']]) expect(index.search(query({ terms }))).toEqual(reference(left, query({ terms })));
    expect(index.count).toBe(TENANTS.length - 1);
  });

  it('a tenant added after a removal reuses the slot and keeps postings in order', () => {
    const index = indexOf(TENANTS);
    index.remove([2]);
    const added = tenant(30, '北京星辰重生有限公司', '91110105MA1G0030UV', '王芳');
    index.upsert([added]);
    const now = [...TENANTS.filter((t) => t.id !== 2), added];
    for (const terms of [['星辰'], ['王芳'], ['有限']]) expect(index.search(query({ terms }))).toEqual(reference(now, query({ terms })));
  });

  it('a status change leaves the grams and moves the tenant between filters', () => {
    const index = indexOf(TENANTS);
    index.upsert([{ ...TENANTS[0], status: 'suspended' }]);
    expect(index.search(query({ terms: ['星辰'], status: 'suspended' }))?.ids).toEqual([1]);
  });

  it('reading an unchanged row again changes nothing', () => {
    const index = indexOf(TENANTS);
    const before = index.search(query({ terms: ['有限'] }));
    index.upsert(TENANTS.map((t) => ({ ...t })));
    expect(index.search(query({ terms: ['有限'] }))).toEqual(before);
    expect(index.count).toBe(TENANTS.length);
  });
});

describe('sortKeyOrdered', () => {
  it.each<[string, 'binary' | 'mysql', boolean]>([
    ['shang hai xing chen 12 you xian gong si', 'mysql', true],
    ['', 'mysql', true],
    ['shang hai ( ji tuan )', 'mysql', true],
    ['xing chen - lian he', 'mysql', false],
    ['a.b', 'mysql', false],
    ['café', 'mysql', false],
    ['xing chen - lian he', 'binary', true],
    ['café', 'binary', true],
    ['\u{20000}', 'binary', false],
  ])('%j under %s: %s', (key, collation, ordered) => {
    expect(sortKeyOrdered(key, collation)).toBe(ordered);
  });
});
