import { jest } from '@jest/globals';
import { In } from 'typeorm';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { OutboxMessageEntity } from '../../src/notifications/entities/outbox-message.entity.js';
import { NotificationsService } from '../../src/notifications/notifications.service.js';
import { OutboxService } from '../../src/notifications/outbox.service.js';
import { MailTransport } from '../../src/mail/mail-transport.js';
import { createTestApp, createUser, login, tokenFor, type Browser, type TestApp } from '../support/test-app.js';
import { bearer, loginAs, postForm, uniqueEmail } from '../support/http-helpers.js';
import { emlFor, mimeHeader, queueOutboxRow, waitFor, waitForOutbox } from '../support/outbox-helpers.js';

jest.setTimeout(30_000);

const INITIAL_PASSWORD = 'Initial-Password-1';
const SUBJECT_ZH = '您的园区诚信自律平台账户已开通';
const SUBJECT_EN = 'Your ParkTrust account is ready';

/** The bell in the top bar: its accessible label and the visible number (null when none is shown). */
function bell(html: string): { label: string; count: string | null } {
  const tag = /<a class="bell[^"]*" href="\/notifications"[^>]*>[\s\S]*?<\/a>/.exec(html)?.[0];
  if (!tag) throw new Error('no bell on the page');
  return {
    label: /aria-label="([^"]*)"/.exec(tag)?.[1] ?? '',
    count: /<span class="bell-count" aria-hidden="true">(\d+)<\/span>/.exec(tag)?.[1] ?? null,
  };
}

