import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedEvaluationDimensions } from '../seed-evaluation-dimensions.js';

/**
 * The evaluations context's tables: accredited institutions, their engagements (tenant and period),
 * the configurable scoring dimensions (seeded with the six defaults), evaluations with a score per
 * dimension, and the tenants' disputes of them.
 */
export class EvaluationsCore1796610000000 implements MigrationInterface {
  name = 'EvaluationsCore1796610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `evaluation_dimensions` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(40) NOT NULL, `labelZh` varchar(100) NOT NULL, `labelEn` varchar(100) NOT NULL, `sortOrder` int NOT NULL DEFAULT '0', `active` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX `IDX_evaluation_dimensions_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `evaluation_institutions` (`id` int NOT NULL AUTO_INCREMENT, `name` varchar(200) NOT NULL, `uscc` varchar(18) NOT NULL, `accreditationNo` varchar(100) NOT NULL, `validFrom` date NOT NULL, `validTo` date NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `IDX_evaluation_institutions_uscc` (`uscc`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `evaluation_engagements` (`id` int NOT NULL AUTO_INCREMENT, `institutionId` int NOT NULL, `tenantId` int NOT NULL, `periodFrom` date NOT NULL, `periodTo` date NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'active', `note` varchar(500) NULL, `createdBy` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_evaluation_engagements_tenant` (`tenantId`), INDEX `IDX_evaluation_engagements_institution_tenant` (`institutionId`, `tenantId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `evaluations` (`id` int NOT NULL AUTO_INCREMENT, `institutionId` int NOT NULL, `engagementId` int NOT NULL, `tenantId` int NOT NULL, `periodFrom` date NOT NULL, `periodTo` date NOT NULL, `grade` varchar(1) NOT NULL, `summary` text NOT NULL, `validUntil` date NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'submitted', `submittedById` int NOT NULL, `submittedAt` datetime NOT NULL, `acceptedById` int NULL, `acceptedAt` datetime NULL, `acceptedOn` date NULL, `source` varchar(8) NOT NULL DEFAULT 'page', `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_evaluations_status_submitted` (`status`, `submittedAt`), INDEX `IDX_evaluations_institution_status` (`institutionId`, `status`), INDEX `IDX_evaluations_tenant_status` (`tenantId`, `status`, `validUntil`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `evaluation_disputes` (`id` int NOT NULL AUTO_INCREMENT, `evaluationId` int NOT NULL, `tenantId` int NOT NULL, `reasons` text NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'open', `filedById` int NOT NULL, `filedAt` datetime NOT NULL, `resolvedById` int NULL, `resolvedAt` datetime NULL, `resolutionReason` text NULL, `corrections` text NULL, INDEX `IDX_evaluation_disputes_status` (`status`), INDEX `IDX_evaluation_disputes_evaluation` (`evaluationId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `evaluation_scores` (`evaluationId` int NOT NULL, `dimensionId` int NOT NULL, `score` int NOT NULL, PRIMARY KEY (`evaluationId`, `dimensionId`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `evaluation_engagements` ADD CONSTRAINT `FK_5633c358a07d5245ef6c238a37e` FOREIGN KEY (`institutionId`) REFERENCES `evaluation_institutions`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `evaluation_engagements` ADD CONSTRAINT `FK_d725f217e3372fa261df071a2ba` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `evaluations` ADD CONSTRAINT `FK_629648b2078986e458372d6c137` FOREIGN KEY (`institutionId`) REFERENCES `evaluation_institutions`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `evaluations` ADD CONSTRAINT `FK_37721f9635fc7f056b267415bd4` FOREIGN KEY (`engagementId`) REFERENCES `evaluation_engagements`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `evaluations` ADD CONSTRAINT `FK_c6cb9662b64390a82abf1fa1b48` FOREIGN KEY (`tenantId`) REFERENCES `tenants`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `evaluation_disputes` ADD CONSTRAINT `FK_8ea3928454715195083466d0bdf` FOREIGN KEY (`evaluationId`) REFERENCES `evaluations`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `evaluation_scores` ADD CONSTRAINT `FK_c2802ed4038261689d99af54743` FOREIGN KEY (`evaluationId`) REFERENCES `evaluations`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE `evaluation_scores` ADD CONSTRAINT `FK_cba6c3c125fe13b786ab1efa851` FOREIGN KEY (`dimensionId`) REFERENCES `evaluation_dimensions`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION");
    await seedEvaluationDimensions(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `evaluation_scores` DROP FOREIGN KEY `FK_cba6c3c125fe13b786ab1efa851`");
    await queryRunner.query("ALTER TABLE `evaluation_scores` DROP FOREIGN KEY `FK_c2802ed4038261689d99af54743`");
    await queryRunner.query("ALTER TABLE `evaluation_disputes` DROP FOREIGN KEY `FK_8ea3928454715195083466d0bdf`");
    await queryRunner.query("ALTER TABLE `evaluations` DROP FOREIGN KEY `FK_c6cb9662b64390a82abf1fa1b48`");
    await queryRunner.query("ALTER TABLE `evaluations` DROP FOREIGN KEY `FK_37721f9635fc7f056b267415bd4`");
    await queryRunner.query("ALTER TABLE `evaluations` DROP FOREIGN KEY `FK_629648b2078986e458372d6c137`");
    await queryRunner.query("ALTER TABLE `evaluation_engagements` DROP FOREIGN KEY `FK_d725f217e3372fa261df071a2ba`");
    await queryRunner.query("ALTER TABLE `evaluation_engagements` DROP FOREIGN KEY `FK_5633c358a07d5245ef6c238a37e`");
    await queryRunner.query("DROP TABLE `evaluation_scores`");
    await queryRunner.query("DROP TABLE `evaluation_disputes`");
    await queryRunner.query("DROP TABLE `evaluations`");
    await queryRunner.query("DROP TABLE `evaluation_engagements`");
    await queryRunner.query("DROP TABLE `evaluation_institutions`");
    await queryRunner.query("DROP TABLE `evaluation_dimensions`");
  }
}
