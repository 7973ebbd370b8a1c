import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsOutbox1795826060427 implements MigrationInterface {
  name = 'NotificationsOutbox1795826060427';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"notifications\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"template\" varchar(64) NOT NULL, \"params\" text NOT NULL, \"link\" varchar(255), \"readAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_notifications_user_read\" ON \"notifications\" (\"userId\", \"readAt\") ");
    await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"dedupeKey\" varchar(190) NOT NULL, \"userId\" integer, \"recipient\" varchar(254) NOT NULL, \"locale\" varchar(8) NOT NULL, \"template\" varchar(64) NOT NULL, \"params\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('queued'), \"attempts\" integer NOT NULL DEFAULT (0), \"lastError\" text, \"nextAttemptAt\" datetime, \"lockedUntil\" datetime, \"sentAt\" datetime, \"messageId\" varchar(255), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_79cd53d0d5affdfc50864b2d450\" UNIQUE (\"dedupeKey\"))");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_status_next\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_notifications_user_read\"");
    await queryRunner.query("CREATE TABLE \"temporary_notifications\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"template\" varchar(64) NOT NULL, \"params\" text NOT NULL, \"link\" varchar(255), \"readAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_692a909ee0fa9383e7859f9b406\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_notifications\"(\"id\", \"userId\", \"template\", \"params\", \"link\", \"readAt\", \"createdAt\") SELECT \"id\", \"userId\", \"template\", \"params\", \"link\", \"readAt\", \"createdAt\" FROM \"notifications\"");
    await queryRunner.query("DROP TABLE \"notifications\"");
    await queryRunner.query("ALTER TABLE \"temporary_notifications\" RENAME TO \"notifications\"");
    await queryRunner.query("CREATE INDEX \"IDX_notifications_user_read\" ON \"notifications\" (\"userId\", \"readAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_outbox_status_next\"");
    await queryRunner.query("CREATE TABLE \"temporary_outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"dedupeKey\" varchar(190) NOT NULL, \"userId\" integer, \"recipient\" varchar(254) NOT NULL, \"locale\" varchar(8) NOT NULL, \"template\" varchar(64) NOT NULL, \"params\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('queued'), \"attempts\" integer NOT NULL DEFAULT (0), \"lastError\" text, \"nextAttemptAt\" datetime, \"lockedUntil\" datetime, \"sentAt\" datetime, \"messageId\" varchar(255), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_79cd53d0d5affdfc50864b2d450\" UNIQUE (\"dedupeKey\"), CONSTRAINT \"FK_dae1cb350c1f0d451cc4d1ac9de\" FOREIGN KEY (\"userId\") REFERENCES \"users\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("INSERT INTO \"temporary_outbox_messages\"(\"id\", \"dedupeKey\", \"userId\", \"recipient\", \"locale\", \"template\", \"params\", \"status\", \"attempts\", \"lastError\", \"nextAttemptAt\", \"lockedUntil\", \"sentAt\", \"messageId\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"dedupeKey\", \"userId\", \"recipient\", \"locale\", \"template\", \"params\", \"status\", \"attempts\", \"lastError\", \"nextAttemptAt\", \"lockedUntil\", \"sentAt\", \"messageId\", \"createdAt\", \"updatedAt\" FROM \"outbox_messages\"");
    await queryRunner.query("DROP TABLE \"outbox_messages\"");
    await queryRunner.query("ALTER TABLE \"temporary_outbox_messages\" RENAME TO \"outbox_messages\"");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_status_next\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_outbox_status_next\"");
    await queryRunner.query("ALTER TABLE \"outbox_messages\" RENAME TO \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE TABLE \"outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"dedupeKey\" varchar(190) NOT NULL, \"userId\" integer, \"recipient\" varchar(254) NOT NULL, \"locale\" varchar(8) NOT NULL, \"template\" varchar(64) NOT NULL, \"params\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('queued'), \"attempts\" integer NOT NULL DEFAULT (0), \"lastError\" text, \"nextAttemptAt\" datetime, \"lockedUntil\" datetime, \"sentAt\" datetime, \"messageId\" varchar(255), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_79cd53d0d5affdfc50864b2d450\" UNIQUE (\"dedupeKey\"))");
    await queryRunner.query("INSERT INTO \"outbox_messages\"(\"id\", \"dedupeKey\", \"userId\", \"recipient\", \"locale\", \"template\", \"params\", \"status\", \"attempts\", \"lastError\", \"nextAttemptAt\", \"lockedUntil\", \"sentAt\", \"messageId\", \"createdAt\", \"updatedAt\") SELECT \"id\", \"dedupeKey\", \"userId\", \"recipient\", \"locale\", \"template\", \"params\", \"status\", \"attempts\", \"lastError\", \"nextAttemptAt\", \"lockedUntil\", \"sentAt\", \"messageId\", \"createdAt\", \"updatedAt\" FROM \"temporary_outbox_messages\"");
    await queryRunner.query("DROP TABLE \"temporary_outbox_messages\"");
    await queryRunner.query("CREATE INDEX \"IDX_outbox_status_next\" ON \"outbox_messages\" (\"status\", \"nextAttemptAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_notifications_user_read\"");
    await queryRunner.query("ALTER TABLE \"notifications\" RENAME TO \"temporary_notifications\"");
    await queryRunner.query("CREATE TABLE \"notifications\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"template\" varchar(64) NOT NULL, \"params\" text NOT NULL, \"link\" varchar(255), \"readAt\" datetime, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("INSERT INTO \"notifications\"(\"id\", \"userId\", \"template\", \"params\", \"link\", \"readAt\", \"createdAt\") SELECT \"id\", \"userId\", \"template\", \"params\", \"link\", \"readAt\", \"createdAt\" FROM \"temporary_notifications\"");
    await queryRunner.query("DROP TABLE \"temporary_notifications\"");
    await queryRunner.query("CREATE INDEX \"IDX_notifications_user_read\" ON \"notifications\" (\"userId\", \"readAt\") ");
    await queryRunner.query("DROP INDEX \"IDX_outbox_status_next\"");
    await queryRunner.query("DROP TABLE \"outbox_messages\"");
    await queryRunner.query("DROP INDEX \"IDX_notifications_user_read\"");
    await queryRunner.query("DROP TABLE \"notifications\"");
  }
}
