import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { LOG_LEVELS, type LogLevelName } from '../config/app-config.js';

/** Nest's own start-up chatter: one line per module and per route (about a hundred). */
const WIRING = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * The process's logger: Nest's console logger up to LOG_LEVEL, with the framework's wiring lines
 * (modules initialised, routes mapped) only at `debug` and above, so the default shows what an
 * operator needs.
 */
export class AppLogger extends ConsoleLogger {
  private readonly wiring: boolean;

  constructor(level: LogLevelName) {
    super({ logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1) as LogLevel[] });
    this.wiring = LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf('debug');
  }

  override log(message: unknown, context?: string): void {
    if (!this.wiring && context && WIRING.has(context)) return;
    super.log(message, context);
  }
}
