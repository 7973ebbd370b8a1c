/**
 * Infix search over a tenant's name, USCC and legal representative through an n-gram table
 * (`tenant_search_grams`), each gram one integer. Text is folded first (NFKC, lower case, whitespace
 * dropped). Then every character starts one gram:
 *  - a letter or digit (ASCII) starts a 4-gram of the letters and digits from it, cut where that run
 *    ends and padded (`A`-grams): codes and numbers have few distinct characters, so pairs of them
 *    would match most tenants;
 *  - any other character (汉字 above all) starts a pair with the next character, or with an end mark
 *    after the field's last one (`B`-grams): a pair of Chinese characters is already selective.
 * A query asks for the grams it determines completely (all of up to MAX_QUERY_GRAMS of them); a
 * query too short for any, such as one character, asks for a range of grams starting with what it
 * has. The candidates are then checked with LIKE, so the grams only need never to miss.
 * Pure rules: no framework imports.
 */

/** Code points above this never occur (U+10FFFF is the last). */
const SPAN = 0x110000;
/** B-grams start above every A-gram (4 × 7 bits). */
const B_BASE = 2 ** 28;
/** Padding: the run or the field ended. */
const END = 0;
const A_LENGTH = 4;
/** Grams a query asks for at most; the LIKE check makes up for the ones left out. */
export const MAX_QUERY_GRAMS = 4;

function fold(text: string): number[] {
  return Array.from(text.normalize('NFKC').toLowerCase(), (c) => c.codePointAt(0) as number).filter((c) => c > 0x20);
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
}

function aGram(cs: readonly number[]): number {
  let g = 0;
  for (let k = 0; k < A_LENGTH; k++) g = g * 128 + (cs[k] ?? END);
  return g;
}

function bGram(a: number, b: number): number {
  return B_BASE + a * SPAN + b;
}

/** The letters and digits from i on, at most A_LENGTH, and whether the run ended (the gram is complete without what follows). */
function runFrom(cs: readonly number[], i: number): { chars: number[]; closed: boolean } {
  const chars: number[] = [];
  let k = i;
  while (k < cs.length && chars.length < A_LENGTH && isAlnum(cs[k])) chars.push(cs[k++]);
  return { chars, closed: chars.length === A_LENGTH || k < cs.length };
}

/** The distinct grams of a tenant's searchable fields. */
export function tenantGrams(fields: readonly (string | null | undefined)[]): number[] {
  const out = new Set<number>();
  for (const field of fields) {
    const cs = fold(field ?? '');
    for (let i = 0; i < cs.length; i++) {
      out.add(isAlnum(cs[i]) ? aGram(runFrom(cs, i).chars) : bGram(cs[i], i + 1 < cs.length ? cs[i + 1] : END));
    }
  }
  return [...out];
}

/**
 * What the query asks of the gram table. `exact`: holding the grams already means containing the term
 * (as folded: case, width and whitespace aside), so no text check is needed; otherwise only candidates.
 */
export type GramQuery =
  | { kind: 'none' }
  | { kind: 'all'; grams: number[]; exact: boolean }
  | { kind: 'range'; from: number; to: number; exact: true };

/** The grams a search term determines, or the range its first character starts when it determines none. */
export function queryGrams(term: string): GramQuery {
  const cs = fold(term);
  if (cs.length === 0) return { kind: 'none' };
  const exact: number[] = [];
  for (let i = 0; i < cs.length; i++) {
    if (isAlnum(cs[i])) {
      // Where the term ends inside a run, the text may go on: that gram is not known.
      const run = runFrom(cs, i);
      if (run.closed) exact.push(aGram(run.chars));
    } else if (i + 1 < cs.length) {
      exact.push(bGram(cs[i], cs[i + 1]));
    }
  }
  const distinct = [...new Set(exact)];
  // One gram that spells the whole term: two characters starting with a non-alphanumeric one, or four alphanumerics.
  const whole = exact.length === 1 && ((cs.length === 2 && !isAlnum(cs[0])) || (cs.length === A_LENGTH && cs.every(isAlnum)));
  if (distinct.length) return { kind: 'all', grams: spread(distinct), exact: whole };
  if (isAlnum(cs[0])) {
    const known = runFrom(cs, 0).chars;
    const from = aGram(known);
    return { kind: 'range', from, to: from + 128 ** (A_LENGTH - known.length), exact: true };
  }
  return { kind: 'range', from: bGram(cs[0], END), to: bGram(cs[0] + 1, END), exact: true };
}

/** First, last and evenly between: a spread of the term's grams is more selective than its start. */
function spread(grams: number[]): number[] {
  if (grams.length <= MAX_QUERY_GRAMS) return grams;
  const step = (grams.length - 1) / (MAX_QUERY_GRAMS - 1);
  return [...new Set(Array.from({ length: MAX_QUERY_GRAMS }, (_, i) => grams[Math.round(i * step)]))];
}

/** The text the LIKE check looks for: the term as the user typed it, folded to NFKC and trimmed. */
export function searchTerm(q: string): string {
  return q.normalize('NFKC').trim();
}

/**
 * Whether a search's page is found by walking the list's sort index and probing each row's grams
 * (stopping at the page's last row) rather than gathering every match from the gram table and sorting
 * them. A walk reads about `rowsNeeded × among / matches` index entries when the matches are spread
 * through the order (`among`: the rows the other filters leave); gathering reads and sorts `matches`
 * rows. Walk when that reads at most half as many: broad matches (a common word in thousands of names)
 * walk, narrow ones (a USCC's digits, a person's name) gather. Nothing matching never walks.
 */
export function walksSortOrder(matches: number, among: number, rowsNeeded: number): boolean {
  if (matches <= 0 || among <= 0 || rowsNeeded <= 0) return false;
  return matches * matches >= 2 * rowsNeeded * among;
}
