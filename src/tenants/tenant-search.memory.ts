import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BuildingsService } from './buildings.service.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { TenantRegistryIndex, type IndexedTenant, type RegistryIndexAnswer } from './domain/tenant-registry-index.js';

/** How often at most a process reads the rows other processes changed, before answering. */
export const REFRESH_MS = 1_000;
/**
 * How far back each read looks again: a row's updatedAt is the time of its statement, which commits
 * later; a transaction slower than this could be missed by the other processes until their next build.
 */
export const OVERLAP_MS = 60_000;
/** Rows per statement of the build. */
const BUILD_BATCH = 20_000;
/** Tenants indexed between two turns of the event loop during the build (some tens of milliseconds). */
const BUILD_SLICE = 1_000;
/** After a failed build, the SQL path answers alone this long before the next try. */
const RETRY_MS = 60_000;

const COLUMNS = 'id, name, uscc, legalRepresentative, nameSortKey, status, industry, buildingId';

/** What the list asks the index: TenantRegistryIndex's query with the building by name. */
export interface MemorySearch {
  terms: readonly string[];
  status?: string;
  industry?: string;
  building?: string;
  onlyTenantId: number | null;
  desc: boolean;
  skip: number;
  take: number;
}

type Row = Omit<IndexedTenant, 'id' | 'buildingId'> & { id: number | string; buildingId: number | string | null };

/**
 * This process's copy of the registry for the list's default order (domain/tenant-registry-index.ts).
 * Built in the background on the first list; until then, and for whatever the index does not answer,
 * the SQL path answers. Kept fresh two ways: a write through this process (registryChanged) makes the
 * next answer read the changed rows first; writes by other processes are read by updatedAt at most
 * every REFRESH_MS, before answering, looking OVERLAP_MS back for transactions that committed late.
 * Tenants are never deleted; a page whose rows are missing makes the list drop the index (invalidate).
 */
@Injectable()
export class TenantSearchMemory implements OnApplicationShutdown {
  private readonly logger = new Logger('TenantSearch');
  private index?: TenantRegistryIndex;
  private building?: Promise<void>;
  private retryAfter = 0;
  /** The database's clock at the last read, less OVERLAP_MS: where the next read starts. */
  private since?: string | Date;
  private lastRead = 0;
  private reading?: Promise<void>;
  /** Writes through this process, and how many of them the index has read. */
  private wanted = 0;
  private covered = 0;
  private buildingIds = new Map<string, number[]>();
  private closed = false;
  /** Bumped by invalidate: a build started before it is not used. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly buildings: BuildingsService,
  ) {}

  private get table(): string {
    return this.dataSource.getMetadata(TenantEntity).tableName;
  }

  onApplicationShutdown(): void {
    this.closed = true;
  }

  /** A write through this process: the next answer reads the changed rows first. */
  changed(): void {
    this.wanted++;
  }

  /** Drops the index (something it cannot see happened, such as a deleted row); the next list builds it again. */
  invalidate(): void {
    this.generation++;
    this.index = undefined;
    this.building = undefined;
    this.since = undefined;
  }

  /** The build, started if it was not: for tests and the bench, which wait for the index. */
  ready(): Promise<void> {
    this.start();
    return this.building ?? Promise.resolve();
  }

  /** The index's answer, or null when the SQL path must answer (not built yet, or a query it does not take). */
  async answer(q: MemorySearch): Promise<RegistryIndexAnswer | null> {
    if (!this.index) {
      this.start();
      return null;
    }
    if (this.covered < this.wanted || Date.now() - this.lastRead >= REFRESH_MS) await this.refresh();
    const index = this.index;
    if (!index) return null;
    return index.search({
      terms: q.terms, status: q.status, industry: q.industry, onlyTenantId: q.onlyTenantId, desc: q.desc, skip: q.skip, take: q.take,
      buildingIds: q.building === undefined ? undefined : this.buildingIds.get(q.building) ?? [],
    });
  }

