import { checkinCode, checkinCodeMatches, hotp, nextStepAt, secondsLeftInStep, timeStep, totp } from './checkin-code.rules.js';

// RFC 6238 appendix B, SHA-1 column: the seed is the ASCII "12345678901234567890", 8 digits, X = 30 s.
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('totp (RFC 6238 test vectors, SHA-1)', () => {
  it.each<[number, string, string]>([
    [59, '0000000000000001', '94287082'],
    [1111111109, '00000000023523EC', '07081804'],
    [1111111111, '00000000023523ED', '14050471'],
    [1234567890, '000000000273EF07', '89005924'],
    [2000000000, '0000000003F940AA', '69279037'],
    [20000000000, '0000000027BC86AA', '65353130'],
  ])('T = %i s (counter %s) → %s', (seconds, counterHex, expected) => {
    const at = new Date(seconds * 1000);
    expect(timeStep(at)).toBe(parseInt(counterHex, 16));
    expect(totp(RFC_KEY, at, 30, 8)).toBe(expected);
    // Six digits are the same truncation modulo 10^6.
    expect(totp(RFC_KEY, at, 30, 6)).toBe(expected.slice(2));
  });

  it('RFC 4226 appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, counter) => expect(hotp(RFC_KEY, counter, 6)).toBe(code));
  });
});

describe('checkinCode / checkinCodeMatches', () => {
  const secret = Buffer.from('12345678901234567890', 'ascii').toString('hex');
  const at = new Date(1111111111 * 1000); // step 0x023523ED, 11 s into it (…100 … 129)

  it('the session code is the RFC TOTP of its hex secret', () => {
    expect(checkinCode(secret, at)).toBe('050471');
  });

  it.each<[string, unknown, Date, boolean]>([
    ['the current code', '050471', at, true],
    ['with spaces', '050 471', at, true],
    ['the previous step', '081804', at, true],
    ['two steps old', checkinCode(secret, new Date((1111111111 - 60) * 1000)), at, false],
    ['the next step (not yet valid)', checkinCode(secret, new Date((1111111111 + 30) * 1000)), at, false],
    ['a wrong code', '123456', at, false],
    ['too short', '05047', at, false],
    ['letters', '05047a', at, false],
    ['not a string', 50471, at, false],
    ['empty', '', at, false],
  ])('%s', (_label, typed, when, ok) => {
    expect(checkinCodeMatches(secret, typed, when)).toBe(ok);
  });

  it('a code typed at the last second of the following step is still accepted, not one later', () => {
    const code = checkinCode(secret, at);
    const stepStart = timeStep(at) * 30;
    expect(checkinCodeMatches(secret, code, new Date((stepStart + 59) * 1000))).toBe(true);
    expect(checkinCodeMatches(secret, code, new Date((stepStart + 60) * 1000))).toBe(false);
  });

  it('different secrets give different codes', () => {
    expect(checkinCode('00'.repeat(32), at)).not.toBe(checkinCode('ff'.repeat(32), at));
  });
});

describe('step timing', () => {
  it.each<[number, number, number]>([
    [0, 30_000, 30],
    [1, 30_000, 30],
    [29_001, 30_000, 1],
    [30_000, 60_000, 30],
    [45_500, 60_000, 15],
  ])('at %i ms the next step starts at %i ms, %i s left', (ms, next, left) => {
    expect(nextStepAt(new Date(ms)).getTime()).toBe(next);
    expect(secondsLeftInStep(new Date(ms))).toBe(left);
  });
});
