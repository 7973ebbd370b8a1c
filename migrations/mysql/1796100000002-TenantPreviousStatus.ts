import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The status before the last change, so staff can reverse that change. */
export class TenantPreviousStatus1796100000002 implements MigrationInterface {
  name = 'TenantPreviousStatus1796100000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `tenants` ADD `previousStatus` varchar(16) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `tenants` DROP COLUMN `previousStatus`");
  }
}
