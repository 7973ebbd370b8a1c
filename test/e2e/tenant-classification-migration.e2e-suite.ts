import { jest } from '@jest/globals';
import { mysqlMigrations } from '../../migrations/mysql/index.js';
import { sqliteMigrations } from '../../migrations/sqlite/index.js';
import { BuildingEntity } from '../../src/tenants/entities/building.entity.js';
import { TenantEntity } from '../../src/tenants/entities/tenant.entity.js';
import { TenantsService } from '../../src/tenants/tenants.service.js';
import { createTestContext, testDb, testUscc, type TestContext } from '../support/test-context.js';

const MIGRATION = 'TenantClassification1796300000000';

/**
 * Migration TenantClassification on a registry with the former free-text industries and buildings:
 * it keeps every tenant, maps what it can, says what it cannot, and leaves search and sort working.
 */
describe(`migration ${MIGRATION} on existing tenants (${testDb})`, () => {
  let t: TestContext;
  const legacy = [
    { uscc: testUscc(), name: '迁移电子有限公司', rep: '张伟', industry: '电子信息', building: 'A1' },
    { uscc: testUscc(), name: '迁移医药有限公司', rep: '王芳', industry: '医药制造业', building: ' A1 ' },
    { uscc: testUscc(), name: '迁移区块链有限公司', rep: '李娜', industry: '区块链', building: '旧楼7' },
    { uscc: testUscc(), name: '迁移软件有限公司', rep: '赵敏', industry: '软件和信息服务', building: '' },
  ];
  let warnings: string[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    const ds = t.dataSource;
    const list = testDb === 'sqlite' ? sqliteMigrations : mysqlMigrations;
    const names = list.map((m) => new m().name ?? m.name);
    // Back to just before the migration, then the registry as it was.
    for (let i = names.length - 1; i >= names.indexOf(MIGRATION); i--) await ds.undoLastMigration({ transaction: 'each' });
    for (const l of legacy) {
      await ds.query(
        "INSERT INTO tenants (uscc, name, legalRepresentative, industry, building, unit, movedInAt, status) VALUES (?, ?, ?, ?, ?, '', '2024-01-01', 'active')",
        [l.uscc, l.name, l.rep, l.industry, l.building],
      );
    }
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await ds.runMigrations({ transaction: 'each' });
      warnings = warn.mock.calls.map((c) => String(c[0]));
    } finally {
      warn.mockRestore();
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const tenant = (i: number) => t.dataSource.getRepository(TenantEntity).findOneByOrFail({ uscc: legacy[i].uscc });

  it('maps former industries to divisions, and keeps none where none fits, saying so', async () => {
    expect((await tenant(0)).industry).toBe('39');
    expect((await tenant(1)).industry).toBe('27');
    expect((await tenant(2)).industry).toBeNull();
    expect((await tenant(3)).industry).toBe('65');
    expect(warnings).toEqual([expect.stringContaining('"区块链" (1)')]);
  });

  it('fills the buildings list from the names in use, trimmed, and points every tenant at its building', async () => {
    const names = (await t.dataSource.getRepository(BuildingEntity).find()).map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(['A1', '旧楼7']));
    expect(names).not.toContain(' A1 ');
    expect((await tenant(0)).building?.name).toBe('A1');
    expect((await tenant(1)).building?.name).toBe('A1');
    expect((await tenant(2)).building?.name).toBe('旧楼7');
    expect((await tenant(3)).buildingId).toBeNull();
  });

  it('computes sort keys and search grams for the tenants already there', async () => {
    expect((await tenant(0)).nameSortKey).toBe('qian yi dian zi you xian gong si');
    const found = await t.get(TenantsService).list({ q: '区块' });
    expect(found.items.map((i) => i.uscc)).toEqual([legacy[2].uscc]);
    expect((await t.get(TenantsService).list({ q: '迁移' })).items.map((i) => i.name)).toEqual(['迁移电子有限公司', '迁移区块链有限公司', '迁移软件有限公司', '迁移医药有限公司']);
  });
});
