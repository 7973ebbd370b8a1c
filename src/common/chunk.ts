/** Splits a list into chunks of `size`: multi-row inserts, IN (...) lists, tenants per query. Pure. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
