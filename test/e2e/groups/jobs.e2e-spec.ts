/*
 * Jobs, schedules, notifications, the Bull queue, job faults and the operator CLI.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../admin-jobs.e2e-suite.js';
import '../notifications.e2e-suite.js';
import '../bull-queue.e2e-suite.js';
import '../jobs-faults.e2e-suite.js';
import '../cli.e2e-suite.js';

jest.setTimeout(60_000);
