import { CountCache } from './count-cache.js';

describe('CountCache', () => {
  it('counts once for callers asking while a count runs, and remembers the total', async () => {
    const cache = new CountCache();
    let calls = 0;
    let release!: (n: number) => void;
    const count = () => { calls++; return new Promise<number>((r) => { release = r; }); };
    const both = Promise.all([cache.get('k', count), cache.get('k', count)]);
    release(7);
    expect(await both).toEqual([7, 7]);
    expect(await cache.get('k', count)).toBe(7);
    expect(calls).toBe(1);
  });

  it('forgets a failed count', async () => {
    const cache = new CountCache();
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', async () => 3)).toBe(3);
  });

  it('counts again after clear() and after the TTL', async () => {
    const cache = new CountCache(0);
    expect(await cache.get('k', async () => 1)).toBe(1);
    expect(await cache.get('k', async () => 2)).toBe(2);
    const kept = new CountCache();
    await kept.get('k', async () => 1);
    kept.clear();
    expect(await kept.get('k', async () => 5)).toBe(5);
  });

  it('knows a total only once it is counted, and not after clear() or the TTL', async () => {
    const cache = new CountCache();
    let release!: (n: number) => void;
    const pending = cache.get('k', () => new Promise<number>((r) => { release = r; }));
    expect(cache.known('k')).toBeUndefined();
    release(4);
    await pending;
    expect(cache.known('k')).toBe(4);
    expect(cache.known('other')).toBeUndefined();
    cache.clear();
    expect(cache.known('k')).toBeUndefined();
    const expired = new CountCache(0);
    await expired.get('k', async () => 1);
    expect(expired.known('k')).toBeUndefined();
  });
});
