/**
 * Totals of filtered lists, remembered briefly per filter. Counting tens of thousands of matching
 * rows costs milliseconds on every page view of a 200,000-tenant registry, while the total rarely
 * matters to the second. Writes through this process clear a namespace at once; other processes
 * see a new total within the TTL. Callers asking while a count runs share it, so a burst of page views
 * after a write or an expiry counts once.
 */
export class CountCache {
  private readonly entries = new Map<string, { value: Promise<number>; expires: number }>();

  constructor(private readonly ttlMs = 10_000, private readonly maxEntries = 2_000) {}

  async get(key: string, count: () => Promise<number>): Promise<number> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry = { value: count(), expires: now + this.ttlMs };
    this.entries.set(key, entry);
    // A failed count is not remembered.
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }
}
