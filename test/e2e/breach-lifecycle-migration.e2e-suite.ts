import type { MigrationInterface } from 'typeorm';
import { mysqlMigrations } from '../../migrations/mysql/index.js';
import { sqliteMigrations } from '../../migrations/sqlite/index.js';
import { BreachResponseEntity } from '../../src/conventions/entities/breach-response.entity.js';
import { BreachEntity } from '../../src/conventions/entities/breach.entity.js';
import { runMigrations } from '../../src/database/migrate.js';
import { publishVersion } from '../support/conventions-helpers.js';
import { createTenant, createTestContext, testDb, type TestContext } from '../support/test-context.js';

/**
 * Breaches recorded before the lifecycle existed were never decided: after the migration, one the
 * tenant answered is `responded`, the others `recorded`, all `general`, none decided (so none is an
 * N02 fact until staff confirm it).
 */
describe(`BreachLifecycle migration on ${testDb}`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('derives the status of existing breaches from their responses', async () => {
    const tenant = await createTenant(t);
    const version = await publishVersion(t as never);
    const repo = t.dataSource.getRepository(BreachEntity);
    const make = () => repo.save(repo.create({
      tenantId: tenant.id, versionId: version.versionId, clauseId: version.clauseIds[0], occurredOn: '2026-01-05', description: '旧记录', recordedById: null,
    }));
    const answered = await make();
    const silent = await make();
    await t.dataSource.getRepository(BreachResponseEntity).save({ breachId: answered.id, tenantId: tenant.id, userId: null, text: '已整改' });

    const list: (new () => MigrationInterface)[] = testDb === 'sqlite' ? sqliteMigrations : mysqlMigrations;
    const names = list.map((m) => new m().name as string);
    const mine = names.indexOf('BreachLifecycle1796200000000');
    expect(mine).toBeGreaterThan(0);
    for (let i = names.length; i > mine; i--) await t.dataSource.undoLastMigration({ transaction: 'each' });
    const columns = testDb === 'sqlite'
      ? (await t.dataSource.query("SELECT name FROM pragma_table_info('breaches')")).map((r: { name: string }) => r.name)
      : (await t.dataSource.query("SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'breaches'")).map((r: { name: string }) => r.name);
    expect(columns).not.toContain('status');

    expect(await runMigrations(t.dataSource)).toEqual(names.slice(mine));
    expect(await repo.findOneByOrFail({ id: answered.id })).toMatchObject({ status: 'responded', severity: 'general', rectifyBy: null, decidedOn: null, decidedAt: null });
    expect(await repo.findOneByOrFail({ id: silent.id })).toMatchObject({ status: 'recorded', severity: 'general', decidedOn: null });
  });
});
