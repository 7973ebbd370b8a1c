import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import type { FindOptionsWhere } from 'typeorm';
import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import type { Principal } from '../../src/common/principal.js';
import { BreachesService } from '../../src/conventions/breaches/breaches.service.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TenantsQueries } from '../../src/tenants/tenants.queries.js';
import { auditPageRows, selectOptions, type AuditPageRow } from '../support/audit-page.js';
import { publishVersion } from '../support/conventions-helpers.js';
import { bearer } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, login, TEST_ACTOR, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

const ZONE = 'Asia/Shanghai';
const parkTime = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toFormat('yyyy-MM-dd HH:mm');

function principalOf(user: UserEntity): Principal {
  return {
    userId: user.id, email: user.email, name: user.name, role: user.role, tenantId: user.tenantId, departmentId: user.departmentId,
    institutionId: null, locale: null, via: 'session', mustChangePassword: false,
  };
}

describe('audit log page: labels, names, changes, park time', () => {
  let t: TestApp;
  let staff: UserEntity;
  let staffToken: string;
  let admin: Browser;
  let tenant: TenantEntity;
  const NAME = '审计星辰微电子有限公司';

  const entries = (where: FindOptionsWhere<AuditEntryEntity>) => t.dataSource.getRepository(AuditEntryEntity).find({ where, order: { id: 'DESC' } });
  const page = async (browser: Browser, query: Record<string, string> = {}) => (await browser.agent.get('/admin/audit').query(query).expect(200)).text;
  const rowsOf = async (browser: Browser, query: Record<string, string> = {}) => auditPageRows(await page(browser, query));
  const rowOf = (rows: AuditPageRow[], id: number) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`entry ${id} is not on the page`);
    return row;
  };

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    staff = await createUser(t, 'park_staff');
    staffToken = await tokenFor(t, staff.id);
    admin = await login(t, (await createUser(t, 'admin')).email);
    const created = await t.http().post('/api/v1/tenants').set(bearer(staffToken))
      .send({ uscc: testUscc(), name: NAME, legalRepresentative: '周杰', industry: '电子信息', building: 'A1', movedInAt: '2024-06-01' })
      .expect(201);
    await t.http().post(`/api/v1/tenants/${created.body.id}/status`).set(bearer(staffToken)).send({ status: 'suspended', reason: '欠缴物业费' }).expect(201);
    tenant = { id: created.body.id, name: NAME } as TenantEntity;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names the action, links the tenant by name, and shows the status change field by field in park time', async () => {
    const [suspended, created] = await entries({ entityType: 'tenant', entityId: String(tenant.id) });
    const rows = await rowsOf(admin, { entityType: 'tenant', entityId: String(tenant.id) });
    expect(rows.map((r) => r.id)).toEqual([suspended.id, created.id]);

    const row = rowOf(rows, suspended.id);
    expect(row).toMatchObject({
      action: '暂停企业', actionCode: 'tenant.status.suspended',
      entity: `企业 ${NAME}`, entityLink: `/tenants/${tenant.id}`,
      actor: staff.email, actorLink: `/admin/users/${staff.id}`,
      instant: suspended.occurredAt, at: parkTime(suspended.occurredAt),
    });
    const after = JSON.parse(suspended.after as string) as { updatedAt: string; createdAt: string };
    const before = JSON.parse(suspended.before as string) as { updatedAt: string };
    expect(row.changes.slice(0, 2)).toEqual([
      { field: '状态', before: '在园', after: '暂停', changed: true },
      { field: '状态说明', before: '（空）', after: '欠缴物业费', changed: true },
    ]);
    // Timestamps inside the snapshots in park time; updatedAt counts as changed only when the clock moved on between the two writes.
    expect(row.changes).toContainEqual({ field: '更新时间', before: parkTime(before.updatedAt), after: parkTime(after.updatedAt), changed: before.updatedAt !== after.updatedAt });
    expect(row.changes).toContainEqual({ field: '创建时间', before: parkTime(after.createdAt), after: parkTime(after.createdAt), changed: false });
    expect(row.changes).toContainEqual({ field: '名称', before: NAME, after: NAME, changed: false });
    expect(row.changes).toContainEqual({ field: '入驻日期', before: '2024-06-01', after: '2024-06-01', changed: false });
    const changed = row.changes.filter((c) => c.changed).length;
    expect(row.changes.slice(0, changed).every((c) => c.changed)).toBe(true);
    expect(row.summary).toBe(`查看变更（${changed} 项）`);

    // A creation has only the after side.
    expect(rowOf(rows, created.id)).toMatchObject({ action: '登记企业', summary: `查看内容（${Object.keys(JSON.parse(created.after as string)).length} 项）` });
    expect(rowOf(rows, created.id).changes.every((c) => c.before === null && c.after !== null && !c.changed)).toBe(true);
  });

  it('shows no raw JSON and no UTC instants', async () => {
    const [suspended] = await entries({ entityType: 'tenant', entityId: String(tenant.id) });
    const html = await page(admin, { entityType: 'tenant', entityId: String(tenant.id) });
    expect(html).not.toContain('<pre>');
    expect(html).not.toContain('&quot;status&quot;');
    expect(html).not.toContain((JSON.parse(suspended.after as string) as { updatedAt: string }).updatedAt);
    expect(html).toContain('时间以园区时区（Asia/Shanghai）显示。');
  });

  it('reads in English with ?lang=en', async () => {
    const english = await login(t, (await createUser(t, 'admin')).email);
    const [suspended] = await entries({ entityType: 'tenant', entityId: String(tenant.id) });
    const row = rowOf(await rowsOf(english, { entityType: 'tenant', entityId: String(tenant.id), lang: 'en' }), suspended.id);
    expect(row).toMatchObject({ action: 'Tenant suspended', entity: `Tenant ${NAME}`, entityLink: `/tenants/${tenant.id}` });
    expect(row.summary).toBe(`Changes (${row.changes.filter((c) => c.changed).length})`);
    expect(row.changes[0]).toEqual({ field: 'Status', before: 'Active', after: 'Suspended', changed: true });
    expect(row.changes[1]).toEqual({ field: 'Status note', before: '(empty)', after: '欠缴物业费', changed: true });
    const html = await page(english, { lang: 'en' });
    expect(selectOptions(html, 'entityType')).toContainEqual({ value: 'tenant', label: 'Tenant', selected: false });
    expect(selectOptions(html, 'action')).toContainEqual({ value: 'tenant.status.suspended', label: 'Tenant suspended', selected: false });
  });

  it('offers the record types and actions by label, keeps codes as values, and filters by action', async () => {
    const html = await page(admin, { entityType: 'tenant', action: 'tenant.status.suspended' });
    const types = selectOptions(html, 'entityType');
    expect(types[0]).toEqual({ value: '', label: '全部类型', selected: false });
    expect(types).toContainEqual({ value: 'tenant', label: '企业', selected: true });
    expect(types).toContainEqual({ value: 'user', label: '账户', selected: false });
    expect(types).toContainEqual({ value: 'api_token', label: 'API 令牌', selected: false });
    const actions = selectOptions(html, 'action');
    expect(actions).toContainEqual({ value: 'tenant.status.suspended', label: '暂停企业', selected: true });
    expect(actions).toContainEqual({ value: 'tenant.create', label: '登记企业', selected: false });
    expect(actions).toContainEqual({ value: 'user.create', label: '创建账户', selected: false });
    expect(html).toMatch(/<optgroup label="企业">/);
    const rows = auditPageRows(html);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.actionCode))).toEqual(new Set(['tenant.status.suspended']));
  });

  it('names accounts and tokens through the accounts context, and links them to the admin pages', async () => {
    const user = await createUser(t, 'evaluator');
    await tokenFor(t, user.id);
    const [created] = await entries({ entityType: 'user', entityId: String(user.id) });
    const [issued] = await entries({ action: 'token.issue' });
    const rows = await rowsOf(admin);
    expect(rowOf(rows, created.id)).toMatchObject({ action: '创建账户', entity: `账户 ${user.name}（${user.email}）`, entityLink: `/admin/users/${user.id}`, actor: 'test', actorLink: null });
    const row = rowOf(rows, created.id);
    expect(row.changes).toContainEqual({ field: '角色', before: null, after: '第三方评价人员', changed: false });
    expect(row.changes).toContainEqual({ field: '启用', before: null, after: '是', changed: false });
    const prefix = (JSON.parse(issued.after as string) as { prefix: string }).prefix;
    expect(rowOf(rows, issued.id)).toMatchObject({ action: '签发 API 令牌', entity: `API 令牌 test（${prefix}…，${user.name}）`, entityLink: `/admin/users/${user.id}` });
  });

  it('names convention versions, signatures, breaches and responses through the conventions context', async () => {
    const signer = await createTenant(t, { name: '审计签署企业有限公司' });
    const version = await publishVersion(t, { title: '审计园区管理公约' });
    const officer = await createUser(t, 'tenant_officer', { tenantId: signer.id });
    const obligation = await t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ versionId: version.versionId, tenantId: signer.id });
    const signed = await t.http().post(`/api/v1/conventions/obligations/${obligation.id}/sign`).set(bearer(await tokenFor(t, officer.id)))
      .send({ signerName: '王签署', signerTitle: '总经理', consent: true }).expect(201);
    const today = DateTime.now().setZone(ZONE).toISODate() as string;
    const breach = await t.get(BreachesService).record(
      { tenantId: signer.id, clauseId: version.clauseIds[1], occurredOn: today, description: '未按时提交材料。' }, [], principalOf(staff), TEST_ACTOR,
    );
    const response = await t.get(BreachesService).respond(breach.id, { text: '已补交。' }, [], principalOf(officer), TEST_ACTOR);

    const rows = await rowsOf(admin, { pageSize: '100' });
    const [published] = await entries({ action: 'convention.publish', entityId: String(version.versionId) });
    const [signature] = await entries({ entityType: 'signature', entityId: String(signed.body.id) });
    const [recorded] = await entries({ entityType: 'breach', entityId: String(breach.id) });
    const [responded] = await entries({ entityType: 'breach_response', entityId: String(response.id) });
    expect(rowOf(rows, published.id)).toMatchObject({ action: '发布公约版本', entity: '公约版本 审计园区管理公约（第 1 版）', entityLink: `/conventions/versions/${version.versionId}` });
    expect(rowOf(rows, published.id).changes).toContainEqual({ field: '状态', before: '草稿', after: '已发布', changed: true });
    expect(rowOf(rows, signature.id)).toMatchObject({
      action: '在线签署', entity: '签署 审计签署企业有限公司：审计园区管理公约（第 1 版）', entityLink: `/conventions/signatures/${signed.body.id}`,
      actorLink: `/admin/users/${officer.id}`,
    });
    expect(rowOf(rows, signature.id).changes).toContainEqual({ field: '签署方式', before: null, after: '在线签署', changed: false });
    expect(rowOf(rows, recorded.id)).toMatchObject({ action: '登记违约', entity: `违约记录 审计签署企业有限公司：第 2 条（${today}）`, entityLink: `/conventions/breaches/${breach.id}` });
    expect(rowOf(rows, recorded.id).changes).toContainEqual({ field: '附件', before: null, after: '（空）', changed: false });
    expect(rowOf(rows, responded.id)).toMatchObject({ action: '企业回复违约', entity: `违约回复 审计签署企业有限公司对第 2 条违约（${today}）的回复`, entityLink: `/conventions/breaches/${breach.id}` });
  });

  it('shows an unknown action and a type without a contributor as their codes, "type #id", without breaking the page', async () => {
    await t.dataSource.transaction((m) => t.get(AuditService).record(m, TEST_ACTOR, {
      action: 'widget.polish', entityType: 'widget', entityId: 'w-42', before: { shine: 1 }, after: { shine: 2, parts: [{ name: '齿轮' }, { id: 9 }] },
    }));
    const [entry] = await entries({ entityType: 'widget' });
    const html = await page(admin);
    expect(rowOf(auditPageRows(html), entry.id)).toMatchObject({
      action: 'widget.polish', actionCode: 'widget.polish', entity: 'widget #w-42', entityLink: null,
      changes: [
        { field: 'parts', before: '', after: '齿轮, id: 9', changed: true },
        { field: 'shine', before: '1', after: '2', changed: true },
      ],
    });
    expect(selectOptions(html, 'entityType')).toContainEqual({ value: 'widget', label: 'widget', selected: false });
  });

  it('names every record of a page with one lookup per type, not one per row', async () => {
    for (let i = 0; i < 12; i++) await createTenant(t, { name: `审计批量企业${i}有限公司` });
    const summaries = jest.spyOn(t.get(TenantsQueries), 'summaries');
    try {
      const rows = await rowsOf(admin, { entityType: 'tenant', pageSize: '50' });
      expect(rows.length).toBeGreaterThanOrEqual(13);
      expect(rows.every((r) => r.entityLink?.startsWith('/tenants/'))).toBe(true);
      expect(summaries).toHaveBeenCalledTimes(1);
    } finally {
      summaries.mockRestore();
    }
  });
});
