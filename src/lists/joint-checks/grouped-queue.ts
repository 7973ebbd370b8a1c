/**
 * Calls served in groups while the database is busy: a call goes at once when fewer than `maxInFlight`
 * groups are under way, else it waits for one to finish and goes with the calls that queued meanwhile,
 * up to `maxGroup` at a time. With `gatherTurn` a start from idle waits for the end of this turn of the
 * event loop (setImmediate), so the calls of one turn (the requests read together, the checks one result
 * set resumes) go as one group, not the first alone and the rest after it; a lone call waits only for
 * the turn to end. BatchedReads and BatchedInsert say what a group does (`serve`).
 */
export abstract class GroupedQueue<T> {
  private readonly queue: T[] = [];
  private inFlight = 0;
  /** A start from idle is waiting for the end of this turn of the event loop (`gatherTurn`). */
  private gathering = false;

  protected constructor(
    private readonly maxGroup: number,
    private readonly maxInFlight: number,
    private readonly gatherTurn: boolean,
  ) {}

  /** Serves one group; it settles each call itself and never rejects. */
  protected abstract serve(group: T[]): Promise<void>;

  protected enqueue(call: T): void {
    this.queue.push(call);
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
      const group = this.queue.splice(0, this.maxGroup);
      this.inFlight++;
      void this.serve(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }
}
