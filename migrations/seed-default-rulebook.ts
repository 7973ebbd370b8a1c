import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { DEFAULT_RULEBOOK } from '../src/scoring/domain/rulebook.js';

/**
 * The ScoringCore migration seeds the default rulebook of shared/domain/rules.md as the first
 * approved version (no author, no approver: it is the shipped default); admins draft new versions
 * and regulators approve them afterwards.
 */
export async function seedDefaultRulebook(queryRunner: QueryRunner): Promise<void> {
  const q = queryRunner.connection.options.type === 'better-sqlite3' ? '"' : '`';
  const body = JSON.stringify(DEFAULT_RULEBOOK);
  const sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const cols = ['version', 'effectiveFrom', 'status', 'body', 'sha256', 'note', 'createdAt', 'submittedAt', 'decidedAt', 'decisionReason'].map((c) => `${q}${c}${q}`).join(', ');
  await queryRunner.query(`INSERT INTO ${q}rulebook_versions${q} (${cols}) VALUES (?, ?, 'approved', ?, ?, ?, ?, ?, ?, ?)`,
    [DEFAULT_RULEBOOK.version, DEFAULT_RULEBOOK.effectiveFrom, body, sha256, '默认规则（shared/domain/rules.md） / the shipped default', now, now, now, '随系统发布 / shipped with the system']);
}
