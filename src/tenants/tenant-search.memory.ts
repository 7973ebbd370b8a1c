import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BuildingsService } from './buildings.service.js';
import { BuildingEntity } from './entities/building.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { TenantRegistryIndex, type IndexedTenant } from './domain/tenant-registry-index.js';

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

/** A page the index answered: its tenants, each with its building, in list order, and the total. */
export interface MemoryAnswer {
  items: TenantEntity[];
  total: number;
}

/**
 * A tenant's row as held: a TenantEntity with TypeORM's values (without the building), but its dates as
 * milliseconds and the values many tenants share (HELD_SHARED) as one string each, which halves what
 * 200,000 rows take. Only RowReader.entity makes a real entity of it.
 */
type HeldRow = TenantEntity;

/** Columns whose values repeat across tenants: each distinct value is held once. */
const HELD_SHARED = new Set(['status', 'previousStatus', 'industry', 'unit', 'movedInAt']);

/** The index and the rows it answers pages with: built, refreshed and dropped together. */
interface Held {
  index: TenantRegistryIndex;
  /** Every tenant's row, at its id (ids are the table's auto-increment: an array is the quickest map). */
  rows: (HeldRow | undefined)[];
}

/**
 * This process's copy of the registry for the list's default order (domain/tenant-registry-index.ts).
 * Built in the background on the first list; until then, and for whatever the index does not answer,
 * the SQL path answers. It keeps every tenant's row beside the index, so a page it answers costs no
 * statement (the rows and the index are read by the same statements, so they are equally fresh; the
 * buildings come from the latest read of the buildings). Kept fresh two ways: a write through this
 * process (registryChanged) makes the next answer read the changed rows first; writes by other
 * processes are read by updatedAt at most every REFRESH_MS, before answering, looking OVERLAP_MS back
 * for transactions that committed late. Tenants are never deleted; a page whose rows are missing makes
 * the list drop the index (invalidate).
 */
@Injectable()
export class TenantSearchMemory implements OnApplicationShutdown {
  private readonly logger = new Logger('TenantSearch');
  private held?: Held;
  /** The statement's columns and how each becomes an entity property (TenantsService's entity metadata). */
  private reader?: RowReader;
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
  private buildingsById = new Map<number, BuildingEntity>();
  private closed = false;
  /** Bumped by invalidate: a build started before it is not used. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly buildings: BuildingsService,
  ) {}

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
    this.held = undefined;
    this.building = undefined;
    this.since = undefined;
  }

  /** The build, started if it was not: for tests and the bench, which wait for the index. */
  ready(): Promise<void> {
    this.start();
    return this.building ?? Promise.resolve();
  }

  /**
   * The index's page (copies of the held rows, each with its building), or null when the SQL path must answer
   * (not built yet, or a query it does not take).
   */
  async answer(q: MemorySearch): Promise<MemoryAnswer | null> {
    if (!this.held) {
      this.start();
      return null;
    }
    if (this.covered < this.wanted || Date.now() - this.lastRead >= REFRESH_MS) await this.refresh();
    const held = this.held;
    if (!held) return null;
    const found = held.index.search({
      terms: q.terms, status: q.status, industry: q.industry, onlyTenantId: q.onlyTenantId, desc: q.desc, skip: q.skip, take: q.take,
      buildingIds: q.building === undefined ? undefined : this.buildingIds.get(q.building) ?? [],
    });
    if (!found) return null;
    const items: TenantEntity[] = [];
    for (const id of found.ids) {
      const row = held.rows[id];
      // Never apart (the same statements fill both); should they be, the database answers and the index is built again.
      if (!row) {
        this.invalidate();
        return null;
      }
      // New entities each time (the tenant and its building): what a caller does to its page stays out of what is held.
      const item = this.rowReader().entity(row);
      const building = item.buildingId === null ? undefined : this.buildingsById.get(item.buildingId);
      item.building = building ? Object.assign(new BuildingEntity(), building) : null;
      items.push(item);
    }
    return { items, total: found.total };
  }

  /** Approximate bytes of the index and its rows, for the bench's figure; 0 before it is built. */
  approximateBytes(): number {
    if (!this.held) return 0;
    let bytes = this.held.index.approximateBytes();
    for (const row of this.held.rows) if (row) bytes += approximateRowBytes(row);
    return bytes;
  }

