/**
 * HMAC-SHA256 of four one-block messages at once, in WebAssembly SIMD (one message per 32-bit lane of
 * a 128-bit vector): the draw's hot loop (tasks × inspectors HMACs, then 200,000 rank digests) at
 * about a third of the scalar cost per HMAC (hmac-sha256.ts, which stays the reference and the
 * fallback where WebAssembly SIMD is missing). Pure: the round constants come from there.
 *
 * No binary is kept in the repository: the module's bytes are emitted here at load time, one
 * instruction at a time, from the same round structure as the scalar code (names rotated instead of
 * values moved, the message schedule in a 16-word window). The caller lays out the messages' padded
 * blocks (16 words each, big-endian words as numbers) and the chaining values after the key's inner
 * and outer pads; `run` computes the inner compression of each block from the inner chain, then the
 * outer compression of the inner digest from the outer chain, and writes the 8 digest words.
 * Cross-checked against node:crypto and the scalar code in hmac-sha256x4.spec.ts.
 */
import { K } from './hmac-sha256.js';

/** The part of the WebAssembly global this file uses (the project's TypeScript libs do not declare it). */
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmMemory {
  buffer: ArrayBuffer;
}
type WasmModule = object;
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
};


/** Messages one call of `run` takes at most (a multiple of 4). */
export const X4_CAPACITY = 8192;
/** Byte offsets in the module's memory: the two chains (8 splatted words each), the blocks, the digests. */
const INNER_AT = 0;
const OUTER_AT = 128;
const INPUT_AT = 256;
const OUTPUT_AT = INPUT_AT + X4_CAPACITY * 64;
const PAGES = Math.ceil((OUTPUT_AT + X4_CAPACITY * 32) / 65536);
/** `words` reuses the input area: the suffixes' groups first, then the tasks' prefixes. */
export const X4_MAX_SUFFIX_GROUPS = 256;
const SUFFIX_AT = INPUT_AT;
const PREFIX_AT = SUFFIX_AT + X4_MAX_SUFFIX_GROUPS * 256;
const MAX_PREFIXES = (OUTPUT_AT - PREFIX_AT) / 64;

// ---- a tiny WebAssembly emitter: just what the module needs ----

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const SIMD = 0xfd;
/** An instruction's bytes by its arguments, made once: the rounds repeat a few dozen distinct ones thousands of times. */
function cached<A extends number>(make: (arg: A) => number[]): (arg: A) => number[] {
  const made = new Map<A, number[]>();
  return (arg) => {
    let bytes = made.get(arg);
    if (!bytes) made.set(arg, (bytes = make(arg)));
    return bytes;
  };
}
const op = {
  get: cached((i: number) => [0x20, ...uleb(i)]),
  set: cached((i: number) => [0x21, ...uleb(i)]),
  i32: cached((n: number) => [0x41, ...sleb(n | 0)]),
  i32add: [0x6a],
  i32ltu: [0x49],
  load: cached((offset: number) => [SIMD, 0x00, 4, ...uleb(offset)]),
  loadSplat: cached((offset: number) => [SIMD, 0x09, 2, ...uleb(offset)]),
  store: cached((offset: number) => [SIMD, 0x0b, 4, ...uleb(offset)]),
  splat: cached((n: number) => {
    const bytes: number[] = [];
    for (let l = 0; l < 4; l++) bytes.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
    return [SIMD, 0x0c, ...bytes];
  }),
  add: [SIMD, ...uleb(0xae)],
  shl: [SIMD, ...uleb(0xab)],
  shru: [SIMD, ...uleb(0xad)],
  and: [SIMD, ...uleb(0x4e)],
  or: [SIMD, ...uleb(0x50)],
  xor: [SIMD, ...uleb(0x51)],
  bitselect: [SIMD, ...uleb(0x52)],
};

/**
 * One function's body. Both functions hash four blocks in W0..W15 with the same code: the inner
 * compression from the inner chain, the outer one over its digest, the digest left in a..h.
 */
class Body {
  readonly code: number[] = [];
  /** v128 locals: a..h, w0..w15, t1, t2, after `firstV128` i32 locals (parameters included). */
  readonly V: number;
  readonly W0: number;
  private readonly T1: number;
  private readonly T2: number;

