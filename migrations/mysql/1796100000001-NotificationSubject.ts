import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a notice is about (e.g. one signing obligation), so notices that no longer apply can be retired together. */
export class NotificationSubject1796100000001 implements MigrationInterface {
  name = 'NotificationSubject1796100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `notifications` ADD `subject` varchar(64) NULL");
    await queryRunner.query("CREATE INDEX `IDX_notifications_subject` ON `notifications` (`subject`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_notifications_subject` ON `notifications`");
    await queryRunner.query("ALTER TABLE `notifications` DROP COLUMN `subject`");
  }
}
