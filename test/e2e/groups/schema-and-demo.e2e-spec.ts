/*
 * Migrations and the demo data.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it").
 */
import '../schema.e2e-suite.js';
import '../breach-lifecycle-migration.e2e-suite.js';
import '../obligation-status-migration.e2e-suite.js';
import '../tenant-classification-migration.e2e-suite.js';
import '../demo-seed.e2e-suite.js';
