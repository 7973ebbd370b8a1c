import { jest } from '@jest/globals';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { TenantsQueries } from '../../src/tenants/tenants.queries.js';
import { TenantSearchMemory } from '../../src/tenants/tenant-search.memory.js';
import { USCC_ALPHABET, usccCheckCharacter } from '../../src/tenants/domain/uscc.rules.js';
import { BuildingEntity } from '../../src/tenants/entities/building.entity.js';
import { createTenant, createTestApp, createUser, ensureBuildings, TEST_ACTOR, testDb, tokenFor, type TestApp } from '../support/test-app.js';

const API = '/api/v1/tenants';
let seq = 0;

/** A valid code with letters in it (so case matters), unique within this file. */
function letterUscc(): string {
  const body = `91310115MA1K${String(++seq).padStart(4, '0')}Y`;
  return body + usccCheckCharacter(body);
}

/** The same code with a wrong check character. */
function wrongCheck(code: string): { code: string; expected: string; actual: string } {
  const expected = code[17];
  const actual = USCC_ALPHABET[(USCC_ALPHABET.indexOf(expected) + 1) % USCC_ALPHABET.length];
  return { code: code.slice(0, 17) + actual, expected, actual };
}

/** Full-width forms of ASCII letters and digits, as a Chinese IME types them. */
function fullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uscc: letterUscc(),
    name: `接口测试企业${++seq}有限公司`,
    legalRepresentative: '张伟',
    industry: '电子信息',
    building: 'A1',
    unit: '1203',
    movedInAt: '2024-03-01',
    ...overrides,
  };
}

