import { BatchedInsert } from './batched-insert.js';

/** A fake database: records each statement, and completes it when told. */
function fakeDb(fail: (params: unknown[]) => boolean = () => false) {
  const statements: { sql: string; params: unknown[]; finish: () => void }[] = [];
  const run = (sql: string, params: unknown[]) => new Promise<unknown>((resolve, reject) => {
    statements.push({ sql, params, finish: () => (fail(params) ? reject(new Error('bad row')) : resolve([])) });
  });
  return { statements, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('BatchedInsert (the joint-check log writer)', () => {
  it('writes a row at once when the table is idle, and resolves only once it is stored', async () => {
    const db = fakeDb();
    const log = new BatchedInsert(db.run, 'INSERT INTO t (a, b)', 2);
    let done = false;
    const p = log.insert([1, 'x']).then(() => { done = true; });
    expect(db.statements).toHaveLength(1);
    expect(db.statements[0].sql).toBe('INSERT INTO t (a, b) VALUES (?, ?)');
    expect(db.statements[0].params).toEqual([1, 'x']);
    await tick();
    expect(done).toBe(false);
    db.statements[0].finish();
    await p;
    expect(done).toBe(true);
  });

  it('while two statements are under way, queues rows and writes them together, each caller settled by its own statement', async () => {
    const db = fakeDb();
    const log = new BatchedInsert(db.run, 'INSERT INTO t (a)', 1, 3, 2);
    const settled: number[] = [];
    const ps = [1, 2, 3, 4, 5, 6].map((n) => log.insert([n]).then(() => settled.push(n)));
    expect(db.statements.map((s) => s.params)).toEqual([[1], [2]]);
    db.statements[0].finish();
    await tick();
    expect(settled).toEqual([1]);
    // Rows 3–5 (at most 3) in one statement; 6 waits.
    expect(db.statements[2].sql).toBe('INSERT INTO t (a) VALUES (?), (?), (?)');
    expect(db.statements[2].params).toEqual([3, 4, 5]);
    db.statements[2].finish();
    await tick();
    expect(settled).toEqual([1, 3, 4, 5]);
    expect(db.statements[3].params).toEqual([6]);
    db.statements[1].finish();
    db.statements[3].finish();
    await Promise.all(ps);
    expect(settled.sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('when a grouped statement fails, tries its rows one by one: only the bad row fails', async () => {
    const db = fakeDb((params) => params.includes('bad'));
    const log = new BatchedInsert(db.run, 'INSERT INTO t (a)', 1, 10, 1);
    const first = log.insert(['ok0']);
    const rest = ['ok1', 'bad', 'ok2'].map((v) => log.insert([v]).then(() => 'stored', (e: Error) => e.message));
    db.statements[0].finish();
    await first;
    await tick();
    expect(db.statements[1].params).toEqual(['ok1', 'bad', 'ok2']);
    db.statements[1].finish();
    for (let i = 2; i < 5; i++) {
      await tick();
      db.statements[i].finish();
    }
    expect(await Promise.all(rest)).toEqual(['stored', 'bad row', 'stored']);
  });

  it('a failed single row rejects its caller and the writer goes on', async () => {
    const db = fakeDb((params) => params.includes('bad'));
    const log = new BatchedInsert(db.run, 'INSERT INTO t (a)', 1);
    const bad = log.insert(['bad']);
    db.statements[0].finish();
    await expect(bad).rejects.toThrow('bad row');
    const ok = log.insert(['ok']);
    db.statements[1].finish();
    await expect(ok).resolves.toBeUndefined();
  });

  it('with gatherTurn, a start from idle waits for the end of the event loop\'s turn and takes that turn\'s rows together', async () => {
    const db = fakeDb();
    const log = new BatchedInsert(db.run, 'INSERT INTO t (a)', 1, 50, 1, true);
    const first = [1, 2, 3].map((n) => log.insert([n]));
    expect(db.statements).toHaveLength(0);
    await tick();
    expect(db.statements.map((st) => st.params)).toEqual([[1, 2, 3]]);
    // While it runs, rows queue as before and go when it ends, without waiting for another turn.
    const more = [4, 5].map((n) => log.insert([n]));
    db.statements[0].finish();
    await Promise.all(first);
    expect(db.statements.map((st) => st.params)).toEqual([[1, 2, 3], [4, 5]]);
    db.statements[1].finish();
    await Promise.all(more);
    // A lone row later goes at the end of its turn.
    const lone = log.insert([6]);
    await tick();
    expect(db.statements[2].params).toEqual([6]);
    db.statements[2].finish();
    await expect(lone).resolves.toBeUndefined();
  });
});
