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
    await queryRunner.query("CREATE TABLE \"calendar_days\" (\"day\" date PRIMARY KEY NOT NULL, \"kind\" varchar(8) NOT NULL, \"name\" varchar(100) NOT NULL, \"updatedById\" integer, \"updatedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE TABLE \"credit_catalogue_items\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"code\" varchar(32) NOT NULL, \"category\" varchar(24) NOT NULL, \"sortOrder\" integer NOT NULL DEFAULT (0), \"nameZh\" varchar(200) NOT NULL, \"nameEn\" varchar(200) NOT NULL, \"descriptionZh\" text NOT NULL, \"descriptionEn\" text NOT NULL, \"producerZh\" varchar(200) NOT NULL, \"producerEn\" varchar(200) NOT NULL, \"legalBasis\" varchar(500) NOT NULL, \"legalBasisEn\" varchar(500) NOT NULL, \"audienceZh\" varchar(300) NOT NULL, \"audienceEn\" varchar(300) NOT NULL, \"publicity\" varchar(24) NOT NULL, \"countsZh\" varchar(300) NOT NULL, \"countsEn\" varchar(300) NOT NULL, \"retentionZh\" varchar(300) NOT NULL, \"retentionEn\" varchar(300) NOT NULL, \"updatedById\" integer, \"updatedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_credit_catalogue_items_code\" ON \"credit_catalogue_items\" (\"code\") ");
    await queryRunner.query("CREATE TABLE \"check_purposes\" (\"code\" varchar(32) PRIMARY KEY NOT NULL, \"nameZh\" varchar(100) NOT NULL, \"nameEn\" varchar(100) NOT NULL, \"active\" boolean NOT NULL DEFAULT (1), \"sortOrder\" integer NOT NULL DEFAULT (0))");
    await queryRunner.query("CREATE TABLE \"credit_measures\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"code\" varchar(32) NOT NULL, \"kind\" varchar(16) NOT NULL, \"category\" varchar(32) NOT NULL, \"titleZh\" varchar(200) NOT NULL, \"titleEn\" varchar(200) NOT NULL, \"descriptionZh\" text NOT NULL, \"descriptionEn\" text NOT NULL, \"purposes\" varchar(500) NOT NULL DEFAULT (''), \"claimable\" boolean NOT NULL DEFAULT (0), \"eligibility\" text NOT NULL, \"validFrom\" date NOT NULL, \"validTo\" date, \"active\" boolean NOT NULL DEFAULT (1), \"updatedById\" integer, \"updatedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_credit_measures_code\" ON \"credit_measures\" (\"code\") ");
    await queryRunner.query("CREATE TABLE \"joint_check_feedback\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"jointCheckId\" integer NOT NULL, \"applied\" text NOT NULL, \"note\" text, \"reportedById\" integer NOT NULL, \"reportedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_joint_check_feedback_check\" ON \"joint_check_feedback\" (\"jointCheckId\") ");
    await queryRunner.query("CREATE TABLE \"joint_checks\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"checkId\" varchar(36) NOT NULL, \"uscc\" varchar(18) NOT NULL, \"tenantId\" integer NOT NULL, \"purpose\" varchar(32) NOT NULL, \"requester\" varchar(200) NOT NULL, \"requestedById\" integer NOT NULL, \"lists\" varchar(32) NOT NULL, \"grade\" varchar(1), \"score\" integer, \"asOf\" date, \"measures\" varchar(500) NOT NULL, \"checkedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_joint_checks_purpose_at\" ON \"joint_checks\" (\"purpose\", \"checkedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_joint_checks_tenant_at\" ON \"joint_checks\" (\"tenantId\", \"checkedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_joint_checks_at\" ON \"joint_checks\" (\"checkedAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_joint_checks_check_id\" ON \"joint_checks\" (\"checkId\") ");
    await queryRunner.query("CREATE TABLE \"list_changes\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"entryId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"uscc\" varchar(18) NOT NULL, \"list\" varchar(8) NOT NULL, \"change\" varchar(16) NOT NULL, \"effectiveOn\" date NOT NULL, \"changedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_list_changes_at\" ON \"list_changes\" (\"changedAt\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"list_entries\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"tenantId\" integer NOT NULL, \"list\" varchar(8) NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('proposed'), \"criterion\" varchar(32) NOT NULL, \"reasons\" text NOT NULL, \"legalBasis\" varchar(500) NOT NULL, \"records\" text NOT NULL, \"listRuleId\" integer NOT NULL, \"proposedById\" integer NOT NULL, \"proposedAt\" datetime NOT NULL, \"noticeSentAt\" datetime, \"objectionClosesOn\" date, \"decidedById\" integer, \"decidedAt\" datetime, \"decisionReason\" text, \"startsOn\" date, \"plannedEndOn\" date, \"earliestExitOn\" date, \"endedOn\" date, \"endKind\" varchar(16), \"endReason\" text, \"endedById\" integer, \"createdAt\" datetime NOT NULL, \"updatedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_list_entries_status_end\" ON \"list_entries\" (\"status\", \"plannedEndOn\") ");
    await queryRunner.query("CREATE INDEX \"IDX_list_entries_list_status\" ON \"list_entries\" (\"list\", \"status\", \"startsOn\") ");
    await queryRunner.query("CREATE INDEX \"IDX_list_entries_tenant_status\" ON \"list_entries\" (\"tenantId\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"list_objections\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"entryId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"text\" text NOT NULL, \"filedById\" integer NOT NULL, \"filedAt\" datetime NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('open'), \"answer\" text, \"answeredById\" integer, \"answeredAt\" datetime)");
    await queryRunner.query("CREATE INDEX \"IDX_list_objections_entry\" ON \"list_objections\" (\"entryId\") ");
    await queryRunner.query("CREATE TABLE \"list_rules\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"list\" varchar(8) NOT NULL, \"effectiveFrom\" date NOT NULL, \"durationMonths\" integer NOT NULL, \"earlyExitAfterMonths\" integer, \"objectionWorkingDays\" integer NOT NULL, \"repairAfterMonths\" integer, \"repairNeedsTraining\" boolean NOT NULL DEFAULT (0), \"legalBasis\" varchar(500) NOT NULL, \"createdAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_list_rules_list_from\" ON \"list_rules\" (\"list\", \"effectiveFrom\") ");
    await queryRunner.query("CREATE TABLE \"measure_claims\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"measureId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"origin\" varchar(8) NOT NULL, \"status\" varchar(16) NOT NULL, \"note\" text, \"claimedById\" integer NOT NULL, \"claimedAt\" datetime NOT NULL, \"decidedById\" integer, \"decidedAt\" datetime, \"decisionReason\" text, \"deliveredOn\" date, \"deliveryNote\" text, \"deliveredById\" integer)");
    await queryRunner.query("CREATE INDEX \"IDX_measure_claims_measure\" ON \"measure_claims\" (\"measureId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"IDX_measure_claims_status\" ON \"measure_claims\" (\"status\", \"claimedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_measure_claims_tenant\" ON \"measure_claims\" (\"tenantId\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"repair_applications\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"tenantId\" integer NOT NULL, \"subjectType\" varchar(16) NOT NULL, \"subjectId\" integer NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('submitted'), \"statement\" text NOT NULL, \"commitmentSignatureId\" integer, \"trainingAttendanceIds\" text NOT NULL, \"eligibleOn\" date, \"repairRuleId\" integer NOT NULL, \"submittedById\" integer NOT NULL, \"submittedAt\" datetime NOT NULL, \"replyDueOn\" date NOT NULL, \"repliedById\" integer, \"repliedAt\" datetime, \"replyNote\" text, \"decisionDueOn\" date, \"decidedById\" integer, \"decidedAt\" datetime, \"decisionReason\" text, \"updatedAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_repair_applications_subject\" ON \"repair_applications\" (\"subjectType\", \"subjectId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_repair_applications_status_due\" ON \"repair_applications\" (\"status\", \"replyDueOn\") ");
    await queryRunner.query("CREATE INDEX \"IDX_repair_applications_tenant\" ON \"repair_applications\" (\"tenantId\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"repair_rules\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"subject\" varchar(24) NOT NULL, \"effectiveFrom\" date NOT NULL, \"needsTraining\" boolean NOT NULL DEFAULT (0), \"replyWorkingDays\" integer NOT NULL, \"decisionWorkingDays\" integer NOT NULL, \"createdAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_repair_rules_subject_from\" ON \"repair_rules\" (\"subject\", \"effectiveFrom\") ");
    await seedListsDefaults(queryRunner);
    await seedCreditMeasures(queryRunner);
    await seedCreditCatalogue(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_repair_rules_subject_from\"");
    await queryRunner.query("DROP TABLE \"repair_rules\"");
    await queryRunner.query("DROP INDEX \"IDX_repair_applications_tenant\"");
    await queryRunner.query("DROP INDEX \"IDX_repair_applications_status_due\"");
    await queryRunner.query("DROP INDEX \"IDX_repair_applications_subject\"");
    await queryRunner.query("DROP TABLE \"repair_applications\"");
    await queryRunner.query("DROP INDEX \"IDX_measure_claims_tenant\"");
    await queryRunner.query("DROP INDEX \"IDX_measure_claims_status\"");
    await queryRunner.query("DROP INDEX \"IDX_measure_claims_measure\"");
    await queryRunner.query("DROP TABLE \"measure_claims\"");
    await queryRunner.query("DROP INDEX \"IDX_list_rules_list_from\"");
    await queryRunner.query("DROP TABLE \"list_rules\"");
    await queryRunner.query("DROP INDEX \"IDX_list_objections_entry\"");
    await queryRunner.query("DROP TABLE \"list_objections\"");
    await queryRunner.query("DROP INDEX \"IDX_list_entries_tenant_status\"");
    await queryRunner.query("DROP INDEX \"IDX_list_entries_list_status\"");
    await queryRunner.query("DROP INDEX \"IDX_list_entries_status_end\"");
    await queryRunner.query("DROP TABLE \"list_entries\"");
    await queryRunner.query("DROP INDEX \"IDX_list_changes_at\"");
    await queryRunner.query("DROP TABLE \"list_changes\"");
    await queryRunner.query("DROP INDEX \"IDX_joint_checks_check_id\"");
    await queryRunner.query("DROP INDEX \"IDX_joint_checks_at\"");
    await queryRunner.query("DROP INDEX \"IDX_joint_checks_tenant_at\"");
    await queryRunner.query("DROP INDEX \"IDX_joint_checks_purpose_at\"");
    await queryRunner.query("DROP TABLE \"joint_checks\"");
    await queryRunner.query("DROP INDEX \"IDX_joint_check_feedback_check\"");
    await queryRunner.query("DROP TABLE \"joint_check_feedback\"");
    await queryRunner.query("DROP INDEX \"IDX_credit_measures_code\"");
    await queryRunner.query("DROP TABLE \"credit_measures\"");
    await queryRunner.query("DROP TABLE \"check_purposes\"");
    await queryRunner.query("DROP INDEX \"IDX_credit_catalogue_items_code\"");
    await queryRunner.query("DROP TABLE \"credit_catalogue_items\"");
    await queryRunner.query("DROP TABLE \"calendar_days\"");
  }
}
