import { inflateSync } from 'node:zlib';

/**
 * The text a PDF written by pdfkit with one embedded font shows, one string per text-showing
 * operator, decoded through the font's ToUnicode map. Enough to assert what a reader sees; not a
 * general PDF parser (no cross-reference streams, no several fonts).
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    try {
      streams.push((/\/FlateDecode/.test(m[1]) ? inflateSync(bytes) : bytes).toString('latin1'));
    } catch {
      // A font program or image that is not deflated text: not a content stream.
    }
  }
  const toUnicode = new Map<number, string>();
  for (const s of streams.filter((x) => x.includes('beginbfrange'))) {
    for (const r of s.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const from = parseInt(r[1], 16);
      [...r[3].matchAll(/<([0-9a-f ]+)>/gi)].forEach((v, i) => {
        const units = v[1].trim().split(/\s+/).map((h) => parseInt(h, 16));
        toUnicode.set(from + i, String.fromCharCode(...units));
      });
    }
  }
  const decode = (hex: string) => (hex.match(/.{4}/g) ?? []).map((g) => toUnicode.get(parseInt(g, 16)) ?? '').join('');
  const out: string[] = [];
  for (const s of streams.filter((x) => /\bBT\b/.test(x))) {
    for (const op of s.matchAll(/\[((?:<[0-9a-f]*>|[\s\d.-])*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]) : [op[2]];
      out.push(hexes.map(decode).join(''));
    }
  }
  return out;
}
