import { In, type MigrationInterface } from 'typeorm';
import { mysqlMigrations } from '../../migrations/mysql/index.js';
import { sqliteMigrations } from '../../migrations/sqlite/index.js';
import { AuthoringService } from '../../src/conventions/authoring/authoring.service.js';
import { SigningObligationEntity } from '../../src/conventions/entities/signing-obligation.entity.js';
import { runMigrations } from '../../src/database/migrate.js';
import { publishVersion } from '../support/conventions-helpers.js';
import { createTenant, createTestContext, TEST_ACTOR, testDb, type TestContext } from '../support/test-context.js';

/**
 * Obligations written before they had a status take the one their tenant and version imply: an
 * unsigned obligation of a superseded version is superseded, a suspended tenant's is paused, a
 * moved-out tenant's cancelled, the rest active (issue 9, points 1 and 2: the 32 = 30 + 1 + 1).
 */
describe(`ObligationStatus migration on ${testDb}`, () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('derives the status of existing obligations from their tenant and version', async () => {
    const [active, suspended, movedOut] = [await createTenant(t), await createTenant(t), await createTenant(t)];
    const v1 = await publishVersion(t as never, { title: '迁移前公约' });
    const draft = await t.get(AuthoringService).newDraft(v1.conventionId, TEST_ACTOR);
    await t.get(AuthoringService).publish(draft.id, TEST_ACTOR);

    const list: (new () => MigrationInterface)[] = testDb === 'sqlite' ? sqliteMigrations : mysqlMigrations;
    const names = list.map((m) => new m().name as string);
    const mine = names.indexOf('ObligationStatus1796100000000');
    expect(mine).toBeGreaterThan(0);
    for (let i = names.length; i > mine; i--) await t.dataSource.undoLastMigration({ transaction: 'each' });
    const columns = testDb === 'sqlite'
      ? (await t.dataSource.query("SELECT name FROM pragma_table_info('signing_obligations')")).map((r: { name: string }) => r.name)
      : (await t.dataSource.query("SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'signing_obligations'")).map((r: { name: string }) => r.name);
    expect(columns).not.toContain('status');
    // Statuses as the registry had them before obligations followed it.
    await t.dataSource.query("UPDATE tenants SET status = 'suspended' WHERE id = ?", [suspended.id]);
    await t.dataSource.query("UPDATE tenants SET status = 'moved_out' WHERE id = ?", [movedOut.id]);

    expect(await runMigrations(t.dataSource)).toEqual(names.slice(mine));
    const rows = await t.dataSource.getRepository(SigningObligationEntity).find({ where: { tenantId: In([active.id, suspended.id, movedOut.id]) } });
    const statusOf = (versionId: number, tenantId: number) => rows.find((o) => o.versionId === versionId && o.tenantId === tenantId)?.status;
    for (const tenant of [active, suspended, movedOut]) expect(statusOf(v1.versionId, tenant.id)).toBe('superseded');
    expect(statusOf(draft.id, active.id)).toBe('active');
    expect(statusOf(draft.id, suspended.id)).toBe('paused');
    expect(statusOf(draft.id, movedOut.id)).toBe('cancelled');
  });
});
