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
    await queryRunner.query("CREATE TABLE `buildings` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(64) NOT NULL, `retired` tinyint NOT NULL DEFAULT 0, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `IDX_buildings_name` (`name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `tenant_search_grams` (`gram` bigint NOT NULL, `tenantId` int NOT NULL, INDEX `IDX_tenant_search_grams_tenant` (`tenantId`), PRIMARY KEY (`gram`, `tenantId`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `tenants` ADD `nameSortKey` varchar(255) NOT NULL DEFAULT '', ADD `industryCode` varchar(2) NULL, ADD `buildingId` int NULL");
    const { unmapped } = await backfillTenantKeys(queryRunner);
    const message = unmappedIndustriesMessage(unmapped);
    if (message) console.warn(message);
    await queryRunner.query("ALTER TABLE `tenants` DROP INDEX `IDX_b6d6f58491fe6cf73df694392a`, DROP INDEX `IDX_1c14337e0524233e2760773752`, DROP COLUMN `industry`, DROP COLUMN `building`");
    await queryRunner.query("ALTER TABLE `tenants` RENAME COLUMN `industryCode` TO `industry`");
    await queryRunner.query("ALTER TABLE `tenants` ADD INDEX `IDX_b6d6f58491fe6cf73df694392a` (`industry`), ADD INDEX `IDX_tenants_buildingId` (`buildingId`), ADD INDEX `IDX_tenants_nameSortKey` (`nameSortKey`)");
  }

  /** Back to free text: the division's Chinese name and the building's name. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `tenants` DROP INDEX `IDX_tenants_nameSortKey`, DROP INDEX `IDX_tenants_buildingId`, DROP INDEX `IDX_b6d6f58491fe6cf73df694392a`");
    await queryRunner.query("ALTER TABLE `tenants` RENAME COLUMN `industry` TO `industryCode`");
    await queryRunner.query("ALTER TABLE `tenants` ADD `industry` varchar(64) NOT NULL DEFAULT '', ADD `building` varchar(64) NOT NULL DEFAULT ''");
    const { INDUSTRY_DIVISIONS } = await import('../../src/tenants/domain/industry-classification.js');
    for (const d of INDUSTRY_DIVISIONS) await queryRunner.query('UPDATE tenants SET industry = ? WHERE industryCode = ?', [d.zh, d.code]);
    await queryRunner.query('UPDATE tenants t LEFT JOIN buildings b ON b.id = t.buildingId SET t.building = COALESCE(b.name, \'\')');
    await queryRunner.query("ALTER TABLE `tenants` DROP COLUMN `industryCode`, DROP COLUMN `buildingId`, DROP COLUMN `nameSortKey`, ADD INDEX `IDX_b6d6f58491fe6cf73df694392a` (`industry`), ADD INDEX `IDX_1c14337e0524233e2760773752` (`building`)");
    await queryRunner.query("DROP TABLE `tenant_search_grams`");
    await queryRunner.query("DROP TABLE `buildings`");
  }
}
