import { Logger, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { ApiTokensService } from './accounts/api-tokens.service.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { JOINT_CHECK_ROUTE, promoteHotRoutes, shortcutRoute, type RouterLayer } from './common/hot-routes.js';
import { I18nService } from './i18n/i18n.service.js';
import { jointCheckShortcut } from './lists/joint-checks/joint-check-shortcut.js';
import { JointChecksService } from './lists/joint-checks/joint-checks.service.js';
import { AppLogger } from './common/app-logger.js';
import type { AppConfig } from './config/app-config.js';
import { runMigrations } from './database/migrate.js';
import { DemoSeedService } from './demo/demo-seed.service.js';

/** Builds the configured web application (used by main.ts and by the e2e tests), migrated and seeded as configured. */
export async function createWebApp(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger === false ? false : new AppLogger(config.LOG_LEVEL),
  });
  app.enableShutdownHooks();
  configureApp(app);
  await prepare(app, config);
  const express = app.getHttpAdapter().getInstance() as Express;
  promoteHotRoutes(express.router.stack as unknown as RouterLayer[]);
  // The joint check's usual call skips Nest's per-call pipeline; its errors go through the app's one filter all the same.
  const filter = new AllExceptionsFilter(app.get(I18nService));
  shortcutRoute(express, JOINT_CHECK_ROUTE, jointCheckShortcut({
    tokens: app.get(ApiTokensService),
    service: app.get(JointChecksService),
    fail: (err, req, res, next) => filter.catch(err, new ExecutionContextHost([req, res, next])),
  }));
  return app;
}

/**
 * The web process's modules without the HTTP server (no routes, sessions or views), migrated and
 * seeded as configured: for tests that drive the services directly.
 */
export async function createAppContext(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: options.logger === false ? false : new AppLogger(config.LOG_LEVEL) });
  await prepare(app, config);
  return app;
}

/** Migrates and seeds as configured, then starts the modules (jobs, schedules). */
async function prepare(app: INestApplicationContext, config: AppConfig): Promise<void> {
  const log = new Logger('Boot');
  if (config.migrateOnStart) {
    const applied = await runMigrations(app.get(DataSource));
    if (applied.length) log.log(`applied migrations: ${applied.join(', ')}`);
  }
  if (config.demoSeed) {
    const seeded = await app.get(DemoSeedService).seed();
    if (seeded.created) log.log(`seeded the demo park: ${seeded.tenants} tenants, ${seeded.users} accounts`);
  }
  await app.init();
}
