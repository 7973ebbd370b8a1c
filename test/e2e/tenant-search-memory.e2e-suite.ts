import { jest } from '@jest/globals';
import { nameSortKey } from '../../src/tenants/domain/tenant-name-sort.rules.js';
import { usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import { TenantSearchMemory, REFRESH_MS } from '../../src/tenants/tenant-search.memory.js';
import { writeSearchIndex } from '../../src/tenants/tenant-search.index.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { BuildingEntity } from '../../src/tenants/entities/building.entity.js';
import { createTestApp, createUser, ensureBuildings, login, TEST_ACTOR, tokenFor, type TestApp } from '../support/test-app.js';

const API = '/api/v1/tenants';
type Query = Record<string, string | number>;
type Body = { items: { id: number; name: string; unit: string; contactPhone: string | null; building: string }[]; total: number };

/** Codes of this suite: `91320588` + a number + a letter, with their check character. */
function code(n: number): string {
  const body = `91320588${String(n).padStart(8, '0')}K`;
  return body + usccCheckCharacter(body);
}

const CITIES = ['上海', '北京', '深圳', '苏州'];
const WORDS = ['星辰', '华宇', '云启'];
const KINDS = ['微电子', '生物科技', '新材料'];
const PEOPLE = ['张伟', '欧阳翠花', '李星辰', '王芳'];

describe('tenant search from memory: the same answers as the database', () => {
  let t: TestApp;
  let memory: TenantSearchMemory;
  let staff: string;
  const ids: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    memory = t.get(TenantSearchMemory);
    staff = `Bearer ${await tokenFor(t, (await createUser(t, 'park_staff')).id)}`;
    await ensureBuildings(t, ['M1', 'M2']);
    const tenants = t.get(TenantsService);
    for (let i = 0; i < 36; i++) {
      const created = await tenants.create({
        uscc: code(i), name: `${CITIES[i % 4]}${WORDS[i % 3]}${KINDS[Math.floor(i / 3) % 3]}${i}号有限公司`, legalRepresentative: PEOPLE[i % 4],
        industry: i % 2 ? '39' : '27', building: i % 3 ? 'M1' : 'M2', movedInAt: '2024-01-01',
      }, TEST_ACTOR);
      ids.push(created.id);
    }
    await tenants.changeStatus(ids[4], { status: 'suspended', reason: '欠缴物业费' }, TEST_ACTOR);
    await tenants.changeStatus(ids[7], { status: 'moved_out', reason: '租约到期迁出' }, TEST_ACTOR);
    await memory.ready();
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = (query: Query, auth = staff) => t.http().get(API).query(query).set('Authorization', auth);

  /** The list as the in-memory index answers it; fails when the index declined. */
  async function fromMemory(query: Query, auth = staff): Promise<Body> {
    const answer = jest.spyOn(memory, 'answer');
    try {
      const res = await list(query, auth).expect(200);
      expect(answer).toHaveBeenCalledTimes(1);
      await expect(answer.mock.results[0].value).resolves.not.toBeNull();
      return res.body as Body;
    } finally {
      answer.mockRestore();
    }
  }

  /** The list as the SQL path answers it. */
  async function fromSql(query: Query, auth = staff): Promise<Body> {
    const answer = jest.spyOn(memory, 'answer').mockResolvedValue(null);
    try {
      return (await list(query, auth).expect(200)).body as Body;
    } finally {
      answer.mockRestore();
    }
  }

  it.each<[string, Query]>([
    ['the middle of a name', { q: '星辰' }],
    ['a word and the start of the kind', { q: '辰微电' }],
    ['the end of the kind and the number', { q: '科技1' }],
    ['USCC digits from the middle', { q: code(17).slice(9, 16) }],
    ['a USCC typed in lower case with spaces', { q: `${code(5).slice(0, 9)} ${code(5).slice(9).toLowerCase()}` }],
    ['a legal representative', { q: '欧阳翠' }],
    ['a name word that is also in a legal representative', { q: '星辰', status: 'active' }],
    ['status', { q: '有限公司', status: 'suspended' }],
    ['industry', { q: '有限公司', industry: '27' }],
    ['building', { q: '有限公司', building: 'M2' }],
    ['an unknown building', { q: '有限公司', building: '无此楼' }],
    ['all filters together', { q: '华宇', status: 'active', industry: '39', building: 'M1' }],
    ['descending', { q: '有限公司', dir: 'desc' }],
    ['a later page', { q: '有限公司', page: 3, pageSize: 7 }],
    ['past the last page', { q: '有限公司', page: 9, pageSize: 7 }],
    ['nothing found', { q: '华为技术' }],
    ['no search', { pageSize: 50 }],
    ['no search, filtered', { status: 'active', industry: '39' }],
  ])('%s', async (_case, query) => {
    const sql = await fromSql(query);
    expect(await fromMemory(query)).toEqual(sql);
  });

  it('finds something for the searches above (the comparison is not between two empty lists)', async () => {
    expect((await fromMemory({ q: '星辰' })).total).toBe(18);
    expect((await fromMemory({ q: code(17).slice(9, 16) })).items.map((i) => i.id)).toEqual([ids[17]]);
    expect((await fromMemory({ q: '欧阳翠' })).total).toBe(9);
  });

  it("restricts a tenant officer to the officer's own tenant", async () => {
    const officer = `Bearer ${await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: ids[9] })).id)}`;
    for (const q of ['有限公司', '华宇', '星辰']) {
      const sql = await fromSql({ q }, officer);
      expect(await fromMemory({ q }, officer)).toEqual(sql);
    }
    expect((await fromMemory({ q: '有限公司' }, officer)).items.map((i) => i.id)).toEqual([ids[9]]);
  });

  it('finds a tenant created, edited or moved out through the API at once', async () => {
    const created = await t.http().post(API).set('Authorization', staff).send({
      uscc: code(100), name: '宁波新近登记企业有限公司', legalRepresentative: '司马光', industry: '39', building: 'M1', movedInAt: '2024-05-01',
    }).expect(201);
    expect((await fromMemory({ q: '新近登记' })).items.map((i) => i.id)).toEqual([created.body.id]);
    await t.http().patch(`${API}/${created.body.id}`).set('Authorization', staff).send({ name: '宁波改名之后企业有限公司', legalRepresentative: '诸葛亮' }).expect(200);
    expect((await fromMemory({ q: '新近登记' })).total).toBe(0);
    expect((await fromMemory({ q: '改名之后' })).items.map((i) => i.id)).toEqual([created.body.id]);
    expect((await fromMemory({ q: '诸葛' })).items.map((i) => i.id)).toEqual([created.body.id]);
    await t.http().post(`${API}/${created.body.id}/status`).set('Authorization', staff).send({ status: 'moved_out', reason: '租约到期迁出' }).expect(201);
    expect((await fromMemory({ q: '改名之后', status: 'active' })).total).toBe(0);
    expect((await fromMemory({ q: '改名之后', status: 'moved_out' })).items.map((i) => i.id)).toEqual([created.body.id]);
    expect(await fromMemory({ q: '有限公司', pageSize: 100 })).toEqual(await fromSql({ q: '有限公司', pageSize: 100 }));
  });

  it('picks up a row another process changed (straight in the database) after the refresh interval', async () => {
    const id = ids[20];
    const [row] = (await t.dataSource.query('SELECT uscc, legalRepresentative FROM tenants WHERE id = ?', [id])) as { uscc: string; legalRepresentative: string }[];
    const name = '阿坝背后改名企业有限公司';
    // What another web process's edit writes: the row (with its updatedAt) and the search grams, in one transaction.
    await t.dataSource.transaction(async (m) => {
      await m.query('UPDATE tenants SET name = ?, nameSortKey = ?, updatedAt = CURRENT_TIMESTAMP WHERE id = ?', [name, nameSortKey(name), id]);
      await writeSearchIndex(m, [{ id, name, uscc: row.uscc, legalRepresentative: row.legalRepresentative }]);
    });
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 200));
    expect((await fromMemory({ q: '背后改名' })).items.map((i) => i.id)).toEqual([id]);
    // First in pinyin order (a ba …) now.
    expect((await fromMemory({ q: '有限公司', pageSize: 1 })).items.map((i) => i.id)).toEqual([id]);
    expect(await fromMemory({ q: '有限公司', pageSize: 100 })).toEqual(await fromSql({ q: '有限公司', pageSize: 100 }));
  });

  it('answers a page from the rows it holds, with what the index does not search changed through this process at once', async () => {
    const id = ids[25];
    const { text } = await (await t.http().get(`${API}/${id}`).set('Authorization', staff).expect(200));
    const { name } = JSON.parse(text) as { name: string };
    // Neither the unit nor the phone is searched: only the rows kept beside the index show them.
    await t.http().patch(`${API}/${id}`).set('Authorization', staff).send({ unit: '1208室', contactPhone: '021-55550123' }).expect(200);
    const page = await fromMemory({ q: name });
    expect(page.items).toEqual([expect.objectContaining({ id, unit: '1208室', contactPhone: '021-55550123' })]);
    expect(page).toEqual(await fromSql({ q: name }));
    // A building renamed on its page: the next page names it so.
    const user = await createUser(t, 'park_staff');
    const browser = await login(t, user.email);
    const m2 = await t.dataSource.getRepository(BuildingEntity).findOneByOrFail({ name: 'M2' });
    await browser.agent.post(`/buildings/${m2.id}`).type('form').send({ _csrf: browser.csrf, name: 'M2座' }).expect(303);
    const renamed = await fromMemory({ q: '有限公司', building: 'M2座', pageSize: 100 });
    expect(renamed.total).toBe(12);
    expect(new Set(renamed.items.map((i) => i.building))).toEqual(new Set(['M2座']));
    expect(renamed).toEqual(await fromSql({ q: '有限公司', building: 'M2座', pageSize: 100 }));
  });

  it('reads a column the index does not search that another process changed, after the refresh interval', async () => {
    const id = ids[26];
    await t.dataSource.query("UPDATE tenants SET unit = '背后-0901', updatedAt = CURRENT_TIMESTAMP WHERE id = ?", [id]);
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS + 200));
    const page = await fromMemory({ q: '有限公司', pageSize: 100 });
    expect(page.items.find((i) => i.id === id)?.unit).toBe('背后-0901');
    expect(page).toEqual(await fromSql({ q: '有限公司', pageSize: 100 }));
  });

  it('hands out copies: what a caller does to its page stays out of the next one', async () => {
    const first = await memory.answer({ terms: ['星辰'], onlyTenantId: null, desc: false, skip: 0, take: 5 });
    expect(first?.items.length).toBe(5);
    first!.items[0].building!.name = '改掉的楼';
    for (const item of first!.items) {
      item.name = '改掉了';
      item.building = null;
    }
    const again = await memory.answer({ terms: ['星辰'], onlyTenantId: null, desc: false, skip: 0, take: 5 });
    expect(again!.items.map((i) => i.name)).not.toContain('改掉了');
    expect(again!.items.every((i) => i.building !== null)).toBe(true);
    expect(again!.items.map((i) => i.building!.name)).not.toContain('改掉的楼');
  });

  it('leaves one-character searches and other sorts to the database', async () => {
    for (const query of [{ q: '星' }, { q: '有限公司', sort: 'uscc' }] as Query[]) {
      const answer = jest.spyOn(memory, 'answer');
      try {
        const res = await list(query).expect(200);
        expect(res.body.total).toBeGreaterThan(0);
        const answered = answer.mock.results.length ? await answer.mock.results[0].value : null;
        expect(answered).toBeNull();
      } finally {
        answer.mockRestore();
      }
    }
  });
});
