import { GroupedQueue } from './grouped-queue.js';

type KeyCall<K, V> = { key: K; settle: (value: V | undefined, err?: unknown) => void };

/**
 * Set-based reads shared by concurrent callers (grouped as GroupedQueue says): up to `maxKeys` keys in
 * one load (one statement for several joint checks under load, none added when idle). `load` answers a
 * map for the keys it was given; a key it leaves out resolves to undefined. A failed load rejects every
 * caller of that load.
 */
export class BatchedReads<K, V> extends GroupedQueue<KeyCall<K, V>> {
  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    maxKeys = 100,
    maxInFlight = 1,
    /** Start from idle at the end of the event loop's turn (GroupedQueue). */
    gatherTurn = false,
  ) {
    super(maxKeys, maxInFlight, gatherTurn);
  }

  get(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      this.enqueue({ key, settle: (value, err) => (err === undefined ? resolve(value) : reject(err)) });
    });
  }

  protected async serve(batch: KeyCall<K, V>[]): Promise<void> {
    let found: Map<K, V>;
    try {
      found = await this.load([...new Set(batch.map((b) => b.key))]);
    } catch (err) {
      for (const b of batch) b.settle(undefined, err ?? new Error('load failed'));
      return;
    }
    for (const b of batch) b.settle(found.get(b.key));
  }
}
