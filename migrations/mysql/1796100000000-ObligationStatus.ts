import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a signing obligation applies: it follows its tenant (paused while suspended, cancelled on
 * move-out) and its version (superseded by a newer one). Existing unsigned obligations take the
 * status their tenant and version already imply.
 */
export class ObligationStatus1796100000000 implements MigrationInterface {
  name = 'ObligationStatus1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `signing_obligations` ADD `status` varchar(16) NOT NULL DEFAULT 'active'");
    await queryRunner.query("UPDATE signing_obligations SET status = 'superseded' WHERE signatureId IS NULL AND versionId IN (SELECT id FROM convention_versions WHERE status = 'superseded')");
    await queryRunner.query("UPDATE signing_obligations SET status = 'paused' WHERE signatureId IS NULL AND status = 'active' AND tenantId IN (SELECT id FROM tenants WHERE status = 'suspended')");
    await queryRunner.query("UPDATE signing_obligations SET status = 'cancelled' WHERE signatureId IS NULL AND status = 'active' AND tenantId IN (SELECT id FROM tenants WHERE status = 'moved_out')");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `signing_obligations` DROP COLUMN `status`");
  }
}
