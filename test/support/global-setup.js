/*
 * Once per jest run (plain JavaScript: jest loads it before any transform). Gives the run a folder
 * for the migrated template databases that test/support/db-template.ts builds on first use (SQLite
 * files; the name and DDL of the MariaDB/MySQL template), shared with the workers through the
 * environment. global-teardown.js drops and removes them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Template folders (and MariaDB templates) that a killed run left behind, a day old or more. */
async function sweepStale() {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith('parktrust-templates-')) continue;
    const dir = join(tmpdir(), entry);
    try {
      if (statSync(dir).mtimeMs > dayAgo) continue;
      const mysqlFile = join(dir, 'mysql-db.json');
      if (existsSync(mysqlFile)) {
        const { server, name } = JSON.parse(readFileSync(mysqlFile, 'utf8'));
        const { createConnection } = (await import('mysql2/promise')).default;
        const conn = await createConnection(server);
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
      }
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run's, or the server is not there: left for next time
    }
  }
}

export default async function globalSetup() {
  await sweepStale();
  const run = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const dir = join(tmpdir(), `parktrust-templates-${run}`);
  mkdirSync(dir, { recursive: true });
  process.env.PARKTRUST_TEST_RUN = run;
  process.env.PARKTRUST_TEST_TEMPLATES = dir;
}
