import type { QueryRunner } from 'typeorm';

/**
 * The scoring dimensions the EvaluationsCore migration seeds (plain portable SQL, both dialects),
 * frozen here as shipped (issue 11's defaults); admins change the list afterwards at
 * /admin/evaluation-dimensions.
 */
const ROWS: [code: string, labelZh: string, labelEn: string, sortOrder: number][] = [
  ['governance', '公司治理', 'Governance', 10],
  ['work_safety', '安全生产', 'Work safety', 20],
  ['environment', '生态环境', 'Environment', 30],
  ['labour', '劳动用工', 'Labour', 40],
  ['tax', '依法纳税', 'Tax', 50],
  ['data_security', '数据安全', 'Data security', 60],
];

export async function seedEvaluationDimensions(queryRunner: QueryRunner): Promise<void> {
  const q = queryRunner.connection.options.type === 'better-sqlite3' ? '"' : '`';
  const cols = ['code', 'labelZh', 'labelEn', 'sortOrder', 'active'].map((c) => `${q}${c}${q}`).join(', ');
  for (const row of ROWS) {
    await queryRunner.query(`INSERT INTO ${q}evaluation_dimensions${q} (${cols}) VALUES (?, ?, ?, ?, 1)`, row);
  }
}
