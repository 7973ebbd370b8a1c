/*
 * Accounts administration and API tokens.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it").
 */
import '../users-admin.e2e-suite.js';
import '../api-tokens.e2e-suite.js';
import '../api-token-cache.e2e-suite.js';