  constructor(readonly params: number, readonly i32Locals: number) {
    this.V = params + i32Locals;
    this.W0 = this.V + 8;
    this.T1 = this.W0 + 16;
    this.T2 = this.T1 + 1;
  }

  emit(...parts: number[][]): void {
    const code = this.code;
    for (const p of parts) for (let k = 0; k < p.length; k++) code.push(p[k]);
  }

  private rotr(x: number, n: number): void {
    this.emit(op.get(x), op.i32(n), op.shru, op.get(x), op.i32(32 - n), op.shl, op.or);
  }

  private bigSigma(x: number, r: [number, number, number]): void {
    this.rotr(x, r[0]); this.rotr(x, r[1]); this.emit(op.xor); this.rotr(x, r[2]); this.emit(op.xor);
  }

  private smallSigma(x: number, r: [number, number], s: number): void {
    this.rotr(x, r[0]); this.rotr(x, r[1]); this.emit(op.xor, op.get(x), op.i32(s), op.shru, op.xor);
  }

  /** 64 rounds over w0..w15 from the chaining value at `chainAt` (memory); chain + state into a..h. */
  private compression(chainAt: number): void {
    const { V, W0, T1, T2 } = this;
    for (let i = 0; i < 8; i++) this.emit(op.i32(0), op.load(chainAt + 16 * i), op.set(V + i));
    // names[k] is the local that holds the k-th working variable (a..h) before the current round.
    let names = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => V + i);
    for (let r = 0; r < 64; r++) {
      const w = W0 + (r & 15);
      if (r >= 16) {
        // w[r] = σ1(w[r-2]) + w[r-7] + σ0(w[r-15]) + w[r-16]
        this.smallSigma(W0 + ((r - 2) & 15), [17, 19], 10);
        this.emit(op.get(W0 + ((r - 7) & 15)), op.add);
        this.smallSigma(W0 + ((r - 15) & 15), [7, 18], 3);
        this.emit(op.add, op.get(w), op.add, op.set(w));
      }
      const [a, b, c, d, e, f, g, h] = names;
      // t1 = h + Σ1(e) + Ch(e, f, g) + K[r] + w[r]
      this.emit(op.get(h));
      this.bigSigma(e, [6, 11, 25]);
      this.emit(op.add, op.get(f), op.get(g), op.get(e), op.bitselect, op.add, op.splat(K[r]), op.add, op.get(w), op.add, op.set(T1));
      // t2 = Σ0(a) + Maj(a, b, c): Maj = bitselect(c, a, a ^ b)
      this.bigSigma(a, [2, 13, 22]);
      this.emit(op.get(c), op.get(a), op.get(a), op.get(b), op.xor, op.bitselect, op.add, op.set(T2));
      this.emit(op.get(d), op.get(T1), op.add, op.set(d));
      this.emit(op.get(T1), op.get(T2), op.add, op.set(h));
      // The new a is h's local, the new e is d's: rotate the names.
      names = [h, a, b, c, d, e, f, g];
    }
    // After 64 rounds the names are back in place (64 is a multiple of 8): add the chaining value.
    for (let i = 0; i < 8; i++) this.emit(op.get(names[i]), op.i32(0), op.load(chainAt + 16 * i), op.add, op.set(names[i]));
  }

  /** HMAC of the blocks in w0..w15: digest words in a..h. */
  hmac(): void {
    const { V, W0 } = this;
    this.compression(INNER_AT);
    // The outer block: the inner digest, then 0x80000000, zeros and the length 768 bits ((64 + 32) × 8).
    for (let j = 0; j < 8; j++) this.emit(op.get(V + j), op.set(W0 + j));
    this.emit(op.splat(0x80000000), op.set(W0 + 8));
    for (let j = 9; j < 15; j++) this.emit(op.splat(0), op.set(W0 + j));
    this.emit(op.splat(768), op.set(W0 + 15));
    this.compression(OUTER_AT);
  }

  /** The body with its size and local declarations, as the code section lists it. */
  bytes(): Uint8Array {
    const locals = vec([[...uleb(this.i32Locals), 0x7f], [...uleb(8 + 16 + 2), 0x7b]]);
    const size = uleb(locals.length + this.code.length + 1);
    const out = new Uint8Array(size.length + locals.length + this.code.length + 1);
    out.set(size);
    out.set(locals, size.length);
    out.set(this.code, size.length + locals.length);
    out[out.length - 1] = 0x0b;
    return out;
  }
}

