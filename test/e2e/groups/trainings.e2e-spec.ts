/*
 * Trainings.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../trainings-scheduling.e2e-suite.js';
import '../trainings-checkin.e2e-suite.js';
import '../trainings-attendance.e2e-suite.js';
import '../trainings-journey.e2e-suite.js';

jest.setTimeout(120_000);
