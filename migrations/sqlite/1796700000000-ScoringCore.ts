import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedDefaultRulebook } from '../seed-default-rulebook.js';

/**
 * The scoring context's tables: rulebook versions (the default seeded as the first approved one),
 * self-reported positive items, the monthly cycle (months, per-tenant snapshots, objections, errata).
 */
export class ScoringCore1796700000000 implements MigrationInterface {
  name = 'ScoringCore1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"rulebook_versions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"version\" varchar(64) NOT NULL, \"effectiveFrom\" date NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('draft'), \"body\" text NOT NULL, \"sha256\" varchar(64), \"note\" text, \"createdById\" integer, \"createdAt\" datetime NOT NULL, \"submittedAt\" datetime, \"decidedById\" integer, \"decidedAt\" datetime, \"decisionReason\" text, \"backtest\" text, \"backtestAt\" datetime)");
    await queryRunner.query("CREATE INDEX \"IDX_rulebook_versions_status_from\" ON \"rulebook_versions\" (\"status\", \"effectiveFrom\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_rulebook_versions_version\" ON \"rulebook_versions\" (\"version\") ");
    await queryRunner.query("CREATE TABLE \"score_errata\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"monthId\" integer NOT NULL, \"number\" integer NOT NULL, \"snapshotId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"beforeScore\" integer NOT NULL, \"afterScore\" integer NOT NULL, \"beforeGrade\" varchar(1) NOT NULL, \"afterGrade\" varchar(1) NOT NULL, \"reason\" text NOT NULL, \"createdById\" integer NOT NULL, \"createdAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE INDEX \"IDX_score_errata_tenant\" ON \"score_errata\" (\"tenantId\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_score_errata_month_number\" ON \"score_errata\" (\"monthId\", \"number\") ");
    await queryRunner.query("CREATE TABLE \"score_months\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"month\" varchar(7) NOT NULL, \"asOf\" date NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('computing'), \"rulebookVersion\" varchar(64) NOT NULL, \"tenantsTotal\" integer NOT NULL DEFAULT (0), \"tenantsDone\" integer NOT NULL DEFAULT (0), \"cursor\" integer NOT NULL DEFAULT (0), \"computedAt\" datetime, \"objectionClosesOn\" date, \"countersignedById\" integer, \"countersignedAt\" datetime, \"countersignNote\" text, \"publishedById\" integer, \"publishedAt\" datetime, \"createdAt\" datetime NOT NULL)");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_score_months_month\" ON \"score_months\" (\"month\") ");
    await queryRunner.query("CREATE TABLE \"score_objections\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"monthId\" integer NOT NULL, \"snapshotId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"rule\" varchar(8), \"sourceType\" varchar(32), \"sourceId\" integer, \"reason\" text NOT NULL, \"filedById\" integer NOT NULL, \"filedAt\" datetime NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('open'), \"answer\" text, \"answeredById\" integer, \"answeredAt\" datetime)");
    await queryRunner.query("CREATE INDEX \"IDX_score_objections_snapshot\" ON \"score_objections\" (\"snapshotId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_score_objections_month_status\" ON \"score_objections\" (\"monthId\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"score_snapshots\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"monthId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"computedScore\" integer NOT NULL, \"adjustment\" integer NOT NULL DEFAULT (0), \"adjustmentReason\" text, \"adjustedById\" integer, \"adjustedAt\" datetime, \"score\" integer NOT NULL, \"bandGrade\" varchar(1) NOT NULL, \"grade\" varchar(1) NOT NULL, \"previousScore\" integer, \"previousGrade\" varchar(1), \"explanation\" text NOT NULL, \"negativeCount\" integer NOT NULL DEFAULT (0), \"openObjections\" integer NOT NULL DEFAULT (0), \"percentile\" smallint, \"publishedScore\" integer, \"publishedGrade\" varchar(1))");
    await queryRunner.query("CREATE INDEX \"IDX_score_snapshots_tenant_month\" ON \"score_snapshots\" (\"tenantId\", \"monthId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_score_snapshots_month_grade\" ON \"score_snapshots\" (\"monthId\", \"grade\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_score_snapshots_month_tenant\" ON \"score_snapshots\" (\"monthId\", \"tenantId\") ");
    await queryRunner.query("CREATE TABLE \"self_reports\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"tenantId\" integer NOT NULL, \"kind\" varchar(24) NOT NULL, \"rule\" varchar(8) NOT NULL, \"title\" varchar(200) NOT NULL, \"description\" text NOT NULL, \"issuer\" varchar(200), \"occurredOn\" date NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('pending'), \"submittedById\" integer NOT NULL, \"submittedAt\" datetime NOT NULL, \"decidedById\" integer, \"decidedAt\" datetime, \"decidedOn\" date, \"decisionReason\" text)");
    await queryRunner.query("CREATE INDEX \"IDX_self_reports_status\" ON \"self_reports\" (\"status\", \"submittedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_self_reports_tenant_status\" ON \"self_reports\" (\"tenantId\", \"status\", \"occurredOn\") ");
    await seedDefaultRulebook(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_self_reports_tenant_status\"");
    await queryRunner.query("DROP INDEX \"IDX_self_reports_status\"");
    await queryRunner.query("DROP TABLE \"self_reports\"");
    await queryRunner.query("DROP INDEX \"UQ_score_snapshots_month_tenant\"");
    await queryRunner.query("DROP INDEX \"IDX_score_snapshots_month_grade\"");
    await queryRunner.query("DROP INDEX \"IDX_score_snapshots_tenant_month\"");
    await queryRunner.query("DROP TABLE \"score_snapshots\"");
    await queryRunner.query("DROP INDEX \"IDX_score_objections_month_status\"");
    await queryRunner.query("DROP INDEX \"IDX_score_objections_snapshot\"");
    await queryRunner.query("DROP TABLE \"score_objections\"");
    await queryRunner.query("DROP INDEX \"UQ_score_months_month\"");
    await queryRunner.query("DROP TABLE \"score_months\"");
    await queryRunner.query("DROP INDEX \"UQ_score_errata_month_number\"");
    await queryRunner.query("DROP INDEX \"IDX_score_errata_tenant\"");
    await queryRunner.query("DROP TABLE \"score_errata\"");
    await queryRunner.query("DROP INDEX \"UQ_rulebook_versions_version\"");
    await queryRunner.query("DROP INDEX \"IDX_rulebook_versions_status_from\"");
    await queryRunner.query("DROP TABLE \"rulebook_versions\"");
  }
}