const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const brIf = (depth: number) => [0x0d, depth];
const br = (depth: number) => [0x0c, depth];

/**
 * The module's bytes:
 * - `run(groups)`: groups of four blocks at INPUT_AT (word j of lane l at 16j + 4l of the group's 256
 *   bytes) → their digests at OUTPUT_AT (128 bytes a group);
 * - `words(tasks, groups)`: for each task (16 prefix words at PREFIX_AT + 64 × task) and each group of
 *   four suffixes (16 words × 4 lanes at SUFFIX_AT + 256 × group), the blocks prefix | suffix → the
 *   digests' first words, 16 bytes per task and group at OUTPUT_AT, task-major;
 * - the memory.
 */
function moduleBytes(): Uint8Array {
  // run: 0 groups (param); 1 in, 2 out, 3 end.
  const run = new Body(1, 3);
  {
    const [IN, OUT, LAST] = [1, 2, 3];
    run.emit(op.i32(INPUT_AT), op.set(IN), op.i32(OUTPUT_AT), op.set(OUT));
    run.emit(op.get(0), op.i32(256), [0x6c], op.i32(INPUT_AT), op.i32add, op.set(LAST));
    run.emit(BLOCK, LOOP, op.get(IN), op.get(LAST), op.i32ltu, [0x45], brIf(1));
    for (let j = 0; j < 16; j++) run.emit(op.get(IN), op.load(16 * j), op.set(run.W0 + j));
    run.hmac();
    for (let j = 0; j < 8; j++) run.emit(op.get(OUT), op.get(run.V + j), op.store(16 * j));
    run.emit(op.get(IN), op.i32(256), op.i32add, op.set(IN), op.get(OUT), op.i32(128), op.i32add, op.set(OUT));
    run.emit(br(0), END, END);
  }
  // words: 0 tasks, 1 groups (params); 2 pre, 3 preEnd, 4 suf, 5 sufEnd, 6 out.
  const words = new Body(2, 5);
  {
    const [PRE, PRE_END, SUF, SUF_END, OUT] = [2, 3, 4, 5, 6];
    words.emit(op.i32(PREFIX_AT), op.set(PRE), op.get(0), op.i32(64), [0x6c], op.i32(PREFIX_AT), op.i32add, op.set(PRE_END));
    words.emit(op.get(1), op.i32(256), [0x6c], op.i32(SUFFIX_AT), op.i32add, op.set(SUF_END), op.i32(OUTPUT_AT), op.set(OUT));
    words.emit(BLOCK, LOOP, op.get(PRE), op.get(PRE_END), op.i32ltu, [0x45], brIf(1));
    words.emit(op.i32(SUFFIX_AT), op.set(SUF));
    words.emit(BLOCK, LOOP, op.get(SUF), op.get(SUF_END), op.i32ltu, [0x45], brIf(1));
    for (let j = 0; j < 16; j++) words.emit(op.get(PRE), op.loadSplat(4 * j), op.get(SUF), op.load(16 * j), op.or, op.set(words.W0 + j));
    words.hmac();
    words.emit(op.get(OUT), op.get(words.V), op.store(0));
    words.emit(op.get(OUT), op.i32(16), op.i32add, op.set(OUT), op.get(SUF), op.i32(256), op.i32add, op.set(SUF));
    words.emit(br(0), END, END);
    words.emit(op.get(PRE), op.i32(64), op.i32add, op.set(PRE));
    words.emit(br(0), END, END);
  }
  const bodies = [run.bytes(), words.bytes()];
  const codeLength = 1 + bodies[0].length + bodies[1].length;
  const head = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[0x7f]]), ...vec([])], [0x60, ...vec([[0x7f], [0x7f]]), ...vec([])]])),
    ...section(3, vec([[0], [1]])),
    ...section(5, vec([[0x00, ...uleb(PAGES)]])),
    ...section(7, vec([[...name('run'), 0x00, 0], [...name('words'), 0x00, 1], [...name('memory'), 0x02, 0]])),
    10, ...uleb(codeLength), 2,
  ];
  const out = new Uint8Array(head.length + codeLength - 1);
  out.set(head);
  out.set(bodies[0], head.length);
  out.set(bodies[1], head.length + bodies[0].length);
  return out;
}

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is missing (compiled once per thread). */
function compiledModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      const bytes = moduleBytes();
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the four-lane HMAC runs here. */
export function x4Available(): boolean {
  return compiledModule() !== null;
}

