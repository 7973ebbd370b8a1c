/*
 * Jest runs the TypeScript sources as ES modules (Nest 12 is ESM-only), through one @swc/jest
 * transform shared by every project: legacy decorators with their metadata, as tsc compiles them.
 * Start jest with `node --experimental-vm-modules` (the npm scripts do).
 */

/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    },
  ],
};

/** A project: its name (for --selectProjects), which files it runs, and the globals its tests read (TEST_DB). */
function project(displayName, testMatch, globals) {
  return {
    displayName,
    rootDir: '.',
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    // Relative imports end in .js in the sources; jest resolves them to the .ts files.
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform,
    testMatch,
    ...(globals ? { globals } : {}),
  };
}

/** @type {import('jest').Config} */
export default {
  // jest-circus takes testTimeout from the root config only; inside a project it is ignored.
  testTimeout: 60000,
  // A folder per run for the migrated template databases (test/support/db-template.ts), and their clean-up.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // Longest first (an estimate by project and size for files jest has no duration for yet), so the two workers end together.
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  // A worker keeps every test file's ES module graph (vm modules are not released between files), so
  // its heap grows with each file run: past 1.2 GB per worker the collector took more CPU than the
  // tests on two cores and CI slowed from 6 to 16 minutes. A worker over this after a file is replaced.
  workerIdleMemoryLimit: '700MB',
  projects: [
    project('unit', ['<rootDir>/src/**/*.spec.ts']),
    // The e2e suites (test/e2e/*.e2e-suite.ts) run through test/e2e/groups/*.e2e-spec.ts, one file per area:
    // each file loads the application's modules once for all its suites (README, "Test it").
    project('e2e-sqlite', ['<rootDir>/test/**/*.e2e-spec.ts'], { TEST_DB: 'sqlite' }),
    project('e2e-mysql', ['<rootDir>/test/**/*.e2e-spec.ts'], { TEST_DB: 'mysql' }),
    // Chromium journeys on SQLite; they skip themselves when Chromium is absent (test/browser/browser-support.ts).
    project('browser', ['<rootDir>/test/browser/**/*.browser-spec.ts'], { TEST_DB: 'sqlite' }),
  ],
};
