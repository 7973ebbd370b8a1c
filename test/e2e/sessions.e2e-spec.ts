import { PruneSessionsJob } from '../../src/accounts/jobs/prune-sessions.job.js';
import { SessionEntity } from '../../src/accounts/entities/session.entity.js';
import { createTestApp, createUser, login, type TestApp } from '../support/test-app.js';

describe('login sessions in the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const sessions = () => t.dataSource.getRepository(SessionEntity);

  it('the daily maintenance job deletes expired sessions and keeps live ones', async () => {
    const user = await createUser(t, 'park_staff');
    const live = await login(t, user.email);
    await sessions().insert({ id: 'expired-session', expiresAt: String(Date.now() - 60_000), data: '{}' });
    const before = await sessions().count();

    const result = await t.get(PruneSessionsJob).run();

    expect(result.deleted).toBeGreaterThanOrEqual(1);
    expect(await sessions().findOneBy({ id: 'expired-session' })).toBeNull();
    expect(await sessions().count()).toBe(before - result.deleted);
    // The logged-in browser still works.
    await live.agent.get('/notifications').expect(200);
  });

  it('an expired session no longer logs anyone in, even before the job removes it', async () => {
    const user = await createUser(t, 'park_staff');
    const b = await login(t, user.email);
    await sessions().createQueryBuilder().update().set({ expiresAt: String(Date.now() - 1_000) }).execute();
    const res = await b.agent.get('/notifications');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
