/*
 * Evaluations.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../evaluations-lifecycle.e2e-suite.js';
import '../evaluations-pages.e2e-suite.js';
import '../evaluations-demo.e2e-suite.js';

jest.setTimeout(180_000);
