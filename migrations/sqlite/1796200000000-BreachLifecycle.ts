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
    await queryRunner.query("ALTER TABLE \"breaches\" ADD COLUMN \"status\" varchar(16) NOT NULL DEFAULT ('recorded')");
    await queryRunner.query("ALTER TABLE \"breaches\" ADD COLUMN \"severity\" varchar(16) NOT NULL DEFAULT ('general')");
    await queryRunner.query("ALTER TABLE \"breaches\" ADD COLUMN \"rectifyBy\" date");
    await queryRunner.query("ALTER TABLE \"breaches\" ADD COLUMN \"decidedAt\" datetime");
    await queryRunner.query("ALTER TABLE \"breaches\" ADD COLUMN \"decidedOn\" date");
    await queryRunner.query("ALTER TABLE \"breaches\" ADD COLUMN \"decidedById\" integer");
    await queryRunner.query("ALTER TABLE \"breaches\" ADD COLUMN \"decisionReason\" text");
    await queryRunner.query("UPDATE \"breaches\" SET \"status\" = 'responded' WHERE \"id\" IN (SELECT \"breachId\" FROM \"breach_responses\")");
    await queryRunner.query("CREATE INDEX \"IDX_breaches_tenant_decided\" ON \"breaches\" (\"tenantId\", \"decidedOn\") ");
    await queryRunner.query("CREATE INDEX \"IDX_breaches_status\" ON \"breaches\" (\"status\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_breaches_status\"");
    await queryRunner.query("DROP INDEX \"IDX_breaches_tenant_decided\"");
    for (const column of ['decisionReason', 'decidedById', 'decidedOn', 'decidedAt', 'rectifyBy', 'severity', 'status']) {
      await queryRunner.query(`ALTER TABLE "breaches" DROP COLUMN "${column}"`);
    }
  }
}
