import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795824305751 implements MigrationInterface {
  name = 'Initial1795824305751';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `audit_entries` (`id` int NOT NULL AUTO_INCREMENT, `occurredAt` varchar(24) NOT NULL, `actorId` int NULL, `actorLabel` varchar(190) NOT NULL, `action` varchar(64) NOT NULL, `entityType` varchar(64) NOT NULL, `entityId` varchar(64) NULL, `ip` varchar(64) NULL, `before` text NULL, `after` text NULL, `prevHash` varchar(64) NOT NULL, `hash` varchar(64) NOT NULL, INDEX `IDX_98f9300866b886376c5605e532` (`occurredAt`), INDEX `IDX_a8456bc89d026672de07047358` (`actorId`), INDEX `IDX_audit_entity` (`entityType`, `entityId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `audit_head` (`id` int NOT NULL, `lastEntryId` int NOT NULL DEFAULT '0', `lastHash` varchar(64) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `api_tokens` (`id` int NOT NULL AUTO_INCREMENT, `userId` int NOT NULL, `label` varchar(100) NOT NULL, `tokenHash` varchar(64) NOT NULL, `prefix` varchar(16) NOT NULL, `createdById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `lastUsedAt` datetime NULL, `revokedAt` datetime NULL, INDEX `IDX_2a2ce819bd75cc0193bfb2692b` (`userId`), UNIQUE INDEX `IDX_cdac8e064e6e9c2e0835d1c1b8` (`tokenHash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `users` (`id` int NOT NULL AUTO_INCREMENT, `email` varchar(190) NOT NULL, `name` varchar(100) NOT NULL, `role` varchar(20) NOT NULL, `passwordHash` varchar(255) NOT NULL, `tenantId` int NULL, `departmentId` int NULL, `institutionId` int NULL, `locale` varchar(8) NULL, `active` tinyint NOT NULL DEFAULT 1, `mustChangePassword` tinyint NOT NULL DEFAULT 0, `failedLogins` int NOT NULL DEFAULT '0', `lockedUntil` datetime NULL, `lastLoginAt` datetime NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_ace513fa30d485cfd25c11a9e4` (`role`), UNIQUE INDEX `IDX_97672ac88f789774dd47f7c8be` (`email`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `departments` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(32) NOT NULL, `nameZh` varchar(100) NOT NULL, `nameEn` varchar(150) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `IDX_91fddbe23e927e1e525c152baa` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `tenants` (`id` int NOT NULL AUTO_INCREMENT, `uscc` varchar(18) NOT NULL, `name` varchar(200) NOT NULL, `legalRepresentative` varchar(100) NOT NULL, `industry` varchar(64) NOT NULL, `building` varchar(64) NOT NULL, `unit` varchar(32) NOT NULL DEFAULT '', `movedInAt` date NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'active', `statusReason` varchar(500) NULL, `usccOverrideReason` varchar(500) NULL, `contactPhone` varchar(64) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_32731f181236a46182a38c992a` (`name`), INDEX `IDX_b6d6f58491fe6cf73df694392a` (`industry`), INDEX `IDX_1c14337e0524233e2760773752` (`building`), INDEX `IDX_tenants_status_name` (`status`, `name`), UNIQUE INDEX `IDX_81bd8b7fa126730f789f5f4fe0` (`uscc`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sessions` (`id` varchar(128) NOT NULL, `expiresAt` bigint NOT NULL, `data` text NOT NULL, INDEX `IDX_50762206f116cd47d1c3fec396` (`expiresAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `api_tokens` ADD CONSTRAINT `FK_2a2ce819bd75cc0193bfb2692bd` FOREIGN KEY (`userId`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `users` ADD CONSTRAINT `FK_c58f7e88c286e5e3478960a998b` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `users` ADD CONSTRAINT `FK_554d853741f2083faaa5794d2ae` FOREIGN KEY (`departmentId`) REFERENCES `departments`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `users` DROP FOREIGN KEY `FK_554d853741f2083faaa5794d2ae`");
    await queryRunner.query("ALTER TABLE `users` DROP FOREIGN KEY `FK_c58f7e88c286e5e3478960a998b`");
    await queryRunner.query("ALTER TABLE `api_tokens` DROP FOREIGN KEY `FK_2a2ce819bd75cc0193bfb2692bd`");
    await queryRunner.query("DROP INDEX `IDX_50762206f116cd47d1c3fec396` ON `sessions`");
    await queryRunner.query("DROP TABLE `sessions`");
    await queryRunner.query("DROP INDEX `IDX_81bd8b7fa126730f789f5f4fe0` ON `tenants`");
    await queryRunner.query("DROP INDEX `IDX_tenants_status_name` ON `tenants`");
    await queryRunner.query("DROP INDEX `IDX_1c14337e0524233e2760773752` ON `tenants`");
    await queryRunner.query("DROP INDEX `IDX_b6d6f58491fe6cf73df694392a` ON `tenants`");
    await queryRunner.query("DROP INDEX `IDX_32731f181236a46182a38c992a` ON `tenants`");
    await queryRunner.query("DROP TABLE `tenants`");
    await queryRunner.query("DROP INDEX `IDX_91fddbe23e927e1e525c152baa` ON `departments`");
    await queryRunner.query("DROP TABLE `departments`");
    await queryRunner.query("DROP INDEX `IDX_97672ac88f789774dd47f7c8be` ON `users`");
    await queryRunner.query("DROP INDEX `IDX_ace513fa30d485cfd25c11a9e4` ON `users`");
    await queryRunner.query("DROP TABLE `users`");
    await queryRunner.query("DROP INDEX `IDX_cdac8e064e6e9c2e0835d1c1b8` ON `api_tokens`");
    await queryRunner.query("DROP INDEX `IDX_2a2ce819bd75cc0193bfb2692b` ON `api_tokens`");
    await queryRunner.query("DROP TABLE `api_tokens`");
    await queryRunner.query("DROP TABLE `audit_head`");
    await queryRunner.query("DROP INDEX `IDX_audit_entity` ON `audit_entries`");
    await queryRunner.query("DROP INDEX `IDX_a8456bc89d026672de07047358` ON `audit_entries`");
    await queryRunner.query("DROP INDEX `IDX_98f9300866b886376c5605e532` ON `audit_entries`");
    await queryRunner.query("DROP TABLE `audit_entries`");
  }
}
