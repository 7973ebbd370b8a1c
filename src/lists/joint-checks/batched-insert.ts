import { GroupedQueue } from './grouped-queue.js';

/** Runs one SQL statement with its parameters (DataSource.query). */
export type RunSql = (sql: string, params: unknown[]) => Promise<unknown>;

type RowCall = { row: unknown[]; settle: (err?: unknown) => void };

/**
 * Single-row INSERTs into one table, grouped while the table is busy (a group commit, as GroupedQueue
 * says): up to `maxRows` rows in one multi-row INSERT. Each caller's promise settles when its own row is
 * committed (or failed), so a caller that awaits it never answers before its row is stored. When a
 * multi-row statement fails, its rows are tried again one by one, so one bad row fails only its own caller.
 */
export class BatchedInsert extends GroupedQueue<RowCall> {
  private readonly rowPlaceholders: string;

  constructor(
    private readonly run: RunSql,
    /** `INSERT INTO t (a, b, …)`, without VALUES. */
    private readonly head: string,
    columns: number,
    maxRows = 50,
    maxInFlight = 1,
    /** Start from idle at the end of the event loop's turn (GroupedQueue). */
    gatherTurn = false,
  ) {
    super(maxRows, maxInFlight, gatherTurn);
    this.rowPlaceholders = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  }

  /** Resolves once the row is stored. */
  insert(row: unknown[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.enqueue({ row, settle: (err) => (err === undefined ? resolve() : reject(err)) });
    });
  }

  protected async serve(batch: RowCall[]): Promise<void> {
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
