/*
 * Signing in: logins, throttling, password reset, sessions.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it").
 */
import '../auth.e2e-suite.js';
import '../login-throttle.e2e-suite.js';
import '../login-rate-limit-redis.e2e-suite.js';
import '../password-reset.e2e-suite.js';
import '../sessions.e2e-suite.js';
import '../account-sessions.e2e-suite.js';
