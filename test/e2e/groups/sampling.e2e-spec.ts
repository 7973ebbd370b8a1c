/*
 * Random inspection: pool, programmes, review, tasks and the whole flow.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../sampling-pool.e2e-suite.js';
import '../sampling-programmes.e2e-suite.js';
import '../sampling-review.e2e-suite.js';
import '../sampling-inspections.e2e-suite.js';
import '../sampling-flow.e2e-suite.js';

jest.setTimeout(120_000);
