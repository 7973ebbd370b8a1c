import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { DomainError, ValidationFailedError } from '../common/errors/domain-error.js';
import { buildCli } from './cli.js';

async function main(): Promise<void> {
  const config = loadConfig();
  await buildCli(config).parseAsync(process.argv);
}

main().catch((err: unknown) => {
  if (err instanceof ValidationFailedError) {
    console.error(`invalid input: ${Object.entries(err.fields).map(([f, ps]) => `${f}: ${ps.map((p) => p.code).join(', ')}`).join('; ')}`);
  } else if (err instanceof DomainError) {
    console.error(`error: ${err.messageKey} ${JSON.stringify(err.params)}`);
  } else if (err instanceof ConfigError || err instanceof Error) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
