import { jest } from '@jest/globals';
import { UserEntity } from '../../src/accounts/entities/user.entity.js';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-data.js';
import { DEMO_INSTITUTION_NAME, DEMO_INSTITUTION_USCC } from '../../src/demo/demo-evaluations.js';
import { DemoSeedService } from '../../src/demo/demo-seed.service.js';
import { EvaluationEngagementEntity } from '../../src/evaluations/entities/evaluation-engagement.entity.js';
import { EvaluationInstitutionEntity } from '../../src/evaluations/entities/evaluation-institution.entity.js';
import { EvaluationEntity } from '../../src/evaluations/entities/evaluation.entity.js';
import { checkUscc } from '../../src/tenants/domain/uscc.rules.js';
import { createTestApp, login, type TestApp } from '../support/test-app.js';

jest.setTimeout(180_000);

/** The demo park's third pillar: seeded once through the services, so the evaluator's home, the hub and the facts show it. */
describe('demo evaluations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.get(DemoSeedService).seed();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds an accredited institution with engagements, the demo evaluator bound, one accepted and one submitted evaluation, once', async () => {
    expect(checkUscc(DEMO_INSTITUTION_USCC).ok).toBe(true);
    const institution = await t.dataSource.getRepository(EvaluationInstitutionEntity).findOneByOrFail({ uscc: DEMO_INSTITUTION_USCC });
    expect(institution.name).toBe(DEMO_INSTITUTION_NAME);
    expect(await t.dataSource.getRepository(EvaluationEngagementEntity).countBy({ institutionId: institution.id, status: 'active' })).toBe(4);
    const evaluator = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ email: DEMO_ACCOUNTS.find((a) => a.role === 'evaluator')!.email });
    expect(evaluator.institutionId).toBe(institution.id);
    const evaluations = await t.dataSource.getRepository(EvaluationEntity).find({ order: { id: 'ASC' } });
    expect(evaluations.map((e) => [e.grade, e.status])).toEqual([['A', 'accepted'], ['B', 'submitted']]);
    await t.get(DemoSeedService).seed();
    expect(await t.dataSource.getRepository(EvaluationEntity).count()).toBe(2);
    expect(await t.dataSource.getRepository(EvaluationInstitutionEntity).count()).toBe(1);
  });

  it('the demo evaluator logs in to a work queue, and the officer’s tenant hub shows its grade', async () => {
    const account = DEMO_ACCOUNTS.find((a) => a.role === 'evaluator')!;
    const evaluator = await login(t, account.email, account.password);
    const home = await evaluator.agent.get('/').expect(200);
    expect(home.text).toContain('id="home-evaluations"');
    expect(home.text).toContain('/evaluations/new?engagement=');
    const officer = DEMO_ACCOUNTS.find((a) => a.role === 'tenant_officer')!;
    const browser = await login(t, officer.email, officer.password);
    const hub = await browser.agent.get('/').redirects(1).expect(200);
    expect(hub.text).toContain('data-grade="A"');
    const report = /href="\/files\/(\d+)"/.exec((await browser.agent.get(`/evaluations/${(await t.dataSource.getRepository(EvaluationEntity).findOneByOrFail({ grade: 'A' })).id}`).expect(200)).text);
    expect(report).not.toBeNull();
    const file = await browser.agent.get(`/files/${report![1]}`).expect(200);
    expect(file.headers['content-type']).toContain('application/pdf');
  });
});
