import { drawGrades, entropyOpen, flaggedReason, isPublicDraw, publicLayer, runnable } from './draws.rules.js';

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
