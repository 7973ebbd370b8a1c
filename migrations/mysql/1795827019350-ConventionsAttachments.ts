import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConventionsAttachments1795827019350 implements MigrationInterface {
  name = 'ConventionsAttachments1795827019350';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `breach_responses` (`id` int NOT NULL AUTO_INCREMENT, `breachId` int NOT NULL, `tenantId` int NOT NULL, `userId` int NULL, `text` text NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_breach_responses_breach` (`breachId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `breaches` (`id` int NOT NULL AUTO_INCREMENT, `tenantId` int NOT NULL, `versionId` int NOT NULL, `clauseId` int NOT NULL, `occurredOn` date NOT NULL, `description` text NOT NULL, `recordedById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_breaches_tenant_date` (`tenantId`, `occurredOn`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `convention_clauses` (`id` int NOT NULL AUTO_INCREMENT, `versionId` int NOT NULL, `position` int NOT NULL, `number` varchar(16) NOT NULL, `category` varchar(20) NOT NULL, `customCategory` varchar(64) NULL, `textZh` text NOT NULL, `textEn` text NULL, INDEX `IDX_convention_clauses_version` (`versionId`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `convention_versions` (`id` int NOT NULL AUTO_INCREMENT, `conventionId` int NOT NULL, `versionNo` int NOT NULL, `title` varchar(200) NOT NULL, `titleEn` varchar(300) NULL, `status` varchar(16) NOT NULL DEFAULT 'draft', `effectiveDate` date NOT NULL, `signingPeriodDays` int NOT NULL, `signingDeadline` date NULL, `publishedAt` datetime NULL, `publishedById` int NULL, `supersededAt` datetime NULL, `textSha256` varchar(64) NULL, `createdById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_972c4895bf838388ec2b8ce64b` (`status`), UNIQUE INDEX `IDX_convention_versions_no` (`conventionId`, `versionNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `conventions` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(20) NOT NULL, `createdById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `signatures` (`id` int NOT NULL AUTO_INCREMENT, `obligationId` int NOT NULL, `versionId` int NOT NULL, `tenantId` int NOT NULL, `method` varchar(10) NOT NULL, `signerName` varchar(100) NOT NULL, `signerTitle` varchar(100) NOT NULL, `userId` int NULL, `signedAt` datetime NOT NULL, `ip` varchar(64) NULL, `userAgent` varchar(500) NULL, `textSha256` varchar(64) NOT NULL, `verificationCode` varchar(20) NOT NULL, `paperReason` varchar(500) NULL, `recordedById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_signatures_tenant` (`tenantId`, `versionId`), UNIQUE INDEX `IDX_78571e13624de112bef99aaf00` (`obligationId`), UNIQUE INDEX `IDX_2f4f96c0e2e8e0df557ce5e822` (`verificationCode`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `signing_obligations` (`id` int NOT NULL AUTO_INCREMENT, `versionId` int NOT NULL, `tenantId` int NOT NULL, `deadline` date NOT NULL, `signatureId` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_e0fa489ce6dc4b96105f74d793` (`deadline`), INDEX `IDX_signing_obligations_tenant` (`tenantId`, `versionId`), UNIQUE INDEX `IDX_signing_obligations_version_tenant` (`versionId`, `tenantId`), UNIQUE INDEX `IDX_5420bce3aab4941ba80c243ff0` (`signatureId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `attachments` (`id` int NOT NULL AUTO_INCREMENT, `ownerType` varchar(40) NOT NULL, `ownerId` int NOT NULL, `fileName` varchar(255) NOT NULL, `storagePath` varchar(64) NOT NULL, `contentType` varchar(100) NOT NULL, `size` int NOT NULL, `sha256` varchar(64) NOT NULL, `uploadedById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_attachments_owner` (`ownerType`, `ownerId`), UNIQUE INDEX `IDX_b68d3a6bf0d37bccb6b48f3838` (`storagePath`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `breach_responses` ADD CONSTRAINT `FK_57d3f9d40ed5c8f1c5ec44fa0ba` FOREIGN KEY (`breachId`) REFERENCES `breaches`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `breaches` ADD CONSTRAINT `FK_10e6ade03a83a027a09c4555218` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `breaches` ADD CONSTRAINT `FK_d5862950521c28dbb5dec8987a3` FOREIGN KEY (`clauseId`) REFERENCES `convention_clauses`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `convention_clauses` ADD CONSTRAINT `FK_56678a17344465437d78bf53151` FOREIGN KEY (`versionId`) REFERENCES `convention_versions`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `convention_versions` ADD CONSTRAINT `FK_e23c271c6ab59a6dad144aaf5bb` FOREIGN KEY (`conventionId`) REFERENCES `conventions`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `signatures` ADD CONSTRAINT `FK_78571e13624de112bef99aaf001` FOREIGN KEY (`obligationId`) REFERENCES `signing_obligations`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `signing_obligations` ADD CONSTRAINT `FK_d809f2a968b42047c677c93a3f2` FOREIGN KEY (`versionId`) REFERENCES `convention_versions`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `signing_obligations` ADD CONSTRAINT `FK_bcf4d6dc7537dd7f4de0aba4e72` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `signing_obligations` DROP FOREIGN KEY `FK_bcf4d6dc7537dd7f4de0aba4e72`");
    await queryRunner.query("ALTER TABLE `signing_obligations` DROP FOREIGN KEY `FK_d809f2a968b42047c677c93a3f2`");
    await queryRunner.query("ALTER TABLE `signatures` DROP FOREIGN KEY `FK_78571e13624de112bef99aaf001`");
    await queryRunner.query("ALTER TABLE `convention_versions` DROP FOREIGN KEY `FK_e23c271c6ab59a6dad144aaf5bb`");
    await queryRunner.query("ALTER TABLE `convention_clauses` DROP FOREIGN KEY `FK_56678a17344465437d78bf53151`");
    await queryRunner.query("ALTER TABLE `breaches` DROP FOREIGN KEY `FK_d5862950521c28dbb5dec8987a3`");
    await queryRunner.query("ALTER TABLE `breaches` DROP FOREIGN KEY `FK_10e6ade03a83a027a09c4555218`");
    await queryRunner.query("ALTER TABLE `breach_responses` DROP FOREIGN KEY `FK_57d3f9d40ed5c8f1c5ec44fa0ba`");
    await queryRunner.query("DROP INDEX `IDX_b68d3a6bf0d37bccb6b48f3838` ON `attachments`");
    await queryRunner.query("DROP INDEX `IDX_attachments_owner` ON `attachments`");
    await queryRunner.query("DROP TABLE `attachments`");
    await queryRunner.query("DROP INDEX `IDX_5420bce3aab4941ba80c243ff0` ON `signing_obligations`");
    await queryRunner.query("DROP INDEX `IDX_signing_obligations_version_tenant` ON `signing_obligations`");
    await queryRunner.query("DROP INDEX `IDX_signing_obligations_tenant` ON `signing_obligations`");
    await queryRunner.query("DROP INDEX `IDX_e0fa489ce6dc4b96105f74d793` ON `signing_obligations`");
    await queryRunner.query("DROP TABLE `signing_obligations`");
    await queryRunner.query("DROP INDEX `IDX_2f4f96c0e2e8e0df557ce5e822` ON `signatures`");
    await queryRunner.query("DROP INDEX `IDX_78571e13624de112bef99aaf00` ON `signatures`");
    await queryRunner.query("DROP INDEX `IDX_signatures_tenant` ON `signatures`");
    await queryRunner.query("DROP TABLE `signatures`");
    await queryRunner.query("DROP TABLE `conventions`");
    await queryRunner.query("DROP INDEX `IDX_convention_versions_no` ON `convention_versions`");
    await queryRunner.query("DROP INDEX `IDX_972c4895bf838388ec2b8ce64b` ON `convention_versions`");
    await queryRunner.query("DROP TABLE `convention_versions`");
    await queryRunner.query("DROP INDEX `IDX_convention_clauses_version` ON `convention_clauses`");
    await queryRunner.query("DROP TABLE `convention_clauses`");
    await queryRunner.query("DROP INDEX `IDX_breaches_tenant_date` ON `breaches`");
    await queryRunner.query("DROP TABLE `breaches`");
    await queryRunner.query("DROP INDEX `IDX_breach_responses_breach` ON `breach_responses`");
    await queryRunner.query("DROP TABLE `breach_responses`");
  }
}
