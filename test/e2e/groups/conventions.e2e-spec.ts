/*
 * Conventions: authoring, signing, breaches, facts.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../conventions-authoring.e2e-suite.js';
import '../conventions-signing.e2e-suite.js';
import '../conventions-breaches.e2e-suite.js';
import '../conventions-breach-lifecycle.e2e-suite.js';
import '../conventions-facts.e2e-suite.js';

jest.setTimeout(60_000);
