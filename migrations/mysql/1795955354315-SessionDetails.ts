import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions get the columns a user's session list needs: whose it is (read by the principal lookup instead of the
 * JSON), when and from where it logged in, when it was last used. Existing sessions get their user from the JSON.
 */
export class SessionDetails1795955354315 implements MigrationInterface {
  name = 'SessionDetails1795955354315';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `sessions` ADD `userId` int NULL");
    await queryRunner.query("ALTER TABLE `sessions` ADD `createdAt` bigint NULL");
    await queryRunner.query("ALTER TABLE `sessions` ADD `lastSeenAt` bigint NULL");
    await queryRunner.query("ALTER TABLE `sessions` ADD `ip` varchar(45) NULL");
    await queryRunner.query("ALTER TABLE `sessions` ADD `userAgent` varchar(255) NULL");
    await queryRunner.query("CREATE INDEX `IDX_57de40bc620f456c7311aa3a1e` ON `sessions` (`userId`)");
    await queryRunner.query("UPDATE `sessions` SET `userId` = CASE WHEN JSON_VALID(`data`) AND JSON_TYPE(JSON_EXTRACT(`data`, '$.userId')) = 'INTEGER' THEN JSON_EXTRACT(`data`, '$.userId') END");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_57de40bc620f456c7311aa3a1e` ON `sessions`");
    await queryRunner.query("ALTER TABLE `sessions` DROP COLUMN `userAgent`");
    await queryRunner.query("ALTER TABLE `sessions` DROP COLUMN `ip`");
    await queryRunner.query("ALTER TABLE `sessions` DROP COLUMN `lastSeenAt`");
    await queryRunner.query("ALTER TABLE `sessions` DROP COLUMN `createdAt`");
    await queryRunner.query("ALTER TABLE `sessions` DROP COLUMN `userId`");
  }
}
