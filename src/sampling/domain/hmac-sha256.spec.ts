import { createHash, createHmac, randomBytes } from 'node:crypto';
import { compareDigests, digestHex, HmacSha256, sha256Bytes, SuffixBlocks, utf8 } from './hmac-sha256.js';

/** A deterministic pseudo-random source, so that a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const PIECES = ['A', 'B', 'inspector', 'tenant', '|', '9144', 'X', '中', '文', 'é', '😀', '\t', ' '];

function randomText(next: () => number, maxLength: number): string {
  let s = '';
  const length = Math.floor(next() * (maxLength + 1));
  while (s.length < length) s += next() < 0.7 ? String.fromCharCode(0x21 + Math.floor(next() * 94)) : PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

const reference = (key: Uint8Array, message: string) => createHmac('sha256', key).update(Buffer.from(message, 'utf8')).digest('hex');

describe('fast HMAC-SHA256 agrees with node:crypto', () => {
  it('on 2,000 random keys, prefixes and suffixes (short, two-block and non-ASCII messages) by every entry point', () => {
    const next = lcg(20261130);
    const lengths = { oneBlock: 0, twoBlocks: 0 };
    const wrong: string[] = [];
    const out = new Int32Array(16);
    for (let i = 0; i < 2000; i++) {
      const key = randomBytes([32, 32, 0, 1, 63, 64, 65, 100][i % 8]);
      const prefix = randomText(next, i % 5 === 0 ? 70 : 30);
      const suffix = randomText(next, i % 7 === 0 ? 60 : 12);
      const expected = reference(key, prefix + suffix);
      const mac = new HmacSha256(key);
      const hasher = mac.prefixed(utf8(prefix));
      hasher.digestStringInto(suffix, out, 8);
      const blocks = new SuffixBlocks(utf8(prefix).length, ['x', suffix]);
      const got = [digestHex(out, 8), hasher.hex(utf8(suffix)), mac.hex(utf8(prefix + suffix))];
      hasher.digestSuffixInto(blocks, 1, out, 0);
      got.push(digestHex(out, 0));
      // One line per disagreeing entry point, with the input to replay it.
      got.forEach((g, path) => { if (g !== expected) wrong.push(`#${i} path ${path}: ${JSON.stringify({ prefix, suffix })}`); });
      if (utf8(prefix + suffix).length > 55) lengths.twoBlocks++;
      else lengths.oneBlock++;
    }
    expect(wrong).toEqual([]);
    // Both paths were exercised, many times each.
    expect(lengths.oneBlock).toBeGreaterThan(400);
    expect(lengths.twoBlocks).toBeGreaterThan(150);
  });

  it('on the draw messages at every length around the one-block limit (55/56 bytes) and with a reused hasher', () => {
    const key = createHash('sha256').update('draw key').digest();
    const mac = new HmacSha256(key);
    const uscc = '91440300MA5000001K';
    const hasher = mac.prefixed(utf8(`inspector|${uscc}|`));
    const codes = Array.from({ length: 40 }, (_, n) => 'C'.repeat(n + 1));
    const blocks = new SuffixBlocks(utf8(`inspector|${uscc}|`).length, codes);
    const out = new Int32Array(8);
    codes.forEach((code, i) => {
      const expected = reference(key, `inspector|${uscc}|${code}`);
      hasher.digestStringInto(code, out, 0);
      expect(digestHex(out)).toBe(expected);
      hasher.digestSuffixInto(blocks, i, out, 0);
      expect(digestHex(out)).toBe(expected);
    });
    // A suffix laid out for another prefix length still hashes right (it takes the general path).
    const other = mac.prefixed(utf8('inspector|SHORT|'));
    other.digestSuffixInto(blocks, 3, out, 0);
    expect(digestHex(out)).toBe(reference(key, `inspector|SHORT|${codes[3]}`));
  });

  it('plain SHA-256 agrees on lengths 0–200', () => {
    for (let n = 0; n <= 200; n++) {
      const data = randomBytes(n);
      expect(Buffer.from(sha256Bytes(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('compares digests as their hex strings compare', () => {
    const next = lcg(7);
    const a = new Int32Array(8);
    const b = new Int32Array(8);
    for (let i = 0; i < 500; i++) {
      for (let j = 0; j < 8; j++) {
        a[j] = Math.floor(next() * 0x100000000) | 0;
        b[j] = i % 3 === 0 && j < 5 ? a[j] : Math.floor(next() * 0x100000000) | 0;
      }
      const [x, y] = [digestHex(a), digestHex(b)];
      expect(Math.sign(compareDigests(a, 0, b, 0))).toBe(x < y ? -1 : x > y ? 1 : 0);
    }
    expect(compareDigests(a, 0, a, 0)).toBe(0);
  });
});
