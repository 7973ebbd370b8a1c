import type { MigrationInterface, QueryRunner } from 'typeorm';

/** "Forgot password" links: one waiting link per user, kept as the SHA-256 of its token, with its expiry. */
export class PasswordResetTokens1796400000000 implements MigrationInterface {
  name = 'PasswordResetTokens1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"password_reset_tokens\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"tokenHash\" varchar(64) NOT NULL, \"createdAt\" bigint NOT NULL, \"expiresAt\" bigint NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_password_reset_tokens_user\" ON \"password_reset_tokens\" (\"userId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_password_reset_tokens_hash\" ON \"password_reset_tokens\" (\"tokenHash\") ");
    await queryRunner.query("CREATE INDEX \"IDX_password_reset_tokens_expires\" ON \"password_reset_tokens\" (\"expiresAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_password_reset_tokens_expires\"");
    await queryRunner.query("DROP INDEX \"IDX_password_reset_tokens_hash\"");
    await queryRunner.query("DROP INDEX \"IDX_password_reset_tokens_user\"");
    await queryRunner.query("DROP TABLE \"password_reset_tokens\"");
  }
}
