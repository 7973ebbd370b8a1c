import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportStash, type StashedImport } from './import-stash.js';

describe('ImportStash', () => {
  let dir: string;
  let stash: ImportStash;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'stash-')), 'imports');
    stash = new ImportStash(dir);
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('keeps a file until it is discarded', async () => {
    const stashed = await stash.store({ name: 'a.csv', buffer: Buffer.from('x,y\n') }, 'csv');
    expect(await stash.load(stashed)).toEqual({ name: 'a.csv', buffer: Buffer.from('x,y\n') });
    await stash.discard(stashed);
    expect(await stash.load(stashed)).toBeNull();
  });

  it.each<[string, Partial<StashedImport> | undefined]>([
    ['no entry', undefined],
    ['a path for an id', { id: '../../etc/passwd', kind: 'csv' }],
    ['an unknown kind', { id: '00000000-0000-4000-8000-000000000000', kind: 'sh' as 'csv' }],
    ['an id that is not a string', { id: 42 as unknown as string, kind: 'csv' }],
  ])('refuses %s from a tampered session', async (_name, entry) => {
    expect(await stash.load(entry as StashedImport)).toBeNull();
    await expect(stash.discard(entry as StashedImport)).resolves.toBeUndefined();
  });

  it('removes uploads older than a day when the next one is stored', async () => {
    const old = await stash.store({ name: 'old.csv', buffer: Buffer.from('1') }, 'csv');
    const path = join(dir, `${old.id}.csv`);
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    utimesSync(path, twoDaysAgo, twoDaysAgo);
    writeFileSync(join(dir, 'recent.csv'), '2');
    await stash.store({ name: 'new.csv', buffer: Buffer.from('3') }, 'csv');
    const left = readdirSync(dir);
    expect(left).not.toContain(`${old.id}.csv`);
    expect(left).toContain('recent.csv');
    expect(left).toHaveLength(2);
  });
});
