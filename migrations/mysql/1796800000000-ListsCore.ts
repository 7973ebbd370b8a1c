import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedCreditCatalogue } from '../seed-credit-catalogue.js';
import { seedCreditMeasures } from '../seed-credit-measures.js';
import { seedListsDefaults } from '../seed-lists-defaults.js';

/**
 * The lists context's tables (lists, credit repair, joint checks, the 信易+ catalogue and claims, the credit
 * information catalogue) and the working calendar, with their defaults from shared/domain/rules.md.
 */
export class ListsCore1796800000000 implements MigrationInterface {
  name = 'ListsCore1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `calendar_days` (`day` date NOT NULL, `kind` varchar(8) NOT NULL, `name` varchar(100) NOT NULL, `updatedById` int NULL, `updatedAt` datetime NOT NULL, PRIMARY KEY (`day`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `credit_catalogue_items` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(32) NOT NULL, `category` varchar(24) NOT NULL, `sortOrder` int NOT NULL DEFAULT '0', `nameZh` varchar(200) NOT NULL, `nameEn` varchar(200) NOT NULL, `descriptionZh` text NOT NULL, `descriptionEn` text NOT NULL, `producerZh` varchar(200) NOT NULL, `producerEn` varchar(200) NOT NULL, `legalBasis` varchar(500) NOT NULL, `legalBasisEn` varchar(500) NOT NULL, `audienceZh` varchar(300) NOT NULL, `audienceEn` varchar(300) NOT NULL, `publicity` varchar(24) NOT NULL, `countsZh` varchar(300) NOT NULL, `countsEn` varchar(300) NOT NULL, `retentionZh` varchar(300) NOT NULL, `retentionEn` varchar(300) NOT NULL, `updatedById` int NULL, `updatedAt` datetime NOT NULL, UNIQUE INDEX `IDX_credit_catalogue_items_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `check_purposes` (`code` varchar(32) NOT NULL, `nameZh` varchar(100) NOT NULL, `nameEn` varchar(100) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `sortOrder` int NOT NULL DEFAULT '0', PRIMARY KEY (`code`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `credit_measures` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(32) NOT NULL, `kind` varchar(16) NOT NULL, `category` varchar(32) NOT NULL, `titleZh` varchar(200) NOT NULL, `titleEn` varchar(200) NOT NULL, `descriptionZh` text NOT NULL, `descriptionEn` text NOT NULL, `purposes` varchar(500) NOT NULL DEFAULT '', `claimable` tinyint NOT NULL DEFAULT 0, `eligibility` text NOT NULL, `validFrom` date NOT NULL, `validTo` date NULL, `active` tinyint NOT NULL DEFAULT 1, `updatedById` int NULL, `updatedAt` datetime NOT NULL, UNIQUE INDEX `IDX_credit_measures_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `joint_check_feedback` (`id` int NOT NULL AUTO_INCREMENT, `jointCheckId` int NOT NULL, `applied` text NOT NULL, `note` text NULL, `reportedById` int NOT NULL, `reportedAt` datetime NOT NULL, UNIQUE INDEX `IDX_joint_check_feedback_check` (`jointCheckId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `joint_checks` (`id` int NOT NULL AUTO_INCREMENT, `checkId` varchar(36) NOT NULL, `uscc` varchar(18) NOT NULL, `tenantId` int NOT NULL, `purpose` varchar(32) NOT NULL, `requester` varchar(200) NOT NULL, `requestedById` int NOT NULL, `lists` varchar(32) NOT NULL, `grade` varchar(1) NULL, `score` int NULL, `asOf` date NULL, `measures` varchar(500) NOT NULL, `checkedAt` datetime NOT NULL, INDEX `IDX_joint_checks_purpose_at` (`purpose`, `checkedAt`), INDEX `IDX_joint_checks_tenant_at` (`tenantId`, `checkedAt`), INDEX `IDX_joint_checks_at` (`checkedAt`), UNIQUE INDEX `IDX_joint_checks_check_id` (`checkId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `list_changes` (`id` int NOT NULL AUTO_INCREMENT, `entryId` int NOT NULL, `tenantId` int NOT NULL, `uscc` varchar(18) NOT NULL, `list` varchar(8) NOT NULL, `change` varchar(16) NOT NULL, `effectiveOn` date NOT NULL, `changedAt` datetime NOT NULL, INDEX `IDX_list_changes_at` (`changedAt`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `list_entries` (`id` int NOT NULL AUTO_INCREMENT, `tenantId` int NOT NULL, `list` varchar(8) NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'proposed', `criterion` varchar(32) NOT NULL, `reasons` text NOT NULL, `legalBasis` varchar(500) NOT NULL, `records` text NOT NULL, `listRuleId` int NOT NULL, `proposedById` int NOT NULL, `proposedAt` datetime NOT NULL, `noticeSentAt` datetime NULL, `objectionClosesOn` date NULL, `decidedById` int NULL, `decidedAt` datetime NULL, `decisionReason` text NULL, `startsOn` date NULL, `plannedEndOn` date NULL, `earliestExitOn` date NULL, `endedOn` date NULL, `endKind` varchar(16) NULL, `endReason` text NULL, `endedById` int NULL, `createdAt` datetime NOT NULL, `updatedAt` datetime NOT NULL, INDEX `IDX_list_entries_status_end` (`status`, `plannedEndOn`), INDEX `IDX_list_entries_list_status` (`list`, `status`, `startsOn`), INDEX `IDX_list_entries_tenant_status` (`tenantId`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `list_objections` (`id` int NOT NULL AUTO_INCREMENT, `entryId` int NOT NULL, `tenantId` int NOT NULL, `text` text NOT NULL, `filedById` int NOT NULL, `filedAt` datetime NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'open', `answer` text NULL, `answeredById` int NULL, `answeredAt` datetime NULL, INDEX `IDX_list_objections_entry` (`entryId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `list_rules` (`id` int NOT NULL AUTO_INCREMENT, `list` varchar(8) NOT NULL, `effectiveFrom` date NOT NULL, `durationMonths` int NOT NULL, `earlyExitAfterMonths` int NULL, `objectionWorkingDays` int NOT NULL, `repairAfterMonths` int NULL, `repairNeedsTraining` tinyint NOT NULL DEFAULT 0, `legalBasis` varchar(500) NOT NULL, `createdAt` datetime NOT NULL, UNIQUE INDEX `IDX_list_rules_list_from` (`list`, `effectiveFrom`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `measure_claims` (`id` int NOT NULL AUTO_INCREMENT, `measureId` int NOT NULL, `tenantId` int NOT NULL, `origin` varchar(8) NOT NULL, `status` varchar(16) NOT NULL, `note` text NULL, `claimedById` int NOT NULL, `claimedAt` datetime NOT NULL, `decidedById` int NULL, `decidedAt` datetime NULL, `decisionReason` text NULL, `deliveredOn` date NULL, `deliveryNote` text NULL, `deliveredById` int NULL, INDEX `IDX_measure_claims_measure` (`measureId`, `status`), INDEX `IDX_measure_claims_status` (`status`, `claimedAt`), INDEX `IDX_measure_claims_tenant` (`tenantId`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `repair_applications` (`id` int NOT NULL AUTO_INCREMENT, `tenantId` int NOT NULL, `subjectType` varchar(16) NOT NULL, `subjectId` int NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'submitted', `statement` text NOT NULL, `commitmentSignatureId` int NULL, `trainingAttendanceIds` text NOT NULL, `eligibleOn` date NULL, `repairRuleId` int NOT NULL, `submittedById` int NOT NULL, `submittedAt` datetime NOT NULL, `replyDueOn` date NOT NULL, `repliedById` int NULL, `repliedAt` datetime NULL, `replyNote` text NULL, `decisionDueOn` date NULL, `decidedById` int NULL, `decidedAt` datetime NULL, `decisionReason` text NULL, `updatedAt` datetime NOT NULL, INDEX `IDX_repair_applications_subject` (`subjectType`, `subjectId`), INDEX `IDX_repair_applications_status_due` (`status`, `replyDueOn`), INDEX `IDX_repair_applications_tenant` (`tenantId`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `repair_rules` (`id` int NOT NULL AUTO_INCREMENT, `subject` varchar(24) NOT NULL, `effectiveFrom` date NOT NULL, `needsTraining` tinyint NOT NULL DEFAULT 0, `replyWorkingDays` int NOT NULL, `decisionWorkingDays` int NOT NULL, `createdAt` datetime NOT NULL, UNIQUE INDEX `IDX_repair_rules_subject_from` (`subject`, `effectiveFrom`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await seedListsDefaults(queryRunner);
    await seedCreditMeasures(queryRunner);
    await seedCreditCatalogue(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_repair_rules_subject_from` ON `repair_rules`");
    await queryRunner.query("DROP TABLE `repair_rules`");
    await queryRunner.query("DROP INDEX `IDX_repair_applications_tenant` ON `repair_applications`");
    await queryRunner.query("DROP INDEX `IDX_repair_applications_status_due` ON `repair_applications`");
    await queryRunner.query("DROP INDEX `IDX_repair_applications_subject` ON `repair_applications`");
    await queryRunner.query("DROP TABLE `repair_applications`");
    await queryRunner.query("DROP INDEX `IDX_measure_claims_tenant` ON `measure_claims`");
    await queryRunner.query("DROP INDEX `IDX_measure_claims_status` ON `measure_claims`");
    await queryRunner.query("DROP INDEX `IDX_measure_claims_measure` ON `measure_claims`");
    await queryRunner.query("DROP TABLE `measure_claims`");
    await queryRunner.query("DROP INDEX `IDX_list_rules_list_from` ON `list_rules`");
    await queryRunner.query("DROP TABLE `list_rules`");
    await queryRunner.query("DROP INDEX `IDX_list_objections_entry` ON `list_objections`");
    await queryRunner.query("DROP TABLE `list_objections`");
    await queryRunner.query("DROP INDEX `IDX_list_entries_tenant_status` ON `list_entries`");
    await queryRunner.query("DROP INDEX `IDX_list_entries_list_status` ON `list_entries`");
    await queryRunner.query("DROP INDEX `IDX_list_entries_status_end` ON `list_entries`");
    await queryRunner.query("DROP TABLE `list_entries`");
    await queryRunner.query("DROP INDEX `IDX_list_changes_at` ON `list_changes`");
    await queryRunner.query("DROP TABLE `list_changes`");
    await queryRunner.query("DROP INDEX `IDX_joint_checks_check_id` ON `joint_checks`");
    await queryRunner.query("DROP INDEX `IDX_joint_checks_at` ON `joint_checks`");
    await queryRunner.query("DROP INDEX `IDX_joint_checks_tenant_at` ON `joint_checks`");
    await queryRunner.query("DROP INDEX `IDX_joint_checks_purpose_at` ON `joint_checks`");
    await queryRunner.query("DROP TABLE `joint_checks`");
    await queryRunner.query("DROP INDEX `IDX_joint_check_feedback_check` ON `joint_check_feedback`");
    await queryRunner.query("DROP TABLE `joint_check_feedback`");
    await queryRunner.query("DROP INDEX `IDX_credit_measures_code` ON `credit_measures`");
    await queryRunner.query("DROP TABLE `credit_measures`");
    await queryRunner.query("DROP TABLE `check_purposes`");
    await queryRunner.query("DROP INDEX `IDX_credit_catalogue_items_code` ON `credit_catalogue_items`");
    await queryRunner.query("DROP TABLE `credit_catalogue_items`");
    await queryRunner.query("DROP TABLE `calendar_days`");
  }
}
