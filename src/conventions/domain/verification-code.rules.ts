import { randomInt } from 'node:crypto';

/** Digits and capitals without the look-alikes 0/O, 1/I/L: safe to read off paper and type back. */
export const VERIFICATION_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const VERIFICATION_CODE_LENGTH = 16;

/** A random receipt code (about 79 bits), from the system's cryptographic generator. */
export function newVerificationCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < VERIFICATION_CODE_LENGTH; i++) code += VERIFICATION_ALPHABET[random(VERIFICATION_ALPHABET.length)];
  return code;
}

/**
 * What a person typed, as stored: upper case, without spaces and dashes (the receipt prints the
 * code in groups of four). Anything else that is not of the alphabet makes it no code at all.
 */
export function normalizeVerificationCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== VERIFICATION_CODE_LENGTH) return null;
  for (const c of code) if (!VERIFICATION_ALPHABET.includes(c)) return null;
  return code;
}

/** ABCD-EFGH-JKMN-PQRS, for printing. */
export function formatVerificationCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** The stored user agent: at most the column's 500 characters. */
export function trimUserAgent(ua: unknown): string | null {
  if (typeof ua !== 'string' || !ua.trim()) return null;
  return ua.trim().slice(0, 500);
}
