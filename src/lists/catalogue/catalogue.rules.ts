/**
 * The credit information catalogue's vocabulary: the groups the public page shows, in order, and
 * whether a kind of record is ever public. Pure.
 */
export const CATALOGUE_CATEGORIES = ['registry', 'commitments', 'supervision', 'scoring', 'lists', 'incentives', 'system'] as const;
export type CatalogueCategoryCode = (typeof CATALOGUE_CATEGORIES)[number];

/** never: not public; while_listed: public while the tenant is on a list; results: the result only; publicity_period: during its publicity period. */
export const CATALOGUE_PUBLICITY = ['never', 'while_listed', 'results', 'publicity_period'] as const;
export type CataloguePublicityCode = (typeof CATALOGUE_PUBLICITY)[number];

/** A code names a kind of record in URLs and the API: lower-case letters, digits and underscores. */
export const CATALOGUE_CODE = /^[a-z][a-z0-9_]{1,31}$/;

/** Items grouped by category in the catalogue's order, each group by sort order then id; empty groups left out. */
export function groupCatalogue<T extends { category: string; sortOrder: number; id: number }>(items: readonly T[]): { category: CatalogueCategoryCode; items: T[] }[] {
  const order = (c: string) => {
    const i = (CATALOGUE_CATEGORIES as readonly string[]).indexOf(c);
    return i < 0 ? CATALOGUE_CATEGORIES.length : i;
  };
  const sorted = [...items].sort((a, b) => order(a.category) - order(b.category) || a.sortOrder - b.sortOrder || a.id - b.id);
  const groups: { category: CatalogueCategoryCode; items: T[] }[] = [];
  for (const item of sorted) {
    const category = (order(item.category) < CATALOGUE_CATEGORIES.length ? item.category : 'system') as CatalogueCategoryCode;
    const last = groups[groups.length - 1];
    if (last?.category === category) last.items.push(item);
    else groups.push({ category, items: [item] });
  }
  return groups;
}
