import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedPublicityRules } from '../seed-publicity-rules.js';

/**
 * The findings context's tables: findings (unique per department and decision number, with their
 * computed publicity period), rectification submissions, the effective-dated publicity rules
 * (seeded from shared/domain/rules.md: the regime before 2026-04-01 and the one from it) and annual
 * reports (P04). Departments may delegate rectification verification to park staff.
 */
export class FindingsCore1796600000000 implements MigrationInterface {
  name = 'FindingsCore1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `annual_reports` (`id` int NOT NULL AUTO_INCREMENT, `tenantId` int NOT NULL, `year` int NOT NULL, `filedOn` date NOT NULL, `source` varchar(16) NOT NULL DEFAULT 'page', `recordedById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `IDX_annual_reports_tenant_year` (`tenantId`, `year`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `finding_rectifications` (`id` int NOT NULL AUTO_INCREMENT, `findingId` int NOT NULL, `tenantId` int NOT NULL, `statement` text NOT NULL, `submittedById` int NOT NULL, `submittedAt` datetime NOT NULL, `submittedOn` date NOT NULL, `decision` varchar(16) NULL, `decisionReason` text NULL, `decidedById` int NULL, `decidedAt` datetime NULL, INDEX `IDX_finding_rectifications_finding` (`findingId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `findings` (`id` int NOT NULL AUTO_INCREMENT, `departmentId` int NOT NULL, `tenantId` int NOT NULL, `type` varchar(24) NOT NULL, `severity` varchar(16) NOT NULL, `penaltyKind` varchar(24) NULL, `title` varchar(200) NOT NULL, `legalBasis` varchar(500) NOT NULL, `decisionNo` varchar(100) NOT NULL, `decisionDate` date NOT NULL, `description` text NOT NULL, `rectificationRequired` tinyint NOT NULL DEFAULT 0, `rectifyBy` date NULL, `rectificationStatus` varchar(16) NOT NULL DEFAULT 'none', `rectifiedOn` date NULL, `verifiedOn` date NULL, `substantiated` tinyint NULL, `abnormalCause` varchar(32) NULL, `endedOn` date NULL, `endedReason` text NULL, `publicityEndsOn` date NOT NULL, `repairEligibleOn` date NULL, `publicityRuleId` int NULL, `repairedOn` date NULL, `source` varchar(16) NOT NULL DEFAULT 'page', `recordedById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_findings_decision_date` (`decisionDate`), INDEX `IDX_findings_rectification` (`rectificationStatus`, `rectifyBy`), INDEX `IDX_findings_tenant_date` (`tenantId`, `decisionDate`), UNIQUE INDEX `IDX_findings_department_decision` (`departmentId`, `decisionNo`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `publicity_rules` (`id` int NOT NULL AUTO_INCREMENT, `effectiveFrom` date NOT NULL, `severity` varchar(16) NOT NULL, `penaltyKind` varchar(24) NULL, `published` tinyint NOT NULL DEFAULT 1, `minMonths` int NOT NULL DEFAULT '0', `maxMonths` int NOT NULL DEFAULT '0', `repairAfterMonths` int NULL, `note` varchar(200) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_publicity_rules_effective` (`effectiveFrom`, `severity`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `departments` ADD `delegatesVerification` tinyint NOT NULL DEFAULT 0");
    await queryRunner.query("ALTER TABLE `annual_reports` ADD CONSTRAINT `FK_d384d2563dbea109e69c52d1210` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `finding_rectifications` ADD CONSTRAINT `FK_770f1711f5b3b1bb8b19c8a1e64` FOREIGN KEY (`findingId`) REFERENCES `findings`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `findings` ADD CONSTRAINT `FK_33dd3878090deb1ad7ccba67af8` FOREIGN KEY (`departmentId`) REFERENCES `departments`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `findings` ADD CONSTRAINT `FK_e274eb77cea999fb823f36add28` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await seedPublicityRules(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `findings` DROP FOREIGN KEY `FK_e274eb77cea999fb823f36add28`");
    await queryRunner.query("ALTER TABLE `findings` DROP FOREIGN KEY `FK_33dd3878090deb1ad7ccba67af8`");
    await queryRunner.query("ALTER TABLE `finding_rectifications` DROP FOREIGN KEY `FK_770f1711f5b3b1bb8b19c8a1e64`");
    await queryRunner.query("ALTER TABLE `annual_reports` DROP FOREIGN KEY `FK_d384d2563dbea109e69c52d1210`");
    await queryRunner.query("ALTER TABLE `departments` DROP COLUMN `delegatesVerification`");
    await queryRunner.query("DROP INDEX `IDX_publicity_rules_effective` ON `publicity_rules`");
    await queryRunner.query("DROP TABLE `publicity_rules`");
    await queryRunner.query("DROP INDEX `IDX_findings_department_decision` ON `findings`");
    await queryRunner.query("DROP INDEX `IDX_findings_tenant_date` ON `findings`");
    await queryRunner.query("DROP INDEX `IDX_findings_rectification` ON `findings`");
    await queryRunner.query("DROP INDEX `IDX_findings_decision_date` ON `findings`");
    await queryRunner.query("DROP TABLE `findings`");
    await queryRunner.query("DROP INDEX `IDX_finding_rectifications_finding` ON `finding_rectifications`");
    await queryRunner.query("DROP TABLE `finding_rectifications`");
    await queryRunner.query("DROP INDEX `IDX_annual_reports_tenant_year` ON `annual_reports`");
    await queryRunner.query("DROP TABLE `annual_reports`");
  }
}
