import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Breaches get a lifecycle (recorded → responded → confirmed or withdrawn), a severity, an optional
 * rectification deadline and the closing decision. Existing breaches were never decided: one with a
 * response becomes `responded`, the others `recorded`, all of severity `general`; staff confirm them
 * (and only then do they count as N02 again, dated at the confirmation).
 */
export class BreachLifecycle1796200000000 implements MigrationInterface {
  name = 'BreachLifecycle1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE `breaches` ADD `status` varchar(16) NOT NULL DEFAULT 'recorded', ADD `severity` varchar(16) NOT NULL DEFAULT 'general', "
      + 'ADD `rectifyBy` date NULL, ADD `decidedAt` datetime NULL, ADD `decidedOn` date NULL, ADD `decidedById` int NULL, ADD `decisionReason` text NULL',
    );
    await queryRunner.query("UPDATE `breaches` SET `status` = 'responded' WHERE `id` IN (SELECT `breachId` FROM `breach_responses`)");
    await queryRunner.query('CREATE INDEX `IDX_breaches_tenant_decided` ON `breaches` (`tenantId`, `decidedOn`)');
    await queryRunner.query('CREATE INDEX `IDX_breaches_status` ON `breaches` (`status`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `IDX_breaches_status` ON `breaches`');
    await queryRunner.query('DROP INDEX `IDX_breaches_tenant_decided` ON `breaches`');
    await queryRunner.query(
      'ALTER TABLE `breaches` DROP COLUMN `decisionReason`, DROP COLUMN `decidedById`, DROP COLUMN `decidedOn`, DROP COLUMN `decidedAt`, '
      + 'DROP COLUMN `rectifyBy`, DROP COLUMN `severity`, DROP COLUMN `status`',
    );
  }
}
