import { createHmac } from 'node:crypto';
import { inspectorWords, rankDigests } from './draw.rules.js';
import { HmacSha256, utf8 } from './hmac-sha256.js';
import { blockIndex, digestIndex, HmacSha256x4, X4_CAPACITY, x4Available } from './hmac-sha256x4.js';

/** A deterministic byte sequence (no randomness in tests): key k of n bytes. */
const bytesOf = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + k * 17 + 7) & 0xff);

/** The padded one-block HMAC message as 16 big-endian words. */
function blockWords(message: Uint8Array): Int32Array {
  const block = new Uint8Array(64);
  block.set(message);
  block[message.length] = 0x80;
  const bits = (64 + message.length) * 8;
  block[62] = bits >>> 8;
  block[63] = bits & 0xff;
  const view = new DataView(block.buffer);
  return Int32Array.from({ length: 16 }, (_, j) => view.getInt32(4 * j));
}

const reference = (key: Uint8Array, message: Uint8Array | string) => createHmac('sha256', key).update(message).digest();

describe('four-lane HMAC-SHA256 (WebAssembly SIMD)', () => {
  it('runs on Node 20 (the engine otherwise falls back to the scalar code)', () => {
    expect(x4Available()).toBe(true);
  });

  it.each([[16], [32], [64], [65], [100]])('run: every message of 0–55 bytes, key of %i bytes, equals node:crypto', (keyLength) => {
    const key = bytesOf(keyLength, keyLength);
    const mac = new HmacSha256(key);
    const x4 = new HmacSha256x4(mac.innerChain, mac.outerChain);
    const messages = Array.from({ length: 56 }, (_, n) => bytesOf(n, n + keyLength));
    messages.forEach((m, i) => blockWords(m).forEach((w, j) => (x4.input[blockIndex(i, j)] = w)));
    x4.run(messages.length);
    messages.forEach((m, i) => {
      const ref = reference(key, m);
      const got = Buffer.alloc(32);
      for (let j = 0; j < 8; j++) got.writeInt32BE(x4.output[digestIndex(i, j)], 4 * j);
      expect(got.toString('hex')).toBe(ref.toString('hex'));
    });
  });

  it('refuses more messages than a run holds', () => {
    const mac = new HmacSha256(bytesOf(32, 1));
    expect(() => new HmacSha256x4(mac.innerChain, mac.outerChain).run(X4_CAPACITY + 1)).toThrow(RangeError);
  });

  it('words: first words of prefix ‖ suffix for tasks × suffixes (counts not a multiple of 4) equal node:crypto', () => {
    const key = bytesOf(32, 9);
    const mac = new HmacSha256(key);
    const x4 = new HmacSha256x4(mac.innerChain, mac.outerChain);
    const prefixes = ['inspector|91440300MA00000013|', 'inspector|9144030000000000X1|', 'inspector|ABCDEFGHIJKLMNOPQR|'];
    const suffixes = ['BSC-001', 'BYJ-002', 'A', 'LONGER-CODE-26', 'Z9'];
    const length = prefixes[0].length;
    const blocks = new Int32Array(suffixes.length * 16);
    suffixes.forEach((s, i) => {
      const message = new Uint8Array(length + s.length);
      message.set(utf8(s), length);
      blocks.set(blockWords(message), i * 16);
    });
    x4.setSuffixes(blocks, suffixes.length);
    prefixes.forEach((p, t) => {
      // The prefix's words without padding: zero from the suffix's place on.
      const bare = new Uint8Array(64);
      bare.set(utf8(p));
      const view = new DataView(bare.buffer);
      for (let j = 0; j < 16; j++) x4.prefixes[t * 16 + j] = view.getInt32(4 * j);
    });
    x4.words(prefixes.length);
    prefixes.forEach((p, t) => suffixes.forEach((s, i) => {
      expect(x4.firstWord(t, i)).toBe(reference(key, p + s).readUInt32BE(0));
    }));
  });
});

describe('the draw\'s hashing on four lanes gives the scalar results', () => {
  const key = bytesOf(32, 3);
  const mac = new HmacSha256(key);

  it('rankDigests over more members than one run holds, with members that are not ASCII or too long', () => {
    const members = Array.from({ length: X4_CAPACITY + 37 }, (_, i) => `91440300MA${String(i).padStart(8, '0')}`);
    members[5] = '企业统一代码甲乙丙';
    members[77] = 'X'.repeat(60);
    const got = rankDigests(key, 'B', members);
    const scalar = mac.prefixed(utf8('tenant|B|'));
    const want = new Int32Array(members.length * 8);
    members.forEach((m, i) => scalar.digestStringInto(m, want, i * 8));
    expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
  });

  it('inspectorWords: only wanted codes, long codes on the scalar path, USCCs of other lengths, more tasks than one call holds', () => {
    const usccs = Array.from({ length: 3200 }, (_, i) => (i >= 3050 && i % 7 === 0 ? `SHORT${i}` : `91440300MA${String(i).padStart(8, '0')}`));
    const codes = Array.from({ length: 30 }, (_, i) => (i === 7 ? 'C'.repeat(40) : `${i % 2 ? 'BYJ' : 'BSC'}-${i}`));
    const wanted = Uint8Array.from(codes, (_, i) => (i % 5 === 4 ? 0 : 1));
    // 23 codes on four lanes (6 groups): one call holds 2,730 tasks, so this takes two.
    const got = inspectorWords(key, usccs, codes, wanted, 3, 3100);
    for (let t = 3; t < 3100; t++) {
      for (let i = 0; i < codes.length; i++) {
        const want = wanted[i] ? reference(key, `inspector|${usccs[t]}|${codes[i]}`).readUInt32BE(0) : 0;
        if (got[(t - 3) * codes.length + i] !== want) throw new Error(`task ${t} code ${codes[i]}: ${got[(t - 3) * codes.length + i]} ≠ ${want}`);
      }
    }
  });
});
