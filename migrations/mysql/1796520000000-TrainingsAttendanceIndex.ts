import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A covering index of attendance by tenant with the mark: the score facts read a tenant's marks
 * (absences, attended sessions) from the index alone instead of one clustered-row lookup per mark
 * (the 200,000-tenant bench, issue 10).
 */
export class TrainingsAttendanceIndex1796520000000 implements MigrationInterface {
  name = 'TrainingsAttendanceIndex1796520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `IDX_training_attendance_tenant_mark` ON `training_attendance` (`tenantId`, `sessionId`, `mark`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_training_attendance_tenant_mark` ON `training_attendance`");
  }
}