/**
 * Four-lane HMAC-SHA256 under one key (given as its pads' chaining values). Fill `input` with blocks
 * (message m's word j at blockIndex(m, j)), call run(n), read digest word j of message m at
 * digestIndex(m, j) of `output`.
 */
export class HmacSha256x4 {
  readonly input: Int32Array;
  readonly output: Int32Array;
  /** For `words`: 16 prefix words per task (zero where the suffix goes). */
  readonly prefixes: Int32Array;
  private readonly suffixes: Int32Array;
  private readonly runGroups: (groups: number) => void;
  private readonly runWords: (tasks: number, groups: number) => void;
  private groups = 0;

  constructor(innerChain: Int32Array, outerChain: Int32Array) {
    const module = compiledModule();
    if (!module) throw new Error('WebAssembly SIMD is not available');
    const instance = new WebAssembly.Instance(module, {});
    const memory = instance.exports.memory as WasmMemory;
    this.runGroups = instance.exports.run as (groups: number) => void;
    this.runWords = instance.exports.words as (tasks: number, groups: number) => void;
    const words = new Int32Array(memory.buffer);
    for (let i = 0; i < 8; i++) {
      for (let l = 0; l < 4; l++) {
        words[(INNER_AT >> 2) + 4 * i + l] = innerChain[i];
        words[(OUTER_AT >> 2) + 4 * i + l] = outerChain[i];
      }
    }
    this.input = new Int32Array(memory.buffer, INPUT_AT, X4_CAPACITY * 16);
    this.output = new Int32Array(memory.buffer, OUTPUT_AT, X4_CAPACITY * 8);
    this.suffixes = new Int32Array(memory.buffer, SUFFIX_AT, X4_MAX_SUFFIX_GROUPS * 64);
    this.prefixes = new Int32Array(memory.buffer, PREFIX_AT, MAX_PREFIXES * 16);
  }

  /**
   * The suffixes of `words`: 16 words each (placed after the prefix, padded, the prefix's bytes zero),
   * `count` of them (at most 4 × X4_MAX_SUFFIX_GROUPS), laid four to a lane group.
   */
  setSuffixes(blocks: Int32Array, count: number): void {
    if (count > 4 * X4_MAX_SUFFIX_GROUPS) throw new RangeError(`at most ${4 * X4_MAX_SUFFIX_GROUPS} suffixes`);
    this.groups = (count + 3) >> 2;
    this.suffixes.fill(0, 0, this.groups * 64);
    for (let s = 0; s < count; s++) {
      for (let j = 0; j < 16; j++) this.suffixes[((s >> 2) << 6) + (j << 2) + (s & 3)] = blocks[s * 16 + j];
    }
  }

  /** How many tasks one `words` call takes with the suffixes set. */
  get prefixCapacity(): number {
    return Math.min(MAX_PREFIXES, Math.floor((X4_CAPACITY * 2) / Math.max(1, this.groups)));
  }

  /** First words of HMAC(prefix t ‖ suffix s) for the first `tasks` prefixes × every suffix: read them with firstWord. */
  words(tasks: number): void {
    if (tasks < 0 || tasks > this.prefixCapacity) throw new RangeError(`at most ${this.prefixCapacity} prefixes a call`);
    this.runWords(tasks, this.groups);
  }

  /** The first word (unsigned) of HMAC(prefix t ‖ suffix s) after `words`. */
  firstWord(t: number, s: number): number {
    return this.output[((t * this.groups + (s >> 2)) << 2) + (s & 3)] >>> 0;
  }

  /** HMACs of the first n (≤ X4_CAPACITY) blocks in `input`. */
  run(n: number): void {
    if (n < 0 || n > X4_CAPACITY) throw new RangeError(`at most ${X4_CAPACITY} messages a run`);
    this.runGroups((n + 3) >> 2);
  }
}

/** Where word j (0–15) of message m's block goes in `input`. */
export function blockIndex(m: number, j: number): number {
  return ((m >> 2) << 6) + (j << 2) + (m & 3);
}

/** Where word j (0–7) of message m's digest is in `output`. */
export function digestIndex(m: number, j: number): number {
  return ((m >> 2) << 5) + (j << 2) + (m & 3);
}
