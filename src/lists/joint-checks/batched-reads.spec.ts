import { BatchedReads } from './batched-reads.js';

const tick = () => new Promise((r) => setImmediate(r));

/** A set-based loader that records the keys of each load and completes it when told. */
function fakeLoader(fail = false) {
  const loads: { keys: number[]; finish: () => void }[] = [];
  const load = (keys: number[]) => new Promise<Map<number, string>>((resolve, reject) => {
    loads.push({ keys, finish: () => (fail ? reject(new Error('down')) : resolve(new Map(keys.filter((k) => k > 0).map((k) => [k, `v${k}`])))) });
  });
  return { loads, load };
}

describe('BatchedReads (reads shared by concurrent joint checks)', () => {
  it('loads at once when idle; under load, later keys share one load; each caller gets its own value', async () => {
    const db = fakeLoader();
    const reads = new BatchedReads(db.load, 100, 2);
    const results = [1, 2, 3, 4, 3, -5].map((k) => reads.get(k));
    expect(db.loads.map((l) => l.keys)).toEqual([[1], [2]]);
    db.loads[0].finish();
    await tick();
    // The queued keys, once each.
    expect(db.loads[2].keys).toEqual([3, 4, -5]);
    db.loads[1].finish();
    db.loads[2].finish();
    expect(await Promise.all(results)).toEqual(['v1', 'v2', 'v3', 'v4', 'v3', undefined]);
  });

  it('a failed load rejects its callers only', async () => {
    const db = fakeLoader(true);
    const reads = new BatchedReads(db.load, 100, 1);
    const a = reads.get(1);
    db.loads[0].finish();
    await expect(a).rejects.toThrow('down');
    const ok = fakeLoader();
    const again = new BatchedReads(ok.load, 100, 1);
    const b = again.get(2);
    ok.loads[0].finish();
    await expect(b).resolves.toBe('v2');
  });

  it('caps the keys of one load', async () => {
    const db = fakeLoader();
    const reads = new BatchedReads(db.load, 2, 1);
    const all = [1, 2, 3, 4].map((k) => reads.get(k));
    db.loads[0].finish();
    await tick();
    expect(db.loads[1].keys).toEqual([2, 3]);
    db.loads[1].finish();
    await tick();
    expect(db.loads[2].keys).toEqual([4]);
    db.loads[2].finish();
    expect(await Promise.all(all)).toEqual(['v1', 'v2', 'v3', 'v4']);
  });

  it('with gatherTurn, a start from idle waits for the end of the event loop\'s turn and loads that turn\'s keys together', async () => {
    const db = fakeLoader();
    const reads = new BatchedReads(db.load, 100, 1, true);
    const results = [1, 2, 2, 3].map((k) => reads.get(k));
    expect(db.loads).toHaveLength(0);
    await tick();
    expect(db.loads.map((l) => l.keys)).toEqual([[1, 2, 3]]);
    const later = reads.get(4);
    db.loads[0].finish();
    expect(await Promise.all(results)).toEqual(['v1', 'v2', 'v2', 'v3']);
    // Queued while the load ran: it goes when that one ends.
    expect(db.loads.map((l) => l.keys)).toEqual([[1, 2, 3], [4]]);
    db.loads[1].finish();
    await expect(later).resolves.toBe('v4');
  });
});
