/** Runs one SQL statement with its parameters (DataSource.query). */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Single-row INSERTs into one table, grouped while the table is busy (a group commit): a row is written
 * at once when fewer than `maxInFlight` statements are under way, else it waits for one to finish and
 * goes with the rows that queued meanwhile, up to `maxRows` in one multi-row INSERT. Each caller's
 * promise settles when its own row is committed (or failed), so a caller that awaits it never answers
 * before its row is stored. When a multi-row statement fails, its rows are tried again one by one, so
 * one bad row fails only its own caller.
 */
export class BatchedInsert {
  private readonly queue: { row: unknown[]; settle: (err?: unknown) => void }[] = [];
  private inFlight = 0;
  /** A start from idle is waiting for the end of this turn of the event loop (`gatherTurn`). */
  private gathering = false;
  private readonly rowPlaceholders: string;

  constructor(
    private readonly run: RunSql,
    /** `INSERT INTO t (a, b, …)`, without VALUES. */
    private readonly head: string,
    columns: number,
    private readonly maxRows = 50,
    private readonly maxInFlight = 1,
    /**
     * Start from idle at the end of this turn of the event loop (setImmediate) rather than at once, so the calls of one
     * turn (the requests read together, the checks one result set resumes) go as one statement, not the first alone and
     * the rest after it; a lone call waits only for the turn to end.
     */
    private readonly gatherTurn = false,
  ) {
    this.rowPlaceholders = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  }

  /** Resolves once the row is stored. */
  insert(row: unknown[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, settle: (err) => (err === undefined ? resolve() : reject(err)) });
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
      const batch = this.queue.splice(0, this.maxRows);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: { row: unknown[]; settle: (err?: unknown) => void }[]): Promise<void> {
    try {
      await this.statement(batch.map((b) => b.row));
      for (const b of batch) b.settle();
    } catch (err) {
      if (batch.length === 1) {
        batch[0].settle(err ?? new Error('insert failed'));
        return;
      }
      for (const b of batch) {
        try {
          await this.statement([b.row]);
          b.settle();
        } catch (one) {
          b.settle(one ?? new Error('insert failed'));
        }
      }
    }
  }

  private statement(rows: unknown[][]): Promise<unknown> {
    return this.run(`${this.head} VALUES ${rows.map(() => this.rowPlaceholders).join(', ')}`, rows.flat());
  }
}
