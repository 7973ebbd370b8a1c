/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * Pure rules: no framework imports.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Trim, drop inner white space, full-width to half-width, upper case. */
export function normalizeUscc(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
}

/** The check character for the first 17 characters, or null when they are not all in the alphabet. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export type UsccCheck =
  | { ok: true; uscc: string }
  | { ok: false; uscc: string; reason: 'length' | 'alphabet'; position?: number }
  | { ok: false; uscc: string; reason: 'check'; expected: string; actual: string };

/** Normalises and checks a code; a failing check names the expected check character. */
export function checkUscc(input: string): UsccCheck {
  const uscc = normalizeUscc(input);
  if (uscc.length !== 18) return { ok: false, uscc, reason: 'length' };
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(uscc[i])) return { ok: false, uscc, reason: 'alphabet', position: i + 1 };
  }
  const expected = usccCheckCharacter(uscc.slice(0, 17)) as string;
  if (uscc[17] !== expected) return { ok: false, uscc, reason: 'check', expected, actual: uscc[17] };
  return { ok: true, uscc };
}
