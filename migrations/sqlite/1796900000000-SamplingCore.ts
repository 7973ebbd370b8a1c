import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedInspectionItems } from '../seed-inspection-items.js';

/**
 * Risk-based random inspection (双随机、一公开): the inspection-item list, the inspector pool (conflicts,
 * absences), programmes with their departments, grades and items, draws with frozen frames, and
 * inspection tasks with their inspectors; seeded with the default inspection items of the seeded departments.
 */
export class SamplingCore1796900000000 implements MigrationInterface {
  name = 'SamplingCore1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"draw_frame_members\" (\"drawId\" integer NOT NULL, \"uscc\" varchar(18) NOT NULL, \"tenantId\" integer NOT NULL, \"kind\" varchar(1) NOT NULL, \"reason\" varchar(32), PRIMARY KEY (\"drawId\", \"uscc\"))");
    await queryRunner.query("CREATE INDEX \"IDX_draw_frame_members_kind\" ON \"draw_frame_members\" (\"drawId\", \"kind\") ");
    await queryRunner.query("CREATE INDEX \"IDX_draw_frame_members_tenant\" ON \"draw_frame_members\" (\"tenantId\", \"drawId\") ");
    await queryRunner.query("CREATE TABLE \"draws\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"programmeId\" integer NOT NULL, \"seq\" integer NOT NULL, \"grades\" varchar(8) NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('planned'), \"announceAt\" datetime NOT NULL, \"drawAt\" datetime NOT NULL, \"frameHash\" varchar(64), \"seedCommitment\" varchar(64), \"committedAt\" datetime, \"seed\" varchar(64), \"publicEntropy\" varchar(200) NOT NULL DEFAULT (''), \"entropyById\" integer, \"entropyAt\" datetime, \"drawnAt\" datetime, \"memberCount\" integer NOT NULL DEFAULT (0), \"targetedCount\" integer NOT NULL DEFAULT (0), \"excludedCount\" integer NOT NULL DEFAULT (0), \"taskCount\" integer NOT NULL DEFAULT (0), \"flaggedCount\" integer NOT NULL DEFAULT (0), \"bundleSha256\" varchar(64), \"cancelledReason\" varchar(500), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_draws_status_draw\" ON \"draws\" (\"status\", \"drawAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_draws_status_announce\" ON \"draws\" (\"status\", \"announceAt\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_draws_programme_seq\" ON \"draws\" (\"programmeId\", \"seq\") ");
    await queryRunner.query("CREATE TABLE \"inspection_items\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"code\" varchar(32) NOT NULL, \"nameZh\" varchar(200) NOT NULL, \"nameEn\" varchar(200) NOT NULL, \"legalBasis\" varchar(500) NOT NULL, \"departmentId\" integer NOT NULL, \"kind\" varchar(8) NOT NULL DEFAULT ('general'), \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_inspection_items_department\" ON \"inspection_items\" (\"departmentId\", \"active\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_inspection_items_code\" ON \"inspection_items\" (\"code\") ");
    await queryRunner.query("CREATE TABLE \"inspection_tasks\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"drawId\" integer NOT NULL, \"programmeId\" integer NOT NULL, \"position\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"uscc\" varchar(18) NOT NULL, \"stratum\" varchar(1) NOT NULL, \"rank\" varchar(64), \"targetedReason\" varchar(32), \"needsManual\" boolean NOT NULL DEFAULT (0), \"manualReason\" varchar(500), \"status\" varchar(16) NOT NULL DEFAULT ('assigned'), \"result\" varchar(16), \"inspectedOn\" date, \"summary\" text, \"findingId\" integer, \"abnormalStatus\" varchar(16), \"abnormalDecidedById\" integer, \"abnormalDecidedAt\" datetime, \"abnormalReason\" varchar(500), \"recordedById\" integer, \"recordedAt\" datetime, \"publishBy\" date, \"publishWarnedOn\" date, \"publishedAt\" datetime, \"publishedById\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_inspection_tasks_published\" ON \"inspection_tasks\" (\"publishedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_inspection_tasks_status_publish\" ON \"inspection_tasks\" (\"status\", \"publishBy\") ");
    await queryRunner.query("CREATE INDEX \"IDX_inspection_tasks_tenant\" ON \"inspection_tasks\" (\"tenantId\", \"inspectedOn\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_inspection_tasks_draw_tenant\" ON \"inspection_tasks\" (\"drawId\", \"tenantId\") ");
    await queryRunner.query("CREATE TABLE \"inspector_absences\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"inspectorId\" integer NOT NULL, \"fromDate\" date NOT NULL, \"toDate\" date NOT NULL, \"reason\" varchar(200) NOT NULL, \"createdById\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_inspector_absences_inspector\" ON \"inspector_absences\" (\"inspectorId\", \"fromDate\") ");
    await queryRunner.query("CREATE TABLE \"inspector_conflicts\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"inspectorId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"reason\" varchar(500) NOT NULL, \"declaredById\" integer NOT NULL, \"declaredAt\" datetime NOT NULL, \"withdrawnAt\" datetime, \"withdrawnReason\" varchar(500))");
    await queryRunner.query("CREATE INDEX \"IDX_inspector_conflicts_tenant\" ON \"inspector_conflicts\" (\"tenantId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_inspector_conflicts_inspector\" ON \"inspector_conflicts\" (\"inspectorId\", \"withdrawnAt\") ");
    await queryRunner.query("CREATE TABLE \"inspectors\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"userId\" integer NOT NULL, \"departmentId\" integer NOT NULL, \"code\" varchar(32) NOT NULL, \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_inspectors_department\" ON \"inspectors\" (\"departmentId\", \"active\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_inspectors_code\" ON \"inspectors\" (\"code\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_inspectors_user\" ON \"inspectors\" (\"userId\") ");
    await queryRunner.query("CREATE TABLE \"programme_comments\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"programmeId\" integer NOT NULL, \"authorId\" integer NOT NULL, \"text\" text NOT NULL, \"createdAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_programme_comments_programme\" ON \"programme_comments\" (\"programmeId\", \"createdAt\") ");
    await queryRunner.query("CREATE TABLE \"programme_departments\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"programmeId\" integer NOT NULL, \"departmentId\" integer NOT NULL, \"inspectorsPerTask\" integer NOT NULL, \"position\" integer NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_programme_departments_programme\" ON \"programme_departments\" (\"programmeId\", \"departmentId\") ");
    await queryRunner.query("CREATE TABLE \"programme_grades\" (\"programmeId\" integer NOT NULL, \"grade\" varchar(1) NOT NULL, \"ratioBp\" integer NOT NULL, \"drawsPerYear\" integer NOT NULL, \"cooldownMonths\" integer NOT NULL DEFAULT (0), PRIMARY KEY (\"programmeId\", \"grade\"))");
    await queryRunner.query("CREATE TABLE \"programme_items\" (\"programmeId\" integer NOT NULL, \"itemId\" integer NOT NULL, PRIMARY KEY (\"programmeId\", \"itemId\"))");
    await queryRunner.query("CREATE TABLE \"sampling_programmes\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"year\" integer NOT NULL, \"title\" varchar(200) NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('draft'), \"amendsId\" integer, \"revision\" integer NOT NULL DEFAULT (1), \"targetedRules\" varchar(200) NOT NULL DEFAULT (''), \"complaintDays\" integer NOT NULL DEFAULT (90), \"notes\" text, \"createdById\" integer NOT NULL, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), \"approvedById\" integer, \"approvedAt\" datetime, \"approvalReason\" text, \"planSha256\" varchar(64), \"planJson\" text, \"endedAt\" datetime)");
    await queryRunner.query("CREATE INDEX \"IDX_sampling_programmes_amends\" ON \"sampling_programmes\" (\"amendsId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_sampling_programmes_year_status\" ON \"sampling_programmes\" (\"year\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"task_inspectors\" (\"taskId\" integer NOT NULL, \"inspectorId\" integer NOT NULL, \"departmentId\" integer NOT NULL, \"position\" integer NOT NULL, \"assignedBy\" varchar(8) NOT NULL DEFAULT ('draw'), \"reason\" varchar(500), \"assignedById\" integer, PRIMARY KEY (\"taskId\", \"inspectorId\"))");
    await queryRunner.query("CREATE INDEX \"IDX_task_inspectors_inspector\" ON \"task_inspectors\" (\"inspectorId\", \"taskId\") ");
    await seedInspectionItems(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_task_inspectors_inspector\"");
    await queryRunner.query("DROP TABLE \"task_inspectors\"");
    await queryRunner.query("DROP INDEX \"IDX_sampling_programmes_year_status\"");
    await queryRunner.query("DROP INDEX \"IDX_sampling_programmes_amends\"");
    await queryRunner.query("DROP TABLE \"sampling_programmes\"");
    await queryRunner.query("DROP TABLE \"programme_items\"");
    await queryRunner.query("DROP TABLE \"programme_grades\"");
    await queryRunner.query("DROP INDEX \"IDX_programme_departments_programme\"");
    await queryRunner.query("DROP TABLE \"programme_departments\"");
    await queryRunner.query("DROP INDEX \"IDX_programme_comments_programme\"");
    await queryRunner.query("DROP TABLE \"programme_comments\"");
    await queryRunner.query("DROP INDEX \"IDX_inspectors_user\"");
    await queryRunner.query("DROP INDEX \"IDX_inspectors_code\"");
    await queryRunner.query("DROP INDEX \"IDX_inspectors_department\"");
    await queryRunner.query("DROP TABLE \"inspectors\"");
    await queryRunner.query("DROP INDEX \"IDX_inspector_conflicts_inspector\"");
    await queryRunner.query("DROP INDEX \"IDX_inspector_conflicts_tenant\"");
    await queryRunner.query("DROP TABLE \"inspector_conflicts\"");
    await queryRunner.query("DROP INDEX \"IDX_inspector_absences_inspector\"");
    await queryRunner.query("DROP TABLE \"inspector_absences\"");
    await queryRunner.query("DROP INDEX \"IDX_inspection_tasks_draw_tenant\"");
    await queryRunner.query("DROP INDEX \"IDX_inspection_tasks_tenant\"");
    await queryRunner.query("DROP INDEX \"IDX_inspection_tasks_status_publish\"");
    await queryRunner.query("DROP INDEX \"IDX_inspection_tasks_published\"");
    await queryRunner.query("DROP TABLE \"inspection_tasks\"");
    await queryRunner.query("DROP INDEX \"IDX_inspection_items_code\"");
    await queryRunner.query("DROP INDEX \"IDX_inspection_items_department\"");
    await queryRunner.query("DROP TABLE \"inspection_items\"");
    await queryRunner.query("DROP INDEX \"IDX_draws_programme_seq\"");
    await queryRunner.query("DROP INDEX \"IDX_draws_status_announce\"");
    await queryRunner.query("DROP INDEX \"IDX_draws_status_draw\"");
    await queryRunner.query("DROP TABLE \"draws\"");
    await queryRunner.query("DROP INDEX \"IDX_draw_frame_members_tenant\"");
    await queryRunner.query("DROP INDEX \"IDX_draw_frame_members_kind\"");
    await queryRunner.query("DROP TABLE \"draw_frame_members\"");
  }
}
