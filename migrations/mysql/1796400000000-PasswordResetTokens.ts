import type { MigrationInterface, QueryRunner } from 'typeorm';

/** "Forgot password" links: one waiting link per user, kept as the SHA-256 of its token, with its expiry. */
export class PasswordResetTokens1796400000000 implements MigrationInterface {
  name = 'PasswordResetTokens1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `password_reset_tokens` (`id` int NOT NULL AUTO_INCREMENT, `userId` int NOT NULL, `tokenHash` varchar(64) NOT NULL, `createdAt` bigint NOT NULL, `expiresAt` bigint NOT NULL, UNIQUE INDEX `IDX_password_reset_tokens_user` (`userId`), UNIQUE INDEX `IDX_password_reset_tokens_hash` (`tokenHash`), INDEX `IDX_password_reset_tokens_expires` (`expiresAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `password_reset_tokens`");
  }
}
