/**
 * `fn` over `items` with at most `limit` calls under way at once; the results in the items' order.
 * For suites that send many independent requests: on MariaDB a request mostly waits for the server's
 * round trips, which requests sent together overlap.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
