import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsOutbox1795826060427 implements MigrationInterface {
  name = 'NotificationsOutbox1795826060427';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `notifications` (`id` int NOT NULL AUTO_INCREMENT, `userId` int NOT NULL, `template` varchar(64) NOT NULL, `params` text NOT NULL, `link` varchar(255) NULL, `readAt` datetime NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_notifications_user_read` (`userId`, `readAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `outbox_messages` (`id` int NOT NULL AUTO_INCREMENT, `dedupeKey` varchar(190) NOT NULL, `userId` int NULL, `recipient` varchar(254) NOT NULL, `locale` varchar(8) NOT NULL, `template` varchar(64) NOT NULL, `params` text NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'queued', `attempts` int NOT NULL DEFAULT '0', `lastError` text NULL, `nextAttemptAt` datetime NULL, `lockedUntil` datetime NULL, `sentAt` datetime NULL, `messageId` varchar(255) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_outbox_status_next` (`status`, `nextAttemptAt`), UNIQUE INDEX `IDX_79cd53d0d5affdfc50864b2d45` (`dedupeKey`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `notifications` ADD CONSTRAINT `FK_692a909ee0fa9383e7859f9b406` FOREIGN KEY (`userId`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `outbox_messages` ADD CONSTRAINT `FK_dae1cb350c1f0d451cc4d1ac9de` FOREIGN KEY (`userId`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `outbox_messages` DROP FOREIGN KEY `FK_dae1cb350c1f0d451cc4d1ac9de`");
    await queryRunner.query("ALTER TABLE `notifications` DROP FOREIGN KEY `FK_692a909ee0fa9383e7859f9b406`");
    await queryRunner.query("DROP INDEX `IDX_79cd53d0d5affdfc50864b2d45` ON `outbox_messages`");
    await queryRunner.query("DROP INDEX `IDX_outbox_status_next` ON `outbox_messages`");
    await queryRunner.query("DROP TABLE `outbox_messages`");
    await queryRunner.query("DROP INDEX `IDX_notifications_user_read` ON `notifications`");
    await queryRunner.query("DROP TABLE `notifications`");
  }
}
