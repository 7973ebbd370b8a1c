import { DataSource } from 'typeorm';
import { serializeSqlite } from './sqlite-serial.js';

/** Two transactions and stray queries at once on the one better-sqlite3 connection. */
describe('serializeSqlite', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  });
  afterEach(async () => {
    await ds.destroy();
  });

  const race = () => Promise.all([
    ds.transaction(async (m) => {
      await m.query("INSERT INTO t (v) VALUES ('a1')");
      await new Promise((r) => setTimeout(r, 20));
      await m.query("INSERT INTO t (v) VALUES ('a2')");
    }),
    ds.transaction(async (m) => {
      await m.query("INSERT INTO t (v) VALUES ('b1')");
      await new Promise((r) => setTimeout(r, 5));
      await m.query("INSERT INTO t (v) VALUES ('b2')");
    }),
  ]);

  it('without it, overlapping transactions fail (the problem it solves)', async () => {
    await expect(race()).rejects.toThrow(/transaction/i);
  });

  it('runs overlapping transactions one after the other', async () => {
    serializeSqlite(ds);
    await race();
    const rows = (await ds.query('SELECT v FROM t ORDER BY id')) as { v: string }[];
    expect(rows.map((r) => r.v)).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it('keeps a stray query out of a transaction that rolls back', async () => {
    serializeSqlite(ds);
    const failing = ds.transaction(async (m) => {
      await m.query("INSERT INTO t (v) VALUES ('rolled back')");
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('boom');
    });
    const stray = (async () => {
      await new Promise((r) => setTimeout(r, 5));
      await ds.query("INSERT INTO t (v) VALUES ('kept')");
    })();
    await expect(failing).rejects.toThrow('boom');
    await stray;
    const rows = (await ds.query('SELECT v FROM t')) as { v: string }[];
    expect(rows.map((r) => r.v)).toEqual(['kept']);
  });

  it('lets a transaction nest inside another', async () => {
    serializeSqlite(ds);
    await ds.transaction(async (m) => {
      await m.query("INSERT INTO t (v) VALUES ('outer')");
      await ds.transaction(async (inner) => {
        await inner.query("INSERT INTO t (v) VALUES ('inner')");
      });
    });
    expect(((await ds.query('SELECT COUNT(*) AS n FROM t')) as { n: number }[])[0].n).toBe(2);
  });
});