  /** Approximate bytes of the index, for the bench's figure; 0 before it is built. */
  approximateBytes(): number {
    return this.index?.approximateBytes() ?? 0;
  }

  private start(): void {
    if (this.building || this.closed || Date.now() < this.retryAfter) return;
    const started = performance.now();
    const generation = this.generation;
    this.building = this.build().then(
      ({ index, since, wanted }) => {
        if (generation !== this.generation) return;
        this.index = index;
        this.since = since;
        this.lastRead = Date.now();
        this.covered = wanted;
        this.logger.log(`tenant search index ready: ${index.count} tenants in ${Math.round(performance.now() - started)} ms, about ${Math.round(index.approximateBytes() / 1048576)} MB`);
      },
      (err: unknown) => {
        this.building = undefined;
        this.retryAfter = Date.now() + RETRY_MS;
        this.logger.warn(`tenant search index not built, the database answers searches: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  }

  private async build(): Promise<{ index: TenantRegistryIndex; since: string | Date; wanted: number }> {
    const index = new TenantRegistryIndex(this.dataSource.options.type === 'better-sqlite3' ? 'binary' : 'mysql');
    const wanted = this.wanted;
    // Taken first: the first refresh reads again whatever changed while the build read.
    const since = await this.sinceNow();
    let after = 0;
    for (;;) {
      const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE id > ? ORDER BY id LIMIT ${BUILD_BATCH}`, [after])) as Row[];
      const part = rows.map(toIndexed);
      // In slices, letting requests in between: the index is built while the process serves.
      for (let i = 0; i < part.length; i += BUILD_SLICE) {
        index.load(part.slice(i, i + BUILD_SLICE));
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (rows.length < BUILD_BATCH || this.closed) break;
      after = part[part.length - 1].id;
    }
    index.finish();
    await this.readBuildings();
    return { index, since, wanted };
  }

  private refresh(): Promise<void> {
    if (this.reading) return this.reading.then(() => (this.covered < this.wanted ? this.refresh() : undefined));
    const wanted = this.wanted;
    this.reading = this.readChanges().then(
      () => {
        this.covered = Math.max(this.covered, wanted);
        this.lastRead = Date.now();
      },
      (err: unknown) => {
        // Not read: drop the index rather than answer from it stale.
        this.logger.warn(`tenant search index dropped, its refresh failed: ${err instanceof Error ? err.message : String(err)}`);
        this.invalidate();
      },
    ).finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readChanges(): Promise<void> {
    const index = this.index;
    if (!index || this.since === undefined) return;
    const next = await this.sinceNow();
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE updatedAt >= ?`, [this.since])) as Row[];
    index.upsert(rows.map(toIndexed));
    await this.readBuildings();
    this.since = next;
  }

  private async readBuildings(): Promise<void> {
    const map = new Map<string, number[]>();
    for (const b of await this.buildings.all()) map.set(b.name, [...(map.get(b.name) ?? []), b.id]);
    this.buildingIds = map;
  }

  /** The database's clock less OVERLAP_MS, in the form its updatedAt compares with. */
  private async sinceNow(): Promise<string | Date> {
    if (this.dataSource.options.type === 'better-sqlite3') {
      const [{ now }] = (await this.dataSource.query("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now') AS now")) as { now: string }[];
      const at = new Date(`${now.replace(' ', 'T')}Z`).getTime() - OVERLAP_MS;
      return new Date(at).toISOString().replace('T', ' ').replace('Z', '');
    }
    const [{ now }] = (await this.dataSource.query('SELECT CURRENT_TIMESTAMP(6) AS now')) as { now: Date }[];
    return new Date(now.getTime() - OVERLAP_MS);
  }
}

function toIndexed(r: Row): IndexedTenant {
  return {
    id: Number(r.id), name: r.name, uscc: r.uscc, legalRepresentative: r.legalRepresentative, nameSortKey: r.nameSortKey ?? '', status: r.status,
    industry: r.industry ?? null, buildingId: r.buildingId === null ? null : Number(r.buildingId),
  };
}
