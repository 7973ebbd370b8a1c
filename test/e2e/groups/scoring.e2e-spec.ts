/*
 * Scores: rulebook, live score, overview, self-reports, what-if.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../scoring-rulebook.e2e-suite.js';
import '../scoring-score.e2e-suite.js';
import '../scoring-overview.e2e-suite.js';
import '../self-reports.e2e-suite.js';
import '../what-if-sources.e2e-suite.js';

jest.setTimeout(120_000);
