import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The signing reminder records on the obligation that its "deadline passed" notice was queued. */
export class ObligationOverdueNotice1795900000000 implements MigrationInterface {
  name = 'ObligationOverdueNotice1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `signing_obligations` ADD `overdueNotifiedOn` date NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `signing_obligations` DROP COLUMN `overdueNotifiedOn`");
  }
}
