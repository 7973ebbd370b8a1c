import { backoffDelay } from './backoff.rules.js';

describe('backoffDelay', () => {
  it.each([
    [1000, 1, 0],
    [1000, 2, 1000],
    [1000, 3, 2000],
    [1000, 5, 8000],
    [0, 4, 0],
  ])('base %i, try %i → %i ms', (base, attempt, expected) => {
    expect(backoffDelay(base, attempt)).toBe(expected);
  });
});
