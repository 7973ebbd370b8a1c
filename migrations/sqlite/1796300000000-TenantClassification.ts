import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillTenantKeys, unmappedIndustriesMessage } from '../../src/tenants/tenant-keys.backfill.js';

/**
 * Issue 9, points 8, 9 and 16: industries become GB/T 4754-2017 division codes, buildings a list staff
 * keep (filled from the names in use), names get a pinyin sort key, and infix search its gram table.
 * Former industries no division fits keep a null industry; the migration names them in its output.
 */
export class TenantClassification1796300000000 implements MigrationInterface {
  name = 'TenantClassification1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"buildings\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" varchar(64) NOT NULL, \"retired\" boolean NOT NULL DEFAULT (0), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_buildings_name\" ON \"buildings\" (\"name\") ");
    await queryRunner.query("CREATE TABLE \"tenant_search_grams\" (\"gram\" bigint NOT NULL, \"tenantId\" integer NOT NULL, PRIMARY KEY (\"gram\", \"tenantId\"))");
    await queryRunner.query("CREATE INDEX \"IDX_tenant_search_grams_tenant\" ON \"tenant_search_grams\" (\"tenantId\") ");
    await queryRunner.query("ALTER TABLE \"tenants\" ADD COLUMN \"nameSortKey\" varchar(255) NOT NULL DEFAULT ('')");
    await queryRunner.query("ALTER TABLE \"tenants\" ADD COLUMN \"industryCode\" varchar(2)");
    await queryRunner.query("ALTER TABLE \"tenants\" ADD COLUMN \"buildingId\" integer");
    const { unmapped } = await backfillTenantKeys(queryRunner);
    const message = unmappedIndustriesMessage(unmapped);
    if (message) console.warn(message);
    await queryRunner.query("DROP INDEX \"IDX_b6d6f58491fe6cf73df694392a\"");
    await queryRunner.query("DROP INDEX \"IDX_1c14337e0524233e2760773752\"");
    await queryRunner.query("ALTER TABLE \"tenants\" DROP COLUMN \"industry\"");
    await queryRunner.query("ALTER TABLE \"tenants\" DROP COLUMN \"building\"");
    await queryRunner.query("ALTER TABLE \"tenants\" RENAME COLUMN \"industryCode\" TO \"industry\"");
    await queryRunner.query("CREATE INDEX \"IDX_b6d6f58491fe6cf73df694392a\" ON \"tenants\" (\"industry\") ");
    await queryRunner.query("CREATE INDEX \"IDX_tenants_buildingId\" ON \"tenants\" (\"buildingId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_tenants_nameSortKey\" ON \"tenants\" (\"nameSortKey\") ");
  }

  /** Back to free text: the division's Chinese name and the building's name. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_tenants_nameSortKey\"");
    await queryRunner.query("DROP INDEX \"IDX_tenants_buildingId\"");
    await queryRunner.query("DROP INDEX \"IDX_b6d6f58491fe6cf73df694392a\"");
    await queryRunner.query("ALTER TABLE \"tenants\" RENAME COLUMN \"industry\" TO \"industryCode\"");
    await queryRunner.query("ALTER TABLE \"tenants\" ADD COLUMN \"industry\" varchar(64) NOT NULL DEFAULT ('')");
    await queryRunner.query("ALTER TABLE \"tenants\" ADD COLUMN \"building\" varchar(64) NOT NULL DEFAULT ('')");
    await restoreFreeText(queryRunner);
    await queryRunner.query("ALTER TABLE \"tenants\" DROP COLUMN \"industryCode\"");
    await queryRunner.query("ALTER TABLE \"tenants\" DROP COLUMN \"buildingId\"");
    await queryRunner.query("ALTER TABLE \"tenants\" DROP COLUMN \"nameSortKey\"");
    await queryRunner.query("CREATE INDEX \"IDX_b6d6f58491fe6cf73df694392a\" ON \"tenants\" (\"industry\") ");
    await queryRunner.query("CREATE INDEX \"IDX_1c14337e0524233e2760773752\" ON \"tenants\" (\"building\") ");
    await queryRunner.query("DROP INDEX \"IDX_tenant_search_grams_tenant\"");
    await queryRunner.query("DROP TABLE \"tenant_search_grams\"");
    await queryRunner.query("DROP INDEX \"IDX_buildings_name\"");
    await queryRunner.query("DROP TABLE \"buildings\"");
  }
}

async function restoreFreeText(q: QueryRunner): Promise<void> {
  const { INDUSTRY_DIVISIONS } = await import('../../src/tenants/domain/industry-classification.js');
  for (const d of INDUSTRY_DIVISIONS) await q.query('UPDATE tenants SET industry = ? WHERE industryCode = ?', [d.zh, d.code]);
  await q.query('UPDATE tenants SET building = COALESCE((SELECT name FROM buildings WHERE buildings.id = tenants.buildingId), \'\')');
}
