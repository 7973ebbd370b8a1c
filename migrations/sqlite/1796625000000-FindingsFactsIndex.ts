import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A covering index for the findings score facts (see the MySQL migration of the same name). */
export class FindingsFactsIndex1796625000000 implements MigrationInterface {
  name = 'FindingsFactsIndex1796625000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_findings_facts\" ON \"findings\" (\"tenantId\", \"decisionDate\", \"publicityEndsOn\", \"type\", \"endedOn\", \"rectificationStatus\", \"verifiedOn\", \"severity\", \"repairedOn\", \"rectificationRequired\", \"rectifyBy\", \"rectifiedOn\", \"substantiated\", \"departmentId\", \"title\", \"decisionNo\")");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_findings_facts\"");
  }
}
