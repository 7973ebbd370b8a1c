import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { compareDigests, digestHex, HmacSha256, SuffixBlocks, utf8, type PrefixedHmac } from './hmac-sha256.js';
import { blockIndex, HmacSha256x4, X4_CAPACITY, X4_MAX_SUFFIX_GROUPS, x4Available } from './hmac-sha256x4.js';

/**
 * The verifiable draw (DESIGN.md §5, format `parktrust-draw/1`): frame text and hash, seed and its
 * commitment, the draw key, ranks, stratified selection, inspector assignment, and the verifier that
 * recomputes all of it from a bundle alone. Pure: node:crypto only.
 */
export const DRAW_FORMAT = 'parktrust-draw/1';

export interface DrawStratum {
  code: string;
  /** Basis points per draw, 0–10000. */
  ratioBp: number;
  members: string[];
}

export interface DrawListed {
  uscc: string;
  reason: string;
}

export interface DrawFrame {
  strata: DrawStratum[];
  targeted: DrawListed[];
  excluded: DrawListed[];
}

export interface DrawDepartment {
  code: string;
  inspectorsPerTask: number;
}

export interface DrawPoolInspector {
  code: string;
  department: string;
  excluded: DrawListed[];
}

export interface DrawSelected {
  uscc: string;
  stratum: string;
  rank: string;
}

/** A task of the draw: targeted (stratum 'T', no rank) or a selected stratum member. */
export interface DrawTask {
  uscc: string;
  stratum: string;
  rank: string | null;
}

export interface DrawAssignment {
  uscc: string;
  inspectors: string[];
}

/** A task that got fewer than `wanted` inspectors of `department`: it needs a manual decision. */
export interface DrawFlagged {
  uscc: string;
  department: string;
  wanted: number;
  got: number;
}

export interface DrawBundle {
  format: typeof DRAW_FORMAT;
  drawId: number;
  programmeId: number;
  departments: DrawDepartment[];
  frame: DrawFrame;
  frameHash: string;
  seedCommitment: string;
  committedAt: string;
  seed: string;
  publicEntropy: string;
  drawnAt: string;
  selected: DrawSelected[];
  inspectorPool: DrawPoolInspector[];
  assignments: DrawAssignment[];
}

/**
 * The bundle's JSON text, byte for byte JSON.stringify(bundle), with the frame's JSON given (JSON.stringify(bundle.frame)):
 * the frame is most of the bundle, and a draw serialises it while the selection is computed elsewhere.
 */
export function bundleJson(bundle: Omit<DrawBundle, 'frame'> & { frame?: unknown }, frameJson: string): string {
  const slot = `frame:${randomUUID()}`;
  const text = JSON.stringify({ ...bundle, frame: slot });
  const at = text.indexOf(`"${slot}"`);
  return text.slice(0, at) + frameJson + text.slice(at + slot.length + 2);
}

/** The stratum code of targeted tasks (and of targeted lines in the frame text). */
export const TARGETED_STRATUM = 'T';

const HEX64 = /^[0-9a-f]{64}$/;

