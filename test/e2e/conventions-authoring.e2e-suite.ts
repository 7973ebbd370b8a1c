import { jest } from '@jest/globals';
import { DateTime } from 'luxon';
import { In, Like } from 'typeorm';
import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import { PublishedNoticesJob } from '../../src/conventions/authoring/published-notices.job.js';
import { SigningReminders } from '../../src/conventions/signing/signing-reminders.js';
import { ConventionsService } from '../../src/conventions/core/conventions.service.js';
import { sha256Hex } from '../../src/conventions/domain/convention.rules.js';
import { ConventionVersionEntity } from '../../src/conventions/entities/convention-version.entity.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { ConflictError } from '../../src/common/errors/domain-error.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { MailRenderer } from '../../src/mail/mail-renderer.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { Reminders } from '../../src/notifications/reminders.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { TenantImportService } from '../../src/tenants/tenant-import.service.js';
import { publishVersion } from '../support/conventions-helpers.js';
import { anonymousBrowser, auditEntries, bearer, fieldError, loginAs, postForm } from '../support/http-helpers.js';
import { waitFor } from '../support/outbox-helpers.js';
import { createTenant, createTestApp, createUser, TEST_ACTOR, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

describe('conventions: authoring and publication', () => {
  let t: TestApp;
  let staff: Browser;
  let today: string;

  beforeAll(async () => {
    t = await createTestApp();
    staff = (await loginAs(t, 'park_staff')).browser;
    today = t.get(I18nService).today();
  });
  afterAll(() => t.close());

  /** The outbox row's e-mail renders strictly in both languages (every variable present, subject complete). */
  const expectRenders = (row: OutboxMessageEntity, text: string) => {
    for (const locale of ['zh-CN', 'en']) {
      const mail = t.get(MailRenderer).render(row.template, locale, JSON.parse(row.params) as Record<string, unknown>);
      expect(mail.subject).not.toMatch(/[{}]/);
      expect(mail.text).toContain(text);
    }
  };

  const plusDays = (n: number) => DateTime.fromISO(today, { zone: 'utc' }).plus({ days: n }).toISODate() as string;

  const draftForm = (clauses: { number: string; category: string; textZh: string; textEn?: string; customCategory?: string }[], extra: Record<string, string> = {}) => {
    const body: Record<string, string> = { kind: 'management', title: '园区管理公约', titleEn: 'Park convention', effectiveDate: '2026-01-01', signingPeriodDays: '14', ...extra };
    clauses.forEach((c, i) => {
      body[`clauses.${i}.number`] = c.number;
      body[`clauses.${i}.category`] = c.category;
      body[`clauses.${i}.textZh`] = c.textZh;
      body[`clauses.${i}.textEn`] = c.textEn ?? '';
      body[`clauses.${i}.customCategory`] = c.customCategory ?? '';
    });
    return body;
  };

  describe('create → edit → publish → new version → diff (pages)', () => {
    let versionId: number;
    let conventionId: number;
    const tenantIds: Record<string, number> = {};

    beforeAll(async () => {
      for (const name of ['active1', 'active2', 'suspended', 'movedOut']) tenantIds[name] = (await createTenant(t)).id;
      await t.get(TenantsService).changeStatus(tenantIds.suspended, { status: 'suspended', reason: '安全检查' }, TEST_ACTOR);
      await t.get(TenantsService).changeStatus(tenantIds.movedOut, { status: 'moved_out', reason: '迁出园区' }, TEST_ACTOR);
    });

    it('creates a draft from the form, with three empty rows offered and blank rows ignored', async () => {
      const page = await staff.agent.get('/conventions/new').expect(200);
      expect(page.text).toContain('name="clauses.2.textZh"');
      const res = await postForm(staff, '/conventions', draftForm([
        { number: '1', category: 'law', textZh: '遵守法律法规。', textEn: 'Obey the law.' },
        { number: '2', category: 'integrity', textZh: '诚实守信。' },
        { number: '', category: 'law', textZh: '' },
      ])).expect(303);
      const match = /^\/conventions\/versions\/(\d+)$/.exec(res.headers.location as string);
      expect(match).not.toBeNull();
      versionId = Number(match![1]);
      const v = await t.get(ConventionsService).version(versionId);
      conventionId = v.version.conventionId;
      expect(v.version.status).toBe('draft');
      expect(v.clauses.map((c) => [c.number, c.category, c.textEn])).toEqual([['1', 'law', 'Obey the law.'], ['2', 'integrity', null]]);
      expect(await auditEntries(t, { action: 'convention.create', entityId: String(versionId) })).toHaveLength(1);
    });

    it('"add more rows" re-renders with more rows and saves nothing', async () => {
      const edit = await staff.agent.get(`/conventions/versions/${versionId}/edit`).expect(200);
      expect(edit.text).toContain('name="clauses.0.number" value="1"');
      expect(edit.text).toContain('name="clauses.4.textZh"');
      const res = await postForm(staff, `/conventions/versions/${versionId}/edit`, { ...draftForm([{ number: "1", category: "law", textZh: "改了" }]), rows: "4", addRows: "1" });
      expect(res.status).toBe(200);
      expect(res.text).toContain('name="clauses.8.textZh"');
      expect((await t.get(ConventionsService).version(versionId)).clauses).toHaveLength(2);
    });

    it('keeps every row where it was when rows are added: a blank row in the middle does not renumber the ones after it', async () => {
      const body = draftForm([
        { number: '1', category: 'law', textZh: '甲' },
        { number: '', category: 'law', textZh: '' },
        { number: '3', category: 'custom', customCategory: '环保', textZh: '丙' },
      ]);
      const res = await postForm(staff, `/conventions/versions/${versionId}/edit`, { ...body, rows: '3', addRows: '1' }).expect(200);
      expect(res.text).toMatch(/<fieldset class="clause-row is-custom" id="clause-3">\s*<legend>第 3 行<\/legend>[^]*?name="clauses\.2\.number" value="3"/);
      expect(res.text).toContain('name="clauses.2.customCategory" value="环保"');
      expect(res.text).toContain('id="clause-8"');
      // Only the custom row is marked to show its custom category name.
      expect(res.text.match(/class="clause-row is-custom"/g)).toHaveLength(1);
    });

    it('lists every error at the top with a link to its row, keyed by the row the user sees', async () => {
      const body = draftForm([
        { number: '1', category: 'law', textZh: '甲' },
        { number: '', category: 'law', textZh: '' },
        { number: '', category: 'law', textZh: '' },
        { number: '1', category: 'integrity', textZh: '乙' },
        { number: '5', category: 'custom', textZh: '丙' },
      ], { title: '' });
      const res = await postForm(staff, `/conventions/versions/${versionId}/edit`, body).expect(400);
      const summary = /<nav class="error-summary"[^]*?<\/nav>/.exec(res.text)?.[0] ?? '';
      expect(summary).toContain('href="#f-title"');
      expect(summary).toContain('<a href="#clause-4">第 4 行 · 条款编号</a>');
      expect(summary).toContain('<a href="#clause-5">第 5 行 · 自定义分类名称</a>');
      expect(fieldError(res.text, 'clauses.3.number')).toBeTruthy();
      expect(fieldError(res.text, 'clauses.4.customCategory')).toBeTruthy();
      expect(res.text).toContain('id="clause-5"');
      expect((await t.get(ConventionsService).version(versionId)).clauses.map((c) => c.textZh)).toEqual(['遵守法律法规。', '诚实守信。']);
    });

    it('refuses duplicate numbers and an unnamed custom category with field-keyed errors', async () => {
      const res = await postForm(staff, `/conventions/versions/${versionId}/edit`, draftForm([
        { number: '1', category: 'law', textZh: 'a' },
        { number: '1', category: 'custom', textZh: 'b' },
        { number: '3', category: 'law', textZh: '' , textEn: 'only english' },
      ])).expect(400);
      expect(fieldError(res.text, 'clauses.1.number')).toBeTruthy();
      expect(fieldError(res.text, 'clauses.1.customCategory')).toBeTruthy();
      expect(fieldError(res.text, 'clauses.2.textZh')).toBeTruthy();
      expect((await t.get(ConventionsService).version(versionId)).clauses.map((c) => c.textZh)).toEqual(['遵守法律法规。', '诚实守信。']);
    });

    it('edits the draft: adds, removes and reorders clauses', async () => {
      const body = draftForm([
        { number: '1', category: 'law', textZh: '遵守法律法规。', textEn: 'Obey the law.' },
        { number: '2', category: 'integrity', textZh: '诚实守信。' },
        { number: '3', category: 'custom', customCategory: '环保', textZh: '节能减排。' },
        { number: '4', category: 'self_governance', textZh: '将被删除。' },
      ], { title: '园区管理公约（2026）' });
      Object.assign(body, { 'clauses.0.order': '2', 'clauses.1.order': '1', 'clauses.2.order': '3', 'clauses.3.remove': '1' });
      const saved = await postForm(staff, `/conventions/versions/${versionId}/edit`, body);
      expect(saved.status).toBe(303);
      const v = await t.get(ConventionsService).version(versionId);
      expect(v.version.title).toBe('园区管理公约（2026）');
      expect(v.clauses.map((c) => [c.position, c.number, c.customCategory])).toEqual([[1, '2', null], [2, '1', null], [3, '3', '环保']]);
      const view = await staff.agent.get(`/conventions/versions/${versionId}`).expect(200);
      expect(view.text).toContain('环保');
      expect(view.text).toContain('Obey the law.');
      // The document's own order and numbers, each shown once (no list marker beside the number).
      expect([...view.text.matchAll(/<li><strong>([^<]+)<\/strong>/g)].map((m) => m[1])).toEqual(['2', '1', '3']);
      expect(view.text).not.toContain('<li value=');
    });

    it('the confirmation page counts the active tenants; publishing creates their obligations only', async () => {
      const confirm = await staff.agent.get(`/conventions/versions/${versionId}/publish`).expect(200);
      const active = Number(/data-tenants="(\d+)"/.exec(confirm.text)?.[1]);
      const res = await postForm(staff, `/conventions/versions/${versionId}/publish`).expect(303);
      expect(res.headers.location).toBe(`/conventions/versions/${versionId}`);
      // The text's SHA-256 wraps inside its card instead of widening the page.
      expect((await staff.agent.get(`/conventions/versions/${versionId}`).expect(200)).text).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/);
      const version = await t.dataSource.getRepository(ConventionVersionEntity).findOneByOrFail({ id: versionId });
      expect(version.status).toBe('published');
      expect(version.signingDeadline).toBe(plusDays(14));
      expect(version.textSha256).toBe(sha256Hex(t.get(ConventionsService).canonicalText(await t.get(ConventionsService).version(versionId))));
      const obligations = await t.dataSource.getRepository(SigningObligationEntity).findBy({ versionId });
      expect(obligations).toHaveLength(active);
      const obligated = new Set(obligations.map((o) => o.tenantId));
      expect(obligated.has(tenantIds.active1) && obligated.has(tenantIds.active2)).toBe(true);
      expect(obligated.has(tenantIds.suspended) || obligated.has(tenantIds.movedOut)).toBe(false);
      expect(obligations.every((o) => o.deadline === plusDays(14) && o.signatureId === null)).toBe(true);
      expect(await auditEntries(t, { action: 'convention.publish', entityId: String(versionId) })).toHaveLength(1);
      const list = await staff.agent.get('/conventions').expect(200);
      // The counts lead to the signing progress, filtered by what they count.
      expect(list.text).toContain(`data-count="pending"><a href="/conventions/versions/${versionId}/progress?state=pending">${active}</a>`);
      expect(list.text).toContain(`<a href="/conventions/versions/${versionId}/progress">签署进度</a>`);
    });

    it('a published version cannot be edited or published again: 409, nothing written', async () => {
      const before = await t.get(ConventionsService).version(versionId);
      const obligationsBefore = await t.dataSource.getRepository(SigningObligationEntity).countBy({ versionId });
      const res = await postForm(staff, `/conventions/versions/${versionId}/edit`, draftForm([{ number: '1', category: 'law', textZh: '篡改' }])).expect(409);
      expect(res.text).toContain('已发布');
      await staff.agent.get(`/conventions/versions/${versionId}/edit`).expect(409);
      await postForm(staff, `/conventions/versions/${versionId}/publish`).expect(409);
      await expect(t.get(AuthoringService).updateDraft(versionId, { title: 'x', effectiveDate: '2026-01-01', signingPeriodDays: 1, clauses: [] }, TEST_ACTOR))
        .rejects.toBeInstanceOf(ConflictError);
      const after = await t.get(ConventionsService).version(versionId);
      expect(after.clauses.map((c) => c.textZh)).toEqual(before.clauses.map((c) => c.textZh));
      expect(await t.dataSource.getRepository(SigningObligationEntity).countBy({ versionId })).toBe(obligationsBefore);
    });

    it('a new version copies the clauses, supersedes v1 on publishing, and the diff shows the changed clause', async () => {
      const res = await postForm(staff, `/conventions/${conventionId}/versions`).expect(303);
      const v2 = Number(/\/conventions\/versions\/(\d+)\/edit/.exec(res.headers.location as string)?.[1]);
      expect(v2).toBeGreaterThan(versionId);
      const copy = await t.get(ConventionsService).version(v2);
      expect(copy.version.versionNo).toBe(2);
      expect(copy.clauses.map((c) => c.number)).toEqual(['2', '1', '3']);
      // A second draft while one exists is refused (flash) and creates nothing.
      await postForm(staff, `/conventions/${conventionId}/versions`).expect(303);
      expect(await t.dataSource.getRepository(ConventionVersionEntity).countBy({ conventionId })).toBe(2);

      await postForm(staff, `/conventions/versions/${v2}/edit`, draftForm([
        { number: '2', category: 'integrity', textZh: '诚实守信，公平竞争。' },
        { number: '1', category: 'law', textZh: '遵守法律法规。', textEn: 'Obey the law.' },
        { number: '5', category: 'law', textZh: '新增条款。' },
      ])).expect(303);
      await postForm(staff, `/conventions/versions/${v2}/publish`).expect(303);
      const v1 = await t.dataSource.getRepository(ConventionVersionEntity).findOneByOrFail({ id: versionId });
      expect(v1.status).toBe('superseded');
      expect(v1.supersededAt).not.toBeNull();

      const diff = await staff.agent.get(`/conventions/versions/${v2}/diff`).expect(200);
      expect(diff.text).toMatch(/data-clause="2" data-change="changed"/);
      expect(diff.text).toMatch(/data-clause="1" data-change="unchanged"/);
      expect(diff.text).toMatch(/data-clause="5" data-change="added"/);
      expect(diff.text).toMatch(/data-clause="3" data-change="removed"/);
      expect(diff.text).toContain('<ins>诚实守信，公平竞争。');
    });
  });

  describe('tenants joining after publication', () => {
    it('are asked to sign the versions in force, with a full signing period from today: registered, reactivated', async () => {
      const v = await publishVersion(t, { periodDays: 10 });
      const obligations = t.dataSource.getRepository(SigningObligationEntity);
      const today = t.get(I18nService).today();
      const expected = DateTime.fromISO(today).plus({ days: 10 }).toISODate();

      const newcomer = await createTenant(t);
      expect(await obligations.findOneBy({ versionId: v.versionId, tenantId: newcomer.id })).toMatchObject({ deadline: expected });

      const away = await createTenant(t);
      await t.get(TenantsService).changeStatus(away.id, { status: 'suspended', reason: '暂停经营' }, TEST_ACTOR);
      const v2 = await publishVersion(t, { periodDays: 10 });
      expect(await obligations.countBy({ versionId: v2.versionId, tenantId: away.id })).toBe(0);
      await t.get(TenantsService).changeStatus(away.id, { status: 'active', reason: '恢复经营' }, TEST_ACTOR);
      expect(await obligations.countBy({ versionId: v2.versionId, tenantId: away.id })).toBe(1);
      // Reactivating again later adds nothing twice.
      await t.get(TenantsService).changeStatus(away.id, { status: 'suspended', reason: '再次暂停' }, TEST_ACTOR);
      await t.get(TenantsService).changeStatus(away.id, { status: 'active', reason: '再次恢复' }, TEST_ACTOR);
      expect(await obligations.countBy({ versionId: v2.versionId, tenantId: away.id })).toBe(1);
    });

    it('are asked to sign when they arrive by import', async () => {
      const v = await publishVersion(t, { periodDays: 5 });
      const uscc = testUscc();
      const csv = `uscc,name,legalRepresentative,industry,building,movedInAt\n${uscc},导入签署测试有限公司,赵六,电子信息,A1,2026-01-05\n`;
      const report = await t.get(TenantImportService).run({ name: 'join.csv', buffer: Buffer.from(csv) }, { dryRun: false, actor: TEST_ACTOR, locale: 'zh-CN' });
      expect(report.created).toBe(1);
      const tenant = await t.get(TenantsService).findByUscc(uscc);
      expect(await t.dataSource.getRepository(SigningObligationEntity).countBy({ versionId: v.versionId, tenantId: tenant!.id })).toBe(1);
    });
  });

  describe('published notices job', () => {
    it('notifies each active officer of obligated tenants once, and running it again adds nothing', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const officers = [await createUser(t, 'tenant_officer', { tenantId: tenant.id }), await createUser(t, 'tenant_officer', { tenantId: other.id })];
      const { versionId } = await publishVersion(t, { title: '信用承诺书', kind: 'commitment' });
      const ids = officers.map((o) => o.id);
      const key = `convention-published:${versionId}`;
      // The in-process queue runs the job published after commit.
      await waitFor('the published notices', async () => (await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: Like(`${key}:%`) })) === 2);
      const again = await t.get(PublishedNoticesJob).run({ versionId });
      expect(again.notified).toBe(0);
      const notices = await t.dataSource.getRepository(NotificationEntity).findBy({ userId: In(ids), template: 'convention-published' });
      expect(notices.map((n) => n.userId).sort()).toEqual([...ids].sort());
      expect(notices.every((n) => n.link === '/conventions/my')).toBe(true);
      const outbox = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ dedupeKey: Like(`${key}:%`) });
      expect(outbox.map((o) => o.userId).sort()).toEqual([...ids].sort());
      expect(JSON.parse(outbox[0].params)).toMatchObject({ title: '信用承诺书', versionNo: 1 });
      expectRenders(outbox[0], '/conventions/my');
    });

    it('sends nothing for a version that is not published', async () => {
      const created = await t.get(AuthoringService).createConvention({
        kind: 'management', title: '草稿', effectiveDate: '2026-01-01', signingPeriodDays: 3, clauses: [{ number: '1', category: 'law', textZh: 'x' }],
      }, TEST_ACTOR);
      expect(await t.get(PublishedNoticesJob).run({ versionId: created.versionId })).toEqual({ notified: 0 });
      expect(await t.get(PublishedNoticesJob).run({ versionId: 'nonsense' })).toEqual({ notified: 0 });
    });
  });

  describe('signing reminders', () => {
    it('is registered as a reminder source', () => {
      expect(t.get(Reminders).all().map((s) => s.name)).toContain('convention-signing');
    });

    it('sends the 7-day, 1-day and overdue reminders once each, and one staff digest', async () => {
      const tenants = [await createTenant(t), await createTenant(t), await createTenant(t), await createTenant(t)];
      const officers = await Promise.all(tenants.map((x) => createUser(t, 'tenant_officer', { tenantId: x.id })));
      const { versionId } = await publishVersion(t, { title: '提醒测试公约', periodDays: 30 });
      const repo = t.dataSource.getRepository(SigningObligationEntity);
      const obligations = await repo.findBy({ versionId, tenantId: In(tenants.map((x) => x.id)) });
      const byTenant = new Map(obligations.map((o) => [o.tenantId, o]));
      const plan: [number, string][] = [[tenants[0].id, plusDays(7)], [tenants[1].id, plusDays(1)], [tenants[2].id, plusDays(-1)], [tenants[3].id, plusDays(3)]];
      for (const [tenantId, deadline] of plan) await repo.update({ id: byTenant.get(tenantId)!.id }, { deadline });

      const reminders = t.get(SigningReminders);
      const first = await reminders.run(today);
      const second = await reminders.run(today);
      expect(second).toBe(0);

      const deadlineOf = new Map(plan);
      const sent = (kind: string, i: number) => t.dataSource.getRepository(OutboxMessageEntity).findBy({
        dedupeKey: `sign-reminder:${byTenant.get(tenants[i].id)!.id}:${deadlineOf.get(tenants[i].id)}:${kind}:${officers[i].id}`,
      });
      const due7 = await sent('due-in-7', 0);
      expect(due7).toHaveLength(1);
      expect(due7[0].template).toBe('signing-reminder');
      expect(JSON.parse(due7[0].params)).toMatchObject({ days: 7, deadline: plusDays(7) });
      expectRenders(due7[0], plusDays(7));
      expect(await sent('due-in-1', 1)).toHaveLength(1);
      const overdue = await sent('overdue', 2);
      expect(overdue).toHaveLength(1);
      expect(overdue[0].template).toBe('signing-overdue');
      expectRenders(overdue[0], plusDays(-1));
      const none = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ dedupeKey: Like(`sign-reminder:${byTenant.get(tenants[3].id)!.id}:%`) });
      expect(none).toHaveLength(0);

      const digest = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ dedupeKey: Like(`overdue-digest:${today}:%`) });
      expect(digest.length).toBeGreaterThanOrEqual(1);
      expect(digest.every((d) => d.template === 'overdue-digest')).toBe(true);
      expect(new Set(digest.map((d) => d.userId)).size).toBe(digest.length);
      expect(JSON.parse(digest[0].params).summary).toContain('提醒测试公约 (v1): 1');
      expectRenders(digest[0], '提醒测试公约 (v1): 1');
      expect(first).toBeGreaterThanOrEqual(3 + digest.length);

      // The next day the overdue notice is not repeated.
      expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: Like(`sign-reminder:${byTenant.get(tenants[2].id)!.id}:%`) })).toBe(1);
      await reminders.run(plusDays(1));
      expect(await t.dataSource.getRepository(OutboxMessageEntity).countBy({ dedupeKey: Like(`sign-reminder:${byTenant.get(tenants[2].id)!.id}:%`) })).toBe(1);
    });
  });

  describe('JSON API', () => {
    it('lists conventions with versions and shows a version with clauses and hash', async () => {
      const { versionId, conventionId } = await publishVersion(t, { title: 'API 公约' });
      const staffUser = await createUser(t, 'park_staff');
      const token = await tokenFor(t, staffUser.id);
      const list = await t.http().get('/api/v1/conventions').set(bearer(token)).expect(200);
      const conv = (list.body.items as { id: number; versions: { id: number; status: string; counts: unknown }[] }[]).find((c) => c.id === conventionId);
      expect(conv?.versions[0]).toMatchObject({ id: versionId, status: 'published' });
      const one = await t.http().get(`/api/v1/conventions/versions/${versionId}`).set(bearer(token)).expect(200);
      expect(one.body.textSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(one.body.clauses).toHaveLength(3);
      await t.http().get('/api/v1/conventions/versions/999999').set(bearer(token)).expect(404);
      const officer = await createUser(t, 'tenant_officer', { tenantId: (await createTenant(t)).id });
      await t.http().get('/api/v1/conventions').set(bearer(await tokenFor(t, officer.id))).expect(403);
    });
  });

  describe('authorization and CSRF', () => {
    let versionId: number;
    beforeAll(async () => {
      versionId = (await publishVersion(t)).versionId;
    });

    it.each(['tenant_officer', 'evaluator'] as const)('%s gets 403 on every staff page', async (role) => {
      const tenantId = role === 'tenant_officer' ? (await createTenant(t)).id : undefined;
      const { browser } = await loginAs(t, role, { tenantId });
      for (const path of ['/conventions', '/conventions/new', `/conventions/versions/${versionId}`, `/conventions/versions/${versionId}/diff`, `/conventions/versions/${versionId}/edit`, `/conventions/versions/${versionId}/publish`]) {
        expect([path, (await browser.agent.get(path)).status]).toEqual([path, 403]);
      }
      expect((await postForm(browser, '/conventions', draftForm([{ number: '1', category: 'law', textZh: 'x' }]))).status).toBe(403);
    });

    it('regulators read but cannot write', async () => {
      const { browser } = await loginAs(t, 'regulator');
      await browser.agent.get('/conventions').expect(200);
      await browser.agent.get(`/conventions/versions/${versionId}`).expect(200);
      await browser.agent.get('/conventions/new').expect(403);
      await postForm(browser, '/conventions', draftForm([{ number: '1', category: 'law', textZh: 'x' }])).expect(403);
    });

    it('anonymous visitors are sent to the login page', async () => {
      const anon = await anonymousBrowser(t);
      const res = await anon.agent.get('/conventions');
      expect([302, 303]).toContain(res.status);
      expect(res.headers.location).toMatch(/^\/login/);
    });

    it('a form without the CSRF token is refused and creates nothing', async () => {
      const count = await t.dataSource.getRepository(ConventionVersionEntity).count();
      await staff.agent.post('/conventions').type('form').send(draftForm([{ number: '1', category: 'law', textZh: 'x' }])).expect(403);
      await staff.agent.post(`/conventions/versions/${versionId}/publish`).type('form').send({}).expect(403);
      expect(await t.dataSource.getRepository(ConventionVersionEntity).count()).toBe(count);
    });
  });
});