  private start(): void {
    if (this.building || this.closed || Date.now() < this.retryAfter) return;
    const started = performance.now();
    const generation = this.generation;
    this.building = this.build().then(
      ({ held, since, wanted }) => {
        if (generation !== this.generation) return;
        this.held = held;
        const { index } = held;
        this.since = since;
        this.lastRead = Date.now();
        this.covered = wanted;
        this.logger.log(`tenant search index ready: ${index.count} tenants in ${Math.round(performance.now() - started)} ms, about ${Math.round(this.approximateBytes() / 1048576)} MB with their rows`);
      },
      (err: unknown) => {
        this.building = undefined;
        this.retryAfter = Date.now() + RETRY_MS;
        this.logger.warn(`tenant search index not built, the database answers searches: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  }

  private async build(): Promise<{ held: Held; since: string | Date; wanted: number }> {
    const held: Held = { index: new TenantRegistryIndex(this.dataSource.options.type === 'better-sqlite3' ? 'binary' : 'mysql'), rows: [] };
    const reader = this.rowReader();
    const wanted = this.wanted;
    // Taken first: the first refresh reads again whatever changed while the build read.
    const since = await this.sinceNow();
    let after = 0;
    for (;;) {
      const raw = (await this.dataSource.query(`${reader.sql} WHERE id > ? ORDER BY id LIMIT ${BUILD_BATCH}`, [after])) as Record<string, unknown>[];
      // In slices, letting requests in between: the index is built while the process serves.
      for (let i = 0; i < raw.length; i += BUILD_SLICE) {
        const part = raw.slice(i, i + BUILD_SLICE).map(reader.hold);
        for (const row of part) held.rows[row.id] = row;
        held.index.load(part.map(toIndexed));
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (raw.length < BUILD_BATCH || this.closed) break;
      after = Number(raw[raw.length - 1].id);
    }
    held.index.finish();
    await this.readBuildings();
    return { held, since, wanted };
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
    const held = this.held;
    if (!held || this.since === undefined) return;
    const next = await this.sinceNow();
    const reader = this.rowReader();
    const rows = ((await this.dataSource.query(`${reader.sql} WHERE updatedAt >= ?`, [this.since])) as Record<string, unknown>[]).map(reader.hold);
    // Every row read replaces the held one (a column the index does not search, such as the unit, may be what changed).
    for (const row of rows) held.rows[row.id] = row;
    held.index.upsert(rows.map(toIndexed));
    await this.readBuildings();
    this.since = next;
  }

  private async readBuildings(): Promise<void> {
    const map = new Map<string, number[]>();
    const byId = new Map<number, BuildingEntity>();
    for (const b of await this.buildings.all()) {
      map.set(b.name, [...(map.get(b.name) ?? []), b.id]);
      byId.set(b.id, b);
    }
    this.buildingIds = map;
    this.buildingsById = byId;
  }

  /**
   * One plain statement for whole tenant rows, each value converted by the driver as TypeORM's find would,
   * then held compactly (HeldRow) and made an entity again for a page.
   */
  private rowReader(): RowReader {
    if (this.reader) return this.reader;
    const metadata = this.dataSource.getMetadata(TenantEntity);
    const driver = this.dataSource.driver;
    const columns = metadata.columns;
    const sql = `SELECT ${columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(metadata.tableName)}`;
    const shared = new Map<string, string>();
    const once = (value: string): string => {
      const held = shared.get(value);
      if (held !== undefined) return held;
      shared.set(value, value);
      return value;
    };
    const dates = new Set<string>();
    const hold = (raw: Record<string, unknown>): HeldRow => {
      const row = new TenantEntity() as unknown as Record<string, unknown>;
      for (const c of columns) {
        const value: unknown = driver.prepareHydratedValue(raw[c.databaseName], c);
        if (value instanceof Date) dates.add(c.propertyName);
        row[c.propertyName] = value instanceof Date ? value.getTime() : typeof value === 'string' && HELD_SHARED.has(c.propertyName) ? once(value) : value;
      }
      return row as unknown as HeldRow;
    };
    const entity = (row: HeldRow): TenantEntity => {
      // Every held row has one shape, so the copy is V8's quick one; then the dates are made Dates again.
      const t = Object.assign(new TenantEntity(), row) as unknown as Record<string, unknown>;
      for (const name of dates) if (typeof t[name] === 'number') t[name] = new Date(t[name]);
      return t as unknown as TenantEntity;
    };
    this.reader = { sql, hold, entity };
    return this.reader;
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

interface RowReader {
  sql: string;
  hold: (raw: Record<string, unknown>) => HeldRow;
  entity: (row: HeldRow) => TenantEntity;
}

function toIndexed(r: HeldRow): IndexedTenant {
  return {
    id: r.id, name: r.name, uscc: r.uscc, legalRepresentative: r.legalRepresentative, nameSortKey: r.nameSortKey ?? '', status: r.status,
    industry: r.industry ?? null, buildingId: r.buildingId ?? null,
  };
}

/**
 * A held row's approximate size: the object and the strings only it holds (two bytes a character at most;
 * the shared ones and the sort key, which the index holds too, are left out).
 */
function approximateRowBytes(row: HeldRow): number {
  let bytes = 16 + 8 * Object.keys(row).length;
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && !HELD_SHARED.has(key) && key !== 'nameSortKey') bytes += 16 + 2 * value.length;
  }
  return bytes;
}
