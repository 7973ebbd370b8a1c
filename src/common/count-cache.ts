/**
 * Totals of filtered lists, remembered briefly per filter. Counting tens of thousands of matching
 * rows costs milliseconds on every page view of a 200,000-tenant registry, while the total rarely
 * matters to the second. Writes through this process clear a namespace at once; other processes
 * see a new total within the TTL. Callers asking while a count runs share it, so a burst of page views
 * after a write or an expiry counts once.
 */
export class CountCache {
  private readonly entries = new Map<string, { value: Promise<number>; expires: number; settled?: number }>();

  constructor(private readonly ttlMs = 10_000, private readonly maxEntries = 2_000) {}

  async get(key: string, count: () => Promise<number>): Promise<number> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry: { value: Promise<number>; expires: number; settled?: number } = { value: count(), expires: now + this.ttlMs };
    this.entries.set(key, entry);
    // A failed count is not remembered.
    entry.value.then((n) => {
      entry.settled = n;
    }, () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }

  /** The total when one is remembered and counted already (never waits, never counts): for choosing a plan, not for showing. */
  known(key: string): number | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expires > Date.now() ? hit.settled : undefined;
  }

  clear(): void {
    this.entries.clear();
  }
}