describe('in-app notifications', () => {
  let t: TestApp;
  let adminBrowser: Browser;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    ({ browser: adminBrowser } = await loginAs(t, 'admin'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const notices = () => t.dataSource.getRepository(NotificationEntity);

  /** Creates a park_staff account through the admin page, as an administrator would. */
  async function createThroughAdminPage(): Promise<UserEntity> {
    const email = uniqueEmail('notice');
    const res = await postForm(adminBrowser, '/admin/users', {
      email, name: '通知测试用户', role: 'park_staff', password: INITIAL_PASSWORD, tenantUscc: '', departmentId: '', institutionId: '',
    });
    expect(res.status).toBe(303);
    return t.dataSource.getRepository(UserEntity).findOneByOrFail({ email });
  }

  it('a user created on the admin page finds the notice: bell count 1, subject in their language, mark read → 0', async () => {
    const user = await createThroughAdminPage();
    const browser = await login(t, user.email, INITIAL_PASSWORD);

    const home = await browser.agent.get('/').expect(200);
    expect(bell(home.text)).toEqual({ label: '1 条未读通知', count: '1' });

    const list = await browser.agent.get('/notifications').expect(200);
    expect(list.text).toContain(SUBJECT_ZH);
    expect(list.text).toContain('class="notice unread"');

    // The user switches to English: the same notice is titled in English.
    await browser.agent.get('/locale/en?next=/notifications').expect(303);
    const listEn = await browser.agent.get('/notifications').expect(200);
    expect(listEn.text).toContain(SUBJECT_EN);
    expect(listEn.text).not.toContain(SUBJECT_ZH);
    expect(bell(listEn.text)).toEqual({ label: '1 unread notifications', count: '1' });

    const [notice] = await notices().findBy({ userId: user.id });
    const read = await postForm(browser, `/notifications/${notice.id}/read`, { back: '/notifications' });
    expect(read.status).toBe(303);
    expect(read.headers.location).toBe('/'); // the notice's own link wins over "back"
    expect((await notices().findOneByOrFail({ id: notice.id })).readAt).not.toBeNull();

    const after = await browser.agent.get('/').expect(200);
    expect(bell(after.text)).toEqual({ label: 'No unread notifications', count: null });
    const listAfter = await browser.agent.get('/notifications').expect(200);
    expect(listAfter.text).toContain('class="notice"');
    expect(listAfter.text).not.toContain('class="notice unread"');
  });

  it("the new user's e-mail is sent: an .eml with an HTML and a plain-text part and the subject", async () => {
    const user = await createThroughAdminPage();
    const message = await t.dataSource.getRepository(OutboxMessageEntity).findOneByOrFail({ userId: user.id, template: 'account-created' });
    expect(message.recipient).toBe(user.email);

    const sent = await waitForOutbox(t, message.id, 'sent');
    expect(sent.sentAt).not.toBeNull();
    expect(sent.lastError).toBeNull();
    const eml = await waitFor(`the .eml of message ${message.id}`, async () => emlFor(t, message.id));
    expect(mimeHeader(eml, 'Subject')).toBe(SUBJECT_ZH);
    expect(mimeHeader(eml, 'To')).toContain(user.email);
    expect(eml).toMatch(/^Content-Type: multipart\/alternative/im);
    expect(eml).toMatch(/^Content-Type: text\/plain; charset=utf-8/im);
    expect(eml).toMatch(/^Content-Type: text\/html; charset=utf-8/im);
  });

  it('a send that fails for now stays queued with its next try, and goes out once it is due again', async () => {
    const transport = t.get(MailTransport);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
    const spy = jest.spyOn(transport, 'send').mockRejectedValueOnce(refused);
    const outbox = t.dataSource.getRepository(OutboxMessageEntity);
    try {
      const before = Date.now();
      const message = await queueOutboxRow(t, { recipient: 'retry@test.parktrust.cn', template: 'test-message', params: JSON.stringify({ adminName: 'A', recipientName: 'B', link: '' }) });
      const waiting = await waitFor('the failed first try', async () => {
        const row = await outbox.findOneByOrFail({ id: message.id });
        return row.attempts === 1 && row.status === 'queued' && row.lastError ? row : null;
      });
      expect(waiting.lastError).toContain('ECONNREFUSED');
      expect(waiting.lockedUntil).toBeNull();
      expect(waiting.sentAt).toBeNull();
      expect(waiting.nextAttemptAt).toBeInstanceOf(Date);
      expect(waiting.nextAttemptAt!.getTime()).toBeGreaterThan(before);

      // Due now: the relay finds it and the second try goes out.
      await outbox.update({ id: message.id }, { nextAttemptAt: new Date(Date.now() - 1_000) });
      await t.get(OutboxService).relay();
      const sent = await waitForOutbox(t, message.id, 'sent');
      expect(sent.attempts).toBe(2);
      expect(sent.sentAt).toBeInstanceOf(Date);
      expect(Math.abs(sent.sentAt!.getTime() - Date.now())).toBeLessThan(60_000);
      expect(sent.messageId).toBe(`<outbox-${message.id}@parktrust>`);
      expect(sent.lockedUntil).toBeNull();
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it("another user's notice is 404 on the page and leaves it unread", async () => {
    const owner = await createUser(t, 'park_staff');
    const [theirs] = await notices().findBy({ userId: owner.id });
    expect(theirs).toBeDefined();
    const other = await createUser(t, 'regulator');
    const browser = await login(t, other.email);

    const res = await postForm(browser, `/notifications/${theirs.id}/read`);
    expect(res.status).toBe(404);
    expect((await notices().findOneByOrFail({ id: theirs.id })).readAt).toBeNull();
    await postForm(browser, '/notifications/999999999/read').expect(404);
    await postForm(browser, '/notifications/abc/read').expect(400);
  });

  it('records several notices in one call, each with its own text, and sends each key once', async () => {
    const [a, b] = [await createUser(t, 'park_staff'), await createUser(t, 'park_staff')];
    const run = `batch:${Date.now()}`;
    const notify = (input: Parameters<NotificationsService['notify']>[2]) =>
      t.get(UnitOfWork).run((m, afterCommit) => t.get(NotificationsService).notify(m, afterCommit, input));
    expect(await notify({ userIds: [a.id], template: 'test-message', params: { adminName: 'Earlier' }, dedupeKey: `${run}:used` })).toHaveLength(1);

    const ids = await notify([
      { userIds: [a.id, b.id], template: 'test-message', params: { adminName: 'First' }, dedupeKey: `${run}:one` },
      { userIds: [b.id], template: 'test-message', params: { adminName: 'Second' }, dedupeKey: `${run}:two` },
      { userIds: [b.id], template: 'test-message', params: { adminName: 'Repeat' }, dedupeKey: `${run}:two` }, // same key: once
      { userIds: [a.id], template: 'test-message', params: { adminName: 'Again' }, dedupeKey: `${run}:used` }, // key used before
      { userIds: [], template: 'test-message', params: { adminName: 'Nobody' }, dedupeKey: `${run}:none` },
    ]);
    const outbox = await t.dataSource.getRepository(OutboxMessageEntity).findBy({ id: In(ids) });
    expect(outbox.map((o) => [o.dedupeKey, o.recipient, (JSON.parse(o.params) as { adminName: string }).adminName]).sort()).toEqual([
      [`${run}:one:${a.id}`, a.email, 'First'],
      [`${run}:one:${b.id}`, b.email, 'First'],
      [`${run}:two:${b.id}`, b.email, 'Second'],
    ].sort());
    const inApp = (await notices().findBy({ userId: In([a.id, b.id]), template: 'test-message' }))
      .map((n) => `${n.userId}:${(JSON.parse(n.params) as { adminName: string }).adminName}`).sort();
    expect(inApp).toEqual([`${a.id}:Earlier`, `${a.id}:First`, `${b.id}:First`, `${b.id}:Second`].sort());
  });

  it('notifies a whole role batch by batch, each user once, however the batches fall', async () => {
    const users = [await createUser(t, 'park_staff'), await createUser(t, 'park_staff'), await createUser(t, 'park_staff')];
    const ids = users.map((u) => u.id);
    const key = `paged:${Date.now()}`;
    const pages: number[][] = [];
    const page = async (after: number, limit: number) => {
      const next = ids.filter((id) => id > after).slice(0, limit);
      pages.push(next);
      return next;
    };
    const notice = { template: 'test-message', params: { adminName: 'Paged' }, dedupeKey: key };
    expect(await t.get(NotificationsService).notifyPaged(page, notice, 2)).toBe(3);
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2)]);
    expect((await t.dataSource.getRepository(OutboxMessageEntity).findBy({ dedupeKey: In(ids.map((id) => `${key}:${id}`)) })).length).toBe(3);
    // Again: every key is used, nothing new; an exact multiple of the batch asks once more and stops.
    pages.length = 0;
    expect(await t.get(NotificationsService).notifyPaged(page, notice, 3)).toBe(0);
    expect(pages).toEqual([ids, []]);
  });

  it('the bell keeps its count on a page rendered straight after a POST (a form shown again with its errors)', async () => {
    const staff = await createUser(t, 'park_staff');
    await t.get(UnitOfWork).run((m, afterCommit) => t.get(NotificationsService).notify(m, afterCommit, {
      userIds: [staff.id], template: 'test-message', params: { adminName: 'Bell' }, dedupeKey: `bell-after-post:${Date.now()}`,
    }));
    const b = await login(t, staff.email);
    const before = bell((await b.agent.get('/tenants/new').expect(200)).text).count;
    expect(Number(before)).toBeGreaterThanOrEqual(1);
    const refused = await b.agent.post('/tenants').type('form').send({ _csrf: b.csrf, name: '' }).expect(400);
    expect(bell(refused.text).count).toBe(before);
  });

  it('"mark all read" on the page clears the bell, with a flash message', async () => {
    const user = await createUser(t, 'park_staff');
    await t.get(UnitOfWork).run((m, afterCommit) => t.get(NotificationsService).notify(m, afterCommit, {
      userIds: [user.id], template: 'test-message', params: { adminName: 'Tester' }, dedupeKey: `mark-all:${Date.now()}`, email: false,
    }));
    const browser = await login(t, user.email);
    expect(bell((await browser.agent.get('/').expect(200)).text).count).toBe('2');

    const res = await postForm(browser, '/notifications/read-all', { back: '/notifications' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/notifications');
    const page = await browser.agent.get('/notifications').expect(200);
    expect(page.text).toContain('所有通知已标为已读。');
    expect(bell(page.text).count).toBeNull();
    expect(await notices().countBy({ userId: user.id })).toBe(2);
    expect(await t.get(NotificationsService).unreadCount(user.id)).toBe(0);

    // Without the session's CSRF token nothing changes.
    await browser.agent.post('/notifications/read-all').type('form').send({}).expect(403);
  });

  it('the list is paginated, newest first', async () => {
    const user = await createUser(t, 'park_staff');
    for (let i = 0; i < 24; i++) {
      await t.get(UnitOfWork).run((m, afterCommit) => t.get(NotificationsService).notify(m, afterCommit, {
        userIds: [user.id], template: 'password-reset', params: { adminName: `admin-${i}` }, dedupeKey: `page-${i}`, email: false,
      }));
    }
    const browser = await login(t, user.email);
    const first = await browser.agent.get('/notifications').expect(200);
    expect(first.text.match(/<li class="notice/g)).toHaveLength(20);
    expect(first.text).toContain('rel="next"');
    expect(first.text).not.toContain(SUBJECT_ZH); // the oldest notice (account created) is on page 2
    const second = await browser.agent.get('/notifications?page=2').expect(200);
    expect(second.text.match(/<li class="notice/g)).toHaveLength(5);
    expect(second.text).toContain(SUBJECT_ZH);
    await browser.agent.get('/notifications?pageSize=1000').expect(400);
  });

  it('the bell is counted fresh on every page, in the session read, with no query of its own', async () => {
    const user = await createUser(t, 'admin');
    const browser = await login(t, user.email);
    const count = jest.spyOn(t.get(NotificationsService), 'unreadCount');
    try {
      expect(bell((await browser.agent.get('/admin/users').expect(200)).text).count).toBe('1'); // "account created"
      await t.get(UnitOfWork).run((m, afterCommit) => t.get(NotificationsService).notify(m, afterCommit, {
        userIds: [user.id], template: 'test-message', params: { adminName: 'Tester' }, dedupeKey: `bell:${Date.now()}`, email: false,
      }));
      expect(bell((await browser.agent.get('/admin/users').expect(200)).text).count).toBe('2');
      expect(count).not.toHaveBeenCalled();
    } finally {
      count.mockRestore();
    }
  });

  describe('API', () => {
    it("lists only the caller's notices, with the unread count, in the requested language", async () => {
      const me = await createUser(t, 'evaluator');
      const other = await createUser(t, 'park_staff');
      const token = await tokenFor(t, me.id);
      const mine = await notices().find({ where: { userId: me.id }, order: { id: 'DESC' } });

      const res = await t.http().get('/api/v1/notifications?lang=en').set(bearer(token)).expect(200);
      expect(res.body).toEqual({
        items: mine.map((n) => ({ id: n.id, title: SUBJECT_EN, link: '/', read: false, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })),
        total: mine.length, page: 1, pageSize: 20, unread: mine.length,
      });
      const zh = await t.http().get('/api/v1/notifications?page=1&pageSize=5').set(bearer(token)).expect(200);
      expect(zh.body.items[0].title).toBe(SUBJECT_ZH);
      expect(zh.body.pageSize).toBe(5);

      const theirs = await notices().findOneByOrFail({ userId: other.id });
      const denied = await t.http().post(`/api/v1/notifications/${theirs.id}/read`).set(bearer(token)).expect(404);
      expect(denied.body).toMatchObject({ statusCode: 404, error: 'notFound' });
      expect((await notices().findOneByOrFail({ id: theirs.id })).readAt).toBeNull();

      const marked = await t.http().post(`/api/v1/notifications/${mine[0].id}/read`).set(bearer(token)).expect(200);
      expect(marked.body).toEqual({ unread: mine.length - 1 });
      const again = await t.http().get('/api/v1/notifications').set(bearer(token)).expect(200);
      expect(again.body.items.find((n: { id: number }) => n.id === mine[0].id).read).toBe(true);
    });

    it('marks all read, validates its query, and needs a caller', async () => {
      const me = await createUser(t, 'regulator');
      const token = await tokenFor(t, me.id);
      expect((await t.http().get('/api/v1/notifications').set(bearer(token)).expect(200)).body.unread).toBe(1);
      expect((await t.http().post('/api/v1/notifications/read-all').set(bearer(token)).expect(200)).body).toEqual({ unread: 0 });
      expect((await t.http().get('/api/v1/notifications').set(bearer(token)).expect(200)).body.unread).toBe(0);

      const bad = await t.http().get('/api/v1/notifications?pageSize=0&colour=red').set(bearer(token)).expect(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['colour', 'pageSize']);
      await t.http().post('/api/v1/notifications/x/read').set(bearer(token)).expect(400);
      await t.http().get('/api/v1/notifications').expect(401);
      await t.http().post('/api/v1/notifications/read-all').expect(401);
    });

    it('is in the OpenAPI document', async () => {
      const doc = await t.http().get('/api/docs-json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining([
        '/api/v1/notifications', '/api/v1/notifications/read-all', '/api/v1/notifications/{id}/read',
      ]));
      expect(doc.body.components.schemas.NotificationPageResponse.required).toEqual(expect.arrayContaining(['items', 'total', 'unread']));
    });
  });
});
