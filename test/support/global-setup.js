/*
 * Once per jest run (plain JavaScript: jest loads it before any transform). Gives the run a folder
 * for the migrated template databases that test/support/db-template.ts builds on first use (SQLite
 * files; the name and DDL of the MariaDB/MySQL template), shared with the workers through the
 * environment. global-teardown.js drops and removes them.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup() {
  const run = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const dir = join(tmpdir(), `parktrust-templates-${run}`);
  mkdirSync(dir, { recursive: true });
  process.env.PARKTRUST_TEST_RUN = run;
  process.env.PARKTRUST_TEST_TEMPLATES = dir;
}
