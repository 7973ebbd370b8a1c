/*
 * Test order for two workers: longest first, so both finish together. Jest's own sequencer does so
 * with the durations it cached on earlier runs; a file it has no duration for (every file, on a clean
 * clone in CI) it would order by size alone, across projects. Here such a file gets an estimate from
 * its size and its project instead: a Chromium journey is a small file that takes long (the browser
 * and an application start), a MariaDB file takes longer than the same file on SQLite, a unit spec is
 * quick. An e2e group (test/e2e/groups/*.e2e-spec.ts) is a few lines of imports: it is estimated as one
 * file start plus, per suite it imports, a suite's start and the suite's size. Files that failed last
 * time still run first.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

const Base = TestSequencer.default ?? TestSequencer;

/**
 * Estimated milliseconds: a start-up cost per jest file (loading the application's modules), one per
 * suite in it (its own application and database), and a cost per byte of the suite, by project.
 */
const COST = {
  browser: { base: 40000, perSuite: 0, perByte: 4 },
  'e2e-mysql': { base: 5000, perSuite: 3000, perByte: 1.3 },
  'e2e-sqlite': { base: 4000, perSuite: 500, perByte: 1 },
  unit: { base: 0, perSuite: 0, perByte: 0.2 },
};

/**
 * Files that take far longer than their size says, and about how many times over (per project where
 * it differs): body-fuzz sends many bodies to every route (MariaDB sends fewer of them), the
 * authorization matrix plays every route for every caller, import-bombs inflates gigabytes on purpose,
 * the job faults wait on worker processes they kill and restart, the CLI and demo-data suites seed the
 * whole demo park, the navigation journey opens every page of every role; among the unit specs, the
 * draw statistics draw thousands of times and the workbook reader reads the largest import allowed
 * (19 s and 15 s: on their size alone they would start among the last files of the run).
 */
const HEAVY = {
  'body-fuzz.e2e-suite.ts': { 'e2e-sqlite': 8, 'e2e-mysql': 4 },
  'authorization-matrix.e2e-spec.ts': 12,
  'import-bombs.e2e-suite.ts': { 'e2e-sqlite': 8, 'e2e-mysql': 0 },
  'jobs-faults.e2e-suite.ts': { 'e2e-mysql': 6, 'e2e-sqlite': 0 },
  'cli.e2e-suite.ts': 4,
  'demo-seed.e2e-suite.ts': 4,
  'navigation.browser-spec.ts': 8,
  'draw.statistics.spec.ts': 20,
  'workbook-reader.spec.ts': 6,
};

/** How many times a byte of `path` counts in `project`. */
function weight(path, project) {
  const heavy = HEAVY[basename(path)] ?? 1;
  return typeof heavy === 'number' ? heavy : (heavy[project] ?? 1);
}

/** The suites a group file imports (`import '../<name>.e2e-suite.js'`), as paths of their sources. */
function suitesOf(path) {
  if (!path.endsWith('.e2e-spec.ts')) return [];
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^import '([^']+\.e2e-suite)\.js';$/gm)].map((m) => resolve(dirname(path), `${m[1]}.ts`));
}

export default class LongestFirstSequencer extends Base {
  sort(tests) {
    const estimate = (test) => {
      const project = test.context.config.displayName?.name ?? '';
      const cost = COST[project] ?? COST.unit;
      const size = (path) => test.context.hasteFS.getSize(path) ?? statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      const suites = suitesOf(test.path);
      const parts = suites.length ? suites : [test.path];
      return cost.base + parts.reduce((sum, path) => sum + cost.perSuite + cost.perByte * size(path) * weight(path, project), 0);
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
