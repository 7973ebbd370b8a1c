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
    await queryRunner.query("CREATE TABLE `draw_frame_members` (`drawId` int NOT NULL, `uscc` varchar(18) NOT NULL, `tenantId` int NOT NULL, `kind` varchar(1) NOT NULL, `reason` varchar(32) NULL, INDEX `IDX_draw_frame_members_kind` (`drawId`, `kind`), INDEX `IDX_draw_frame_members_tenant` (`tenantId`, `drawId`), PRIMARY KEY (`drawId`, `uscc`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `draws` (`id` int NOT NULL AUTO_INCREMENT, `programmeId` int NOT NULL, `seq` int NOT NULL, `grades` varchar(8) NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'planned', `announceAt` datetime NOT NULL, `drawAt` datetime NOT NULL, `frameHash` varchar(64) NULL, `seedCommitment` varchar(64) NULL, `committedAt` datetime NULL, `seed` varchar(64) NULL, `publicEntropy` varchar(200) NOT NULL DEFAULT '', `entropyById` int NULL, `entropyAt` datetime NULL, `drawnAt` datetime NULL, `memberCount` int NOT NULL DEFAULT '0', `targetedCount` int NOT NULL DEFAULT '0', `excludedCount` int NOT NULL DEFAULT '0', `taskCount` int NOT NULL DEFAULT '0', `flaggedCount` int NOT NULL DEFAULT '0', `bundleSha256` varchar(64) NULL, `cancelledReason` varchar(500) NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_draws_status_draw` (`status`, `drawAt`), INDEX `IDX_draws_status_announce` (`status`, `announceAt`), UNIQUE INDEX `IDX_draws_programme_seq` (`programmeId`, `seq`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inspection_items` (`id` int NOT NULL AUTO_INCREMENT, `code` varchar(32) NOT NULL, `nameZh` varchar(200) NOT NULL, `nameEn` varchar(200) NOT NULL, `legalBasis` varchar(500) NOT NULL, `departmentId` int NOT NULL, `kind` varchar(8) NOT NULL DEFAULT 'general', `active` tinyint NOT NULL DEFAULT 1, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_inspection_items_department` (`departmentId`, `active`), UNIQUE INDEX `IDX_inspection_items_code` (`code`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inspection_tasks` (`id` int NOT NULL AUTO_INCREMENT, `drawId` int NOT NULL, `programmeId` int NOT NULL, `position` int NOT NULL, `tenantId` int NOT NULL, `uscc` varchar(18) NOT NULL, `stratum` varchar(1) NOT NULL, `rank` varchar(64) NULL, `targetedReason` varchar(32) NULL, `needsManual` tinyint NOT NULL DEFAULT 0, `manualReason` varchar(500) NULL, `status` varchar(16) NOT NULL DEFAULT 'assigned', `result` varchar(16) NULL, `inspectedOn` date NULL, `summary` text NULL, `findingId` int NULL, `abnormalStatus` varchar(16) NULL, `abnormalDecidedById` int NULL, `abnormalDecidedAt` datetime NULL, `abnormalReason` varchar(500) NULL, `recordedById` int NULL, `recordedAt` datetime NULL, `publishBy` date NULL, `publishWarnedOn` date NULL, `publishedAt` datetime NULL, `publishedById` int NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_inspection_tasks_published` (`publishedAt`), INDEX `IDX_inspection_tasks_status_publish` (`status`, `publishBy`), INDEX `IDX_inspection_tasks_tenant` (`tenantId`, `inspectedOn`), UNIQUE INDEX `IDX_inspection_tasks_draw_tenant` (`drawId`, `tenantId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inspector_absences` (`id` int NOT NULL AUTO_INCREMENT, `inspectorId` int NOT NULL, `fromDate` date NOT NULL, `toDate` date NOT NULL, `reason` varchar(200) NOT NULL, `createdById` int NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `IDX_inspector_absences_inspector` (`inspectorId`, `fromDate`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inspector_conflicts` (`id` int NOT NULL AUTO_INCREMENT, `inspectorId` int NOT NULL, `tenantId` int NOT NULL, `reason` varchar(500) NOT NULL, `declaredById` int NOT NULL, `declaredAt` datetime NOT NULL, `withdrawnAt` datetime NULL, `withdrawnReason` varchar(500) NULL, INDEX `IDX_inspector_conflicts_tenant` (`tenantId`), INDEX `IDX_inspector_conflicts_inspector` (`inspectorId`, `withdrawnAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inspectors` (`id` int NOT NULL AUTO_INCREMENT, `userId` int NOT NULL, `departmentId` int NOT NULL, `code` varchar(32) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `IDX_inspectors_department` (`departmentId`, `active`), UNIQUE INDEX `IDX_inspectors_code` (`code`), UNIQUE INDEX `IDX_inspectors_user` (`userId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `programme_comments` (`id` int NOT NULL AUTO_INCREMENT, `programmeId` int NOT NULL, `authorId` int NOT NULL, `text` text NOT NULL, `createdAt` datetime NOT NULL, INDEX `IDX_programme_comments_programme` (`programmeId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `programme_departments` (`id` int NOT NULL AUTO_INCREMENT, `programmeId` int NOT NULL, `departmentId` int NOT NULL, `inspectorsPerTask` int NOT NULL, `position` int NOT NULL, UNIQUE INDEX `IDX_programme_departments_programme` (`programmeId`, `departmentId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `programme_grades` (`programmeId` int NOT NULL, `grade` varchar(1) NOT NULL, `ratioBp` int NOT NULL, `drawsPerYear` int NOT NULL, `cooldownMonths` int NOT NULL DEFAULT '0', PRIMARY KEY (`programmeId`, `grade`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `programme_items` (`programmeId` int NOT NULL, `itemId` int NOT NULL, PRIMARY KEY (`programmeId`, `itemId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sampling_programmes` (`id` int NOT NULL AUTO_INCREMENT, `year` int NOT NULL, `title` varchar(200) NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'draft', `amendsId` int NULL, `revision` int NOT NULL DEFAULT '1', `targetedRules` varchar(200) NOT NULL DEFAULT '', `complaintDays` int NOT NULL DEFAULT '90', `notes` text NULL, `createdById` int NOT NULL, `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `approvedById` int NULL, `approvedAt` datetime NULL, `approvalReason` text NULL, `planSha256` varchar(64) NULL, `planJson` text NULL, `endedAt` datetime NULL, INDEX `IDX_sampling_programmes_amends` (`amendsId`), INDEX `IDX_sampling_programmes_year_status` (`year`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `task_inspectors` (`taskId` int NOT NULL, `inspectorId` int NOT NULL, `departmentId` int NOT NULL, `position` int NOT NULL, `assignedBy` varchar(8) NOT NULL DEFAULT 'draw', `reason` varchar(500) NULL, `assignedById` int NULL, INDEX `IDX_task_inspectors_inspector` (`inspectorId`, `taskId`), PRIMARY KEY (`taskId`, `inspectorId`)) ENGINE=InnoDB");
    await seedInspectionItems(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_task_inspectors_inspector` ON `task_inspectors`");
    await queryRunner.query("DROP TABLE `task_inspectors`");
    await queryRunner.query("DROP INDEX `IDX_sampling_programmes_year_status` ON `sampling_programmes`");
    await queryRunner.query("DROP INDEX `IDX_sampling_programmes_amends` ON `sampling_programmes`");
    await queryRunner.query("DROP TABLE `sampling_programmes`");
    await queryRunner.query("DROP TABLE `programme_items`");
    await queryRunner.query("DROP TABLE `programme_grades`");
    await queryRunner.query("DROP INDEX `IDX_programme_departments_programme` ON `programme_departments`");
    await queryRunner.query("DROP TABLE `programme_departments`");
    await queryRunner.query("DROP INDEX `IDX_programme_comments_programme` ON `programme_comments`");
    await queryRunner.query("DROP TABLE `programme_comments`");
    await queryRunner.query("DROP INDEX `IDX_inspectors_user` ON `inspectors`");
    await queryRunner.query("DROP INDEX `IDX_inspectors_code` ON `inspectors`");
    await queryRunner.query("DROP INDEX `IDX_inspectors_department` ON `inspectors`");
    await queryRunner.query("DROP TABLE `inspectors`");
    await queryRunner.query("DROP INDEX `IDX_inspector_conflicts_inspector` ON `inspector_conflicts`");
    await queryRunner.query("DROP INDEX `IDX_inspector_conflicts_tenant` ON `inspector_conflicts`");
    await queryRunner.query("DROP TABLE `inspector_conflicts`");
    await queryRunner.query("DROP INDEX `IDX_inspector_absences_inspector` ON `inspector_absences`");
    await queryRunner.query("DROP TABLE `inspector_absences`");
    await queryRunner.query("DROP INDEX `IDX_inspection_tasks_draw_tenant` ON `inspection_tasks`");
    await queryRunner.query("DROP INDEX `IDX_inspection_tasks_tenant` ON `inspection_tasks`");
    await queryRunner.query("DROP INDEX `IDX_inspection_tasks_status_publish` ON `inspection_tasks`");
    await queryRunner.query("DROP INDEX `IDX_inspection_tasks_published` ON `inspection_tasks`");
    await queryRunner.query("DROP TABLE `inspection_tasks`");
    await queryRunner.query("DROP INDEX `IDX_inspection_items_code` ON `inspection_items`");
    await queryRunner.query("DROP INDEX `IDX_inspection_items_department` ON `inspection_items`");
    await queryRunner.query("DROP TABLE `inspection_items`");
    await queryRunner.query("DROP INDEX `IDX_draws_programme_seq` ON `draws`");
    await queryRunner.query("DROP INDEX `IDX_draws_status_announce` ON `draws`");
    await queryRunner.query("DROP INDEX `IDX_draws_status_draw` ON `draws`");
    await queryRunner.query("DROP TABLE `draws`");
    await queryRunner.query("DROP INDEX `IDX_draw_frame_members_tenant` ON `draw_frame_members`");
    await queryRunner.query("DROP INDEX `IDX_draw_frame_members_kind` ON `draw_frame_members`");
    await queryRunner.query("DROP TABLE `draw_frame_members`");
  }
}
