/**
 * Infix search over a tenant's name, USCC and legal representative through an n-gram table
 * (`tenant_search_grams`): every pair of adjacent characters of each field, lower-cased, plus the
 * field's last character paired with an end mark, stored as one integer. A query of two or more
 * characters asks for the tenants holding all its pairs; one character asks for pairs starting with
 * it (a range). The candidates are then checked with LIKE, so the grams only need to never miss.
 * Pure rules: no framework imports.
 */

/** Code points above this never occur (U+10FFFF is the last); the second half of a gram. */
const SPAN = 0x110000;
/** The end mark after each field's last character, so that every character starts a pair. */
const END = 0;
/** Grams a query asks for at most; the LIKE check makes up for the ones left out. */
export const MAX_QUERY_GRAMS = 4;

function chars(text: string): number[] {
  return Array.from(text.normalize('NFKC').toLowerCase(), (c) => c.codePointAt(0) as number).filter((c) => c > 0x20);
}

function gram(a: number, b: number): number {
  return a * SPAN + b;
}

/** The distinct grams of a tenant's searchable fields (whitespace is skipped). */
export function tenantGrams(fields: readonly (string | null | undefined)[]): number[] {
  const out = new Set<number>();
  for (const field of fields) {
    const cs = chars(field ?? '');
    for (let i = 0; i < cs.length; i++) out.add(gram(cs[i], i + 1 < cs.length ? cs[i + 1] : END));
  }
  return [...out];
}

/** What the query asks of the gram table. */
export type GramQuery =
  | { kind: 'none' }
  | { kind: 'all'; grams: number[] }
  | { kind: 'range'; from: number; to: number };

/** The grams a search term needs: all of up to MAX_QUERY_GRAMS pairs, spread over the term; or one character's range. */
export function queryGrams(term: string): GramQuery {
  const cs = chars(term);
  if (cs.length === 0) return { kind: 'none' };
  if (cs.length === 1) return { kind: 'range', from: gram(cs[0], 0), to: gram(cs[0] + 1, 0) };
  const distinct = [...new Set(cs.slice(1).map((c, i) => gram(cs[i], c)))];
  if (distinct.length <= MAX_QUERY_GRAMS) return { kind: 'all', grams: distinct };
  // First, last and evenly between: a spread of the term's pairs is more selective than its start.
  const step = (distinct.length - 1) / (MAX_QUERY_GRAMS - 1);
  return { kind: 'all', grams: [...new Set(Array.from({ length: MAX_QUERY_GRAMS }, (_, i) => distinct[Math.round(i * step)]))] };
}

/** The text the LIKE check looks for: the term as the user typed it, trimmed, spaces inside kept. */
export function searchTerm(q: string): string {
  return q.normalize('NFKC').trim();
}
