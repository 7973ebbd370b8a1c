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
    await queryRunner.query("CREATE TABLE \"findings\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"departmentId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"type\" varchar(24) NOT NULL, \"severity\" varchar(16) NOT NULL, \"penaltyKind\" varchar(24), \"title\" varchar(200) NOT NULL, \"legalBasis\" varchar(500) NOT NULL, \"decisionNo\" varchar(100) NOT NULL, \"decisionDate\" date NOT NULL, \"description\" text NOT NULL, \"rectificationRequired\" boolean NOT NULL DEFAULT (0), \"rectifyBy\" date, \"rectificationStatus\" varchar(16) NOT NULL DEFAULT ('none'), \"rectifiedOn\" date, \"verifiedOn\" date, \"substantiated\" boolean, \"abnormalCause\" varchar(32), \"endedOn\" date, \"endedReason\" text, \"publicityEndsOn\" date NOT NULL, \"repairEligibleOn\" date, \"publicityRuleId\" integer, \"repairedOn\" date, \"source\" varchar(16) NOT NULL DEFAULT ('page'), \"recordedById\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_33dd3878090deb1ad7ccba67af8\" FOREIGN KEY (\"departmentId\") REFERENCES \"departments\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_e274eb77cea999fb823f36add28\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_findings_decision_date\" ON \"findings\" (\"decisionDate\") ");
    await queryRunner.query("CREATE INDEX \"IDX_findings_rectification\" ON \"findings\" (\"rectificationStatus\", \"rectifyBy\") ");
    await queryRunner.query("CREATE INDEX \"IDX_findings_tenant_date\" ON \"findings\" (\"tenantId\", \"decisionDate\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_findings_department_decision\" ON \"findings\" (\"departmentId\", \"decisionNo\") ");
    await queryRunner.query("CREATE TABLE \"finding_rectifications\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"findingId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"statement\" text NOT NULL, \"submittedById\" integer NOT NULL, \"submittedAt\" datetime NOT NULL, \"submittedOn\" date NOT NULL, \"decision\" varchar(16), \"decisionReason\" text, \"decidedById\" integer, \"decidedAt\" datetime, CONSTRAINT \"FK_770f1711f5b3b1bb8b19c8a1e64\" FOREIGN KEY (\"findingId\") REFERENCES \"findings\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_finding_rectifications_finding\" ON \"finding_rectifications\" (\"findingId\") ");
    await queryRunner.query("CREATE TABLE \"publicity_rules\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"effectiveFrom\" date NOT NULL, \"severity\" varchar(16) NOT NULL, \"penaltyKind\" varchar(24), \"published\" boolean NOT NULL DEFAULT (1), \"minMonths\" integer NOT NULL DEFAULT (0), \"maxMonths\" integer NOT NULL DEFAULT (0), \"repairAfterMonths\" integer, \"note\" varchar(200), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE INDEX \"IDX_publicity_rules_effective\" ON \"publicity_rules\" (\"effectiveFrom\", \"severity\") ");
    await queryRunner.query("CREATE TABLE \"annual_reports\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"tenantId\" integer NOT NULL, \"year\" integer NOT NULL, \"filedOn\" date NOT NULL, \"source\" varchar(16) NOT NULL DEFAULT ('page'), \"recordedById\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_d384d2563dbea109e69c52d1210\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_annual_reports_tenant_year\" ON \"annual_reports\" (\"tenantId\", \"year\") ");
    await queryRunner.query("ALTER TABLE \"departments\" ADD COLUMN \"delegatesVerification\" boolean NOT NULL DEFAULT (0)");
    await seedPublicityRules(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"annual_reports\"");
    await queryRunner.query("DROP TABLE \"publicity_rules\"");
    await queryRunner.query("DROP TABLE \"finding_rectifications\"");
    await queryRunner.query("DROP TABLE \"findings\"");
    await queryRunner.query("ALTER TABLE \"departments\" DROP COLUMN \"delegatesVerification\"");
  }
}
