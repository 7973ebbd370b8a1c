import type { QueryRunner } from 'typeorm';
import { chunk } from '../common/chunk.js';
import { industryCodeOf } from './domain/industry-classification.js';
import { nameSortKey } from './domain/tenant-name-sort.rules.js';
import { searchGramRows } from './tenant-search.index.js';

/** Tenants per batch: one SELECT, one UPDATE … CASE and a few gram INSERTs each. */
const BATCH = 500;

/**
 * The data half of migration TenantClassification (both dialects; SQL here is portable, `?` parameters):
 * while `tenants` still has its free-text `industry` and `building` next to the new `industryCode`,
 * `buildingId` and `nameSortKey`, it fills the buildings list from the names in use, maps industries to
 * GB/T 4754 divisions, and computes every tenant's sort key and search grams in JS batches.
 * Returns the industries no division fitted (those tenants keep a null industry).
 */
export async function backfillTenantKeys(q: QueryRunner): Promise<{ unmapped: { industry: string; tenants: number }[] }> {
  const buildings = (await q.query('SELECT DISTINCT building AS b FROM tenants')) as { b: string }[];
  const names = [...new Set(buildings.map((r) => r.b.trim()).filter(Boolean))].sort();
  for (const name of names) {
    await q.query('INSERT INTO buildings (name) VALUES (?)', [name]);
    const [{ id }] = (await q.query('SELECT id FROM buildings WHERE name = ?', [name])) as { id: number }[];
    for (const raw of buildings.filter((r) => r.b.trim() === name)) await q.query('UPDATE tenants SET buildingId = ? WHERE building = ?', [id, raw.b]);
  }

  const unmapped: { industry: string; tenants: number }[] = [];
  const industries = (await q.query('SELECT industry, COUNT(*) AS n FROM tenants GROUP BY industry')) as { industry: string; n: string | number }[];
  for (const { industry, n } of industries) {
    const code = industryCodeOf(industry);
    if (code) await q.query('UPDATE tenants SET industryCode = ? WHERE industry = ?', [code, industry]);
    else unmapped.push({ industry, tenants: Number(n) });
  }

  let after = 0;
  for (;;) {
    const rows = (await q.query('SELECT id, name, uscc, legalRepresentative FROM tenants WHERE id > ? ORDER BY id LIMIT ?', [after, BATCH])) as
      { id: number; name: string; uscc: string; legalRepresentative: string }[];
    if (!rows.length) break;
    after = Number(rows[rows.length - 1].id);
    const tenants = rows.map((r) => ({ ...r, id: Number(r.id) }));
    const cases = tenants.map(() => 'WHEN ? THEN ?').join(' ');
    await q.query(
      `UPDATE tenants SET nameSortKey = CASE id ${cases} END WHERE id IN (${tenants.map(() => '?').join(', ')})`,
      [...tenants.flatMap((t) => [t.id, nameSortKey(t.name)]), ...tenants.map((t) => t.id)],
    );
    for (const part of chunk(searchGramRows(tenants), 1000)) {
      await q.query(`INSERT INTO tenant_search_grams (gram, tenantId) VALUES ${part.map(() => '(?, ?)').join(', ')}`, part.flatMap((g) => [g.gram, g.tenantId]));
    }
  }
  return { unmapped };
}

/** What the migration says about industries it could not map. */
export function unmappedIndustriesMessage(unmapped: readonly { industry: string; tenants: number }[]): string | null {
  if (!unmapped.length) return null;
  return `TenantClassification: ${unmapped.length} former industr${unmapped.length === 1 ? 'y' : 'ies'} fit no GB/T 4754 division; `
    + `their tenants keep no industry until staff choose one: ${unmapped.map((u) => `"${u.industry}" (${u.tenants})`).join(', ')}`;
}
