/**
 * Totals of filtered lists, remembered briefly per filter. Counting tens of thousands of matching
 * rows costs milliseconds on every page view of a 200,000-tenant registry, while the total rarely
 * matters to the second. Writes through this process clear a namespace at once; other processes
 * see a new total within the TTL.
 */
export class CountCache {
  private readonly entries = new Map<string, { value: number; expires: number }>();

  constructor(private readonly ttlMs = 10_000, private readonly maxEntries = 2_000) {}

  async get(key: string, count: () => Promise<number>): Promise<number> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = await count();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
