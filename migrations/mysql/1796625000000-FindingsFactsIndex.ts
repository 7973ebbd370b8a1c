import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A covering index for the findings score facts: per 5,000 tenants the facts source reads, over
 * (tenantId, decisionDate), only the findings that can still matter and only the columns the rules
 * read. With every such column in the index the read is index-only instead of a row lookup per
 * finding; on the bench (2,000,000 findings, 200,000 tenants) the facts' SQL went from 9 s to under
 * 3 s. The index must keep every column FindingFactsSource selects, or the lookups come back.
 */
export class FindingsFactsIndex1796625000000 implements MigrationInterface {
  name = 'FindingsFactsIndex1796625000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `IDX_findings_facts` ON `findings` (`tenantId`, `decisionDate`, `publicityEndsOn`, `type`, `endedOn`, `rectificationStatus`, `verifiedOn`, `severity`, `repairedOn`, `rectificationRequired`, `rectifyBy`, `rectifiedOn`, `substantiated`, `departmentId`, `title`, `decisionNo`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_findings_facts` ON `findings`");
  }
}