/** The values ascending: themselves when already so (frames come sorted from the database), else a sorted copy. */
function ascending(values: readonly string[]): readonly string[] {
  let sorted = true;
  for (let i = 1; i < values.length && sorted; i++) sorted = values[i - 1] <= values[i];
  return sorted ? values : [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The frame text in chunks (one per stratum, then the targeted): joined for the text, fed one by one to the hash. */
function frameChunks(frame: DrawFrame): string[] {
  const chunks: string[] = [];
  const lines = (code: string, usccs: readonly string[]) => {
    if (usccs.length) chunks.push(`${code}\t${usccs.join(`\n${code}\t`)}\n`);
  };
  for (const stratum of frame.strata) lines(stratum.code, ascending(stratum.members));
  lines(TARGETED_STRATUM, ascending(frame.targeted.map((t) => t.uscc)));
  return chunks;
}

/** Per stratum in bundle order, members ascending: `<stratum>\t<uscc>\n`; then `T\t<uscc>\n` per targeted USCC ascending. */
export function frameText(frame: DrawFrame): string {
  return frameChunks(frame).join('');
}

/** UTF-8 length of a string (ASCII fast: a USCC line is one byte a character). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

/**
 * The frame text in parts of whole lines, each at most `maxBytes` UTF-8 bytes (a line longer than that
 * is a part alone): what a draw's announcement stores so that the draw reads a few rows, not a row per
 * member. Joined in order they are frameText(frame) exactly.
 */
export function frameTextParts(frame: DrawFrame, maxBytes: number): string[] {
  const parts: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  const add = (code: string, usccs: readonly string[]) => {
    for (const uscc of usccs) {
      const line = `${code}\t${uscc}\n`;
      const size = utf8Length(line);
      if (bytes + size > maxBytes && lines.length) {
        parts.push(lines.join(''));
        lines = [];
        bytes = 0;
      }
      lines.push(line);
      bytes += size;
    }
  };
  for (const stratum of frame.strata) add(stratum.code, ascending(stratum.members));
  add(TARGETED_STRATUM, ascending(frame.targeted.map((t) => t.uscc)));
  if (lines.length) parts.push(lines.join(''));
  return parts;
}

/**
 * A frame text read back: each code's USCCs in text order (strata and `T`), codes in their order of
 * first appearance. Undefined when it is not frame text (a line without exactly one tab, an empty
 * code or USCC, a missing final newline, or a code that comes back after another).
 */
export function parseFrameText(text: string): { codes: string[]; lists: Map<string, string[]> } | undefined {
  const lists = new Map<string, string[]>();
  const codes: string[] = [];
  if (text === '') return { codes, lists };
  if (!text.endsWith('\n')) return undefined;
  let current: string[] | undefined;
  let currentCode = '';
  let from = 0;
  while (from < text.length) {
    const end = text.indexOf('\n', from);
    const tab = text.indexOf('\t', from);
    if (tab <= from || tab >= end - 1) return undefined;
    const another = text.indexOf('\t', tab + 1);
    if (another !== -1 && another < end) return undefined;
    const code = text.slice(from, tab);
    if (code !== currentCode) {
      if (lists.has(code)) return undefined;
      currentCode = code;
      current = [];
      lists.set(code, current);
      codes.push(code);
    }
    (current as string[]).push(text.slice(tab + 1, end));
    from = end + 1;
  }
  return { codes, lists };
}

/** Hex SHA-256 of the frame text (UTF-8). */
export function frameHash(frame: DrawFrame): string {
  const hash = createHash('sha256');
  for (const chunk of frameChunks(frame)) hash.update(chunk, 'utf8');
  return hash.digest('hex');
}

/** 32 random bytes as 64 lowercase hex characters. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

function seedBytes(seedHex: string): Buffer {
  if (!HEX64.test(seedHex)) throw new Error('a seed is 64 lowercase hex characters');
  return Buffer.from(seedHex, 'hex');
}

/** Hex SHA-256 of the seed's 32 bytes (not of its hex text). */
export function seedCommitment(seedHex: string): string {
  return sha256Hex(seedBytes(seedHex));
}

/** SHA-256(seed bytes ‖ UTF-8(publicEntropy)). */
export function drawKey(seedHex: string, publicEntropy: string): Buffer {
  return createHash('sha256').update(seedBytes(seedHex)).update(publicEntropy, 'utf8').digest();
}

/** Lowercase hex HMAC-SHA256(drawKey, `tenant|<stratum>|<uscc>`). */
export function rank(key: Uint8Array, stratum: string, uscc: string): string {
  return new HmacSha256(key).hex(utf8(`tenant|${stratum}|${uscc}`));
}

/** Lowercase hex HMAC-SHA256(drawKey, `inspector|<uscc>|<code>`): the order inspectors are offered a task in. */
export function inspectorRank(key: Uint8Array, uscc: string, code: string): string {
  return new HmacSha256(key).hex(utf8(`inspector|${uscc}|${code}`));
}

/** ⌈ratioBp × n / 10000⌉ in integer arithmetic. */
export function sampleSize(n: number, ratioBp: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error('a stratum size is a whole number ≥ 0');
  if (!Number.isInteger(ratioBp) || ratioBp < 0 || ratioBp > 10000) throw new Error('a ratio is 0–10000 basis points');
  const product = BigInt(ratioBp) * BigInt(n);
  return Number((product + 9999n) / 10000n);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Buckets of the first word's top bits that smallestRanks counts members into (2^16). */
const BUCKET_SHIFT = 16;

/**
 * The indices of the `take` members with the smallest rank (ties by USCC), in that order. Only the
 * members that can be among them are sorted: the members are counted by their first word's top 16
 * bits, and those in the buckets up to the one where the count reaches `take` are the candidates (a
 * member in a later bucket has at least `take` members with a smaller first word before it). The
 * candidates are sorted by their first word packed with the index into a float (a native numeric
 * sort), and runs with an equal first word are then ordered by the whole digest and the USCC.
 * Exported for its spec, which checks it against a plain sort of every member.
 */
export function smallestRanks(digests: Int32Array, members: readonly string[], take: number): number[] {
  const n = members.length;
  const want = Math.min(Math.max(0, take), n);
  if (want === 0) return [];
  const full = (a: number, b: number) => compareDigests(digests, a * 8, digests, b * 8) || compareStrings(members[a], members[b]);
  if (n > 0x200000) {
    return Array.from({ length: n }, (_, i) => i).sort(full).slice(0, want);
  }
  const counts = new Int32Array(1 << (32 - BUCKET_SHIFT));
  for (let i = 0; i < n; i++) counts[digests[i * 8] >>> BUCKET_SHIFT]++;
  let last = 0;
  for (let seen = counts[0]; seen < want; seen += counts[++last]);
  let candidates = 0;
  for (let b = 0; b <= last; b++) candidates += counts[b];
  const keys = new Float64Array(candidates);
  for (let i = 0, k = 0; i < n; i++) {
    const word = digests[i * 8] >>> 0;
    if (word >>> BUCKET_SHIFT <= last) keys[k++] = word * 0x200000 + i;
  }
  keys.sort();
  const result: number[] = [];
  let i = 0;
  while (i < candidates && result.length < want) {
    const word = Math.floor(keys[i] / 0x200000);
    let j = i + 1;
    while (j < candidates && Math.floor(keys[j] / 0x200000) === word) j++;
    if (j - i === 1) result.push(keys[i] % 0x200000);
    else result.push(...Array.from(keys.subarray(i, j), (key) => key % 0x200000).sort(full));
    i = j;
  }
  return result.slice(0, want);
}

/**
 * The rank digests (8 words each, HMAC(drawKey, `tenant|<stratum>|<uscc>`)) of members[from..to):
 * what drawSelection hashes, so that parts of a stratum can be hashed elsewhere (a worker thread).
 */
export function rankDigests(key: Uint8Array, stratum: string, members: readonly string[], from = 0, to = members.length): Int32Array {
  const mac = new HmacSha256(key);
  const prefix = utf8(`tenant|${stratum}|`);
  const out = new Int32Array((to - from) * 8);
  if (x4Available() && prefix.length <= 55) return rankDigestsX4(mac, prefix, members, from, to, out);
  const hasher = mac.prefixed(prefix);
  for (let i = from; i < to; i++) hasher.digestStringInto(members[i], out, (i - from) * 8);
  return out;
}

/** One 64-byte block, written byte by byte and read as 16 big-endian words. */
class Block {
  readonly bytes = new Uint8Array(64);
  private readonly view = new DataView(this.bytes.buffer);
  word(j: number): number {
    return this.view.getInt32(4 * j);
  }
}

/** rankDigests four lanes at a time; a member that is not ASCII or does not fit one block takes the scalar path. */
function rankDigestsX4(mac: HmacSha256, prefix: Uint8Array, members: readonly string[], from: number, to: number, out: Int32Array): Int32Array {
  const x4 = new HmacSha256x4(mac.innerChain, mac.outerChain);
  const hasher = mac.prefixed(prefix);
  const block = new Block();
  block.bytes.set(prefix);
  const p = prefix.length;
  const slots = new Int32Array(X4_CAPACITY);
  let n = 0;
  const flush = () => {
    x4.run(n);
    const o = x4.output;
    for (let m = 0; m < n; m++) {
      const at = ((m >> 2) << 5) + (m & 3);
      const slot = slots[m];
      for (let j = 0; j < 8; j++) out[slot + j] = o[at + (j << 2)];
    }
    n = 0;
  };
  for (let i = from; i < to; i++) {
    const member = members[i];
    const length = p + member.length;
    let ascii = length <= 55;
    for (let c = 0; ascii && c < member.length; c++) {
      const code = member.charCodeAt(c);
      if (code > 0x7f) ascii = false;
      else block.bytes[p + c] = code;
    }
    if (!ascii) {
      hasher.digestStringInto(member, out, (i - from) * 8);
      continue;
    }
    const bytes = block.bytes;
    bytes[length] = 0x80;
    bytes.fill(0, length + 1, 62);
    const bits = (64 + length) * 8;
    bytes[62] = bits >>> 8;
    bytes[63] = bits & 0xff;
    const input = x4.input;
    for (let j = 0; j < 16; j++) input[blockIndex(n, j)] = block.word(j);
    slots[n++] = (i - from) * 8;
    if (n === X4_CAPACITY) flush();
  }
  if (n) flush();
  return out;
}

/**
 * The random selection: per stratum the ⌈ratio × N⌉ members with the smallest rank; tasks are the
 * targeted tenants (ascending USCC, stratum 'T', no rank) then each stratum's selected, in bundle
 * order, by rank. `digests[i]`, when given, are stratum i's rankDigests computed beforehand.
 */
export function drawSelection(
  frame: DrawFrame, key: Uint8Array, digests?: readonly (Int32Array | undefined)[],
): { selected: DrawSelected[]; tasks: DrawTask[] } {
  const selected: DrawSelected[] = [];
  frame.strata.forEach((stratum, s) => {
    const n = stratum.members.length;
    const take = sampleSize(n, stratum.ratioBp);
    if (take === 0) return;
    const given = digests?.[s];
    const ranks = given && given.length === n * 8 ? given : rankDigests(key, stratum.code, stratum.members);
    for (const i of smallestRanks(ranks, stratum.members, take)) {
      selected.push({ uscc: stratum.members[i], stratum: stratum.code, rank: digestHex(ranks, i * 8) });
    }
  });
  const tasks: DrawTask[] = [
    ...ascending(frame.targeted.map((t) => t.uscc)).map((uscc) => ({ uscc, stratum: TARGETED_STRATUM, rank: null })),
    ...selected.map((s) => ({ ...s })),
  ];
  return { selected, tasks };
}

/**
 * The first 32-bit word (unsigned) of HMAC(drawKey, `inspector|<uscc>|<code>`) for usccs[from..to) ×
 * every code whose `wanted` flag is set (0 elsewhere), row-major by task: what assignInspectors orders
 * inspectors by (a tie of first words is settled there on the whole digest), so that parts of the
 * tasks can be hashed elsewhere (a worker thread).
 */
export function inspectorWords(
  key: Uint8Array, usccs: readonly string[], codes: readonly string[], wanted: Uint8Array, from = 0, to = usccs.length,
): Uint32Array {
  const mac = new HmacSha256(key);
  const p = codes.length;
  const out = new Uint32Array((to - from) * p);
  const digest = new Int32Array(8);
  const layouts = new Map<number, SuffixBlocks>();
  const x4 = x4Available() ? new HmacSha256x4(mac.innerChain, mac.outerChain) : null;
  // Four lanes: the wanted codes that fit one block after this prefix length are the module's
  // suffixes (`lanes`, in lane order); the others (`rest`) take the scalar path.
  let laidFor = -1;
  let lanes: number[] = [];
  let rest: number[] = [];
  const pending: number[] = [];
  const flush = () => {
    if (!x4 || !pending.length) return;
    x4.words(pending.length);
    pending.forEach((t, k) => {
      const base = (t - from) * p;
      for (let s = 0; s < lanes.length; s++) out[base + lanes[s]] = x4.firstWord(k, s);
    });
    pending.length = 0;
  };
  const block = new Block();
  // The scalar path's codes for a task whose prefix does not fit the four-lane layout (or without SIMD).
  const everyWanted = Array.from({ length: p }, (_, i) => i).filter((i) => wanted[i]);
  for (let t = from; t < to; t++) {
    const prefix = utf8(`inspector|${usccs[t]}|`);
    let blocks = layouts.get(prefix.length);
    if (!blocks) layouts.set(prefix.length, (blocks = new SuffixBlocks(prefix.length, codes)));
    const base = (t - from) * p;
    let scalar: readonly number[] = rest;
    if (x4 && prefix.length <= 55) {
      if (prefix.length !== laidFor) {
        flush();
        const fitting: number[] = [];
        rest = [];
        for (let i = 0; i < p; i++) if (wanted[i]) (blocks.fits[i] && fitting.length < 4 * X4_MAX_SUFFIX_GROUPS ? fitting : rest).push(i);
        lanes = fitting;
        const suffixWords = new Int32Array(lanes.length * 16);
        lanes.forEach((i, s) => suffixWords.set((blocks as SuffixBlocks).words.subarray(i * 16, i * 16 + 16), s * 16));
        x4.setSuffixes(suffixWords, lanes.length);
        laidFor = prefix.length;
        scalar = rest;
      }
      block.bytes.fill(0);
      block.bytes.set(prefix);
      const at = pending.length * 16;
      for (let j = 0; j < 16; j++) x4.prefixes[at + j] = block.word(j);
      pending.push(t);
      if (pending.length === x4.prefixCapacity) flush();
    } else {
      scalar = everyWanted;
    }
    if (!scalar.length) continue;
    const hasher = mac.prefixed(prefix);
    for (const i of scalar) {
      hasher.digestSuffixInto(blocks, i, digest, 0);
      out[base + i] = digest[0] >>> 0;
    }
  }
  flush();
  return out;
}

/** Which pool entries belong to one of the departments (the only ones the assignment hashes). */
export function participating(departments: readonly DrawDepartment[], pool: readonly DrawPoolInspector[]): Uint8Array {
  const codes = new Set(departments.map((d) => d.code));
  return Uint8Array.from(pool, (inspector) => (codes.has(inspector.department) ? 1 : 0));
}

/**
 * Inspectors per task: for each department in bundle order, with k = its inspectorsPerTask and P its
 * pool, cap = ⌈k × tasks / |P|⌉; per task in order the eligible inspectors (not excluded for the
 * USCC, below the cap) ordered by HMAC(drawKey, `inspector|<uscc>|<code>`), ties by code; the first k
 * are assigned. A task short of k for a department keeps what there is and is flagged.
 * `words`, when given, is inspectorWords(key, tasks' USCCs, pool codes, participating(…)) computed
 * beforehand (or here, four lanes at a time, where WebAssembly SIMD runs): the order is then decided
 * on first words, and only a tie hashes the whole digests.
 */
export function assignInspectors(
  tasks: readonly Pick<DrawTask, 'uscc'>[],
  departments: readonly DrawDepartment[],
  pool: readonly DrawPoolInspector[],
  key: Uint8Array,
  words?: Uint32Array,
): { assignments: DrawAssignment[]; flagged: DrawFlagged[] } {
  const mac = new HmacSha256(key);
  const taskCount = tasks.length;
  const p = pool.length;
  // Without first words given, they are computed here four lanes at a time where that runs.
  const computed = !(words && words.length === taskCount * p) && x4Available() ? inspectorWords(key, tasks.map((t) => t.uscc), pool.map((i) => i.code), participating(departments, pool)) : undefined;
  const given = words && words.length === taskCount * p ? words : computed;
  const excludedFor = new Map<string, Set<number>>();
  pool.forEach((inspector, index) => {
    for (const e of inspector.excluded) {
      let set = excludedFor.get(e.uscc);
      if (!set) excludedFor.set(e.uscc, (set = new Set()));
      set.add(index);
    }
  });
  const groups = departments.map((d) => {
    const members = pool.flatMap((inspector, index) => (inspector.department === d.code ? [index] : []));
    const k = d.inspectorsPerTask;
    const cap = members.length === 0 ? 0 : Math.floor((k * taskCount + members.length - 1) / members.length);
    return { code: d.code, k, members, cap, load: new Int32Array(members.length) };
  });
  const digests = new Int32Array(8 * Math.max(1, p));
  // With first words given, a whole digest is hashed only on a tie, at most once per task (stamped with it).
  const hashedAt = new Int32Array(Math.max(1, p)).fill(-1);
  const codes = pool.map((inspector) => inspector.code);
  // The codes laid out in the message block once per prefix length (USCCs all have 18 characters).
  const layouts = new Map<number, SuffixBlocks>();
  const assignments: DrawAssignment[] = new Array(taskCount);
  const flagged: DrawFlagged[] = [];
  const picked: number[] = [];
  for (let t = 0; t < taskCount; t++) {
    const uscc = tasks[t].uscc;
    let hasher: PrefixedHmac | null = null;
    let blocks: SuffixBlocks | undefined;
    const digest = (index: number) => {
      if (hashedAt[index] === t) return;
      if (!hasher) {
        const prefix = utf8(`inspector|${uscc}|`);
        hasher = mac.prefixed(prefix);
        blocks = layouts.get(prefix.length);
        if (!blocks) layouts.set(prefix.length, (blocks = new SuffixBlocks(prefix.length, codes)));
      }
      hasher.digestSuffixInto(blocks as SuffixBlocks, index, digests, index * 8);
      hashedAt[index] = t;
    };
    const base = t * p;
    const excluded = excludedFor.get(uscc);
    const inspectors: string[] = [];
    for (const g of groups) {
      picked.length = 0;
      for (let j = 0; j < g.members.length; j++) {
        const index = g.members[j];
        if (g.load[j] >= g.cap || excluded?.has(index)) continue;
        if (!given) digest(index);
        // Keep the k best so far, in order (k is small).
        let at = picked.length;
        while (at > 0) {
          const other = g.members[picked[at - 1]];
          let c: number;
          if (given && given[base + index] !== given[base + other]) c = given[base + index] < given[base + other] ? -1 : 1;
          else {
            if (given) {
              digest(index);
              digest(other);
            }
            c = compareDigests(digests, index * 8, digests, other * 8) || compareStrings(codes[index], codes[other]);
          }
          if (c >= 0) break;
          at--;
        }
        if (at < g.k) {
          picked.splice(at, 0, j);
          if (picked.length > g.k) picked.length = g.k;
        }
      }
      for (const j of picked) {
        g.load[j]++;
        inspectors.push(codes[g.members[j]]);
      }
      if (picked.length < g.k) flagged.push({ uscc, department: g.code, wanted: g.k, got: picked.length });
    }
    assignments[t] = { uscc, inspectors };
  }
  return { assignments, flagged };
}

export interface DrawVerification {
  ok: boolean;
  problems: string[];
  /** What was recomputed, when the bundle was well formed: selected members and tasks. */
  selected?: number;
  tasks?: number;
  drawId?: number;
}

const MAX_PROBLEMS = 200;

class Problems {
  readonly lines: string[] = [];
  private more = 0;
  add(line: string): void {
    if (this.lines.length < MAX_PROBLEMS) this.lines.push(line);
    else this.more++;
  }
  get count(): number {
    return this.lines.length + this.more;
  }
  list(): string[] {
    return this.more ? [...this.lines, `… and ${this.more} more problems`] : this.lines;
  }
}

/** Printable ASCII without white space or `|` (the message separator): a USCC as the frame carries it. */
const USCC_SHAPE = /^[!-{}~]{1,64}$/;
/** A stratum or department code: no tab, newline or `|`, which would make the frame text or messages ambiguous. */
const CODE_SHAPE = /^[^\t\n\r|]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function list(values: readonly string[]): string {
  return `[${values.join(',')}]`;
}

/** Checks the bundle's shape and the frame's partition; the problems, or none when it can be recomputed. */
function shapeProblems(b: unknown, problems: Problems): b is DrawBundle {
  if (!isRecord(b)) {
    problems.add('bundle: expected a JSON object');
    return false;
  }
  const start = problems.count;
  if (b.format !== DRAW_FORMAT) problems.add(`format: expected "${DRAW_FORMAT}" got ${show(b.format)}`);
  for (const field of ['drawId', 'programmeId'] as const) {
    if (!Number.isSafeInteger(b[field]) || (b[field] as number) < 1) problems.add(`${field}: expected a positive whole number got ${show(b[field])}`);
  }
  for (const field of ['frameHash', 'seedCommitment', 'seed'] as const) {
    if (typeof b[field] !== 'string' || !HEX64.test(b[field] as string)) problems.add(`${field}: expected 64 lowercase hex characters got ${show(b[field])}`);
  }
  for (const field of ['publicEntropy', 'committedAt', 'drawnAt'] as const) {
    if (typeof b[field] !== 'string') problems.add(`${field}: expected a string got ${show(b[field])}`);
  }

  const listed = (value: unknown, path: string): value is DrawListed[] => {
    if (!Array.isArray(value)) {
      problems.add(`${path}: expected a list`);
      return false;
    }
    let ok = true;
    value.forEach((e, i) => {
      if (!isRecord(e) || typeof e.uscc !== 'string' || !USCC_SHAPE.test(e.uscc) || typeof e.reason !== 'string') {
        problems.add(`${path}[${i}]: expected { uscc, reason } got ${show(e)}`);
        ok = false;
      }
    });
    return ok;
  };

  // Departments: k ≥ 1 each, sum ≥ 2, unique codes.
  if (!Array.isArray(b.departments) || b.departments.length === 0) {
    problems.add('departments: expected a non-empty list');
  } else {
    const codes = new Set<string>();
    let sum = 0;
    let wellFormed = true;
    b.departments.forEach((d: unknown, i: number) => {
      if (!isRecord(d) || typeof d.code !== 'string' || !CODE_SHAPE.test(d.code)) {
        problems.add(`departments[${i}]: expected { code, inspectorsPerTask } got ${show(d)}`);
        wellFormed = false;
        return;
      }
      if (codes.has(d.code)) problems.add(`departments: ${d.code} listed twice`);
      codes.add(d.code);
      if (!Number.isSafeInteger(d.inspectorsPerTask) || (d.inspectorsPerTask as number) < 1 || (d.inspectorsPerTask as number) > 1000) {
        problems.add(`departments[${i}].inspectorsPerTask: expected a whole number ≥ 1 got ${show(d.inspectorsPerTask)}`);
        wellFormed = false;
      } else {
        sum += d.inspectorsPerTask as number;
      }
    });
    if (wellFormed && sum < 2) problems.add(`departments: at least 2 inspectors per task in all, got ${sum}`);
  }

  // Frame: strata, targeted and excluded partition the tenants they name.
  const frame = b.frame;
  if (!isRecord(frame)) {
    problems.add('frame: expected { strata, targeted, excluded }');
  } else {
    // Where each tenant is. Bundles list each stratum strictly ascending: then the strata are merged
    // and the few targeted and excluded looked up by binary search, without a map of every member.
    const where = new Map<string, string>();
    const sortedStrata: { here: string; members: string[] }[] = [];
    let merged = true;
    if (!Array.isArray(frame.strata)) {
      problems.add('frame.strata: expected a list');
    } else {
      const codes = new Set<string>();
      frame.strata.forEach((s: unknown, i: number) => {
        if (!isRecord(s) || typeof s.code !== 'string' || !CODE_SHAPE.test(s.code) || s.code === TARGETED_STRATUM || !Array.isArray(s.members)) {
          problems.add(`frame.strata[${i}]: expected { code (not "T"), ratioBp, members } got ${show(isRecord(s) ? { code: s.code, ratioBp: s.ratioBp } : s)}`);
          return;
        }
        if (codes.has(s.code)) problems.add(`frame.strata: stratum ${s.code} listed twice`);
        codes.add(s.code);
        if (!Number.isInteger(s.ratioBp) || (s.ratioBp as number) < 0 || (s.ratioBp as number) > 10000) {
          problems.add(`frame.strata[${i}].ratioBp: expected 0–10000 got ${show(s.ratioBp)}`);
        }
        const members = s.members as unknown[];
        let clean = true;
        for (let j = 0; j < members.length && clean; j++) {
          const m = members[j];
          clean = typeof m === 'string' && USCC_SHAPE.test(m) && (j === 0 || (members[j - 1] as string) < m);
        }
        if (clean) sortedStrata.push({ here: `stratum ${s.code}`, members: members as string[] });
        else merged = false;
      });
      if (!merged) {
        // Some stratum is unsorted, repeats a member or holds something else: member by member, with a map.
        sortedStrata.length = 0;
        frame.strata.forEach((s: unknown, i: number) => {
          if (!isRecord(s) || typeof s.code !== 'string' || !CODE_SHAPE.test(s.code) || s.code === TARGETED_STRATUM || !Array.isArray(s.members)) return;
          const here = `stratum ${s.code}`;
          (s.members as unknown[]).forEach((m, j) => {
            if (typeof m !== 'string' || !USCC_SHAPE.test(m)) {
              problems.add(`frame.strata[${i}].members[${j}]: expected a USCC got ${show(m)}`);
              return;
            }
            const before = where.get(m);
            if (before) problems.add(`frame: member ${m} is in ${before} and in ${here}`);
            else where.set(m, here);
          });
        });
      } else {
        // A k-way merge: a member in two strata meets itself (the earlier stratum in bundle order first).
        const at = sortedStrata.map(() => 0);
        let last: string | null = null;
        let lastHere = '';
        for (;;) {
          let pick = -1;
          for (let k = 0; k < sortedStrata.length; k++) {
            if (at[k] < sortedStrata[k].members.length && (pick < 0 || sortedStrata[k].members[at[k]] < sortedStrata[pick].members[at[pick]])) pick = k;
          }
          if (pick < 0) break;
          const m = sortedStrata[pick].members[at[pick]++];
          if (m === last) problems.add(`frame: member ${m} is in ${lastHere} and in ${sortedStrata[pick].here}`);
          else {
            last = m;
            lastHere = sortedStrata[pick].here;
          }
        }
      }
    }
    /** The first stratum (bundle order) holding the USCC, else what the targeted or excluded list said. */
    const whereIs = (uscc: string): string | undefined => {
      if (!merged) return where.get(uscc);
      for (const s of sortedStrata) {
        let lo = 0;
        let hi = s.members.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const m = s.members[mid];
          if (m === uscc) return s.here;
          if (m < uscc) lo = mid + 1;
          else hi = mid - 1;
        }
      }
      return where.get(uscc);
    };
    if (listed(frame.targeted, 'frame.targeted')) {
      for (const t of frame.targeted) {
        const before = whereIs(t.uscc);
        if (before) problems.add(`frame: member ${t.uscc} is in ${before} and targeted`);
        else where.set(t.uscc, 'targeted');
      }
    }
    if (listed(frame.excluded, 'frame.excluded')) {
      const excluded = new Set<string>();
      for (const e of frame.excluded) {
        const before = whereIs(e.uscc);
        if (before) problems.add(`frame: member ${e.uscc} is in ${before} and excluded`);
        else if (excluded.has(e.uscc)) problems.add(`frame: member ${e.uscc} excluded twice`);
        excluded.add(e.uscc);
      }
    }
  }

  if (!Array.isArray(b.selected)) {
    problems.add('selected: expected a list');
  } else {
    b.selected.forEach((s: unknown, i: number) => {
      if (!isRecord(s) || typeof s.uscc !== 'string' || typeof s.stratum !== 'string' || typeof s.rank !== 'string') {
        problems.add(`selected[${i}]: expected { uscc, stratum, rank } got ${show(s)}`);
      }
    });
  }

  if (!Array.isArray(b.inspectorPool)) {
    problems.add('inspectorPool: expected a list');
  } else {
    const codes = new Set<string>();
    b.inspectorPool.forEach((p: unknown, i: number) => {
      if (!isRecord(p) || typeof p.code !== 'string' || p.code.length === 0 || p.code.length > 200 || typeof p.department !== 'string') {
        problems.add(`inspectorPool[${i}]: expected { code, department, excluded } got ${show(p)}`);
        return;
      }
      if (codes.has(p.code)) problems.add(`inspectorPool: inspector code ${p.code} listed twice`);
      codes.add(p.code);
      listed(p.excluded, `inspectorPool[${i}].excluded`);
    });
  }

  if (!Array.isArray(b.assignments)) {
    problems.add('assignments: expected a list');
  } else {
    b.assignments.forEach((a: unknown, i: number) => {
      if (!isRecord(a) || typeof a.uscc !== 'string' || !Array.isArray(a.inspectors) || !a.inspectors.every((c) => typeof c === 'string')) {
        problems.add(`assignments[${i}]: expected { uscc, inspectors: [code…] } got ${show(a)}`);
      }
    });
  }
  return problems.count === start;
}

/** A well-formed bundle whose frame hash and commitment were checked: what is left is the recomputation. */
export interface VerificationPlan {
  bundle: DrawBundle;
  key: Buffer;
  /** @internal the problems found so far. */
  readonly problems: { add(line: string): void; readonly count: number; list(): string[] };
}

/**
 * The first half of verifyBundle: the bundle's shape and partition, the frame hash, the seed
 * commitment and the times; a verdict when the bundle cannot be recomputed, else the plan to finish.
 */
export function prepareVerification(bundle: unknown): { verdict: DrawVerification } | { plan: VerificationPlan } {
  const problems = new Problems();
  if (!shapeProblems(bundle, problems)) return { verdict: { ok: false, problems: problems.list() } };
  const b = bundle;

  const hash = frameHash(b.frame);
  if (hash !== b.frameHash) problems.add(`frameHash: expected ${hash} got ${b.frameHash}`);
  const commitment = seedCommitment(b.seed);
  if (commitment !== b.seedCommitment) problems.add(`seedCommitment: expected ${commitment} (SHA-256 of the seed's bytes) got ${b.seedCommitment}`);
  const committed = Date.parse(b.committedAt);
  const drawn = Date.parse(b.drawnAt);
  if (!Number.isNaN(committed) && !Number.isNaN(drawn) && committed > drawn) {
    problems.add(`committedAt: the commitment (${b.committedAt}) is later than the draw (${b.drawnAt})`);
  }
  return { plan: { bundle: b, key: drawKey(b.seed, b.publicEntropy), problems } };
}

/**
 * The second half: the selection and the assignment recomputed and compared with the bundle's.
 * `expected` (drawSelection of the plan's frame and key) and `words` (inspectorWords of its tasks),
 * when given, were computed beforehand, e.g. shared out over worker threads.
 */
export function finishVerification(
  plan: VerificationPlan, expected = drawSelection(plan.bundle.frame, plan.key), words?: Uint32Array,
): DrawVerification {
  const { bundle: b, key, problems } = plan;
  const want = new Map<string, DrawSelected>();
  for (const s of expected.selected) want.set(s.uscc, s);
  const seen = new Set<string>();
  for (const s of b.selected) {
    if (seen.has(s.uscc)) {
      problems.add(`selected: member ${s.uscc} listed twice`);
      continue;
    }
    seen.add(s.uscc);
    const e = want.get(s.uscc);
    if (!e) problems.add(`selected: member ${s.uscc} not expected`);
    else if (e.stratum !== s.stratum || e.rank !== s.rank) {
      problems.add(`selected ${s.uscc}: expected stratum ${e.stratum} rank ${e.rank} got stratum ${s.stratum} rank ${s.rank}`);
    }
  }
  for (const e of expected.selected) {
    if (!seen.has(e.uscc)) problems.add(`selected: expected member ${e.uscc} (stratum ${e.stratum}) missing`);
  }

  const { assignments } = assignInspectors(expected.tasks, b.departments, b.inspectorPool, key, words);
  const given = new Map<string, string[]>();
  for (const a of b.assignments) {
    if (given.has(a.uscc)) problems.add(`assignment of ${a.uscc}: listed twice`);
    else given.set(a.uscc, a.inspectors);
  }
  let matched = 0;
  for (const a of assignments) {
    const got = given.get(a.uscc);
    if (!got) {
      problems.add(`assignment of ${a.uscc}: missing (expected ${list(a.inspectors)})`);
      continue;
    }
    matched++;
    let same = got.length === a.inspectors.length;
    for (let i = 0; same && i < got.length; i++) same = got[i] === a.inspectors[i];
    if (!same) problems.add(`assignment of ${a.uscc}: expected ${list(a.inspectors)} got ${list(got)}`);
  }
  // Every listed assignment is a task unless some were not matched (tasks have unique USCCs).
  if (matched !== given.size) {
    const tasks = new Set(assignments.map((a) => a.uscc));
    for (const uscc of given.keys()) {
      if (!tasks.has(uscc)) problems.add(`assignment of ${uscc}: not a task of this draw`);
    }
  }

  return { ok: problems.count === 0, problems: problems.list(), selected: expected.selected.length, tasks: expected.tasks.length, drawId: b.drawId };
}

/**
 * Recomputes a draw from its bundle alone (untrusted JSON): the frame hash, the seed commitment, the
 * selection and the assignment; each mismatch is one plain sentence.
 */
export function verifyBundle(bundle: unknown): DrawVerification {
  const prepared = prepareVerification(bundle);
  return 'verdict' in prepared ? prepared.verdict : finishVerification(prepared.plan);
}
