import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit page's filter menus list every (record type, action) pair: an index they can be read from without the rows. */
export class AuditTypeActionIndex1795955793263 implements MigrationInterface {
  name = 'AuditTypeActionIndex1795955793263';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `IDX_audit_type_action` ON `audit_entries` (`entityType`, `action`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_audit_type_action` ON `audit_entries`");
  }
}
