/*
 * Test order for two workers: longest first, so both finish together. Jest's own sequencer does so
 * with the durations it cached on earlier runs; a file it has no duration for (every file, on a clean
 * clone in CI) it would order by size alone, across projects. Here such a file gets an estimate from
 * its size and its project instead: a Chromium journey is a small file that takes long (the browser
 * and an application start), a MariaDB file takes longer than the same file on SQLite, a unit spec is
 * quick. Files that failed last time still run first.
 */
import TestSequencer from '@jest/test-sequencer';

const Base = TestSequencer.default ?? TestSequencer;

/** Estimated milliseconds: a start-up cost plus a cost per byte of the file, by project. */
const COST = {
  browser: { base: 20000, perByte: 4 },
  'e2e-mysql': { base: 8000, perByte: 1.3 },
  'e2e-sqlite': { base: 4000, perByte: 1 },
  unit: { base: 0, perByte: 0.2 },
};

export default class LongestFirstSequencer extends Base {
  sort(tests) {
    const estimate = (test) => {
      const project = test.context.config.displayName?.name ?? '';
      const cost = COST[project] ?? COST.unit;
      return cost.base + cost.perByte * (test.context.hasteFS.getSize(test.path) ?? 0);
    };
    for (const test of tests) test.duration = this.time(test) ?? estimate(test);
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      const failedB = this.hasFailed(b);
      if (failedA !== failedB) return failedA ? -1 : 1;
      return b.duration - a.duration;
    });
  }
}
