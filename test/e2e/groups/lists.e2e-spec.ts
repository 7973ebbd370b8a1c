/*
 * Lists, credit repair, 信易+ and public disclosure.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it").
 */
import '../lists-entries.e2e-suite.js';
import '../lists-repair.e2e-suite.js';
import '../incentives.e2e-suite.js';
import '../public-disclosure.e2e-suite.js';
import '../public-disclosure-flows.e2e-suite.js';
