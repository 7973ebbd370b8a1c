import type { QueryRunner } from 'typeorm';

/**
 * The publicity rules the FindingsCore migration seeds (plain portable SQL, both dialects), frozen
 * here as they were shipped; admins change the data afterwards. From shared/domain/rules.md:
 * - before 2026-04-01 (the 2021 national measures): findings of the simplified procedure were not
 *   published; general 3 months to 1 year, repair after 3 months; serious 1 to 3 years, repair after 1 year;
 * - from 2026-04-01: minor at most 3 months (warnings not at all), repair once the obligations are
 *   met; general and serious as before.
 */
const ROWS: [effectiveFrom: string, severity: string, penaltyKind: string | null, published: number, minMonths: number, maxMonths: number, repairAfterMonths: number | null, note: string][] = [
  ['2021-12-01', 'minor', null, 0, 0, 0, null, '简易程序处罚信息不公示 / simplified-procedure penalties are not published'],
  ['2021-12-01', 'general', null, 1, 3, 12, 3, '一般失信：公示 3 个月至 1 年 / general: 3 months to 1 year'],
  ['2021-12-01', 'serious', null, 1, 12, 36, 12, '严重失信：公示 1 至 3 年 / serious: 1 to 3 years'],
  ['2026-04-01', 'minor', null, 1, 0, 3, null, '轻微：最长公示 3 个月 / minor: at most 3 months'],
  ['2026-04-01', 'minor', 'warning', 0, 0, 0, null, '警告不公示 / warnings are not published'],
  ['2026-04-01', 'general', null, 1, 3, 12, 3, '一般：公示 3 个月至 1 年 / general: 3 months to 1 year'],
  ['2026-04-01', 'serious', null, 1, 12, 36, 12, '严重：公示 1 至 3 年 / serious: 1 to 3 years'],
];

export async function seedPublicityRules(queryRunner: QueryRunner): Promise<void> {
  const q = queryRunner.connection.options.type === 'better-sqlite3' ? '"' : '`';
  const cols = ['effectiveFrom', 'severity', 'penaltyKind', 'published', 'minMonths', 'maxMonths', 'repairAfterMonths', 'note'].map((c) => `${q}${c}${q}`).join(', ');
  for (const row of ROWS) {
    await queryRunner.query(`INSERT INTO ${q}publicity_rules${q} (${cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, row);
  }
}
