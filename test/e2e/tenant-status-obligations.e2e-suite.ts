import { DateTime } from 'luxon';
import { Like } from 'typeorm';
import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import { SignatureEntity } from '../../src/conventions/entities/signature.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { ConventionFactsSource } from '../../src/conventions/facts/convention-facts.source.js';
import { SigningReminders } from '../../src/conventions/signing/signing-reminders.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { QueuePort } from '../../src/queue/queue.port.js';
import { DEFAULT_RULEBOOK } from '../../src/scoring/domain/rulebook.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { publishVersion } from '../support/conventions-helpers.js';
import { auditEntries, fieldError, formError } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { createTenant, createTestApp, createUser, login, TEST_ACTOR, type Browser, type TestApp } from '../support/test-app.js';

/** Issue 9, points 1, 2, 3 and 18: obligations follow the tenant's status and newer versions; status changes are confirmed and reversible; 催签 and bulk status. */
describe('tenant status, signing obligations and bulk actions', () => {
  let t: TestApp;
  let staff: Browser;
  let today: string;
  const plusDays = (n: number) => DateTime.fromISO(today, { zone: 'utc' }).plus({ days: n }).toISODate() as string;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await login(t, (await createUser(t, 'park_staff')).email);
    today = t.get(I18nService).today();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The notice jobs a publication starts: on SQLite the one connection cannot serve them and a test at the same time. */
  async function queueIdle(): Promise<void> {
    const queue = t.get(QueuePort);
    await waitFor('queue idle', async () => {
      const c = await queue.counts();
      return c.waiting + c.active === 0;
    });
  }

  async function publish(title: string) {
    const published = await publishVersion(t, { title, periodDays: 30 });
    await queueIdle();
    return published;
  }

  const form = (b: Browser, path: string, payload: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: b.csrf });
    for (const [k, v] of Object.entries(payload)) for (const one of [v].flat()) body.append(k, one);
    return b.agent.post(path).type('form').send(body.toString());
  };
  const obligation = (versionId: number, tenantId: number) => t.dataSource.getRepository(SigningObligationEntity).findOneByOrFail({ versionId, tenantId });
  const unread = (userId: number) => t.get(NotificationsService).unreadCount(userId);
  const statusOf = async (id: number) => (await t.get(TenantsService).get(id)).status;
  /** The obligation row of a version on the tenant hub. */
  const hubRow = (html: string, versionId: number) => new RegExp(`<tr class="obligation" data-version="${versionId}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  /** Unsigned obligations of the tenant that apply: what a status change would pause or cancel (a new tenant is asked to sign every version in force). */
  const open = (tenantId: number) => t.dataSource.getRepository(SigningObligationEntity).countBy({ tenantId, status: 'active' });
  const count = (html: string, name: string) => Number(new RegExp(`data-count="${name}">(?:<a [^>]*>)?([\\d,]+)<`).exec(html)?.[1].replace(/,/g, ''));

  describe('suspending and reactivating', () => {
    it('the confirmation says what follows; the obligation pauses and leaves counts, reminders, facts and the bell; reactivation resumes it with a fresh deadline', async () => {
      const tenant = await createTenant(t, { name: '暂停跟随有限公司' });
      const officerUser = await createUser(t, 'tenant_officer', { tenantId: tenant.id });
      const officer = await login(t, officerUser.email);
      const welcome = await unread(officerUser.id);
      const { versionId } = await publish('暂停跟随公约');
      expect(await unread(officerUser.id)).toBe(welcome + 1);
      const before = await staff.agent.get(`/conventions/versions/${versionId}/progress`).expect(200);

      const confirm = await staff.agent.get(`/tenants/${tenant.id}/status`).query({ status: 'suspended' }).expect(200);
      expect(confirm.text).toContain('将把 暂停跟随有限公司 从“在园”变更为“暂停”。');
      const n = await open(tenant.id);
      expect(confirm.text).toContain(`${n} 项未签署的签署任务将暂停`);
      expect(confirm.text).toContain('<input type="hidden" name="status" value="suspended">');
      expect(confirm.text).toContain(`<form method="post" action="/tenants/${tenant.id}/status"`);
      expect((await obligation(versionId, tenant.id)).status).toBe('active');

      const noReason = await form(staff, `/tenants/${tenant.id}/status`, { status: 'suspended', reason: '' }).expect(400);
      expect(fieldError(noReason.text, 'reason')).toBe('此项必填。');
      expect(noReason.text).toContain(`${n} 项未签署的签署任务将暂停`);
      expect(await statusOf(tenant.id)).toBe('active');

      const done = await form(staff, `/tenants/${tenant.id}/status`, { status: 'suspended', reason: '安全整改' }).expect(303);
      expect(done.headers.location).toBe(`/tenants/${tenant.id}`);
      const paused = await obligation(versionId, tenant.id);
      expect(paused.status).toBe('paused');
      expect(await unread(officerUser.id)).toBe(welcome);

      const after = await staff.agent.get(`/conventions/versions/${versionId}/progress`).expect(200);
      expect(count(after.text, 'total')).toBe(count(before.text, 'total') - 1);
      expect(count(after.text, 'pending')).toBe(count(before.text, 'pending') - 1);
      expect(after.text).not.toContain('暂停跟随有限公司');
      const overview = await staff.agent.get('/conventions').expect(200);
      expect(overview.text).toContain(`data-count="pending"><a href="/conventions/versions/${versionId}/progress?state=pending">${count(after.text, 'pending')}</a>`);

      const hub = await staff.agent.get(`/tenants/${tenant.id}`).expect(200);
      expect(hubRow(hub.text, versionId)).toContain('class="badge badge-paused">暂停</span>');
      const my = await officer.agent.get('/conventions/my').expect(200);
      expect(my.text).toContain('暂停（企业已暂停）');
      expect(my.text).not.toContain(`class="button primary" href="/conventions/obligations/${paused.id}"`);
      const sign = await form(officer, `/conventions/obligations/${paused.id}/sign`, { signerName: '张三', signerTitle: '合规负责人', consent: 'on' }).expect(409);
      expect(formError(sign.text)).toBe('企业暂停期间无需签署；恢复在园后可签署。');
      expect(await t.dataSource.getRepository(SignatureEntity).countBy({ obligationId: paused.id })).toBe(0);

      // Past its deadline, a paused obligation is neither reminded nor a missed deadline in the score.
      await t.dataSource.getRepository(SigningObligationEntity).update({ id: paused.id }, { deadline: plusDays(-1) });
      await t.get(SigningReminders).run(today);
      expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: Like(`sign-reminder:${paused.id}:%`) })).toBe(0);
      const facts = await t.get(ConventionFactsSource).factsFor([tenant.id], today, DEFAULT_RULEBOOK);
      expect(facts.get(tenant.id)).toEqual([]);

      const resume = await staff.agent.get(`/tenants/${tenant.id}/status`).query({ status: 'active' }).expect(200);
      expect(resume.text).toContain(`${n} 项签署任务将恢复，并从今天起重新计算完整的签署期限。`);
      await form(staff, `/tenants/${tenant.id}/status`, { status: 'active', reason: '整改完成' }).expect(303);
      const resumed = await obligation(versionId, tenant.id);
      expect(resumed).toMatchObject({ status: 'active', deadline: plusDays(30), overdueNotifiedOn: null });
      // The officer is told the new deadline (a notice about this obligation, on the bell again).
      const told = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ dedupeKey: Like(`sign-resumed:${resumed.id}:${plusDays(30)}:%`) });
      expect(told.map((o) => [o.userId, o.template, JSON.parse(o.params).days])).toEqual([[officerUser.id, 'signing-reminder', 30]]);
      expect(await unread(officerUser.id)).toBe(welcome + 1);
      const back = await staff.agent.get(`/conventions/versions/${versionId}/progress`).expect(200);
      expect(count(back.text, 'total')).toBe(count(before.text, 'total'));
    });

    it('a status the tenant cannot take is refused before anything is shown, and an unknown one is a 400', async () => {
      const tenant = await createTenant(t);
      await staff.agent.get(`/tenants/${tenant.id}/status`).query({ status: 'active' }).expect(409);
      await staff.agent.get(`/tenants/${tenant.id}/status`).query({ status: 'gone' }).expect(400);
      await staff.agent.get('/tenants/98765432/status').query({ status: 'suspended' }).expect(404);
      expect(await statusOf(tenant.id)).toBe('active');
    });
  });

  describe('moving out and reversing', () => {
    it('cancels the obligation, the hub says so and offers the reversal; reversing needs a reason, is audited and brings the obligation back', async () => {
      const tenant = await createTenant(t, { name: '迁出撤销有限公司' });
      const { versionId } = await publish('迁出撤销公约');
      const confirm = await staff.agent.get(`/tenants/${tenant.id}/status`).query({ status: 'moved_out' }).expect(200);
      const n = await open(tenant.id);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(confirm.text).toContain(`${n} 项未签署的签署任务将取消`);
      expect(confirm.text).toContain('class="primary danger"');
      await form(staff, `/tenants/${tenant.id}/status`, { status: 'moved_out', reason: '租约到期' }).expect(303);
      expect((await obligation(versionId, tenant.id)).status).toBe('cancelled');

      const hub = await staff.agent.get(`/tenants/${tenant.id}`).expect(200);
      expect(hubRow(hub.text, versionId)).toContain('class="badge badge-cancelled">已取消</span>');
      expect(hub.text).not.toContain('name="status" value=');
      expect(hub.text).toContain(`href="/tenants/${tenant.id}/status/reverse"`);
      expect(hub.text).toContain('恢复为“在园”');

      const page = await staff.agent.get(`/tenants/${tenant.id}/status/reverse`).expect(200);
      expect(page.text).toContain('将撤销上次状态变更：迁出撤销有限公司 从“已迁出”恢复为“在园”。');
      expect(page.text).toContain(`${n} 项签署任务将恢复`);
      expect(page.text).toContain(`<form method="post" action="/tenants/${tenant.id}/status/reverse"`);
      const noReason = await form(staff, `/tenants/${tenant.id}/status/reverse`, { reason: ' ' }).expect(400);
      expect(fieldError(noReason.text, 'reason')).not.toBeNull();
      expect(await statusOf(tenant.id)).toBe('moved_out');

      const done = await form(staff, `/tenants/${tenant.id}/status/reverse`, { reason: '误操作，企业仍在园' }).expect(303);
      expect(done.headers.location).toBe(`/tenants/${tenant.id}`);
      const after = await t.get(TenantsService).get(tenant.id);
      expect(after).toMatchObject({ status: 'active', previousStatus: 'moved_out', statusReason: '误操作，企业仍在园' });
      const [audit] = await auditEntries(t, { action: 'tenant.status.reverse', entityId: String(tenant.id) });
      expect(JSON.parse(audit.before!)).toMatchObject({ status: 'moved_out' });
      expect(JSON.parse(audit.after!)).toMatchObject({ status: 'active', statusReason: '误操作，企业仍在园' });
      expect(await obligation(versionId, tenant.id)).toMatchObject({ status: 'active', deadline: plusDays(30) });
      const flashed = await staff.agent.get(`/tenants/${tenant.id}`).expect(200);
      expect(flashed.text).toContain('已撤销上次状态变更，企业恢复为“在园”。');
    });

    it('nothing to reverse for a tenant whose status never changed (409), and other roles cannot reverse', async () => {
      const tenant = await createTenant(t);
      await staff.agent.get(`/tenants/${tenant.id}/status/reverse`).expect(409);
      await form(staff, `/tenants/${tenant.id}/status/reverse`, { reason: '没有可撤销的' }).expect(409);
      await t.get(TenantsService).changeStatus(tenant.id, { status: 'suspended', reason: '测试' }, TEST_ACTOR);
      const regulator = await login(t, (await createUser(t, 'regulator')).email);
      await form(regulator, `/tenants/${tenant.id}/status/reverse`, { reason: '监管撤销' }).expect(403);
      expect(await statusOf(tenant.id)).toBe('suspended');
    });
  });

  describe('a newer version', () => {
    it('supersedes the old open obligation and takes its notices off the bell; signing the new one clears the rest', async () => {
      const tenant = await createTenant(t, { name: '新版取代有限公司' });
      const officerUser = await createUser(t, 'tenant_officer', { tenantId: tenant.id });
      const officer = await login(t, officerUser.email);
      const welcome = await unread(officerUser.id);
      const v1 = await publish('取代测试公约');
      const o1 = await obligation(v1.versionId, tenant.id);
      await t.dataSource.getRepository(SigningObligationEntity).update({ id: o1.id }, { deadline: plusDays(1) });
      await t.get(SigningReminders).run(today);
      expect(await unread(officerUser.id)).toBe(welcome + 2);

      const draft = await t.get(AuthoringService).newDraft(v1.conventionId, TEST_ACTOR);
      await t.get(AuthoringService).publish(draft.id, TEST_ACTOR);
      await queueIdle();
      expect((await obligation(v1.versionId, tenant.id)).status).toBe('superseded');
      // Only the new version's "please sign" is left.
      expect(await unread(officerUser.id)).toBe(welcome + 1);

      const my = await officer.agent.get('/conventions/my').expect(200);
      const rowOf = (html: string, no: number) => new RegExp(`<tr>\\s*<td[^>]*>取代测试公约 <span class="muted">\\(第 ${no} 版[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
      expect(rowOf(my.text, 1)).toContain('无需签署（已被新版本取代）');
      expect(rowOf(my.text, 1)).not.toContain('待签署');
      expect(rowOf(my.text, 2)).toContain('待签署');

      const o2 = await obligation(draft.id, tenant.id);
      await form(officer, `/conventions/obligations/${o2.id}/sign`, { signerName: '李四', signerTitle: '合规负责人', consent: 'on' }).expect(303);
      expect(await unread(officerUser.id)).toBe(welcome);
    });
  });

  describe('催签', () => {
    it('reminds the officers of every unsigned tenant now, at most once a day, and says how many', async () => {
      const [a, b, none, signer] = [await createTenant(t), await createTenant(t), await createTenant(t), await createTenant(t)];
      const officers = [await createUser(t, 'tenant_officer', { tenantId: a.id }), await createUser(t, 'tenant_officer', { tenantId: b.id }), await createUser(t, 'tenant_officer', { tenantId: signer.id })];
      const { versionId } = await publish('催签测试公约');
      const signed = await obligation(versionId, signer.id);
      const signerBrowser = await login(t, officers[2].email);
      await form(signerBrowser, `/conventions/obligations/${signed.id}/sign`, { signerName: '王五', signerTitle: '合规负责人', consent: 'on' }).expect(303);

      const progress = await staff.agent.get(`/conventions/versions/${versionId}/progress`).expect(200);
      expect(progress.text).toContain(`action="/conventions/versions/${versionId}/remind"`);
      const res = await form(staff, `/conventions/versions/${versionId}/remind`, {}).expect(303);
      expect(res.headers.location).toBe(`/conventions/versions/${versionId}/progress`);
      const urged = async (tenantId: number) => t.dataSource.getRepository(OutboxMessageEntity)
        .countBy({ dedupeKey: Like(`sign-urge:${(await obligation(versionId, tenantId)).id}:${today}:%`) });
      expect(await urged(a.id)).toBe(1);
      expect(await urged(b.id)).toBe(1);
      expect(await urged(signer.id)).toBe(0);
      expect(await urged(none.id)).toBe(0);
      expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ userId: officers[0].id, template: 'signing-reminder' })).toBe(1);
      const page = await staff.agent.get(res.headers.location).expect(200);
      expect(page.text).toMatch(/已向 \d+ 位合规专员发送催签提醒。/);
      expect(page.text).toMatch(/\d+ 家未签署的企业尚无合规专员账号，无法提醒。/);

      // Again the same day: nobody is reminded twice.
      await form(staff, `/conventions/versions/${versionId}/remind`, {}).expect(303);
      expect(await urged(a.id)).toBe(1);
      const again = await staff.agent.get(`/conventions/versions/${versionId}/progress`).expect(200);
      expect(again.text).toContain('没有需要催签的企业');
    });

    it('is only for the published version in force, and only for staff', async () => {
      const v1 = await publish('催签取代公约');
      const draft = await t.get(AuthoringService).newDraft(v1.conventionId, TEST_ACTOR);
      await t.get(AuthoringService).publish(draft.id, TEST_ACTOR);
      await queueIdle();
      const refused = await form(staff, `/conventions/versions/${v1.versionId}/remind`, {}).expect(409);
      expect(refused.text).toContain('只能对已发布的现行版本催签。');
      const regulator = await login(t, (await createUser(t, 'regulator')).email);
      await form(regulator, `/conventions/versions/${draft.id}/remind`, {}).expect(403);
      const page = await regulator.agent.get(`/conventions/versions/${draft.id}/progress`).expect(200);
      expect(page.text).not.toContain('/remind"');
    });
  });

  describe('bulk status change', () => {
    it('ticked tenants go through the same confirmation and reason, all or nothing, each audited', async () => {
      const [f1, f2] = [await createTenant(t, { name: '批量甲有限公司' }), await createTenant(t, { name: '批量乙有限公司' })];
      const gone = await createTenant(t, { name: '批量已迁出有限公司' });
      await t.get(TenantsService).changeStatus(gone.id, { status: 'moved_out', reason: '租约到期' }, TEST_ACTOR);
      const { versionId } = await publish('批量测试公约');

      const list = await staff.agent.get('/tenants').query({ q: '批量' }).expect(200);
      expect(list.text).toContain(`<input type="checkbox" name="ids" value="${f1.id}" form="bulk-status"`);
      expect(list.text).toContain('<form method="get" action="/tenants/bulk-status" id="bulk-status"');

      const confirm = await staff.agent.get(`/tenants/bulk-status?ids=${f1.id}&ids=${f2.id}&status=suspended`).expect(200);
      expect(confirm.text).toContain('将把以下 2 家企业变更为“暂停”：');
      expect(confirm.text).toContain('批量甲有限公司');
      expect(confirm.text).toContain('批量乙有限公司');
      expect(confirm.text).toContain(`${(await open(f1.id)) + (await open(f2.id))} 项未签署的签署任务将暂停`);
      expect(confirm.text).toContain(`<input type="hidden" name="ids" value="${f2.id}">`);
      expect(confirm.text).toContain('<form method="post" action="/tenants/bulk-status"');

      const mixed = await form(staff, '/tenants/bulk-status', { ids: [String(f1.id), String(gone.id)], status: 'suspended', reason: '统一整改' }).expect(400);
      expect(mixed.text).toContain('以下企业不能变更为该状态：批量已迁出有限公司。');
      const noReason = await form(staff, '/tenants/bulk-status', { ids: [String(f1.id), String(f2.id)], status: 'suspended' }).expect(400);
      expect(fieldError(noReason.text, 'reason')).toBe('此项必填。');
      await form(staff, '/tenants/bulk-status', { ids: ['abc'], status: 'suspended', reason: '统一整改' }).expect(400);
      await form(staff, '/tenants/bulk-status', { ids: ['98765432'], status: 'suspended', reason: '统一整改' }).expect(400);
      expect([await statusOf(f1.id), await statusOf(f2.id)]).toEqual(['active', 'active']);

      const done = await form(staff, '/tenants/bulk-status', { ids: [String(f1.id), String(f2.id)], status: 'suspended', reason: '统一整改' }).expect(303);
      expect(done.headers.location).toBe('/tenants?status=suspended');
      expect([await statusOf(f1.id), await statusOf(f2.id)]).toEqual(['suspended', 'suspended']);
      for (const f of [f1, f2]) {
        expect(await auditEntries(t, { action: 'tenant.status.suspended', entityId: String(f.id) })).toHaveLength(1);
        expect((await obligation(versionId, f.id)).status).toBe('paused');
      }
      const flashed = await staff.agent.get(done.headers.location).expect(200);
      expect(flashed.text).toContain('已变更 2 家企业的状态。');
    });
  });
});
