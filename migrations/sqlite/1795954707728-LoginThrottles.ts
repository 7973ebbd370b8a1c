import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login throttling replaces the per-account lock: a table of failure counters per subject, and the users' lock
 * columns go. SQLite drops the columns in place (3.35+), so the users table is not rebuilt under its foreign keys.
 */
export class LoginThrottles1795954707728 implements MigrationInterface {
  name = 'LoginThrottles1795954707728';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"login_throttles\" (\"subject\" varchar(80) PRIMARY KEY NOT NULL, \"failures\" integer NOT NULL, \"lastFailureAt\" bigint NOT NULL, \"blockedUntil\" bigint NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_eaccdeb6584e4f6df5c3258a94\" ON \"login_throttles\" (\"lastFailureAt\") ");
    await queryRunner.query("ALTER TABLE \"users\" DROP COLUMN \"failedLogins\"");
    await queryRunner.query("ALTER TABLE \"users\" DROP COLUMN \"lockedUntil\"");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"users\" ADD COLUMN \"lockedUntil\" datetime");
    await queryRunner.query("ALTER TABLE \"users\" ADD COLUMN \"failedLogins\" integer NOT NULL DEFAULT (0)");
    await queryRunner.query("DROP INDEX \"IDX_eaccdeb6584e4f6df5c3258a94\"");
    await queryRunner.query("DROP TABLE \"login_throttles\"");
  }
}
