/*
 * After the jest run: drops the run's MariaDB/MySQL template database (if a worker made one) and
 * removes the run's template folder (see global-setup.js and db-template.ts).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default async function globalTeardown() {
  const dir = process.env.PARKTRUST_TEST_TEMPLATES;
  if (!dir) return;
  const mysqlFile = join(dir, 'mysql-db.json');
  if (existsSync(mysqlFile)) {
    const { server, name } = JSON.parse(readFileSync(mysqlFile, 'utf8'));
    const { createConnection } = (await import('mysql2/promise')).default;
    try {
      const conn = await createConnection(server);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    } catch (err) {
      console.warn(`could not drop the template database ${name}: ${err}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
