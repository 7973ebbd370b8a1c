import { escapeLike, pagerOf, pageWindow } from './pagination.js';

describe('pagerOf', () => {
  it.each([
    [{ page: 1, pageSize: 20, total: 0 }, { pages: 1, prev: null, next: null, from: 0, to: 0 }],
    [{ page: 1, pageSize: 20, total: 20 }, { pages: 1, prev: null, next: null, from: 1, to: 20 }],
    [{ page: 1, pageSize: 20, total: 21 }, { pages: 2, prev: null, next: 2, from: 1, to: 20 }],
    [{ page: 2, pageSize: 20, total: 21 }, { pages: 2, prev: 1, next: null, from: 21, to: 21 }],
    [{ page: 3, pageSize: 10, total: 135 }, { pages: 14, prev: 2, next: 4, from: 21, to: 30 }],
    // A page past the end shows nothing and leads back.
    [{ page: 9, pageSize: 20, total: 21 }, { pages: 2, prev: 8, next: null, from: 0, to: 0 }],
  ])('%j → %j', (page, expected) => {
    expect(pagerOf(page)).toEqual(expected);
  });
});

describe('pageWindow', () => {
  it.each([
    [{}, 20, { page: 1, pageSize: 20, skip: 0 }],
    [{ page: 3, pageSize: 50 }, 20, { page: 3, pageSize: 50, skip: 100 }],
    [{ page: 2 }, 50, { page: 2, pageSize: 50, skip: 50 }],
  ])('%j (default %i) → %j', (query, size, expected) => {
    expect(pageWindow(query, size)).toEqual(expected);
  });
});

describe('escapeLike', () => {
  it.each([
    ['上海', '上海'],
    ['50%', '50!%'],
    ['a_b', 'a!_b'],
    ['x!y', 'x!!y'],
  ])('%s → %s', (input, expected) => {
    expect(escapeLike(input)).toBe(expected);
  });
});
