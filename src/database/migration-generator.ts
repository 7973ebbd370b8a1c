import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig, type DbType } from '../config/app-config.js';
import { PROJECT_ROOT } from '../common/project-root.js';
import { buildDataSourceOptions } from './data-source-options.js';

export interface PendingSql {
  up: string[];
  down: string[];
}

/** The SQL TypeORM would run to bring a freshly migrated database up to the entities; empty when there is no drift. */
export async function pendingSchemaSql(dataSource: DataSource): Promise<PendingSql> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
}

/** Creates a throw-away MySQL/MariaDB database; returns its URL and a function that drops it. */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pt_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const conn = await createConnection(serverUrl);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection(serverUrl);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

async function pendingFor(type: DbType | 'sqlite', url: string | undefined): Promise<PendingSql> {
  const config = loadConfig({ DB_TYPE: type, DATABASE_URL: url ?? ':memory:', DEMO_SEED: 'false' });
  const ds = await new DataSource(buildDataSourceOptions(config)).initialize();
  try {
    await ds.runMigrations();
    return await pendingSchemaSql(ds);
  } finally {
    await ds.destroy();
  }
}

function migrationSource(className: string, sql: PendingSql): string {
  const lines = (qs: string[]) => qs.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(sql.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(sql.down)}
  }
}
`;
}

function appendToIndex(dialect: 'sqlite' | 'mysql', fileBase: string, className: string): void {
  const index = join(PROJECT_ROOT, 'migrations', dialect, 'index.ts');
  let text = readFileSync(index, 'utf8');
  const lastImport = text.lastIndexOf('\nimport ');
  const insertAt = text.indexOf('\n', lastImport + 1) + 1;
  text = `${text.slice(0, insertAt)}import { ${className} } from './${fileBase}.js';\n${text.slice(insertAt)}`;
  text = text.replace(/= \[([^\]]*)\];/s, (_all, list: string) => {
    const items = list.split(',').map((s) => s.trim()).filter(Boolean).concat(className);
    return `= [\n  ${items.join(',\n  ')},\n];`;
  });
  writeFileSync(index, text);
}

/**
 * Writes one migration per dialect from the difference between the entities and the migrated schema,
 * under the same name in both lists. Needs a MySQL/MariaDB server (TEST_MYSQL_URL, default root@127.0.0.1).
 */
export async function generateMigration(name: string, serverUrl: string, mysqlType: 'mysql' | 'mariadb'): Promise<string[]> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('migration name must be PascalCase, e.g. AddTrainings');
  const stamp = Date.now();
  const className = `${name}${stamp}`;
  const fileBase = `${stamp}-${name}`;
  const scratch = await createScratchDatabase(serverUrl);
  try {
    const results = { sqlite: await pendingFor('sqlite', ':memory:'), mysql: await pendingFor(mysqlType, scratch.url) };
    if (!results.sqlite.up.length && !results.mysql.up.length) return [];
    const written: string[] = [];
    for (const dialect of ['sqlite', 'mysql'] as const) {
      const file = join(PROJECT_ROOT, 'migrations', dialect, `${fileBase}.ts`);
      writeFileSync(file, migrationSource(className, results[dialect]));
      appendToIndex(dialect, fileBase, className);
      written.push(file);
    }
    return written;
  } finally {
    await scratch.drop();
  }
}
