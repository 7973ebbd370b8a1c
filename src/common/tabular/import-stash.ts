import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TabularFormat } from './tabular-export.js';
import type { ImportFile } from './tabular-import.js';

/** What a browser's session keeps of a stashed upload: never a path, only an id the stash checks. */
export interface StashedImport {
  id: string;
  name: string;
  kind: TabularFormat;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An upload nobody committed or cancelled is removed a day later (when the next one is stashed). */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Uploads kept on disk between an import's dry run and its commit (`<DATA_DIR>/imports`), owner-only.
 * The session entry is the client's to tamper with, so load and discard accept only a UUID and a
 * known kind: nothing else names a file.
 */
export class ImportStash {
  constructor(private readonly dir: string) {}

  async store(file: ImportFile, kind: TabularFormat): Promise<StashedImport> {
    await mkdir(this.dir, { recursive: true });
    await this.removeStale();
    const stashed: StashedImport = { id: randomUUID(), name: file.name, kind };
    await writeFile(this.pathOf(stashed)!, file.buffer, { mode: 0o600 });
    return stashed;
  }

  /** The stashed file, or null when it is gone or the entry is not one of ours. */
  async load(stashed: StashedImport | undefined): Promise<ImportFile | null> {
    const path = this.pathOf(stashed);
    if (!path) return null;
    try {
      return { name: stashed!.name, buffer: await readFile(path) };
    } catch {
      return null;
    }
  }

  async discard(stashed: StashedImport | undefined): Promise<void> {
    const path = this.pathOf(stashed);
    if (path) await rm(path, { force: true });
  }

  private pathOf(stashed: StashedImport | undefined): string | null {
    if (!stashed || typeof stashed.id !== 'string' || !UUID.test(stashed.id) || (stashed.kind !== 'csv' && stashed.kind !== 'xlsx')) return null;
    return join(this.dir, `${stashed.id}.${stashed.kind}`);
  }

  private async removeStale(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => null);
      if (info?.isFile() && now - info.mtimeMs > STALE_MS) await rm(path, { force: true });
    }
  }
}
