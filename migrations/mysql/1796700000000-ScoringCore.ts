import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedDefaultRulebook } from '../seed-default-rulebook.js';

/**
 * The scoring context's tables: rulebook versions (the default seeded as the first approved one),
 * self-reported positive items, the monthly cycle (months, per-tenant snapshots, objections, errata).
 */
export class ScoringCore1796700000000 implements MigrationInterface {
  name = 'ScoringCore1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `rulebook_versions` (`id` int NOT NULL AUTO_INCREMENT, `version` varchar(64) NOT NULL, `effectiveFrom` date NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'draft', `body` text NOT NULL, `sha256` varchar(64) NULL, `note` text NULL, `createdById` int NULL, `createdAt` datetime NOT NULL, `submittedAt` datetime NULL, `decidedById` int NULL, `decidedAt` datetime NULL, `decisionReason` text NULL, `backtest` text NULL, `backtestAt` datetime NULL, INDEX `IDX_rulebook_versions_status_from` (`status`, `effectiveFrom`), UNIQUE INDEX `UQ_rulebook_versions_version` (`version`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `score_errata` (`id` int NOT NULL AUTO_INCREMENT, `monthId` int NOT NULL, `number` int NOT NULL, `snapshotId` int NOT NULL, `tenantId` int NOT NULL, `beforeScore` int NOT NULL, `afterScore` int NOT NULL, `beforeGrade` varchar(1) NOT NULL, `afterGrade` varchar(1) NOT NULL, `reason` text NOT NULL, `createdById` int NOT NULL, `createdAt` datetime NOT NULL, INDEX `IDX_score_errata_tenant` (`tenantId`), UNIQUE INDEX `UQ_score_errata_month_number` (`monthId`, `number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `score_months` (`id` int NOT NULL AUTO_INCREMENT, `month` varchar(7) NOT NULL, `asOf` date NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'computing', `rulebookVersion` varchar(64) NOT NULL, `tenantsTotal` int NOT NULL DEFAULT '0', `tenantsDone` int NOT NULL DEFAULT '0', `cursor` int NOT NULL DEFAULT '0', `computedAt` datetime NULL, `objectionClosesOn` date NULL, `countersignedById` int NULL, `countersignedAt` datetime NULL, `countersignNote` text NULL, `publishedById` int NULL, `publishedAt` datetime NULL, `createdAt` datetime NOT NULL, UNIQUE INDEX `UQ_score_months_month` (`month`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `score_objections` (`id` int NOT NULL AUTO_INCREMENT, `monthId` int NOT NULL, `snapshotId` int NOT NULL, `tenantId` int NOT NULL, `rule` varchar(8) NULL, `sourceType` varchar(32) NULL, `sourceId` int NULL, `reason` text NOT NULL, `filedById` int NOT NULL, `filedAt` datetime NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'open', `answer` text NULL, `answeredById` int NULL, `answeredAt` datetime NULL, INDEX `IDX_score_objections_snapshot` (`snapshotId`), INDEX `IDX_score_objections_month_status` (`monthId`, `status`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `score_snapshots` (`id` int NOT NULL AUTO_INCREMENT, `monthId` int NOT NULL, `tenantId` int NOT NULL, `computedScore` int NOT NULL, `adjustment` int NOT NULL DEFAULT '0', `adjustmentReason` text NULL, `adjustedById` int NULL, `adjustedAt` datetime NULL, `score` int NOT NULL, `bandGrade` varchar(1) NOT NULL, `grade` varchar(1) NOT NULL, `previousScore` int NULL, `previousGrade` varchar(1) NULL, `explanation` text NOT NULL, `negativeCount` int NOT NULL DEFAULT '0', `openObjections` int NOT NULL DEFAULT '0', `percentile` smallint NULL, `publishedScore` int NULL, `publishedGrade` varchar(1) NULL, INDEX `IDX_score_snapshots_tenant_month` (`tenantId`, `monthId`), INDEX `IDX_score_snapshots_month_grade` (`monthId`, `grade`), UNIQUE INDEX `UQ_score_snapshots_month_tenant` (`monthId`, `tenantId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `self_reports` (`id` int NOT NULL AUTO_INCREMENT, `tenantId` int NOT NULL, `kind` varchar(24) NOT NULL, `rule` varchar(8) NOT NULL, `title` varchar(200) NOT NULL, `description` text NOT NULL, `issuer` varchar(200) NULL, `occurredOn` date NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'pending', `submittedById` int NOT NULL, `submittedAt` datetime NOT NULL, `decidedById` int NULL, `decidedAt` datetime NULL, `decidedOn` date NULL, `decisionReason` text NULL, INDEX `IDX_self_reports_status` (`status`, `submittedAt`), INDEX `IDX_self_reports_tenant_status` (`tenantId`, `status`, `occurredOn`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await seedDefaultRulebook(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_self_reports_tenant_status` ON `self_reports`");
    await queryRunner.query("DROP INDEX `IDX_self_reports_status` ON `self_reports`");
    await queryRunner.query("DROP TABLE `self_reports`");
    await queryRunner.query("DROP INDEX `UQ_score_snapshots_month_tenant` ON `score_snapshots`");
    await queryRunner.query("DROP INDEX `IDX_score_snapshots_month_grade` ON `score_snapshots`");
    await queryRunner.query("DROP INDEX `IDX_score_snapshots_tenant_month` ON `score_snapshots`");
    await queryRunner.query("DROP TABLE `score_snapshots`");
    await queryRunner.query("DROP INDEX `IDX_score_objections_month_status` ON `score_objections`");
    await queryRunner.query("DROP INDEX `IDX_score_objections_snapshot` ON `score_objections`");
    await queryRunner.query("DROP TABLE `score_objections`");
    await queryRunner.query("DROP INDEX `UQ_score_months_month` ON `score_months`");
    await queryRunner.query("DROP TABLE `score_months`");
    await queryRunner.query("DROP INDEX `UQ_score_errata_month_number` ON `score_errata`");
    await queryRunner.query("DROP INDEX `IDX_score_errata_tenant` ON `score_errata`");
    await queryRunner.query("DROP TABLE `score_errata`");
    await queryRunner.query("DROP INDEX `UQ_rulebook_versions_version` ON `rulebook_versions`");
    await queryRunner.query("DROP INDEX `IDX_rulebook_versions_status_from` ON `rulebook_versions`");
    await queryRunner.query("DROP TABLE `rulebook_versions`");
  }
}
