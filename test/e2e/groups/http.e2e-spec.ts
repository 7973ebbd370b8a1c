/*
 * The HTTP layer: boot, routes, request bodies on every route, CSRF, text controls, uploads.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../smoke.e2e-suite.js';
import '../routes.e2e-suite.js';
import '../request-bodies.e2e-suite.js';
import '../body-fuzz.e2e-suite.js';
import '../csrf-multipart.e2e-suite.js';
import '../text-controls.e2e-suite.js';
import '../files-uploads.e2e-suite.js';

jest.setTimeout(240_000);
