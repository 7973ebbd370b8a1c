import type { Principal } from '../../src/common/principal.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import type { ListReasonDto, ProposeListEntryDto } from '../../src/lists/entries/dto/list-entry.dto.js';
import { ListEntriesService } from '../../src/lists/entries/list-entries.service.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, type TestApp } from '../support/test-app.js';

/**
 * Issue 13: the public lists follow the entries' own flows (ListEntriesService): a proposal is not
 * public, nor a rejected one; an approved entry appears on its list from the approval day with the
 * rule's legal basis and planned end; it disappears when repaired, exited early, or at its planned end
 * (even before the daily job has closed it). The pages and the JSON agree at each step.
 */
describe('lists: public disclosure follows the entries’ flows', () => {
  let t: TestApp;
  let service: ListEntriesService;
  let today: string;
  let staff: Principal;
  let regulator: Principal;
  const stamp = Date.now();

  const principalOf = (user: { id: number; email: string; name: string; role: Principal['role']; departmentId?: number | null }): Principal => ({
    userId: user.id, email: user.email, name: user.name, role: user.role, tenantId: null, departmentId: user.departmentId ?? null, institutionId: null,
    locale: 'zh-CN', via: 'session', mustChangePassword: false,
  });
  const reason = (text: string) => ({ reason: text }) as ListReasonDto;
  const propose = (tenant: TenantEntity, list: 'red' | 'black', by: Principal = staff) => service.propose(
    { tenantId: tenant.id, list, criterion: 'other', reasons: `不公开的理由${stamp}` } as ProposeListEntryDto, by, TEST_ACTOR, 'api');

  async function shown(list: 'red' | 'black'): Promise<string[]> {
    const api = await t.http().get(`/api/v1/public/lists/${list}?pageSize=100`).expect(200);
    const page = await t.http().get(`/public/lists/${list}?pageSize=100`).expect(200);
    const onPage = [...page.text.matchAll(/<tr class="public-entry">\s*<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    const viaApi = (api.body.items as { name: string }[]).map((i) => i.name);
    expect(onPage).toEqual(viaApi);
    expect(page.text).not.toContain(`不公开的理由${stamp}`);
    expect(api.text).not.toContain(`不公开的理由${stamp}`);
    return viaApi;
  }

  beforeAll(async () => {
    t = await createTestApp();
    service = t.get(ListEntriesService);
    today = t.get(I18nService).today();
    staff = principalOf(await createUser(t, 'park_staff'));
    regulator = principalOf(await createUser(t, 'regulator'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a red proposal is not public; approved it is, with the rule’s basis and planned end; an early exit takes it off', async () => {
    const tenant = await createTenant(t, { name: `红名单流程${stamp}有限公司` });
    const entry = await propose(tenant, 'red');
    expect(await shown('red')).not.toContain(tenant.name);
    await service.approve(entry.id, reason('年度评定第一名'), regulator, TEST_ACTOR);
    expect(await shown('red')).toContain(tenant.name);
    const api = await t.http().get(`/api/v1/public/lists/red?q=${tenant.uscc}`).expect(200);
    const approved = await t.dataSource.getRepository(ListEntryEntity).findOneByOrFail({ id: entry.id });
    expect(api.body.items).toEqual([{
      name: tenant.name, uscc: tenant.uscc, list: 'red', legalBasis: '《园区管理公约》诚信主体评定办法；年度自律评分结果', startsOn: today, plannedEndOn: approved.plannedEndOn,
    }]);
    expect(approved.plannedEndOn! > today).toBe(true);
    await service.exit(entry.id, reason('主动申请退出'), regulator, TEST_ACTOR);
    expect(await shown('red')).not.toContain(tenant.name);
  });

  it('a black entry appears only once approved after its objection window, and disappears when repaired', async () => {
    const tenant = await createTenant(t, { name: `黑名单流程${stamp}有限公司` });
    const entry = await propose(tenant, 'black');
    expect(entry.objectionClosesOn).not.toBeNull();
    expect(await shown('black')).not.toContain(tenant.name);
    // The window has passed (as if ten working days went by).
    await t.dataSource.getRepository(ListEntryEntity).update({ id: entry.id }, { objectionClosesOn: '2000-01-03' });
    await service.approve(entry.id, reason('严重违法失信'), regulator, TEST_ACTOR);
    expect(await shown('black')).toEqual([tenant.name]);
    const landing = await t.http().get('/public').expect(200);
    expect(landing.text).toMatch(/data-list="black"[\s\S]*?1 家/);
    await t.dataSource.transaction((m) => service.endByRepair(m, entry.id, today, TEST_ACTOR, '信用修复获批'));
    expect(await shown('black')).toEqual([]);
    expect((await t.http().get('/public').expect(200)).text).toMatch(/data-list="black"[\s\S]*?0 家/);
    // Never deleted: the entry is still there, ended by repair.
    expect(await t.dataSource.getRepository(ListEntryEntity).findOneByOrFail({ id: entry.id })).toMatchObject({ status: 'ended', endKind: 'repaired', endedOn: today });
  });

  it('a rejected or withdrawn proposal never appears', async () => {
    const rejected = await createTenant(t, { name: `驳回流程${stamp}有限公司` });
    const withdrawn = await createTenant(t, { name: `撤回流程${stamp}有限公司` });
    const a = await propose(rejected, 'red');
    const b = await propose(withdrawn, 'black');
    await service.reject(a.id, reason('不符合条件'), regulator, TEST_ACTOR);
    await service.withdraw(b.id, staff, TEST_ACTOR);
    expect(await shown('red')).not.toContain(rejected.name);
    expect(await shown('black')).not.toContain(withdrawn.name);
  });

  it('an entry is off the public list on its planned end day, before and after the daily expiry', async () => {
    const tenant = await createTenant(t, { name: `期满流程${stamp}有限公司` });
    const entry = await propose(tenant, 'red');
    await service.approve(entry.id, reason('年度评定'), regulator, TEST_ACTOR);
    expect(await shown('red')).toContain(tenant.name);
    await t.dataSource.getRepository(ListEntryEntity).update({ id: entry.id }, { startsOn: '2025-01-01', plannedEndOn: today });
    expect(await shown('red')).not.toContain(tenant.name);
    await service.expire(today, TEST_ACTOR);
    expect(await t.dataSource.getRepository(ListEntryEntity).findOneByOrFail({ id: entry.id })).toMatchObject({ status: 'ended', endKind: 'expired' });
    expect(await shown('red')).not.toContain(tenant.name);
  });
});
