import type { EntityManager } from 'typeorm';
import { chunk } from '../common/chunk.js';
import { tenantGrams } from './domain/tenant-search.rules.js';
import { TenantSearchGramEntity } from './entities/tenant-search-gram.entity.js';

/** The fields infix search looks in. */
export interface SearchableTenant {
  id: number;
  name: string;
  uscc: string;
  legalRepresentative: string;
}

/** Gram rows per multi-row INSERT (two bound values each). */
const INSERT_ROWS = 1000;
/** Tenant ids per DELETE … IN (...). */
const DELETE_IDS = 500;

/** Gram rows of tenants: what every write path and the migration's backfill store. */
export function searchGramRows(tenants: readonly SearchableTenant[]): { gram: number; tenantId: number }[] {
  return tenants.flatMap((t) => tenantGrams([t.name, t.uscc, t.legalRepresentative]).map((gram) => ({ gram, tenantId: t.id })));
}

/**
 * Rewrites the search grams of these tenants in the caller's transaction: create, edit, import and
 * the demo seed all come through here, so search never misses a write.
 */
export async function writeSearchIndex(m: EntityManager, tenants: readonly SearchableTenant[], options: { fresh?: boolean } = {}): Promise<void> {
  if (!tenants.length) return;
  if (!options.fresh) {
    for (const ids of chunk(tenants.map((t) => t.id), DELETE_IDS)) {
      await m.createQueryBuilder().delete().from(TenantSearchGramEntity).where('tenantId IN (:...ids)', { ids }).execute();
    }
  }
  for (const rows of chunk(searchGramRows(tenants), INSERT_ROWS)) {
    await m.createQueryBuilder().insert().into(TenantSearchGramEntity).values(rows).updateEntity(false).execute();
  }
}
