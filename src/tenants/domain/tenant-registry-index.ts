/**
 * The tenant registry in memory, for the list's default order (pinyin name sort key, then id): the
 * same search grams as the `tenant_search_grams` table (tenant-search.rules.ts) as posting lists of
 * slots, intersected, each candidate then checked the way the SQL path's LIKE checks it (the term,
 * case aside, inside the name, the USCC or the legal representative), and the same filters (status,
 * industry, building, one tenant). A search answers its page of ids and its total without the database.
 *
 * It answers only what it answers exactly as SQL would, and says `null` otherwise, for the SQL path:
 *  - a term whose grams are a range (one character, up to three letters or digits) or none;
 *  - a match whose sort key the database might order differently (sortKeyOrdered): MySQL/MariaDB
 *    collations agree with code point order on lower-case letters, digits, space and parentheses only.
 * Pure rules: no framework imports.
 */
import { queryGrams, tenantGrams } from './tenant-search.rules.js';

export interface IndexedTenant {
  id: number;
  name: string;
  uscc: string;
  legalRepresentative: string;
  nameSortKey: string;
  status: string;
  industry: string | null;
  buildingId: number | null;
}

export interface RegistryIndexQuery {
  /** The search term as the SQL path uses it (searchTerm: NFKC, trimmed), and the other spellings it also looks for (a normalised USCC). */
  terms: readonly string[];
  status?: string;
  /** A division code. */
  industry?: string;
  /** The ids of the buildings of the name asked for (none: nothing matches); absent: no building filter. */
  buildingIds?: readonly number[];
  onlyTenantId: number | null;
  desc: boolean;
  skip: number;
  take: number;
}

export interface RegistryIndexAnswer {
  ids: number[];
  total: number;
}

/** How the database compares sort keys: SQLite's BINARY (code points), or a MySQL/MariaDB collation. */
export type SortKeyCollation = 'binary' | 'mysql';

