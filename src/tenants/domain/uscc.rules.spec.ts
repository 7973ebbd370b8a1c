import { checkUscc, normalizeUscc, usccCheckCharacter } from './uscc.rules.js';

describe('normalizeUscc', () => {
  it.each([
    ['  914403001922038216 ', '914403001922038216'],
    ['91440300 1922038216', '914403001922038216'],
    ['91310115ma1k3yjn2q', '91310115MA1K3YJN2Q'],
    ['９１４４０３００１９２２０３８２１６', '914403001922038216'],
    ['ｍａ', 'MA'],
    ['\u3000914403001922038216\u3000', '914403001922038216'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeUscc(input)).toBe(expected);
  });
});

describe('usccCheckCharacter', () => {
  it('computes the worked example of the rules (sum 831 → 6)', () => {
    expect(usccCheckCharacter('91440300192203821')).toBe('6');
  });
  it('maps a check value of 0 to "0" rather than 31', () => {
    // Find a 17-character body whose weighted sum is a multiple of 31 by adjusting the last character.
    const body16 = '9144030019220382';
    const bodies = Array.from('0123456789ABCDEFGHJKLMNPQRTUWXY', (c) => body16 + c);
    const zero = bodies.find((b) => usccCheckCharacter(b) === '0');
    expect(zero).toBeDefined();
  });
  it.each(['', '9144030019220382', '9144030019220382I', '91440300192203821X'])('rejects a malformed body %j', (body) => {
    expect(usccCheckCharacter(body)).toBeNull();
  });
});

describe('checkUscc', () => {
  it.each([
    ['914403001922038216'],
    ['91110000100006954A'.slice(0, 17) + usccCheckCharacter('91110000100006954')],
    [' ９１４４０３００１９２２０３８２１６ '],
  ])('accepts %s', (code) => {
    expect(checkUscc(code).ok).toBe(true);
  });

  it.each([
    ['91440300192203821', 'length'],
    ['9144030019220382167', 'length'],
    ['91440300192203821I', 'alphabet'],
    ['O14403001922038216', 'alphabet'],
    ['91440300192203821S', 'alphabet'],
    ['91440300192203821Z', 'alphabet'],
  ])('rejects %s for %s', (code, reason) => {
    const result = checkUscc(code);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toBe(reason);
  });

  it('names the expected check character when the check fails', () => {
    expect(checkUscc('914403001922038217')).toEqual({
      ok: false,
      uscc: '914403001922038217',
      reason: 'check',
      expected: '6',
      actual: '7',
    });
  });

  it('reports the position of a character outside the alphabet', () => {
    expect(checkUscc('9144030019220V8216')).toMatchObject({ ok: false, reason: 'alphabet', position: 14 });
  });
});
