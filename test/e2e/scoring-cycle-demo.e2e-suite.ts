import { jest } from '@jest/globals';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-data.js';
import { seedDemoScores } from '../../src/demo/demo-scores.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { monthOf, previousMonth } from '../../src/scoring/domain/month-cycle.rules.js';
import { ScoreMonthEntity } from '../../src/scoring/entities/score-month.entity.js';
import { ScoreObjectionEntity } from '../../src/scoring/entities/score-objection.entity.js';
import { ScoreSnapshotEntity } from '../../src/scoring/entities/score-snapshot.entity.js';
import { createTestApp, login, type TestApp } from '../support/test-app.js';

jest.setTimeout(240_000);

const parkToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** The demo park's monthly cycle: three published months and the current month in review with one objection, once. */
describe('demo scores', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PARK_TIMEZONE: 'Asia/Shanghai' });
    await t.get(DemoSeedService).seed();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('the demo seed publishes the last three months and leaves the current one in review with the officer’s objection; seeding again adds nothing', async () => {
    const current = monthOf(parkToday());
    const months = await t.dataSource.getRepository(ScoreMonthEntity).find({ order: { month: 'ASC' } });
    const p1 = previousMonth(current);
    const p2 = previousMonth(p1);
    expect(months.map((m) => [m.month, m.status])).toEqual([[previousMonth(p2), 'published'], [p2, 'published'], [p1, 'published'], [current, 'draft']]);
    const officer = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ email: DEMO_ACCOUNTS.find((a) => a.role === 'tenant_officer')!.email });
    const objections = await t.dataSource.getRepository(ScoreObjectionEntity).find();
    expect(objections.map((o) => [o.tenantId, o.status])).toEqual([[officer.tenantId, 'open']]);
    const draftId = months[3].id;
    expect((await t.dataSource.getRepository(ScoreSnapshotEntity).findOneByOrFail({ monthId: draftId, tenantId: officer.tenantId! })).openObjections).toBe(1);
    // The second and third published months remember the one before.
    expect(await t.dataSource.getRepository(ScoreSnapshotEntity).countBy({ monthId: months[2].id })).toBeGreaterThan(0);
    expect(await seedDemoScores(t.app)).toBe(0);
    expect((await t.get(DemoSeedService).seed()).created).toBe(false);
    expect(await t.dataSource.getRepository(ScoreObjectionEntity).count()).toBe(1);
    expect(await t.dataSource.getRepository(ScoreMonthEntity).count()).toBe(4);
    // The demo officer sees the draft with the objection; staff see the month.
    const browser = await login(t, officer.email, DEMO_ACCOUNTS.find((a) => a.role === 'tenant_officer')!.password);
    const page = await browser.agent.get(`/scores/${current}/tenants/${officer.tenantId}`).expect(200);
    expect(page.text).toContain('data-disputed');
  });
});
