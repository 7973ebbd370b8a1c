import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data every installation needs: the usual regulating departments and the audit chain's head row. */
export class SeedReferenceData1795824305752 implements MigrationInterface {
  name = 'SeedReferenceData1795824305752';

  async up(queryRunner: QueryRunner): Promise<void> {
    const departments = [
      ['market', '市场监督管理局', 'Market Supervision Administration'],
      ['tax', '税务局', 'Tax Bureau'],
      ['police', '公安局', 'Public Security Bureau'],
      ['ecology', '生态环境局', 'Ecology and Environment Bureau'],
      ['emergency', '应急管理局', 'Emergency Management Bureau'],
      ['hrss', '人力资源和社会保障局', 'Human Resources and Social Security Bureau'],
    ];
    for (const [code, nameZh, nameEn] of departments) {
      await queryRunner.query('INSERT INTO departments (code, nameZh, nameEn, active) VALUES (?, ?, ?, ?)', [code, nameZh, nameEn, 1]);
    }
    await queryRunner.query('INSERT INTO audit_head (id, lastEntryId, lastHash) VALUES (1, 0, ?)', ['0'.repeat(64)]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM audit_head WHERE id = 1');
    await queryRunner.query("DELETE FROM departments WHERE code IN ('market', 'tax', 'police', 'ecology', 'emergency', 'hrss')");
  }
}
