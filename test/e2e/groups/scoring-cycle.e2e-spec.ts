/*
 * The monthly scoring cycle.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../scoring-cycle.e2e-suite.js';
import '../scoring-draft-notices.e2e-suite.js';
import '../scoring-cycle-demo.e2e-suite.js';

jest.setTimeout(240_000);
