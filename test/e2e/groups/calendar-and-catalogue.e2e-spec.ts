/*
 * The working calendar and the credit information catalogue.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it").
 */
import '../calendar.e2e-suite.js';
import '../credit-catalogue.e2e-suite.js';
