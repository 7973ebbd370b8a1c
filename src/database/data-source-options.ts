import type { DataSourceOptions } from 'typeorm';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { APP_ENTITIES } from '../app.entities.js';
import { mysqlMigrations } from '../../migrations/mysql/index.js';
import { sqliteMigrations } from '../../migrations/sqlite/index.js';

/** The one place that turns configuration into TypeORM options, for the app, the CLI and the tests. */
export function buildDataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities: APP_ENTITIES,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    logging: config.DB_LOGGING,
  };
  if (config.DB_TYPE === 'sqlite') {
    const database = config.DATABASE_URL ?? join(config.dataDir, 'parktrust.sqlite');
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      migrations: sqliteMigrations,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: config.DB_TYPE,
    url: config.DATABASE_URL,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // DATE columns come back as 'YYYY-MM-DD' strings: a calendar date must not move with the process time zone.
    dateStrings: ['DATE'],
    migrations: mysqlMigrations,
    // mysql2's `trace` captures a stack for every query (async-friendly error stacks); too costly per query in production.
    extra: { connectionLimit: 20, trace: !config.isProduction },
  };
}
