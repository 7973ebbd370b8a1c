/*
 * The tenant registry: import bombs (first, while the heap is small), API, pages, import, export, status.
 * One jest file for the area's suites, so they share one load of the application's modules (README,
 * "Test it"); jest keeps one test timeout per file: the longest its suites set.
 */
import { jest } from '@jest/globals';
import '../import-bombs.e2e-suite.js';
import '../tenants-api.e2e-suite.js';
import '../tenants-pages.e2e-suite.js';
import '../tenant-import.e2e-suite.js';
import '../tenant-export.e2e-suite.js';
import '../tenant-status-obligations.e2e-suite.js';
import '../tenant-search-memory.e2e-suite.js';

jest.setTimeout(120_000);
