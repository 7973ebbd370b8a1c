import { formatBytes } from './format-bytes.js';

describe('formatBytes', () => {
  it.each([[512, '512 B'], [2048, '2 KB'], [10 * 1024 * 1024, '10 MB'], [1536 * 1024, '1.5 MB']])('%d → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
