/*
 * Findings: recording, rectification, import, annual reports, facts.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../findings-recording.e2e-suite.js';
import '../findings-rectification.e2e-suite.js';
import '../findings-import.e2e-suite.js';
import '../findings-annual-reports.e2e-suite.js';
import '../findings-facts.e2e-suite.js';

jest.setTimeout(120_000);
