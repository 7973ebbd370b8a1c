import type { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { WorkingCalendarService } from '../../src/calendar/working-calendar.service.js';
import { I18nService } from '../../src/i18n/i18n.service.js';
import { addMonths } from '../../src/lists/domain/list-periods.rules.js';
import { ListsDailyJob } from '../../src/lists/entries/jobs/lists-daily.job.js';
import { ListChangeEntity } from '../../src/lists/entities/list-change.entity.js';
import { ListEntryEntity } from '../../src/lists/entities/list-entry.entity.js';
import { MailRenderer } from '../../src/mail/mail-renderer.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import type { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { Like } from 'typeorm';
import { auditEntries, bearer, loginAs, postForm } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 13: the red, black and watch lists — propose → prior notice → object → answer → approve →
 * expire; an objection after the window refused with the day it closed; maker–checker (403 on one's
 * own proposal); regulators propose to the black list only; officers reach only their own tenant's
 * entries; the score gains N09 (black) and P12 (red) while on the list; the changes feed by keyset.
 */
describe('lists: entries', () => {
  let t: TestApp;
  let today: string;
  let yesterday: string;
  let tenantA: TenantEntity;
  let tenantB: TenantEntity;
  let tenantC: TenantEntity;
  let officerA: { user: UserEntity; browser: Browser };
  let staff: { user: UserEntity; browser: Browser };
  let regulator1: UserEntity;
  let tokens: Record<'officerA' | 'officerB' | 'staff' | 'regulator1' | 'regulator2' | 'admin' | 'evaluator', string>;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    today = t.get(I18nService).today();
    yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    tenantA = await createTenant(t, { name: `名单甲${Date.now()}有限公司` });
    tenantB = await createTenant(t, { name: `名单乙${Date.now()}有限公司` });
    tenantC = await createTenant(t, { name: `名单丙${Date.now()}有限公司` });
    officerA = await loginAs(t, 'tenant_officer', { tenantId: tenantA.id });
    staff = await loginAs(t, 'park_staff');
    const officerB = await createUser(t, 'tenant_officer', { tenantId: tenantB.id });
    regulator1 = await createUser(t, 'regulator', { departmentId: 1 });
    const regulator2 = await createUser(t, 'regulator', { departmentId: 2 });
    const admin = await createUser(t, 'admin');
    const evaluator = await createUser(t, 'evaluator');
    tokens = {
      officerA: await tokenFor(t, officerA.user.id), officerB: await tokenFor(t, officerB.id), staff: await tokenFor(t, staff.user.id),
      regulator1: await tokenFor(t, regulator1.id), regulator2: await tokenFor(t, regulator2.id), admin: await tokenFor(t, admin.id), evaluator: await tokenFor(t, evaluator.id),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  const api = () => t.http();
  const propose = (token: string, body: Record<string, unknown>) => api().post('/api/v1/lists/entries').set(bearer(token)).send(body);
  const object = (token: string, id: number, text = '我司已于上月补正全部材料，不应列入。') => api().post(`/api/v1/lists/entries/${id}/objections`).set(bearer(token)).send({ text });
  const act = (token: string, id: number, what: 'approve' | 'reject' | 'exit', reason = '经审查，事实清楚，依据充分。') => api().post(`/api/v1/lists/entries/${id}/${what}`).set(bearer(token)).send({ reason });
  const entry = (id: number) => t.dataSource.getRepository(ListEntryEntity).findOneByOrFail({ id });
  const score = async (tenantId: number) => (await api().get(`/api/v1/tenants/${tenantId}/score`).set(bearer(tokens.staff)).expect(200)).body as {
    total: number; grade: string; contributions: { rule: string; points: number; source: { type: string; id: number } }[];
  };
  const listRules = (s: Awaited<ReturnType<typeof score>>) => s.contributions.filter((c) => c.source.type === 'list_entry').map((c) => `${c.rule}:${c.source.id}`);
  const black = (tenant: TenantEntity) => ({ tenantId: tenant.id, list: 'black', criterion: 'serious_heavy_penalty', reasons: '2026 年 3 月因无证经营被吊销许可证。' });

  it('propose (black) → prior notice → object → answer → approve after the window → N09 → expire, each step audited and in the feed', async () => {
    const res = await propose(tokens.regulator1, black(tenantA)).expect(201);
    const id = res.body.id as number;
    const closes = await t.get(WorkingCalendarService).addWorkingDays(today, 10);
    expect(res.body).toMatchObject({ status: 'proposed', list: 'black', objectionClosesOn: closes, tenant: { id: tenantA.id } });
    expect(res.body.legalBasis).toBeTruthy();
    const [proposed] = await auditEntries(t, { entityType: 'list_entry', entityId: String(id), action: 'listEntry.propose' });
    expect(JSON.parse(proposed.after!)).toMatchObject({ tenantId: tenantA.id, list: 'black', objectionClosesOn: closes, source: 'api' });
    // The prior notice: in-app and by e-mail to the tenant's officer, with reasons, legal basis and the last day.
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'list-proposed', link: `/lists/${id}` })).toBe(1);
    const mails = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ template: 'list-proposed' });
    expect(mails.some((m) => JSON.stringify(m).includes(closes))).toBe(true);
    // Nothing counts before the decision.
    expect(listRules(await score(tenantA.id))).toEqual([]);

    // The officer objects within the window; the proposer is told.
    await object(tokens.officerA, id).expect(201);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: regulator1.id, template: 'list-objection' })).toBe(1);

    // Approval waits for the window and the answer (409 naming both), and the proposer may never approve (403).
    const early = await act(tokens.regulator2, id, 'approve').expect(409);
    expect(early.body.message).toContain(closes);
    const own = await act(tokens.regulator1, id, 'approve').expect(403);
    expect(own.body.error).toBe('listsEntries.ownProposal');
    expect((await entry(id)).status).toBe('proposed');

    // Staff answer; the officer is told.
    const view = await api().get(`/api/v1/lists/entries/${id}`).set(bearer(tokens.staff)).expect(200);
    const objectionId = view.body.objections[0].id as number;
    await api().post(`/api/v1/lists/entries/${id}/objections/${objectionId}/answer`).set(bearer(tokens.staff)).send({ text: '经核实，补正材料不影响处罚事实。' }).expect(200);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'list-objection-answered' })).toBe(1);

    // The window closes (its last day was yesterday): an objection now is refused with that day.
    await t.dataSource.getRepository(ListEntryEntity).update({ id }, { objectionClosesOn: yesterday });
    const late = await object(tokens.officerA, id).expect(409);
    expect(late.body.closedOn).toBe(yesterday);
    expect(late.body.message).toContain(yesterday);

    // Another regulator approves: on the list from today, 36 months, early exit after 12.
    const approved = await act(tokens.regulator2, id, 'approve').expect(200);
    expect(approved.body).toMatchObject({ status: 'active', startsOn: today, plannedEndOn: addMonths(today, 36), earliestExitOn: addMonths(today, 12) });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ userId: officerA.user.id, template: 'list-decided' })).toBe(1);
    const s = await score(tenantA.id);
    expect(listRules(s)).toEqual([`N09:${id}`]);
    expect(s.contributions.find((c) => c.rule === 'N09')?.points).toBe(-30);
    expect(s.grade).toBe('D');
    // The entry's page offers credit repair to the tenant's officer, not to staff.
    expect((await officerA.browser.agent.get(`/lists/${id}`).expect(200)).text).toContain('<p><a href="/repairs">');
    expect((await staff.browser.agent.get(`/lists/${id}`).expect(200)).text).not.toContain('<p><a href="/repairs">');

    // Early exit before a year: 409 naming the first day it is possible.
    const exit = await act(tokens.regulator2, id, 'exit').expect(409);
    expect(exit.body.message).toContain(addMonths(today, 12));

    // The planned end comes: the daily job ends it, dated the planned end, once.
    await t.dataSource.getRepository(ListEntryEntity).update({ id }, { plannedEndOn: today });
    expect(await t.get(ListsDailyJob).run()).toEqual({ ended: 1 });
    expect(await t.get(ListsDailyJob).run()).toEqual({ ended: 0 });
    expect(await entry(id)).toMatchObject({ status: 'ended', endKind: 'expired', endedOn: today });
    expect(listRules(await score(tenantA.id))).toEqual([]);
    const changes = await t.dataSource.getRepository(ListChangeEntity).find({ where: { entryId: id }, order: { id: 'ASC' } });
    expect(changes.map((c) => `${c.change}:${c.effectiveOn}:${c.uscc}`)).toEqual([`added:${today}:${tenantA.uscc}`, `ended:${today}:${tenantA.uscc}`]);
    const actions = (await auditEntries(t, { entityType: 'list_entry', entityId: String(id) })).map((a) => a.action);
    expect(actions).toEqual(['listEntry.propose', 'listEntry.object', 'listEntry.answer', 'listEntry.approve', 'listEntry.expire']);
    // Every e-mail of the flow renders strictly in both languages, the list named in words.
    const rows = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ template: Like('list-%') });
    expect(new Set(rows.map((r) => r.template))).toEqual(new Set(['list-proposed', 'list-objection', 'list-objection-answered', 'list-decided', 'list-ended']));
    for (const row of rows) {
      for (const locale of ['zh-CN', 'en']) {
        const mail = t.get(MailRenderer).render(row.template, locale, JSON.parse(row.params) as Record<string, unknown>);
        expect(mail.subject).not.toMatch(/[{}]/);
        expect(mail.text).not.toMatch(/\bblack\b(?! list)/);
      }
    }
    const notice = rows.find((r) => r.template === 'list-proposed')!;
    const zh = t.get(MailRenderer).render(notice.template, 'zh-CN', JSON.parse(notice.params) as Record<string, unknown>);
    expect(zh.text).toContain('严重失信主体名单');
    expect(zh.text).toContain(closes);
  });

  it('red: staff propose, no notice and no window; another regulator approves at once → P12; one open entry per tenant and list', async () => {
    const res = await propose(tokens.staff, { tenantId: tenantB.id, list: 'red', criterion: 'annual_nomination', reasons: '年度得分 92 分，全年无负面事项。' }).expect(201);
    const id = res.body.id as number;
    expect(res.body).toMatchObject({ status: 'proposed', objectionClosesOn: null, noticeSentAt: null });
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ template: 'list-proposed', link: `/lists/${id}` })).toBe(0);
    await propose(tokens.staff, { tenantId: tenantB.id, list: 'red', criterion: 'other', reasons: '重复' }).expect(409);
    // The red list has no objection window at all.
    const no = await object(tokens.officerB, id).expect(409);
    expect(no.body.error).toBe('listsEntries.noObjectionWindow');
    await act(tokens.regulator1, id, 'approve').expect(200);
    expect(listRules(await score(tenantB.id))).toEqual([`P12:${id}`]);
    // Early exit of a red entry: any time, by a regulator, with a reason; the feed says 'ended'.
    await act(tokens.regulator2, id, 'exit', '').expect(400);
    await act(tokens.regulator2, id, 'exit', '企业申请退出。').expect(200);
    expect(await entry(id)).toMatchObject({ status: 'ended', endKind: 'early_exit', endedOn: today });
    expect(listRules(await score(tenantB.id))).toEqual([]);
  });

  it('who may do what: regulators propose to the black list only, officers reach only their own tenant, decisions are regulators\', withdraw is the proposer\'s', async () => {
    const watch = { tenantId: tenantC.id, list: 'watch', criterion: 'grade_d', reasons: '最近公示月份评为 D 级。' };
    expect((await propose(tokens.regulator1, watch).expect(403)).body.error).toBe('listsEntries.regulatorBlackOnly');
    await propose(tokens.officerA, watch).expect(403);
    await propose(tokens.evaluator, watch).expect(403);
    const bad = await propose(tokens.staff, { ...watch, criterion: 'annual_nomination', reasons: '' }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['reasons']);
    expect((await propose(tokens.staff, { ...watch, criterion: 'annual_nomination' }).expect(400)).body.errors.criterion).toBeDefined();
    expect((await propose(tokens.staff, { ...watch, tenantId: 99_999_999 }).expect(400)).body.errors.tenantId).toBeDefined();
    expect((await propose(tokens.staff, { ...watch, tenantId: undefined, uscc: tenantC.uscc.toLowerCase() }).expect(201)).body.tenant.id).toBe(tenantC.id);
    const id = (await t.dataSource.getRepository(ListEntryEntity).findOneByOrFail({ tenantId: tenantC.id, list: 'watch', status: 'proposed' })).id;

    // Officers: another tenant's entry looks missing; their own list shows only their tenant's.
    await api().get(`/api/v1/lists/entries/${id}`).set(bearer(tokens.officerA)).expect(404);
    await object(tokens.officerA, id).expect(404);
    const mine = await api().get('/api/v1/lists/entries').set(bearer(tokens.officerA)).expect(200);
    expect(mine.body.items.every((i: { tenant: { id: number } }) => i.tenant.id === tenantA.id)).toBe(true);
    await api().get('/api/v1/lists/entries').set(bearer(tokens.evaluator)).expect(403);

    // Decisions are regulators'; staff, officers and evaluators get 403.
    await act(tokens.staff, id, 'approve').expect(403);
    await act(tokens.officerA, id, 'reject').expect(403);
    await act(tokens.regulator1, id, 'reject', '').expect(400);
    // Withdraw: only the proposer (or an admin).
    await api().post(`/api/v1/lists/entries/${id}/withdraw`).set(bearer(tokens.regulator1)).expect(403);
    await api().post(`/api/v1/lists/entries/${id}/withdraw`).set(bearer(tokens.staff)).expect(200);
    expect((await entry(id)).status).toBe('withdrawn');
    await act(tokens.regulator1, id, 'reject').expect(409);
    await api().get('/api/v1/lists/entries/99999999').set(bearer(tokens.staff)).expect(404);
  });

  it('the changes feed pages by keyset; bad since, cursor or limit are field-keyed 400s; tokens of staff, regulators and admins only', async () => {
    const res = await propose(tokens.regulator1, black(tenantC)).expect(201);
    await t.dataSource.getRepository(ListEntryEntity).update({ id: res.body.id }, { objectionClosesOn: yesterday });
    await act(tokens.regulator2, res.body.id, 'approve').expect(200);
    const all = await api().get('/api/v1/lists/changes?since=2000-01-01T00:00:00Z').set(bearer(tokens.admin)).expect(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(2);
    expect(all.body.next).toBeNull();
    expect(all.body.items.at(-1)).toMatchObject({ entryId: res.body.id, uscc: tenantC.uscc, name: tenantC.name, list: 'black', change: 'added', effectiveOn: today });
    // One at a time: the same items, in the same order.
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const query: string = cursor ? `&cursor=${cursor}` : '&since=2000-01-01T00:00:00Z';
      const r = await api().get(`/api/v1/lists/changes?limit=1${query}`).set(bearer(tokens.regulator1)).expect(200);
      const body = r.body as { items: { id: number }[]; next: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.next;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.body.items.map((i: { id: number }) => i.id));
    const later = await api().get(`/api/v1/lists/changes?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`).set(bearer(tokens.staff)).expect(200);
    expect(later.body).toEqual({ items: [], next: null });
    expect((await api().get('/api/v1/lists/changes?since=yesterday').set(bearer(tokens.staff)).expect(400)).body.errors.since).toBeDefined();
    expect((await api().get('/api/v1/lists/changes?since=2026-02-30T00:00:00Z').set(bearer(tokens.staff)).expect(400)).body.errors.since).toBeDefined();
    expect((await api().get('/api/v1/lists/changes?cursor=bm9wZQ').set(bearer(tokens.staff)).expect(400)).body.errors.cursor).toBeDefined();
    expect((await api().get('/api/v1/lists/changes?limit=0').set(bearer(tokens.staff)).expect(400)).body.errors.limit).toBeDefined();
    await api().get('/api/v1/lists/changes').set(bearer(tokens.officerA)).expect(403);
    await api().get('/api/v1/lists/changes').expect(401);
  });

  it('candidates: a serious finding with a heavy penalty makes a black-list candidate until the tenant is proposed', async () => {
    const tenantD = await createTenant(t, { name: `名单丁${Date.now()}有限公司` });
    const f = await api().post('/api/v1/findings').set(bearer(tokens.regulator1)).send({
      tenantId: tenantD.id, type: 'penalty', severity: 'serious', penaltyKind: 'revocation', title: '无证经营', legalBasis: '《行政许可法》第八十一条',
      decisionNo: `名单〔2026〕${Date.now()}-${++seq}`, decisionDate: yesterday, description: '吊销许可证。',
    });
    expect(f.status).toBe(201);
    const c = await api().get('/api/v1/lists/candidates?list=black&pageSize=100').set(bearer(tokens.staff)).expect(200);
    const mine = c.body.items.find((i: { tenant: { id: number } }) => i.tenant.id === tenantD.id);
    expect(mine).toMatchObject({ criterion: 'serious_heavy_penalty', records: [{ type: 'finding', id: f.body.id }] });
    await propose(tokens.regulator1, { ...black(tenantD), records: mine.records }).expect(201);
    const after = await api().get('/api/v1/lists/candidates?list=black&pageSize=100').set(bearer(tokens.staff)).expect(200);
    expect(after.body.items.some((i: { tenant: { id: number } }) => i.tenant.id === tenantD.id)).toBe(false);
    await api().get('/api/v1/lists/candidates?list=black').set(bearer(tokens.officerA)).expect(403);
  });

  it('pages: the list, the form (post-redirect-get), an entry with the objection form for its officer only', async () => {
    const tenantE = await createTenant(t, { name: `名单戊${Date.now()}有限公司` });
    const officerE = await loginAs(t, 'tenant_officer', { tenantId: tenantE.id });
    const form = await staff.browser.agent.get('/lists/new?list=watch').expect(200);
    expect(form.text).toContain('name="reasons"');
    const bad = await postForm(staff.browser, '/lists/new', { tenantId: String(tenantE.id), list: 'watch', criterion: 'grade_d', reasons: '' });
    expect(bad.status).toBe(400);
    const ok = await postForm(staff.browser, '/lists/new', { tenantId: String(tenantE.id), list: 'watch', criterion: 'grade_d', reasons: '连续两个月 D 级。', legalBasis: '' });
    expect(ok.status).toBe(303);
    const location = ok.headers.location as string;
    expect(location).toMatch(/^\/lists\/\d+$/);
    const page = await officerE.browser.agent.get(location).expect(200);
    expect(page.text).toContain('action="' + location + '/objections"');
    await officerA.browser.agent.get(location).expect(404);
    const objected = await postForm(officerE.browser, `${location}/objections`, { text: '我司已整改。' });
    expect(objected.status).toBe(303);
    const list = await staff.browser.agent.get(`/lists?list=watch&q=${encodeURIComponent(tenantE.name)}`).expect(200);
    expect(list.text).toContain(tenantE.name);
    const csv = await staff.browser.agent.get('/lists?format=csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    await staff.browser.agent.get('/lists/candidates?list=watch').expect(200);
    await staff.browser.agent.get('/lists/rules').expect(200);
    const hub = await officerE.browser.agent.get(`/tenants/${tenantE.id}`).expect(200);
    expect(hub.text).toContain('id="hub-lists"');
    const home = await staff.browser.agent.get('/').expect(200);
    expect(home.text).toContain('id="home-lists"');
  });
});
