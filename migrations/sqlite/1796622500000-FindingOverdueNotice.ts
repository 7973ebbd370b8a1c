import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The daily 'findings-overdue' reminder records on the finding that its "deadline passed" notice was queued: it is sent once. */
export class FindingOverdueNotice1796622500000 implements MigrationInterface {
  name = 'FindingOverdueNotice1796622500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"findings\" ADD COLUMN \"overdueNotifiedOn\" date");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"findings\" DROP COLUMN \"overdueNotifiedOn\"");
  }
}
