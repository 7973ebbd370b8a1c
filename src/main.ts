import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createWebApp } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createWebApp(config);
  await app.listen(config.PORT);
  new Logger('Boot').log(`ParkTrust is listening on http://localhost:${config.PORT} (database: ${config.DB_TYPE})`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
