import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants by last change: each web process's in-memory search index (src/tenants/tenant-search.memory.ts)
 * reads the rows changed since its last look about once a second, from this index rather than a scan.
 */
export class TenantsUpdatedAtIndex1797100000000 implements MigrationInterface {
  name = 'TenantsUpdatedAtIndex1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_tenants_updatedAt\" ON \"tenants\" (\"updatedAt\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"IDX_tenants_updatedAt\"");
  }
}