describe('tenant registry API', () => {
  let t: TestApp;
  let staff: string;
  let staffEmail: string;
  let admin: string;
  let regulator: string;

  beforeAll(async () => {
    t = await createTestApp();
    const s = await createUser(t, 'park_staff');
    staffEmail = s.email;
    staff = `Bearer ${await tokenFor(t, s.id)}`;
    admin = `Bearer ${await tokenFor(t, (await createUser(t, 'admin')).id)}`;
    regulator = `Bearer ${await tokenFor(t, (await createUser(t, 'regulator')).id)}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (auth: string, payload: unknown) => t.http().post(API).set('Authorization', auth).send(payload as object);
  const auditOf = (id: number) =>
    t.dataSource.getRepository(AuditEntryEntity).find({ where: { entityType: 'tenant', entityId: String(id) }, order: { id: 'ASC' } });
  const count = () => t.dataSource.getRepository(TenantEntity).count();

  describe('POST /api/v1/tenants', () => {
    it('creates a tenant for park staff and answers with the tenant', async () => {
      const payload = body({ contactPhone: '021-5555 0101' });
      const res = await post(staff, payload).expect(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        uscc: payload.uscc,
        name: payload.name,
        legalRepresentative: '张伟',
        industry: '39',
        industryName: { zh: '计算机、通信和其他电子设备制造业', en: 'Manufacture of computers, communication and other electronic equipment' },
        building: 'A1',
        unit: '1203',
        movedInAt: '2024-03-01',
        status: 'active',
        statusReason: null,
        previousStatus: null,
        usccOverrideReason: null,
        contactPhone: '021-5555 0101',
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      const stored = await t.get(TenantsService).get(res.body.id);
      expect(stored.uscc).toBe(payload.uscc);
      await t.http().get(`${API}/${res.body.id}`).set('Authorization', staff).expect(200, res.body);
    });

    it('lets an admin create too (an admin can do what park staff can)', async () => {
      await post(admin, body()).expect(201);
    });

    it('normalises the input: spaces, lower case and full-width characters', async () => {
      const canonical = letterUscc();
      const typed = `  ${fullWidth(canonical.slice(0, 8))} ${canonical.slice(8, 12).toLowerCase()}\u3000${fullWidth(canonical.slice(12).toLowerCase())} `;
      const res = await post(staff, body({ uscc: typed, name: '  前后有空格的企业  ', industry: ' 生物医药 ' })).expect(201);
      expect(res.body.uscc).toBe(canonical);
      expect(res.body.name).toBe('前后有空格的企业');
      expect(res.body.industry).toBe('27');
      expect((await t.get(TenantsService).findByUscc(canonical))?.id).toBe(res.body.id);
    });

    it.each([
      ['39', '39'], ['3', '03'], ['医药制造业', '27'], ['Software and information technology services', '65'], ['软件和信息服务', '65'],
    ])('takes the industry %j as division %s', async (industry, code) => {
      expect((await post(staff, body({ industry })).expect(201)).body.industry).toBe(code);
    });

    it.each([['98'], ['制造业'], ['电子']])('refuses the industry %j under its field, creating nothing', async (industry) => {
      const before = await count();
      const res = await post(staff, body({ industry })).expect(400);
      expect(Object.keys(res.body.errors)).toEqual(['industry']);
      expect(res.body.errors.industry[0].code).toBe('unknownIndustry');
      expect(await count()).toBe(before);
    });

    it('refuses a building not in the list, or retired, under its field, creating nothing', async () => {
      const before = await count();
      const unknown = await post(staff, body({ building: '不存在的楼' })).expect(400);
      expect(unknown.body.errors).toEqual({ building: [{ code: 'unknownBuilding', message: expect.stringContaining('不存在的楼') }] });
      await ensureBuildings(t, ['旧楼']);
      await t.dataSource.getRepository(BuildingEntity).update({ name: '旧楼' }, { retired: true });
      expect((await post(staff, body({ building: '旧楼' })).expect(400)).body.errors.building[0].code).toBe('unknownBuilding');
      expect(await count()).toBe(before);
    });

    it('refuses a wrong check character and names the expected one (zh-CN by default)', async () => {
      const { code, expected, actual } = wrongCheck(letterUscc());
      const before = await count();
      const res = await post(staff, body({ uscc: code })).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'validation' });
      expect(Object.keys(res.body.errors)).toEqual(['uscc']);
      expect(res.body.errors.uscc).toEqual([{ code: 'usccCheck', message: `校验码错误：按 GB 32100 应为“${expected}”，实际为“${actual}”。如确为早期试点代码，请填写例外理由。` }]);
      expect(await count()).toBe(before);
    });

    it('answers in English when the pt_lang cookie says so', async () => {
      const { code, expected, actual } = wrongCheck(letterUscc());
      const res = await post(staff, body({ uscc: code })).set('Cookie', 'pt_lang=en').expect(400);
      expect(res.body.message).toBe('Please correct the marked fields.');
      expect(res.body.errors.uscc[0].code).toBe('usccCheck');
      expect(res.body.errors.uscc[0].message).toContain(`GB 32100 expects "${expected}", found "${actual}"`);
    });

    it('answers in English for ?lang=en', async () => {
      const { code, expected } = wrongCheck(letterUscc());
      const res = await t.http().post(`${API}?lang=en`).set('Authorization', staff).send(body({ uscc: code })).expect(400);
      expect(res.body.errors.uscc[0].message).toContain(`expects "${expected}"`);
    });

    it('accepts a wrong check character with an override reason, keeps the reason and audits the override', async () => {
      const { code } = wrongCheck(letterUscc());
      const reason = '1998 年试点地区颁发的早期代码，已核对营业执照原件';
      const res = await post(staff, body({ uscc: code, usccOverrideReason: reason })).expect(201);
      expect(res.body).toMatchObject({ uscc: code, usccOverrideReason: reason });
      expect((await t.get(TenantsService).get(res.body.id)).usccOverrideReason).toBe(reason);
      const audit = await auditOf(res.body.id);
      expect(audit.map((a) => a.action)).toEqual(['tenant.create.usccOverride']);
      expect(audit[0].actorLabel).toBe(staffEmail);
      expect(JSON.parse(audit[0].after as string)).toMatchObject({ uscc: code, usccOverrideReason: reason });
    });

    it('keeps no override reason for a code that passes the check', async () => {
      const res = await post(staff, body({ usccOverrideReason: '不需要的例外理由' })).expect(201);
      expect(res.body.usccOverrideReason).toBeNull();
      expect((await auditOf(res.body.id)).map((a) => a.action)).toEqual(['tenant.create']);
    });

    it.each([
      ['too short', (c: string) => c.slice(0, 17), 'usccLength', { length: 17 }],
      ['too long', (c: string) => `${c}1`, 'usccLength', { length: 19 }],
      ['an I in the check position', (c: string) => `${c.slice(0, 17)}I`, 'usccAlphabet', { position: 18 }],
      ['an O in the first position', (c: string) => `O${c.slice(1)}`, 'usccAlphabet', { position: 1 }],
      ['a Z inside', (c: string) => `${c.slice(0, 9)}Z${c.slice(10)}`, 'usccAlphabet', { position: 10 }],
      ['punctuation', (c: string) => `${c.slice(0, 8)}-${c.slice(9)}`, 'usccAlphabet', { position: 9 }],
    ])('an override reason does not excuse a code %s', async (_name, mangle, code, params) => {
      const before = await count();
      const res = await post(staff, body({ uscc: mangle(letterUscc()), usccOverrideReason: '早期试点代码，已核对原件' })).expect(400);
      expect(res.body.errors.uscc).toHaveLength(1);
      expect(res.body.errors.uscc[0].code).toBe(code);
      for (const value of Object.values(params)) expect(res.body.errors.uscc[0].message).toContain(String(value));
      expect(await count()).toBe(before);
    });

    it('refuses an override reason that says nothing', async () => {
      const res = await post(staff, body({ uscc: wrongCheck(letterUscc()).code, usccOverrideReason: '  ab ' })).expect(400);
      expect(res.body.errors.usccOverrideReason[0]).toMatchObject({ code: 'minLength', message: '至少 5 个字符。' });
    });

    it('refuses a duplicate code with 409, whatever its spelling', async () => {
      const payload = body();
      const first = await post(staff, payload).expect(201);
      const again = await post(staff, body({ uscc: payload.uscc })).expect(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'tenants.duplicateUscc' });
      expect(again.body.message).toContain(payload.uscc as string);
      expect(again.body.errors.uscc[0].code).toBe('duplicateUscc');
      const respelt = ` ${fullWidth((payload.uscc as string).toLowerCase())} `;
      await post(staff, body({ uscc: respelt })).expect(409);
      expect(await t.dataSource.getRepository(TenantEntity).countBy({ uscc: payload.uscc as string })).toBe(1);
      expect(first.body.uscc).toBe(payload.uscc);
    });

    it.each(['isAdmin', 'status', 'id', 'createdAt'])('refuses the unknown field %s', async (field) => {
      const res = await post(staff, body({ [field]: field === 'status' ? 'moved_out' : 1 })).expect(400);
      expect(res.body.errors[field][0].code).toBe('unknownField');
      expect(res.body.errors[field][0].message).toBe('不接受此字段。');
    });

    it('reports every missing required field under its own name, as "required"', async () => {
      const res = await post(staff, {}).expect(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['building', 'industry', 'legalRepresentative', 'movedInAt', 'name', 'uscc']);
      for (const field of Object.keys(res.body.errors)) {
        expect([field, res.body.errors[field]]).toEqual([field, [{ code: 'required', message: '此项必填。' }]]);
      }
    });

    it('reports only the missing field when the rest is fine', async () => {
      const { name: _omit, ...rest } = body();
      const res = await post(staff, rest).expect(400);
      expect(Object.keys(res.body.errors)).toEqual(['name']);
    });

    it.each([
      ['2024-02-30', 400],
      ['2023-02-29', 400],
      ['2024-13-01', 400],
      ['01/03/2024', 400],
      ['2024-03-01T00:00:00Z', 400],
      ['2024-02-29', 201],
    ])('movedInAt %s → %i', async (movedInAt, status) => {
      const res = await post(staff, body({ movedInAt })).expect(status);
      if (status === 400) expect(res.body.errors.movedInAt[0].code).toBe('date');
      else expect(res.body.movedInAt).toBe(movedInAt);
    });

    it('refuses a name over 200 characters, naming the limit', async () => {
      const res = await post(staff, body({ name: '企'.repeat(201) })).expect(400);
      expect(res.body.errors.name).toEqual([{ code: 'maxLength', message: '最多 200 个字符。' }]);
    });

    it('refuses wrongly typed values without a 500', async () => {
      const res = await post(staff, body({ uscc: 914403001922038216, name: ['a'], building: { x: 1 } })).expect(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['building', 'name', 'uscc']);
    });

    it('answers a malformed JSON body with 400, not 500', async () => {
      const before = await count();
      const res = await t.http().post(API).set('Authorization', staff).set('Content-Type', 'application/json').send('{"uscc": "9131", "name": ').expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'malformedBody', message: '请求内容格式错误。' });
      expect(await count()).toBe(before);
    });

    it.each(['null', '"a string"', '[1, 2]', '42'])('answers the JSON body %s with 400', async (payload) => {
      const res = await t.http().post(API).set('Authorization', staff).set('Content-Type', 'application/json').send(payload);
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    });

    it('answers a body of a type no parser takes with 415', async () => {
      const res = await t.http().post(API).set('Authorization', staff).set('Content-Type', 'text/plain').send('uscc=1');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'unsupportedBody' });
    });

    it('answers a JSON body over 1 MB with 413', async () => {
      const before = await count();
      const res = await post(staff, body({ name: 'x'.repeat(1_100_000) })).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'tooLarge' });
      expect(res.body.message).toContain('1 MB');
      expect(await count()).toBe(before);
    });

    it('parses a body just under 1 MB and validates it (400, not 413)', async () => {
      const res = await post(staff, body({ name: 'x'.repeat(1_000_000) })).expect(400);
      expect(res.body.errors.name[0].code).toBe('maxLength');
    });

    it('is for park staff only', async () => {
      const tenant = await createTenant(t);
      const officer = `Bearer ${await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: tenant.id })).id)}`;
      const evaluator = `Bearer ${await tokenFor(t, (await createUser(t, 'evaluator')).id)}`;
      const before = await count();
      for (const auth of [regulator, officer, evaluator]) {
        const res = await post(auth, body()).expect(403);
        expect(res.body.error).toBe('forbidden');
      }
      await t.http().post(API).send(body()).expect(401);
      await post('Bearer pt_not-a-real-token', body()).expect(401);
      expect(await count()).toBe(before);
    });
  });

  describe('GET /api/v1/tenants', () => {
    // Twelve tenants whose names and codes share prefixes no other test uses.
    const PREFIX = '列表企业';
    const CODE_PREFIX = '9132050077';
    const listed: TenantEntity[] = [];

    beforeAll(async () => {
      for (let i = 1; i <= 12; i++) {
        const codeBody = `${CODE_PREFIX}${String(i).padStart(6, '0')}A`;
        const tenant = await createTenant(t, {
          uscc: codeBody + usccCheckCharacter(codeBody),
          name: `${PREFIX}${String(i).padStart(2, '0')}`,
          industry: i % 3 === 0 ? '27' : '39',
          building: i % 2 === 0 ? 'L2' : 'L1',
          movedInAt: `2023-${String(13 - i).padStart(2, '0')}-15`,
        });
        listed.push(tenant);
      }
      const tenants = t.get(TenantsService);
      await tenants.changeStatus(listed[3].id, { status: 'suspended', reason: '欠缴物业费' }, TEST_ACTOR);
      await tenants.changeStatus(listed[7].id, { status: 'moved_out', reason: '租约到期迁出' }, TEST_ACTOR);
    });

    const list = (query: Record<string, string | number>, auth = staff) => t.http().get(API).query(query).set('Authorization', auth);
    const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name);

    it('finds by name, sorted by name, with the total', async () => {
      const res = await list({ q: PREFIX }).expect(200);
      expect(res.body).toMatchObject({ total: 12, page: 1, pageSize: 20 });
      expect(names(res)).toEqual(listed.map((l) => l.name));
    });

    it('finds any part of a name (infix search), one character or more', async () => {
      expect((await list({ q: '企业01' }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([listed[0].id]);
      expect((await list({ q: '表企' }).expect(200)).body.total).toBe(12);
      expect(names(await list({ q: '12' }).expect(200))).toContain(listed[11].name);
      expect((await list({ q: '列表企业013' }).expect(200)).body.total).toBe(0);
    });

    it('finds by a part of the legal representative, and one CJK character', async () => {
      const res = await post(staff, body({ name: '法人检索有限公司', legalRepresentative: '欧阳翠花' })).expect(201);
      expect((await list({ q: '阳翠' }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([res.body.id]);
      expect((await list({ q: '翠' }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([res.body.id]);
      expect((await list({ q: '欧阳花' }).expect(200)).body.total).toBe(0);
    });

    it('keeps search current on edit: the old name is gone, the new one found', async () => {
      const tenant = await createTenant(t, { name: '旧名称检索有限公司' });
      await t.http().patch(`${API}/${tenant.id}`).set('Authorization', staff).send({ name: '新名称检索有限公司', legalRepresentative: '司马懿' }).expect(200);
      expect((await list({ q: '旧名称' }).expect(200)).body.total).toBe(0);
      expect((await list({ q: '新名称' }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([tenant.id]);
      expect((await list({ q: '司马' }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([tenant.id]);
    });

    it('sorts names in pinyin order', async () => {
      const made = [];
      for (const name of ['拼序中科', '拼序阿里', '拼序博远', '拼序华宇', '拼序黄河']) made.push(await createTenant(t, { name }));
      expect(names(await list({ q: '拼序' }).expect(200))).toEqual(['拼序阿里', '拼序博远', '拼序华宇', '拼序黄河', '拼序中科']);
      expect(names(await list({ q: '拼序', dir: 'desc' }).expect(200))).toEqual(['拼序中科', '拼序黄河', '拼序华宇', '拼序博远', '拼序阿里']);
    });

    it('finds by USCC prefix, whatever its spelling', async () => {
      expect((await list({ q: CODE_PREFIX }).expect(200)).body.total).toBe(12);
      expect((await list({ q: `${CODE_PREFIX}000001` }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([listed[0].id]);
      expect((await list({ q: ` ${fullWidth(CODE_PREFIX)} ` }).expect(200)).body.total).toBe(12);
      expect((await list({ q: listed[4].uscc.toLowerCase() }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([listed[4].id]);
      // A fragment from the middle of the code.
      expect((await list({ q: listed[4].uscc.slice(8, 17) }).expect(200)).body.items.map((i: { id: number }) => i.id)).toEqual([listed[4].id]);
    });

    it('treats LIKE wildcards in q as plain characters', async () => {
      for (const q of ['%', '_', `${PREFIX.slice(0, 2)}%`, '!']) expect([q, (await list({ q }).expect(200)).body.total]).toEqual([q, 0]);
    });

    it('filters by status, industry and building, alone and together', async () => {
      expect(names(await list({ q: PREFIX, status: 'suspended' }).expect(200))).toEqual([listed[3].name]);
      expect(names(await list({ q: PREFIX, status: 'moved_out' }).expect(200))).toEqual([listed[7].name]);
      expect((await list({ q: PREFIX, status: 'active' }).expect(200)).body.total).toBe(10);
      expect(names(await list({ q: PREFIX, industry: '27' }).expect(200))).toEqual([listed[2], listed[5], listed[8], listed[11]].map((l) => l.name));
      expect((await list({ q: PREFIX, building: 'L2' }).expect(200)).body.total).toBe(6);
      expect(names(await list({ q: PREFIX, industry: '27', building: 'L2' }).expect(200))).toEqual([listed[5], listed[11]].map((l) => l.name));
      expect((await list({ industry: '27', building: 'L2', status: 'suspended' }).expect(200)).body.total).toBe(0);
    });

    it('sorts by any sortable column in either direction', async () => {
      expect(names(await list({ q: PREFIX, dir: 'desc' }).expect(200))).toEqual(listed.map((l) => l.name).reverse());
      // movedInAt runs backwards against the names.
      expect(names(await list({ q: PREFIX, sort: 'movedInAt' }).expect(200))).toEqual(listed.map((l) => l.name).reverse());
      expect(names(await list({ q: PREFIX, sort: 'movedInAt', dir: 'desc' }).expect(200))).toEqual(listed.map((l) => l.name));
      expect(names(await list({ q: PREFIX, sort: 'uscc' }).expect(200))).toEqual(listed.map((l) => l.name));
      const byBuilding = await list({ q: PREFIX, sort: 'building', pageSize: 100 }).expect(200);
      expect(byBuilding.body.items.map((i: { building: string }) => i.building)).toEqual([...Array(6).fill('L1'), ...Array(6).fill('L2')]);
    });

    it('pages through the results', async () => {
      const page1 = await list({ q: PREFIX, pageSize: 5 }).expect(200);
      const page3 = await list({ q: PREFIX, pageSize: 5, page: 3 }).expect(200);
      const page4 = await list({ q: PREFIX, pageSize: 5, page: 4 }).expect(200);
      expect(page1.body).toMatchObject({ total: 12, page: 1, pageSize: 5 });
      expect(names(page1)).toEqual(listed.slice(0, 5).map((l) => l.name));
      expect(page3.body).toMatchObject({ total: 12, page: 3, pageSize: 5 });
      expect(names(page3)).toEqual(listed.slice(10).map((l) => l.name));
      expect(page4.body).toMatchObject({ total: 12, items: [] });
      expect((await list({ q: PREFIX, pageSize: 100 }).expect(200)).body.items).toHaveLength(12);
    });

    it('pages a broad search the same whether it walks the name order or gathers the matches first', async () => {
      // 40 of the registry's tenants share a word: with pages of 1 the first pages walk the name index probing grams
      // (TenantsService.list, walksSortOrder), later pages and one page of 100 gather the matches; all must agree.
      const broad: TenantEntity[] = [];
      for (let i = 0; i < 40; i++) {
        broad.push(await createTenant(t, { name: `${['甲', '乙', '丙', '丁'][i % 4]}宽泛词${String(39 - i).padStart(2, '0')}` }));
      }
      await t.get(TenantsService).changeStatus(broad[6].id, { status: 'suspended', reason: '欠缴物业费' }, TEST_ACTOR);
      // The SQL path's plans: the in-memory index (which answers this search once built) stays out of it.
      const memory = jest.spyOn(t.get(TenantSearchMemory), 'answer').mockResolvedValue(null);
      const queries = t.get(TenantsQueries);
      const plans = jest.spyOn(queries, 'filter');
      for (const extra of [{}, { dir: 'desc' }, { status: 'active' }, { dir: 'desc', status: 'active' }] as Record<string, string>[]) {
        // The plan is judged from totals already counted: the search's (this first page) and the same filters' without it.
        await list({ pageSize: 1, ...extra }).expect(200);
        const all = await list({ q: '宽泛', pageSize: 100, ...extra }).expect(200);
        expect(all.body.total).toBe('status' in extra ? 39 : 40);
        const paged: number[] = [];
        for (let page = 1; page <= all.body.total; page++) {
          const res = await list({ q: '宽泛', pageSize: 1, page, ...extra }).expect(200);
          expect(res.body.total).toBe(all.body.total);
          paged.push(...res.body.items.map((i: { id: number }) => i.id));
        }
        expect(paged).toEqual(all.body.items.map((i: { id: number }) => i.id));
      }
      const used = new Set(plans.mock.calls.map((c) => c[3] ?? 'candidates'));
      plans.mockRestore();
      memory.mockRestore();
      expect([...used].sort()).toEqual(['candidates', 'probe']);
      // Pinyin order: 丙 (bing) < 丁 (ding) < 甲 (jia) < 乙 (yi).
      expect(names(await list({ q: '宽泛词', pageSize: 2 }).expect(200))).toEqual(['丙宽泛词01', '丙宽泛词05']);
    });

    it.each([
      [{ pageSize: 101 }, 'pageSize', 'max'],
      [{ pageSize: 0 }, 'pageSize', 'min'],
      [{ page: 0 }, 'page', 'min'],
      [{ page: 'two' }, 'page', 'integer'],
      [{ sort: 'passwordHash' }, 'sort', 'oneOf'],
      [{ dir: 'sideways' }, 'dir', 'oneOf'],
      [{ status: 'deleted' }, 'status', 'oneOf'],
      [{ color: 'red' }, 'color', 'unknownField'],
    ])('refuses %j with 400', async (query, field, code) => {
      const res = await list(query as Record<string, string | number>).expect(400);
      expect(res.body.errors[field].map((p: { code: string }) => p.code)).toContain(code);
    });

    it('names the page size limit', async () => {
      const res = await list({ pageSize: 101 }).expect(400);
      expect(res.body.errors.pageSize).toContainEqual({ code: 'max', message: '不能大于 100。' });
    });

    it('lets a regulator read the list', async () => {
      expect((await list({ q: PREFIX }, regulator).expect(200)).body.total).toBe(12);
    });

    it("shows a tenant officer only the officer's own tenant", async () => {
      const officer = await createUser(t, 'tenant_officer', { tenantId: listed[2].id });
      const res = await list({ q: PREFIX }, `Bearer ${await tokenFor(t, officer.id)}`).expect(200);
      expect(res.body).toMatchObject({ total: 1 });
      expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([listed[2].id]);
    });

    it('is closed to evaluators and to anonymous callers', async () => {
      const evaluator = `Bearer ${await tokenFor(t, (await createUser(t, 'evaluator')).id)}`;
      await list({}, evaluator).expect(403);
      await t.http().get(API).expect(401);
    });
  });

  describe('GET and PATCH /api/v1/tenants/:id', () => {
    const patch = (id: number | string, payload: unknown, auth = staff) => t.http().patch(`${API}/${id}`).set('Authorization', auth).send(payload as object);

    it('reads one tenant', async () => {
      const tenant = await createTenant(t, { name: '单个读取有限公司' });
      const res = await t.http().get(`${API}/${tenant.id}`).set('Authorization', regulator).expect(200);
      expect(res.body).toMatchObject({ id: tenant.id, uscc: tenant.uscc, name: '单个读取有限公司', status: 'active', movedInAt: '2024-01-01' });
    });

    it('answers a non-numeric id with 400 and a missing one with 404', async () => {
      expect((await t.http().get(`${API}/abc`).set('Authorization', staff).expect(400)).body.statusCode).toBe(400);
      await t.http().get(`${API}/1.5`).set('Authorization', staff).expect(400);
      const missing = await t.http().get(`${API}/987654`).set('Authorization', staff).expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, message: '找不到该企业。' });
      await patch('abc', { name: 'x' }).expect(400);
      await patch(987654, { name: '不存在的企业' }).expect(404);
    });

    it("hides other tenants from a tenant officer (404), not their own", async () => {
      const own = await createTenant(t);
      const other = await createTenant(t);
      const officer = `Bearer ${await tokenFor(t, (await createUser(t, 'tenant_officer', { tenantId: own.id })).id)}`;
      await t.http().get(`${API}/${own.id}`).set('Authorization', officer).expect(200);
      const res = await t.http().get(`${API}/${other.id}`).set('Authorization', officer).expect(404);
      expect(res.body.message).toBe((await t.http().get(`${API}/987654`).set('Authorization', officer)).body.message);
      await patch(own.id, { name: '专员改名' }, officer).expect(403);
    });

    it('changes fields, keeps the rest, and audits before and after', async () => {
      const tenant = await createTenant(t, { name: '改名前有限公司', building: 'B1' });
      const res = await patch(tenant.id, { name: ' 改名后有限公司 ', unit: '0801' }).expect(200);
      expect(res.body).toMatchObject({ id: tenant.id, uscc: tenant.uscc, name: '改名后有限公司', unit: '0801', building: 'B1', movedInAt: '2024-01-01' });
      const audit = (await auditOf(tenant.id)).at(-1)!;
      expect(audit.action).toBe('tenant.update');
      expect(audit.actorLabel).toBe(staffEmail);
      expect(JSON.parse(audit.before as string)).toMatchObject({ name: '改名前有限公司', unit: '' });
      expect(JSON.parse(audit.after as string)).toMatchObject({ name: '改名后有限公司', unit: '0801' });
    });

    it('corrects a USCC, normalised, and refuses one that belongs to another tenant (409)', async () => {
      const a = await createTenant(t);
      const b = await createTenant(t);
      const fresh = letterUscc();
      const res = await patch(a.id, { uscc: fresh.toLowerCase() }).expect(200);
      expect(res.body.uscc).toBe(fresh);
      const clash = await patch(b.id, { uscc: ` ${fresh.toLowerCase()} ` }).expect(409);
      expect(clash.body.errors.uscc[0].code).toBe('duplicateUscc');
      expect((await t.get(TenantsService).get(b.id)).uscc).toBe(b.uscc);
      // Sending a tenant its own code is not a conflict.
      await patch(a.id, { uscc: fresh, name: '自身代码不冲突' }).expect(200);
    });

    it('applies the check to a corrected USCC, with the same override rules', async () => {
      const tenant = await createTenant(t);
      const { code, expected } = wrongCheck(letterUscc());
      const refused = await patch(tenant.id, { uscc: code }).expect(400);
      expect(refused.body.errors.uscc[0].code).toBe('usccCheck');
      expect(refused.body.errors.uscc[0].message).toContain(`“${expected}”`);
      await patch(tenant.id, { uscc: code.slice(0, 17), usccOverrideReason: '早期试点代码，已核对' }).expect(400);
      const accepted = await patch(tenant.id, { uscc: code, usccOverrideReason: '早期试点代码，已核对原件' }).expect(200);
      expect(accepted.body).toMatchObject({ uscc: code, usccOverrideReason: '早期试点代码，已核对原件' });
      expect((await auditOf(tenant.id)).at(-1)!.action).toBe('tenant.update.usccOverride');
    });

    it('refuses fields that cannot be patched', async () => {
      const tenant = await createTenant(t);
      for (const field of ['status', 'statusReason', 'id', 'createdAt']) {
        const res = await patch(tenant.id, { [field]: field === 'status' ? 'moved_out' : 'x' }).expect(400);
        expect([field, res.body.errors[field]?.[0]?.code]).toEqual([field, 'unknownField']);
      }
      expect((await t.get(TenantsService).get(tenant.id)).status).toBe('active');
    });

    it('refuses an invalid value in a patch', async () => {
      const tenant = await createTenant(t);
      expect((await patch(tenant.id, { name: '' }).expect(400)).body.errors.name[0].code).toBe('minLength');
      expect((await patch(tenant.id, { movedInAt: '2024-02-30' }).expect(400)).body.errors.movedInAt[0].code).toBe('date');
    });

    it('is for park staff only', async () => {
      const tenant = await createTenant(t, { name: '只读企业有限公司' });
      await patch(tenant.id, { name: '监管改名' }, regulator).expect(403);
      expect((await t.get(TenantsService).get(tenant.id)).name).toBe('只读企业有限公司');
    });

    it('reads movedInAt back as the calendar date it is, whatever the server time zone', async () => {
      const tenant = await createTenant(t, { movedInAt: '2024-03-01' });
      const [row] = await t.dataSource.query(`SELECT movedInAt FROM tenants WHERE id = ${Number(tenant.id)}`);
      // A DATE handed over as a JS Date at UTC midnight turns into 2024-02-29 on a server west of UTC.
      expect(row.movedInAt).toBe('2024-03-01');
      expect((await t.http().get(`${API}/${tenant.id}`).set('Authorization', staff).expect(200)).body.movedInAt).toBe('2024-03-01');
    });
  });

  describe('POST /api/v1/tenants/:id/status', () => {
    const status = (id: number | string, payload: unknown, auth = staff) => t.http().post(`${API}/${id}/status`).set('Authorization', auth).send(payload as object);

    it('suspends, reactivates and moves out, each with its reason and audit entry', async () => {
      const tenant = await createTenant(t);
      expect((await status(tenant.id, { status: 'suspended', reason: '欠缴物业费三个月' }).expect(201)).body).toMatchObject({ status: 'suspended', statusReason: '欠缴物业费三个月' });
      expect((await status(tenant.id, { status: 'active', reason: '已补缴' }).expect(201)).body).toMatchObject({ status: 'active', statusReason: '已补缴' });
      expect((await status(tenant.id, { status: 'moved_out', reason: '租约到期' }).expect(201)).body).toMatchObject({ status: 'moved_out', statusReason: '租约到期', previousStatus: 'active' });
      const audit = (await auditOf(tenant.id)).filter((a) => a.action.startsWith('tenant.status.'));
      expect(audit.map((a) => a.action)).toEqual(['tenant.status.suspended', 'tenant.status.active', 'tenant.status.moved_out']);
      expect(audit.map((a) => JSON.parse(a.before as string).status)).toEqual(['active', 'suspended', 'active']);
      expect(audit.map((a) => JSON.parse(a.after as string).status)).toEqual(['suspended', 'active', 'moved_out']);
    });

    it('keeps a moved-out tenant moved out (409)', async () => {
      const tenant = await createTenant(t);
      await status(tenant.id, { status: 'moved_out', reason: '迁出园区' }).expect(201);
      for (const to of ['active', 'suspended', 'moved_out']) {
        const res = await status(tenant.id, { status: to, reason: '重新入驻' }).expect(409);
        expect(res.body.errors.status[0].code).toBe('statusTransition');
      }
      expect((await t.get(TenantsService).get(tenant.id)).status).toBe('moved_out');
    });

    it('refuses a change to the status the tenant already has (409)', async () => {
      const tenant = await createTenant(t);
      await status(tenant.id, { status: 'active', reason: '无变化' }).expect(409);
    });

    it('needs a reason (400) and a known status (400)', async () => {
      const tenant = await createTenant(t);
      expect((await status(tenant.id, { status: 'suspended' }).expect(400)).body.errors).toHaveProperty('reason');
      expect((await status(tenant.id, { status: 'suspended', reason: '   ' }).expect(400)).body.errors).toHaveProperty('reason');
      expect((await status(tenant.id, { status: 'deleted', reason: '删除' }).expect(400)).body.errors.status[0].code).toBe('oneOf');
      expect((await t.get(TenantsService).get(tenant.id)).status).toBe('active');
    });

    it('answers 404 for a missing tenant and 403 for a regulator', async () => {
      await status(987654, { status: 'suspended', reason: '不存在' }).expect(404);
      const tenant = await createTenant(t);
      await status(tenant.id, { status: 'suspended', reason: '监管部门要求' }, regulator).expect(403);
    });
  });

  describe('nothing is ever hard-deleted', () => {
    it('has no DELETE route', async () => {
      const tenant = await createTenant(t);
      const res = await t.http().delete(`${API}/${tenant.id}`).set('Authorization', admin).expect(404);
      expect(res.body.statusCode).toBe(404);
      await t.http().delete(API).set('Authorization', admin).expect(404);
      expect(await t.get(TenantsService).get(tenant.id)).toMatchObject({ id: tenant.id, status: 'active' });
    });
  });

  it(`runs against ${testDb}`, () => {
    expect(t.config.DB_TYPE === 'sqlite').toBe(testDb === 'sqlite');
  });
});
