import { I18nService } from '../../src/i18n/i18n.service.js';
import type { ListEndKind, ListEntryStatus, ListKind } from '../../src/lists/domain/list-kinds.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import { ListRuleEntity } from '../../src/lists/entities/list-rule.entity.js';
import { PUBLIC_ENTRY_FIELDS } from '../../src/lists/public/public-disclosure.rules.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { bearer, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type TestApp } from '../support/test-app.js';

/**
 * Issue 13: the public disclosure pages. Anyone, without logging in, reads the red and black lists
 * (name, USCC, list, legal basis, start and planned end — nothing more; only entries active today),
 * the inspection results page, and how the scheme works; the same rows as JSON. Entries are written
 * straight into list_entries here (the lists' own flows have their own specs), in every state an
 * entry can be in, so the test proves exactly which ones are shown.
 */
describe('lists: public disclosure pages', () => {
  let t: TestApp;
  let today: string;
  let proposerId: number;
  let ruleIds: Record<ListKind, number>;
  const stamp = Date.now();
  const tenants: Record<string, TenantEntity> = {};
  const SECRET_REASON = `保密理由${stamp}`;
  const SECRET_RECORD = `处罚决定书${stamp}号`;

  const days = (from: string, n: number) => new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  async function entry(tenant: TenantEntity, list: ListKind, status: ListEntryStatus, dates: { startsOn?: string | null; plannedEndOn?: string | null; endedOn?: string | null; endKind?: ListEndKind | null } = {}, legalBasis = `依据${list}${stamp}`) {
    const now = new Date();
    return t.dataSource.getRepository(ListEntryEntity).save({
      tenantId: tenant.id, list, status, criterion: 'other', reasons: SECRET_REASON, legalBasis,
      records: [{ type: 'finding', id: 1, label: SECRET_RECORD }], listRuleId: ruleIds[list], proposedById: proposerId, proposedAt: now,
      noticeSentAt: null, objectionClosesOn: null, decidedById: status === 'proposed' ? null : proposerId, decidedAt: status === 'proposed' ? null : now,
      decisionReason: status === 'proposed' ? null : `决定理由${stamp}`, startsOn: dates.startsOn ?? null, plannedEndOn: dates.plannedEndOn ?? null, earliestExitOn: null,
      endedOn: dates.endedOn ?? null, endKind: dates.endKind ?? null, endReason: null, endedById: null, createdAt: now, updatedAt: now,
    } as ListEntryEntity);
  }

  /** The body rows of the public table: the text of each cell. */
  function tableRows(html: string): string[][] {
    const table = /<table[^>]*id="public-list"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    return [...table.matchAll(/<tr class="public-entry">([\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').replace(/&#x3D;/g, '=').trim()));
  }
  const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  const names = (html: string) => tableRows(html).map((r) => r[0]);

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    proposerId = (await createUser(t, 'park_staff')).id;
    const rules = await t.dataSource.getRepository(ListRuleEntity).find();
    ruleIds = Object.fromEntries(rules.map((r) => [r.list, r.id])) as Record<ListKind, number>;
    const make = async (key: string) => {
      tenants[key] = await createTenant(t, { name: `公示${key}${stamp}有限公司` });
    };
    for (const key of ['redOld', 'redNew', 'redRepaired', 'redExpired', 'redFuture', 'redPastEnd', 'blackActive', 'blackProposed', 'blackRejected',
      'blackWithdrawn', 'blackRepaired', 'blackEarly', 'watchActive']) await make(key);
    const start = days(today, -100);
    const end = days(today, 265);
    await entry(tenants.redOld, 'red', 'active', { startsOn: days(today, -200), plannedEndOn: days(today, 165) });
    await entry(tenants.redNew, 'red', 'active', { startsOn: today, plannedEndOn: days(today, 365) }, '《园区管理公约》诚信主体评定办法');
    await entry(tenants.redRepaired, 'red', 'ended', { startsOn: start, plannedEndOn: end, endedOn: days(today, -10), endKind: 'early_exit' });
    await entry(tenants.redExpired, 'red', 'ended', { startsOn: days(today, -400), plannedEndOn: days(today, -35), endedOn: days(today, -35), endKind: 'expired' });
    await entry(tenants.redFuture, 'red', 'active', { startsOn: days(today, 1), plannedEndOn: days(today, 366) });
    // Past its planned end but not yet closed by the daily job: already off the public list.
    await entry(tenants.redPastEnd, 'red', 'active', { startsOn: days(today, -365), plannedEndOn: today });
    await entry(tenants.blackActive, 'black', 'active', { startsOn: start, plannedEndOn: days(today, 1000) }, '《市场监督管理严重违法失信名单管理办法》第二条');
    await entry(tenants.blackProposed, 'black', 'proposed');
    await entry(tenants.blackRejected, 'black', 'rejected');
    await entry(tenants.blackWithdrawn, 'black', 'withdrawn');
    await entry(tenants.blackRepaired, 'black', 'ended', { startsOn: days(today, -500), plannedEndOn: days(today, 600), endedOn: days(today, -1), endKind: 'repaired' });
    await entry(tenants.blackEarly, 'black', 'ended', { startsOn: days(today, -500), plannedEndOn: days(today, 600), endedOn: today, endKind: 'early_exit' });
    await entry(tenants.watchActive, 'watch', 'active', { startsOn: start, plannedEndOn: end });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the red list shows, to anyone, exactly the active entries, the newest first, with exactly the public fields', async () => {
    const res = await t.http().get('/public/lists/red?lang=zh-CN').expect(200);
    const rows = tableRows(res.text);
    expect(rows).toEqual([
      [tenants.redNew.name, tenants.redNew.uscc, '红名单', '《园区管理公约》诚信主体评定办法', today, days(today, 365)],
      [tenants.redOld.name, tenants.redOld.uscc, '红名单', `依据red${stamp}`, days(today, -200), days(today, 165)],
    ]);
    const headers = [...(/<thead>([\s\S]*?)<\/thead>/.exec(/<table[^>]*id="public-list"[\s\S]*?<\/table>/.exec(res.text)![0])![1].matchAll(/<th[^>]*>([^<]*)<\/th>/g))].map((m) => m[1]);
    expect(headers).toEqual(['企业名称', '统一社会信用代码', '名单', '列入依据', '列入日期', '届满日期']);
    for (const hidden of ['redRepaired', 'redExpired', 'redFuture', 'redPastEnd', 'blackActive', 'watchActive']) expect(res.text).not.toContain(tenants[hidden].name);
  });

  it('the black list shows only the active entry: proposed, rejected, withdrawn, repaired and early-exited ones never appear', async () => {
    const res = await t.http().get('/public/lists/black').expect(200);
    expect(tableRows(res.text)).toEqual([
      [tenants.blackActive.name, tenants.blackActive.uscc, '黑名单', '《市场监督管理严重违法失信名单管理办法》第二条', days(today, -100), days(today, 1000)],
    ]);
    for (const hidden of ['blackProposed', 'blackRejected', 'blackWithdrawn', 'blackRepaired', 'blackEarly', 'redOld', 'watchActive']) {
      expect(res.text).not.toContain(tenants[hidden].name);
    }
  });

  it('no reasons, records, decisions, grades or scores leak into the pages or the JSON', async () => {
    for (const path of ['/public/lists/red', '/public/lists/black', '/api/v1/public/lists/red', '/api/v1/public/lists/black', '/public', '/public/lists/red?lang=en']) {
      const res = await t.http().get(path).expect(200);
      const text = path.startsWith('/api') ? res.text : main(res.text);
      expect(text).not.toContain(SECRET_REASON);
      expect(text).not.toContain(SECRET_RECORD);
      expect(text).not.toContain(`决定理由${stamp}`);
      if (path !== '/public') expect(text).not.toMatch(/grade|score|等级|评分|分数|finding|criterion|reasons|tenantId|"id"/i);
    }
  });

  it('the JSON API answers anyone with the same rows and only the public fields', async () => {
    const res = await t.http().get('/api/v1/public/lists/red').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.body).toEqual({
      list: 'red', asOf: today, total: 2, page: 1, pageSize: 20,
      items: [
        { name: tenants.redNew.name, uscc: tenants.redNew.uscc, list: 'red', legalBasis: '《园区管理公约》诚信主体评定办法', startsOn: today, plannedEndOn: days(today, 365) },
        { name: tenants.redOld.name, uscc: tenants.redOld.uscc, list: 'red', legalBasis: `依据red${stamp}`, startsOn: days(today, -200), plannedEndOn: days(today, 165) },
      ],
    });
    for (const item of res.body.items as object[]) expect(Object.keys(item)).toEqual([...PUBLIC_ENTRY_FIELDS]);
    const black = await t.http().get('/api/v1/public/lists/black').expect(200);
    expect((black.body.items as { uscc: string }[]).map((i) => i.uscc)).toEqual([tenants.blackActive.uscc]);
    // A token changes nothing about what is shown.
    const regulator = await createUser(t, 'regulator');
    const withToken = await t.http().get('/api/v1/public/lists/red').set(bearer(await tokenFor(t, regulator.id))).expect(200);
    expect(withToken.body).toEqual(res.body);
  });

  it('the JSON API is in the OpenAPI document, with the public lists as the only values of :list', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, { get?: { parameters?: { name: string; schema?: { enum?: string[] } }[] } }> };
    const op = doc.paths['/api/v1/public/lists/{list}']?.get;
    expect(op).toBeDefined();
    expect(op!.parameters!.find((p) => p.name === 'list')?.schema?.enum).toEqual(['red', 'black']);
    expect(op!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['list', 'q', 'page', 'pageSize']));
  });

  it('searches by name or USCC and pages through the list, in the page and the JSON', async () => {
    const byName = await t.http().get(`/public/lists/red?q=${encodeURIComponent(`公示redOld${stamp}`)}`).expect(200);
    expect(names(byName.text)).toEqual([tenants.redOld.name]);
    const byUscc = await t.http().get(`/api/v1/public/lists/red?q=${tenants.redNew.uscc}`).expect(200);
    expect(byUscc.body.items.map((i: { uscc: string }) => i.uscc)).toEqual([tenants.redNew.uscc]);
    const none = await t.http().get(`/public/lists/red?q=${encodeURIComponent('没有这家企业')}`).expect(200);
    expect(names(none.text)).toEqual([]);
    expect(none.text).toContain('没有符合搜索条件的主体。');
    // An entry of the other list is not found by searching this one.
    const other = await t.http().get(`/api/v1/public/lists/red?q=${tenants.blackActive.uscc}`).expect(200);
    expect(other.body.total).toBe(0);
    const page2 = await t.http().get('/public/lists/red?pageSize=1&page=2').expect(200);
    expect(names(page2.text)).toEqual([tenants.redOld.name]);
    expect(page2.text).toContain('href="/public/lists/red?pageSize&#x3D;1&amp;page&#x3D;1" rel="prev"');
    const api2 = await t.http().get('/api/v1/public/lists/red?pageSize=1&page=2').expect(200);
    expect(api2.body).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ uscc: tenants.redOld.uscc }] });
  });

  it('bad input: the watch list and unknown lists are 404, bad paging and unknown fields are field-keyed 400s', async () => {
    await t.http().get('/public/lists/watch').expect(404);
    await t.http().get('/public/lists/nope').expect(404);
    await t.http().get('/api/v1/public/lists/watch').expect(404);
    await t.http().get('/api/v1/public/lists/nope').expect(404);
    const big = await t.http().get('/api/v1/public/lists/red?pageSize=1000').expect(400);
    expect(big.body.errors.pageSize).toBeDefined();
    const odd = await t.http().get('/api/v1/public/lists/red?page=abc').expect(400);
    expect(odd.body.errors.page).toBeDefined();
    const long = await t.http().get(`/api/v1/public/lists/red?q=${'x'.repeat(101)}`).expect(400);
    expect(long.body.errors.q).toBeDefined();
    const extra = await t.http().get('/api/v1/public/lists/red?status=ended').expect(400);
    expect(extra.body.errors.status).toBeDefined();
    await t.http().get('/public/lists/red?pageSize=0').expect(400);
  });

  it('anonymous readers get cacheable pages and no session cookie; logged-in readers get private pages', async () => {
    for (const path of ['/public', '/public/lists/red', '/public/lists/black', '/public/inspections', '/public/scheme']) {
      const res = await t.http().get(path).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(String(res.headers.vary)).toMatch(/Cookie/i);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.text).not.toContain('name="_csrf"');
    }
    for (const role of ['admin', 'park_staff', 'tenant_officer', 'evaluator', 'regulator'] as const) {
      const { browser, user } = await loginAs(t, role, role === 'tenant_officer' ? { tenantId: tenants.redOld.id } : {});
      const res = await browser.agent.get('/public/lists/red').expect(200);
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(names(res.text)).toEqual([tenants.redNew.name, tenants.redOld.name]);
      expect(res.text).toContain(user.name);
    }
  });

  it('the landing page counts the public lists and links every section', async () => {
    const res = await t.http().get('/public').expect(200);
    const html = main(res.text);
    expect(html).toMatch(/data-list="red"[\s\S]*?2 家/);
    expect(html).toMatch(/data-list="black"[\s\S]*?1 家/);
    for (const href of ['/public/lists/red', '/public/lists/black', '/public/inspections', '/public/scheme', '/credit-catalogue']) expect(html).toContain(`href="${href}"`);
    expect(html).not.toContain('/public/lists/watch');
    const en = await t.http().get('/public?lang=en').expect(200);
    expect(main(en.text)).toContain('Red list (trustworthy tenants)');
    expect(main(en.text)).toMatch(/data-list="red"[\s\S]*?2 tenants/);
  });

  it('the inspections page says none are published yet and what will appear', async () => {
    const res = await t.http().get('/public/inspections').expect(200);
    expect(res.text).toContain('目前尚无已公开的抽查检查结果。');
    expect(res.text).toContain('检查完成后 20 个工作日内公示');
    const en = await t.http().get('/public/inspections?lang=en').expect(200);
    expect(en.text).toContain('No inspection results have been published yet.');
  });

  it('the scheme page reads the rulebook and the list and repair rules in force', async () => {
    const res = await t.http().get('/public/scheme?lang=zh-CN').expect(200);
    const html = main(res.text);
    expect(html).toContain('每家入驻企业以 60 分为基础分');
    expect(html).toMatch(/<tr data-item="P01"><td[^>]*>按期签署现行管理公约<\/td><td[^>]*>\+5<\/td>/);
    expect(html).toMatch(/<tr data-item="N04">[\s\S]*?−3 \/ −8 \/ −20/);
    expect(html).toMatch(/<tr data-list="black">[\s\S]*?36 个月[\s\S]*?10 个工作日[\s\S]*?列入满 12 个月后可申请[\s\S]*?列入满 12 个月后可申请（须提交培训证明）/);
    expect(html).toMatch(/<tr data-list="red">[\s\S]*?12 个月[\s\S]*?不设异议期/);
    expect(html).toContain('企业可在 10 个工作日内提出异议');
    expect(html).toMatch(/<tr data-subject="finding_serious">[\s\S]*?10 个工作日[\s\S]*?答复后 3 个工作日[\s\S]*?是/);
    expect(html).toContain('列入黑名单：等级最高为 D');
    expect(html).toContain('href="/credit-catalogue"');
    // A changed list rule in force shows at once.
    await t.dataSource.getRepository(ListRuleEntity).save({
      list: 'black', effectiveFrom: days(today, -1), durationMonths: 24, earlyExitAfterMonths: 6, objectionWorkingDays: 15, repairAfterMonths: 6,
      repairNeedsTraining: false, legalBasis: `新依据${stamp}`, createdAt: new Date(),
    } as ListRuleEntity);
    const changed = main((await t.http().get('/public/scheme').expect(200)).text);
    expect(changed).toMatch(new RegExp(`<tr data-list="black">[\\s\\S]*?24 个月[\\s\\S]*?15 个工作日[\\s\\S]*?新依据${stamp}`));
    expect(changed).toContain('企业可在 15 个工作日内提出异议');
    const en = main((await t.http().get('/public/scheme?lang=en').expect(200)).text);
    expect(en).toContain('Every tenant starts from a base of 60 points');
    expect(en).toMatch(/<tr data-item="N09"><td[^>]*>On the black list<\/td><td[^>]*>−30<\/td>/);
  });
});
