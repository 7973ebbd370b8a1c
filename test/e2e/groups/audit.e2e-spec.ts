/*
 * The audit log, its pages and checkpoints.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../audit.e2e-suite.js';
import '../audit-pages.e2e-suite.js';
import '../audit-checkpoints.e2e-suite.js';

jest.setTimeout(60_000);
