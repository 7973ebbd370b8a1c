import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { csrfFrom, createTestApp, createUser, type TestApp } from '../support/test-app.js';
import { formError } from '../support/http-helpers.js';
import { dropRedisKeys, TEST_REDIS_URL } from '../support/redis-keys.js';
import { testDb } from '../support/test-db.js';

/*
 * With REDIS_URL the per-IP login limit counts in Redis, so web processes share one count. Two app
 * instances here stand for two processes. Redis is there in the e2e-mysql project only (see bull-queue).
 */
if (testDb !== 'mysql') {
  describe('per-IP login limit across processes', () => {
    it.skip('runs in the e2e-mysql project only: it needs Redis', () => undefined);
  });
} else {
  describe('per-IP login limit across processes', () => {
    const prefix = `pt-test-${randomBytes(6).toString('hex')}`;
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, SCHEDULES_ENABLED: 'false', LOGIN_RATE_PER_MINUTE: '3' };
      a = await createTestApp(env);
      b = await createTestApp(env);
    }, 60_000);

    afterAll(async () => {
      await a?.close();
      await b?.close();
      await dropRedisKeys(prefix);
      await redis.quit();
    });

    /** One POST /login from a fresh browser of `t` (its own session and CSRF token). */
    async function attempt(t: TestApp, email: string, password: string) {
      const agent = request.agent(t.app.getHttpServer());
      const page = await agent.get('/login').expect(200);
      return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password });
    }

    it('counts POST /login of one address in Redis: the 4th within a minute is refused by the other process', async () => {
      const onA = await createUser(a, 'park_staff');
      const onB = await createUser(b, 'park_staff');
      expect((await attempt(a, onA.email, 'wrong-1')).status).toBe(401);
      expect((await attempt(b, onB.email, 'wrong-2')).status).toBe(401);
      expect((await attempt(a, onA.email, 'wrong-3')).status).toBe(401);
      const fourth = await attempt(b, onB.email, 'wrong-4');
      expect(fourth.status).toBe(429);
      expect(formError(fourth.text)).toBe('请求过于频繁，请稍后再试。');
      expect(fourth.headers.ratelimit).toMatch(/\br=0\b/);

      const keys = await redis.keys(`${prefix}:rate:login:*`);
      expect(keys).toHaveLength(1);
      expect(Number(await redis.get(keys[0]))).toBe(4);
      const ttl = await redis.pttl(keys[0]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });
  });
}
