/**
 * Set-based reads shared by concurrent callers: a key is looked up at once when fewer than `maxInFlight`
 * loads are under way, else it waits for one to finish and goes with the keys that queued meanwhile, up
 * to `maxKeys` in one load (one statement for several joint checks under load, none added when idle).
 * `load` answers a map for the keys it was given; a key it leaves out resolves to undefined. A failed
 * load rejects every caller of that load.
 */
export class BatchedReads<K, V> {
  private readonly queue: { key: K; settle: (value: V | undefined, err?: unknown) => void }[] = [];
  private inFlight = 0;
  /** A start from idle is waiting for the end of this turn of the event loop (`gatherTurn`). */
  private gathering = false;

  constructor(
    private readonly load: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxKeys = 100,
    private readonly maxInFlight = 1,
    /**
     * Start from idle at the end of this turn of the event loop (setImmediate) rather than at once, so the calls of one
     * turn (the requests read together, the checks one result set resumes) go as one statement, not the first alone and
     * the rest after it; a lone call waits only for the turn to end.
     */
    private readonly gatherTurn = false,
  ) {}

  get(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      this.queue.push({ key, settle: (value, err) => (err === undefined ? resolve(value) : reject(err)) });
      this.start();
    });
  }

  private start(): void {
    if (!this.gatherTurn || this.inFlight >= this.maxInFlight) return this.pump();
    if (this.gathering) return;
    this.gathering = true;
    setImmediate(() => {
      this.gathering = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, this.maxKeys);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: { key: K; settle: (value: V | undefined, err?: unknown) => void }[]): Promise<void> {
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
