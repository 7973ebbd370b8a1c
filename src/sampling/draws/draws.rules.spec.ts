import { drawGrades, entropyOpen, flaggedReason, isPublicDraw, parseIdList, publicLayer, runnable } from './draws.rules.js';

describe('draws rules', () => {
  it.each([
    ['ABCD', ['A', 'B', 'C', 'D']],
    ['DC', ['C', 'D']],
    ['cd', ['C', 'D']],
    ['XM', []],
    ['', []],
  ])('drawGrades(%p)', (text, grades) => {
    expect(drawGrades(text)).toEqual(grades);
  });

  it('records a flagged task by department and counts', () => {
    expect(flaggedReason({ department: 'SCJG', wanted: 2, got: 1 })).toBe('SCJG 1/2');
  });

  it.each([
    ['planned', false], ['announced', true], ['drawn', true], ['cancelled', false],
  ])('a %s draw is public: %p', (status, shown) => {
    expect(isPublicDraw(status)).toBe(shown);
  });

  const at = new Date('2026-05-10T02:00:00Z');
  it.each([
    ['announced', '2026-05-10T02:00:01Z', true],
    ['announced', '2026-05-10T02:00:00Z', false],
    ['planned', '2026-06-01T00:00:00Z', false],
    ['drawn', '2026-06-01T00:00:00Z', false],
  ])('entropy open for a %s draw at %s: %p', (status, drawAt, open) => {
    expect(entropyOpen({ status, drawAt: new Date(drawAt) }, at)).toBe(open);
  });

  it.each([
    ['announced', '2026-05-10T02:00:00Z', true],
    ['planned', '2026-05-10T01:00:00Z', true],
    ['announced', '2026-05-10T02:00:01Z', false],
    ['drawn', '2026-05-01T00:00:00Z', false],
    ['cancelled', '2026-05-01T00:00:00Z', false],
  ])('runnable %s draw at %s: %p', (status, drawAt, can) => {
    expect(runnable({ status, drawAt: new Date(drawAt) }, at)).toBe(can);
  });

  it.each([
    ['T', ['A', 'B'], { targeted: true, layer: null }],
    ['A', ['A', 'B'], { targeted: false, layer: 1 }],
    ['B', ['A', 'B'], { targeted: false, layer: 2 }],
    ['D', ['C', 'D'], { targeted: false, layer: 2 }],
    ['X', ['C', 'D'], { targeted: false, layer: null }],
  ])('publicLayer(%p, %p)', (kind, order, expected) => {
    expect(publicLayer(kind, order)).toEqual(expected);
  });
});

describe('parseIdList reads the stored frame parts\' tenant ids', () => {
  it.each<[string, string[], number[] | undefined]>([
    ['one part', ['12,7,9'], [12, 7, 9]],
    ['parts one after another', ['1,2', '3', '40,5'], [1, 2, 3, 40, 5]],
    ['an empty part lists none', ['', '8', ''], [8]],
    ['no parts', [], []],
    ['the largest id', ['2147483647'], [2147483647]],
    ['past 2^31 - 1', ['2147483648'], undefined],
    ['an empty field', ['1,,2'], undefined],
    ['a trailing comma', ['1,2,'], undefined],
    ['a leading comma', [',1'], undefined],
    ['zero is no id', ['0'], undefined],
    ['a leading zero', ['07'], undefined],
    ['a sign', ['-3'], undefined],
    ['a space', ['1, 2'], undefined],
    ['a letter', ['1a'], undefined],
  ])('%s', (_name, parts, expected) => {
    const got = parseIdList(parts);
    expect(got === undefined ? undefined : [...got]).toEqual(expected);
  });
});
