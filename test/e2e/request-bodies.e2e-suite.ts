import { BreachEntity } from '../../src/conventions/entities/breach.entity.js';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { anonymousBrowser, bearer, fieldError, loginAs } from '../support/http-helpers.js';
import { createTenant, createTestApp, createUser, testUscc, tokenFor, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Issue 8, finding 5: POSTs without a body answered 500 (one marked a notice read first), and a
 * JSON body nested 5,000 deep answered 500. The fuzz over every route is body-fuzz.e2e-suite.ts;
 * these are the reported cases and the caps, one by one.
 */
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

describe('request bodies', () => {
  let t: TestApp;
  let admin: Browser;
  let staffToken: string;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    ({ browser: admin } = await loginAs(t, 'admin'));
    staffToken = await tokenFor(t, (await createUser(t, 'park_staff')).id);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A POST with no body and no Content-Type, the CSRF token in its header. */
  const bare = (b: Browser, path: string) => b.agent.post(path).set('x-csrf-token', b.csrf);

  async function unreadNotice(userId: number): Promise<NotificationEntity> {
    return t.dataSource.getRepository(NotificationEntity).save({ userId, template: 'test-message', params: '{}', link: '/conventions/my', readAt: null });
  }
  const readAt = async (id: number) => (await t.dataSource.getRepository(NotificationEntity).findOneByOrFail({ id })).readAt;

  describe('without a body', () => {
    it('POST /login answers 400 with the missing fields, not 500', async () => {
      const res = await bare(await anonymousBrowser(t), '/login');
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'email')).toBe('此项必填。');
      expect(fieldError(res.text, 'password')).toBe('此项必填。');
    });

    it.each(['/admin/users', '/admin/departments', '/conventions'])('POST %s answers 400 with the form and its missing fields', async (path) => {
      const res = await bare(admin, path);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('has-error');
    });

    it('POST /notifications/read-all does its work (it takes no fields) and redirects', async () => {
      const { user, browser } = await loginAs(t, 'park_staff');
      const notice = await unreadNotice(user.id);
      const res = await bare(browser, '/notifications/read-all');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/notifications');
      expect(await readAt(notice.id)).not.toBeNull();
    });

    it('POST /notifications/:id/read marks the notice read and follows it, instead of failing after the change', async () => {
      const { user, browser } = await loginAs(t, 'park_staff');
      const notice = await unreadNotice(user.id);
      const res = await bare(browser, `/notifications/${notice.id}/read`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/conventions/my');
      expect(await readAt(notice.id)).not.toBeNull();
    });
  });

  describe('bodies no route accepts', () => {
    it.each([
      { name: 'a JSON array', body: '[1,2]', error: 'bodyNotObject' },
      { name: 'JSON null', body: 'null', error: 'bodyNotObject' },
      { name: 'a JSON string', body: '"x"', error: 'bodyNotObject' },
      { name: 'an object nested 5,000 deep', body: nested(5000), error: 'bodyTooComplex' },
      { name: 'malformed JSON', body: '{"back":', error: 'malformedBody' },
    ])('$name leaves the notice unread (400 $error)', async ({ body, error }) => {
      const { user, browser } = await loginAs(t, 'park_staff');
      const notice = await unreadNotice(user.id);
      const res = await bare(browser, `/notifications/${notice.id}/read`).set('Content-Type', 'application/json').set('Accept', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(error);
      expect(await readAt(notice.id)).toBeNull();
    });

    it('a page form holding something a browser never sends (an object) is refused field by field, nothing changed', async () => {
      const { user, browser } = await loginAs(t, 'park_staff');
      const notice = await unreadNotice(user.id);
      const res = await bare(browser, `/notifications/${notice.id}/read`).set('Accept', 'application/json').send({ back: { toString: 1 } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({ back: [{ code: 'text', message: '请输入文字。' }] });
      expect(await readAt(notice.id)).toBeNull();
    });

    it('a 5,000-deep body answers 400 on the API too, in the caller\'s language', async () => {
      const res = await t.http().post('/api/v1/tenants?lang=en').set(bearer(staffToken)).set('Content-Type', 'application/json').send(nested(5000));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400, error: 'bodyTooComplex',
        message: 'The request body is nested too deeply or has too many items (at most 32 levels, 1000 items per list and 2000 fields per object).',
      });
    });

    it('answers a page with the error page, not a stack', async () => {
      const res = await bare(admin, '/admin/departments').set('Content-Type', 'application/json').send(nested(5000));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('请求内容嵌套过深或条目过多');
    });

    it.each([
      { name: 'text/plain', type: 'text/plain', body: 'name=x', status: 415, error: 'unsupportedBody' },
      { name: 'XML', type: 'application/xml', body: '<tenant/>', status: 415, error: 'unsupportedBody' },
      { name: 'JSON in Latin-1', type: 'application/json; charset=latin1', body: '{}', status: 415, error: 'unsupportedBody' },
      { name: 'a form of 2,001 fields', type: 'application/x-www-form-urlencoded', body: Array.from({ length: 2001 }, (_, i) => `f${i}=1`).join('&'), status: 413, error: 'tooManyFields' },
      { name: 'JSON over 1 MB', type: 'application/json', body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }), status: 413, error: 'tooLarge' },
    ])('$name: $status $error, nothing stored', async ({ type, body, status, error }) => {
      const before = await t.dataSource.getRepository(TenantEntity).count();
      const res = await t.http().post('/api/v1/tenants').set(bearer(staffToken)).set('Content-Type', type).send(body);
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
      expect(await t.dataSource.getRepository(TenantEntity).count()).toBe(before);
    });
  });

  describe('caps', () => {
    const send = (body: string) => t.http().post('/api/v1/tenants').set(bearer(staffToken)).set('Content-Type', 'application/json').send(body);

    it('32 levels reach validation; 33 are refused before parsing', async () => {
      expect((await send(`{"name":${nested(31)}}`)).body.error).toBe('validation');
      expect((await send(`{"name":${nested(32)}}`)).body.error).toBe('bodyTooComplex');
    });

    it('1,000 items in a list reach validation; 1,001 are refused', async () => {
      expect((await send(JSON.stringify({ name: Array(1000).fill('x') }))).body.error).toBe('validation');
      expect((await send(JSON.stringify({ name: Array(1001).fill('x') }))).body.error).toBe('bodyTooComplex');
    });

    // Multer (with Nest's defaults: 32 levels, index 1,000) refuses these names before the validation layer would.
    it('a multipart field name cannot build a huge sparse list or deep nesting: 400, nothing recorded', async () => {
      const tenant = await createTenant(t, {});
      const before = await t.dataSource.getRepository(BreachEntity).count();
      for (const name of ['clauseId[99999999]', `description${'[a]'.repeat(40)}`]) {
        const res = await admin.agent.post(`/conventions/breaches`).field('_csrf', admin.csrf)
          .set('Accept', 'application/json').field('tenantId', String(tenant.id)).field(name, '1');
        expect(res.status).toBe(400);
      }
      expect(await t.dataSource.getRepository(BreachEntity).count()).toBe(before);
    });

    it('an ordinary API body still goes through', async () => {
      const res = await send(JSON.stringify({ uscc: testUscc(), name: '正常有限公司', legalRepresentative: '王五', industry: '电子信息', building: 'C3', movedInAt: '2024-06-01' }));
      expect(res.status).toBe(201);
    });
  });
});
