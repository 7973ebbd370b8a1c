import { chunk } from './chunk.js';

describe('chunk', () => {
  it.each<[number[], number, number[][]]>([
    [[], 3, []],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
  ])('%j by %d', (items, size, expected) => {
    expect(chunk(items, size)).toEqual(expected);
  });
});
