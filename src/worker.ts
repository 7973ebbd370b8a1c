import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { AppLogger } from './common/app-logger.js';
import { assertWorkerConfig, ConfigError, loadConfig } from './config/app-config.js';

/**
 * `node dist/worker.js`: processes jobs from Redis and keeps the recurring schedules registered.
 * Any number can run on any number of machines. SIGTERM stops taking jobs and waits for running
 * ones up to SHUTDOWN_TIMEOUT_MS.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  assertWorkerConfig(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'worker'), { logger: new AppLogger(config.LOG_LEVEL) });
  // Exit 0 once the queue has drained (JobRunner closes it before the database connection goes).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.init();
  new Logger('Boot').log(`ParkTrust worker started (database: ${config.DB_TYPE}, queue: Redis)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