const MYSQL_SAFE = /^[a-z0-9 ()]*$/;
const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether the database orders this key among the others exactly as code point order does (see the file's comment). */
export function sortKeyOrdered(key: string, collation: SortKeyCollation): boolean {
  return collation === 'binary' ? !SURROGATE.test(key) : MYSQL_SAFE.test(key);
}

/** The list's default order: sort key (code points), then id. */
export function compareEntries(aKey: string, aId: number, bKey: string, bId: number): number {
  if (aKey !== bKey) return aKey < bKey ? -1 : 1;
  return aId - bId;
}

/** The SQL path's LIKE check: the term, case aside, inside one of the fields (lower-cased, joined by line feeds). */
export function likeMatches(loweredFields: string, loweredTerm: string): boolean {
  return loweredFields.includes(loweredTerm);
}

/** A term the LIKE emulation cannot take: a line feed would cross fields (SQL's LIKE never does). */
const CROSSES_FIELDS = /\n/;

/** A growable sorted list of slots. */
interface Posting {
  slots: Int32Array;
  n: number;
}

/** Beyond this fraction of the registry, a page is found by walking the order rather than sorting the matches. */
const WALK_FRACTION = 8;
/** Searches remembered at most, and ranks held by them at most (4 bytes each). */
const CACHE_ENTRIES = 1_000;
const CACHE_INTS = 1_000_000;

export class TenantRegistryIndex {
  private capacity = 0;
  private size = 0;
  private ids = new Int32Array(0);
  private keys: string[] = [];
  /** name, USCC and legal representative, lower-cased, joined by line feeds. */
  private texts: string[] = [];
  private statuses = new Uint8Array(0);
  private industries = new Uint16Array(0);
  private buildings = new Int32Array(0);
  /** 1: in the index; 0: a free slot (a tenant removed). */
  private alive = new Uint8Array(0);
  /** 1: the key is outside sortKeyOrdered, so the slot has no place in `order`. */
  private unordered = new Uint8Array(0);
  private rank = new Int32Array(0);
  private order = new Int32Array(0);
  private orderLength = 0;
  private readonly bySlotId = new Map<number, number>();
  private readonly free: number[] = [];
  private readonly postings = new Map<number, Posting>();
  /** Grams of slots whose lower-cased text has other grams than the stored fields (rare Unicode): what removal must take out. */
  private readonly oddGrams = new Map<number, number[]>();
  private readonly statusCodes = new Map<string, number>();
  private readonly statusNames: string[] = [];
  /** Code 0: no industry, which no filter finds. */
  private readonly industryCodes = new Map<string, number>();
  private readonly industryNames: (string | null)[] = [null];
  private unorderedCount = 0;
  /** Scratch marks for unions and walks, stamped so they need no clearing. */
  private marks = new Int32Array(0);
  private stamp = 0;
  /** Bumped by every change; the remembered answers belong to one version. */
  private version = 0;
  private cacheVersion = 0;
  /** A search's matches as sorted ranks (null: declined), by its terms and filters. */
  private readonly cache = new Map<string, Int32Array | null>();
  private cachedInts = 0;

  constructor(private readonly collation: SortKeyCollation) {}

  get count(): number {
    return this.size;
  }

  has(id: number): boolean {
    return this.bySlotId.has(id);
  }

  /** Adds or replaces tenants. Many at once (an import) re-sort the order once instead of moving it per tenant. */
  upsert(tenants: readonly IndexedTenant[]): void {
    const changed = tenants.filter((t) => !this.holds(t));
    const bulk = changed.length > 64;
    this.put(changed, !bulk);
    if (bulk) this.resort();
  }

  /**
   * A build in parts, so the caller can let other work in between: `load` each part (new tenants only),
   * then `finish` once, which sorts the order and trims the posting lists. Search only after `finish`.
   */
  load(tenants: readonly IndexedTenant[]): void {
    this.put(tenants, false);
  }

  finish(): void {
    this.resort();
    for (const p of this.postings.values()) if (p.slots.length > p.n + 4) p.slots = p.slots.slice(0, p.n + Math.min(p.n >> 3, 1024));
  }

  private put(tenants: readonly IndexedTenant[], place: boolean): void {
    if (tenants.length) this.version++;
    for (const t of tenants) {
      const existing = this.bySlotId.get(t.id);
      if (existing !== undefined) this.removeSlot(existing, place);
      this.addSlot(t, place);
    }
  }

  /** Whether the index already holds the tenant as it is (a refresh reads rows again for a while). */
  private holds(t: IndexedTenant): boolean {
    const slot = this.bySlotId.get(t.id);
    return slot !== undefined && this.keys[slot] === t.nameSortKey && this.texts[slot] === loweredText(t)
      && this.statusNames[this.statuses[slot]] === t.status && this.industryNames[this.industries[slot]] === t.industry
      && this.buildings[slot] === (t.buildingId ?? -1);
  }

  remove(ids: readonly number[]): void {
    this.version++;
    for (const id of ids) {
      const slot = this.bySlotId.get(id);
      if (slot !== undefined) this.removeSlot(slot, true);
    }
  }

  /** The page and total for this query, or null when the SQL path must answer (see the file's comment). */
  search(q: RegistryIndexQuery): RegistryIndexAnswer | null {
    if (this.cacheVersion !== this.version) {
      this.cache.clear();
      this.cachedInts = 0;
      this.cacheVersion = this.version;
    }
    const key = JSON.stringify([q.terms, q.status, q.industry, q.buildingIds, q.onlyTenantId]);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached && { ids: this.pageOfRanks(cached, q), total: cached.length };
    const answer = this.searchAfresh(q, key);
    return answer;
  }

  private searchAfresh(q: RegistryIndexQuery, key: string): RegistryIndexAnswer | null {
    const stamp = this.nextStamp();
    const matched: number[] = [];
    const filtered = q.onlyTenantId !== null || q.status !== undefined || q.industry !== undefined || q.buildingIds !== undefined;
    const marks = this.marks;
    const accept = (slot: number) => {
      if (marks[slot] === stamp || (filtered && !this.passesFilters(slot, q))) return;
      marks[slot] = stamp;
      matched.push(slot);
    };
    if (!q.terms.length) {
      if (q.onlyTenantId === null && q.status === undefined && q.industry === undefined && q.buildingIds === undefined) return this.everyone(q);
      if (q.onlyTenantId !== null) {
        const slot = this.bySlotId.get(q.onlyTenantId);
        if (slot !== undefined) accept(slot);
      } else {
        for (let slot = 0; slot < this.capacity; slot++) if (this.alive[slot]) accept(slot);
      }
    } else {
      for (const term of q.terms) {
        const candidates = this.candidates(term);
        if (!candidates) return null;
        const lowered = term.toLowerCase();
        for (const slot of candidates.slots) {
          if (candidates.exact || likeMatches(this.texts[slot], lowered)) accept(slot);
        }
      }
    }
    if (this.unorderedCount) {
      for (const slot of matched) {
        if (this.unordered[slot]) {
          this.remember(key, null);
          return null;
        }
      }
    }
    if (matched.length * WALK_FRACTION < this.orderLength) {
      // Few: their ranks sorted once, remembered until the index changes (paging, the same search again).
      const ranks = new Int32Array(matched.length);
      for (let i = 0; i < matched.length; i++) ranks[i] = this.rank[matched[i]];
      ranks.sort();
      this.remember(key, ranks);
      return { ids: this.pageOfRanks(ranks, q), total: ranks.length };
    }
    return { ids: this.page(matched, stamp, q), total: matched.length };
  }

  private remember(key: string, ranks: Int32Array | null): void {
    const ints = ranks?.length ?? 0;
    if (this.cache.size >= CACHE_ENTRIES || this.cachedInts + ints > CACHE_INTS) {
      this.cache.clear();
      this.cachedInts = 0;
    }
    this.cache.set(key, ranks);
    this.cachedInts += ints;
  }

  private pageOfRanks(ranks: Int32Array, q: RegistryIndexQuery): number[] {
    const out: number[] = [];
    const end = Math.min(ranks.length, q.skip + q.take);
    for (let k = q.skip; k < end; k++) out.push(this.ids[this.order[ranks[q.desc ? ranks.length - 1 - k : k]]]);
    return out;
  }

  /** An estimate of the index's own memory in bytes (typed arrays, postings, strings): for the README's figure. */
  approximateBytes(): number {
    let bytes = this.capacity * (4 + 1 + 2 + 4 + 1 + 1 + 4 + 4 + 4) + this.capacity * 16;
    for (const p of this.postings.values()) bytes += p.slots.byteLength + 64;
    for (let slot = 0; slot < this.capacity; slot++) {
      if (!this.alive[slot]) continue;
      bytes += 2 * 24 + this.keys[slot].length + 2 * this.texts[slot].length;
    }
    return bytes + this.bySlotId.size * 40;
  }

  private passesFilters(slot: number, q: RegistryIndexQuery): boolean {
    if (q.onlyTenantId !== null && this.ids[slot] !== q.onlyTenantId) return false;
    if (q.status !== undefined && this.statusNames[this.statuses[slot]] !== q.status) return false;
    if (q.industry !== undefined && this.industryNames[this.industries[slot]] !== q.industry) return false;
    if (q.buildingIds !== undefined && !q.buildingIds.includes(this.buildings[slot])) return false;
    return true;
  }

  /** The slots holding every gram of the term (ascending), and whether holding them already means matching. */
  private candidates(term: string): { slots: Iterable<number>; exact: boolean } | null {
    if (CROSSES_FIELDS.test(term)) return null;
    const gq = queryGrams(term);
    if (gq.kind !== 'all') return null;
    const lists: Posting[] = [];
    for (const gram of gq.grams) {
      const p = this.postings.get(gram);
      if (!p || !p.n) return { slots: [], exact: true };
      lists.push(p);
    }
    lists.sort((a, b) => a.n - b.n);
    let current: Int32Array = lists[0].slots.subarray(0, lists[0].n);
    for (let i = 1; i < lists.length && current.length; i++) current = intersect(current, lists[i].slots, lists[i].n);
    return { slots: current, exact: gq.exact };
  }

  /** The unfiltered list: the order itself. */
  private everyone(q: RegistryIndexQuery): RegistryIndexAnswer | null {
    if (this.unorderedCount) return null;
    const out: number[] = [];
    const end = Math.min(this.orderLength, q.skip + q.take);
    for (let k = q.skip; k < end; k++) out.push(this.ids[this.order[q.desc ? this.orderLength - 1 - k : k]]);
    return { ids: out, total: this.orderLength };
  }

  /** A broad match's page: a walk down the order, stopping at the page's last row. */
  private page(matched: number[], stamp: number, q: RegistryIndexQuery): number[] {
    const end = Math.min(matched.length, q.skip + q.take);
    const out: number[] = [];
    let seen = 0;
    for (let k = 0; k < this.orderLength && out.length < end - q.skip; k++) {
      const slot = this.order[q.desc ? this.orderLength - 1 - k : k];
      if (this.marks[slot] !== stamp) continue;
      if (seen++ >= q.skip) out.push(this.ids[slot]);
    }
    return out;
  }

  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private addSlot(t: IndexedTenant, place: boolean): void {
    const slot = this.free.pop() ?? this.grow();
    this.bySlotId.set(t.id, slot);
    this.ids[slot] = t.id;
    this.keys[slot] = t.nameSortKey;
    const lowered = loweredText(t);
    this.texts[slot] = lowered;
    this.statuses[slot] = this.codeOf(this.statusCodes, this.statusNames, t.status);
    this.industries[slot] = t.industry === null ? 0 : this.codeOf(this.industryCodes, this.industryNames, t.industry);
    this.buildings[slot] = t.buildingId ?? -1;
    this.alive[slot] = 1;
    this.size++;
    const grams = tenantGrams([t.name, t.uscc, t.legalRepresentative]);
    // Removal recomputes grams from the lower-cased text; keep the stored ones where that would differ (their folds differ).
    const raw = `${t.name}\n${t.uscc}\n${t.legalRepresentative}`;
    if (raw.normalize('NFKC').toLowerCase() !== lowered.normalize('NFKC').toLowerCase() && !sameGrams(grams, tenantGrams(lowered.split('\n')))) this.oddGrams.set(slot, grams);
    for (const gram of grams) this.addPosting(gram, slot);
    const ordered = sortKeyOrdered(t.nameSortKey, this.collation);
    this.unordered[slot] = ordered ? 0 : 1;
    if (!ordered) this.unorderedCount++;
    else if (place) this.insertInOrder(slot);
    else this.rank[slot] = -1;
  }

  private removeSlot(slot: number, place: boolean): void {
    const grams = this.oddGrams.get(slot) ?? tenantGrams(this.texts[slot].split('\n'));
    this.oddGrams.delete(slot);
    for (const gram of grams) this.removePosting(gram, slot);
    if (this.unordered[slot]) this.unorderedCount--;
    else if (place && this.rank[slot] >= 0) this.removeFromOrder(slot);
    this.bySlotId.delete(this.ids[slot]);
    this.alive[slot] = 0;
    this.unordered[slot] = 0;
    this.rank[slot] = -1;
    this.keys[slot] = '';
    this.texts[slot] = '';
    this.size--;
    this.free.push(slot);
  }

  private codeOf(codes: Map<string, number>, names: (string | null)[], value: string): number {
    let code = codes.get(value);
    if (code === undefined) {
      code = names.length;
      codes.set(value, code);
      names.push(value);
    }
    return code;
  }

  private grow(): number {
    if (this.capacity === this.ids.length) {
      const next = Math.max(1024, this.ids.length * 2);
      this.ids = resized(this.ids, next);
      this.statuses = resized(this.statuses, next);
      this.industries = resized(this.industries, next);
      this.buildings = resized(this.buildings, next);
      this.alive = resized(this.alive, next);
      this.unordered = resized(this.unordered, next);
      this.rank = resized(this.rank, next);
      this.order = resized(this.order, next);
      this.marks = resized(this.marks, next);
    }
    return this.capacity++;
  }

  private addPosting(gram: number, slot: number): void {
    let p = this.postings.get(gram);
    if (!p) {
      p = { slots: new Int32Array(4), n: 0 };
      this.postings.set(gram, p);
    }
    if (p.n === p.slots.length) p.slots = resized(p.slots, p.slots.length * 2);
    // Slots mostly arrive in ascending order (new slots); a reused one is placed by binary search.
    if (p.n === 0 || p.slots[p.n - 1] < slot) {
      p.slots[p.n++] = slot;
      return;
    }
    const at = lowerBound(p.slots, p.n, slot);
    if (p.slots[at] === slot) return;
    p.slots.copyWithin(at + 1, at, p.n);
    p.slots[at] = slot;
    p.n++;
  }

  private removePosting(gram: number, slot: number): void {
    const p = this.postings.get(gram);
    if (!p) return;
    const at = lowerBound(p.slots, p.n, slot);
    if (at >= p.n || p.slots[at] !== slot) return;
    p.slots.copyWithin(at, at + 1, p.n);
    p.n--;
    if (!p.n) this.postings.delete(gram);
  }

  private before(a: number, b: number): boolean {
    return compareEntries(this.keys[a], this.ids[a], this.keys[b], this.ids[b]) < 0;
  }

  private insertInOrder(slot: number): void {
    let lo = 0;
    let hi = this.orderLength;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.before(this.order[mid], slot)) lo = mid + 1;
      else hi = mid;
    }
    this.order.copyWithin(lo + 1, lo, this.orderLength);
    this.order[lo] = slot;
    this.orderLength++;
    for (let k = lo; k < this.orderLength; k++) this.rank[this.order[k]] = k;
  }

  private removeFromOrder(slot: number): void {
    const at = this.rank[slot];
    this.order.copyWithin(at, at + 1, this.orderLength);
    this.orderLength--;
    for (let k = at; k < this.orderLength; k++) this.rank[this.order[k]] = k;
  }

  private resort(): void {
    this.version++;
    const slots: number[] = [];
    for (let slot = 0; slot < this.capacity; slot++) if (this.alive[slot] && !this.unordered[slot]) slots.push(slot);
    slots.sort((a, b) => compareEntries(this.keys[a], this.ids[a], this.keys[b], this.ids[b]));
    this.orderLength = slots.length;
    for (let k = 0; k < slots.length; k++) {
      this.order[k] = slots[k];
      this.rank[slots[k]] = k;
    }
  }
}

function resized<T extends Int32Array | Uint8Array | Uint16Array>(a: T, length: number): T {
  const next = new (a.constructor as new (n: number) => T)(length);
  next.set(a.subarray(0, Math.min(a.length, length)));
  return next;
}

function lowerBound(a: Int32Array, n: number, value: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The slots of `a` also in the first `n` of `b` (both ascending): galloping through the longer one. */
function intersect(a: Int32Array, b: Int32Array, n: number): Int32Array {
  const out = new Int32Array(Math.min(a.length, n));
  let k = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < n; i++) {
    const v = a[i];
    if (b[j] < v) {
      let step = 1;
      while (j + step < n && b[j + step] < v) step *= 2;
      let lo = j + (step >> 1);
      let hi = Math.min(j + step, n);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    }
    if (j < n && b[j] === v) out[k++] = v;
  }
  return out.subarray(0, k);
}

function loweredText(t: IndexedTenant): string {
  return `${t.name}\n${t.uscc}\n${t.legalRepresentative}`.toLowerCase();
}

function sameGrams(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((g) => set.has(g));
}
