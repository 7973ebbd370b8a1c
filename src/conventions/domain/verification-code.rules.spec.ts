import {
  formatVerificationCode, newVerificationCode, normalizeVerificationCode, trimUserAgent, VERIFICATION_ALPHABET, VERIFICATION_CODE_LENGTH,
} from './verification-code.rules.js';

describe('verification codes', () => {
  it('are 16 characters of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = newVerificationCode();
      expect(code).toHaveLength(VERIFICATION_CODE_LENGTH);
      expect([...code].every((c) => VERIFICATION_ALPHABET.includes(c))).toBe(true);
    }
  });

  it('exclude look-alike characters', () => {
    for (const c of ['0', 'O', '1', 'I', 'L']) expect(VERIFICATION_ALPHABET).not.toContain(c);
  });

  it('take every character from the random source', () => {
    const picks = [0, VERIFICATION_ALPHABET.length - 1];
    let i = 0;
    expect(newVerificationCode(() => picks[i++ % 2])).toBe('2Z'.repeat(8));
  });

  it.each([
    ['ABCD-EFGH-JKMN-PQRS', 'ABCDEFGHJKMNPQRS'],
    ['abcd efgh jkmn pqrs', 'ABCDEFGHJKMNPQRS'],
    ['ABCDEFGHJKMNPQRS', 'ABCDEFGHJKMNPQRS'],
    ['ABCDEFGHJKMNPQR', null],
    ['ABCDEFGHJKMNPQRST', null],
    ['ABCDEFGHJKMNPQR0', null],
    ['ABCDEFGHJKMNPQR%', null],
    ['', null],
    [undefined, null],
    [['ABCDEFGHJKMNPQRS'], null],
  ])('normalize(%p) = %p', (input, expected) => {
    expect(normalizeVerificationCode(input)).toBe(expected);
  });

  it('print in groups of four', () => {
    expect(formatVerificationCode('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS');
  });

  it.each([
    [undefined, null],
    ['   ', null],
    [' curl/8 ', 'curl/8'],
    ['x'.repeat(600), 'x'.repeat(500)],
  ])('trimUserAgent(%p)', (input, expected) => {
    expect(trimUserAgent(input)).toBe(expected);
  });
});
