import { percentText } from './plan-review.view.js';

describe('percentText', () => {
  it.each([
    [0, '0%'], [-0.1, '0%'], [0.00001, '<0.01%'], [0.0003, '0.03%'], [0.03, '3.00%'], [0.111111, '11.1%'], [0.51, '51.0%'], [1, '100.0%'],
  ])('%f → %s', (p, text) => {
    expect(percentText(p)).toBe(text);
  });
});
