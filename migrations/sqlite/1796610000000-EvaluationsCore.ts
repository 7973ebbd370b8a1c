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
    await queryRunner.query("CREATE TABLE \"evaluation_dimensions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"code\" varchar(40) NOT NULL, \"labelZh\" varchar(100) NOT NULL, \"labelEn\" varchar(100) NOT NULL, \"sortOrder\" integer NOT NULL DEFAULT (0), \"active\" boolean NOT NULL DEFAULT (1))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_evaluation_dimensions_code\" ON \"evaluation_dimensions\" (\"code\") ");
    await queryRunner.query("CREATE TABLE \"evaluation_institutions\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" varchar(200) NOT NULL, \"uscc\" varchar(18) NOT NULL, \"accreditationNo\" varchar(100) NOT NULL, \"validFrom\" date NOT NULL, \"validTo\" date NOT NULL, \"active\" boolean NOT NULL DEFAULT (1), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_evaluation_institutions_uscc\" ON \"evaluation_institutions\" (\"uscc\") ");
    await queryRunner.query("CREATE TABLE \"evaluation_engagements\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"institutionId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"periodFrom\" date NOT NULL, \"periodTo\" date NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('active'), \"note\" varchar(500), \"createdBy\" integer, \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_5633c358a07d5245ef6c238a37e\" FOREIGN KEY (\"institutionId\") REFERENCES \"evaluation_institutions\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_d725f217e3372fa261df071a2ba\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_evaluation_engagements_tenant\" ON \"evaluation_engagements\" (\"tenantId\") ");
    await queryRunner.query("CREATE INDEX \"IDX_evaluation_engagements_institution_tenant\" ON \"evaluation_engagements\" (\"institutionId\", \"tenantId\") ");
    await queryRunner.query("CREATE TABLE \"evaluations\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"institutionId\" integer NOT NULL, \"engagementId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"periodFrom\" date NOT NULL, \"periodTo\" date NOT NULL, \"grade\" varchar(1) NOT NULL, \"summary\" text NOT NULL, \"validUntil\" date NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('submitted'), \"submittedById\" integer NOT NULL, \"submittedAt\" datetime NOT NULL, \"acceptedById\" integer, \"acceptedAt\" datetime, \"acceptedOn\" date, \"source\" varchar(8) NOT NULL DEFAULT ('page'), \"createdAt\" datetime NOT NULL DEFAULT (datetime('now')), \"updatedAt\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"FK_629648b2078986e458372d6c137\" FOREIGN KEY (\"institutionId\") REFERENCES \"evaluation_institutions\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_37721f9635fc7f056b267415bd4\" FOREIGN KEY (\"engagementId\") REFERENCES \"evaluation_engagements\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_c6cb9662b64390a82abf1fa1b48\" FOREIGN KEY (\"tenantId\") REFERENCES \"tenants\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_evaluations_status_submitted\" ON \"evaluations\" (\"status\", \"submittedAt\") ");
    await queryRunner.query("CREATE INDEX \"IDX_evaluations_institution_status\" ON \"evaluations\" (\"institutionId\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"IDX_evaluations_tenant_status\" ON \"evaluations\" (\"tenantId\", \"status\", \"validUntil\") ");
    await queryRunner.query("CREATE TABLE \"evaluation_disputes\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"evaluationId\" integer NOT NULL, \"tenantId\" integer NOT NULL, \"reasons\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('open'), \"filedById\" integer NOT NULL, \"filedAt\" datetime NOT NULL, \"resolvedById\" integer, \"resolvedAt\" datetime, \"resolutionReason\" text, \"corrections\" text, CONSTRAINT \"FK_8ea3928454715195083466d0bdf\" FOREIGN KEY (\"evaluationId\") REFERENCES \"evaluations\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)");
    await queryRunner.query("CREATE INDEX \"IDX_evaluation_disputes_status\" ON \"evaluation_disputes\" (\"status\") ");
    await queryRunner.query("CREATE INDEX \"IDX_evaluation_disputes_evaluation\" ON \"evaluation_disputes\" (\"evaluationId\") ");
    await queryRunner.query("CREATE TABLE \"evaluation_scores\" (\"evaluationId\" integer NOT NULL, \"dimensionId\" integer NOT NULL, \"score\" integer NOT NULL, CONSTRAINT \"FK_c2802ed4038261689d99af54743\" FOREIGN KEY (\"evaluationId\") REFERENCES \"evaluations\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_cba6c3c125fe13b786ab1efa851\" FOREIGN KEY (\"dimensionId\") REFERENCES \"evaluation_dimensions\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, PRIMARY KEY (\"evaluationId\", \"dimensionId\"))");
    await seedEvaluationDimensions(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"evaluation_scores\"");
    await queryRunner.query("DROP TABLE \"evaluation_disputes\"");
    await queryRunner.query("DROP TABLE \"evaluations\"");
    await queryRunner.query("DROP TABLE \"evaluation_engagements\"");
    await queryRunner.query("DROP TABLE \"evaluation_institutions\"");
    await queryRunner.query("DROP TABLE \"evaluation_dimensions\"");
  }
}
