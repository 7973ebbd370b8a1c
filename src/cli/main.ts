import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { DomainError, ValidationFailedError } from '../common/errors/domain-error.js';

async function main(): Promise<void> {
  const [command, bundle, ...rest] = process.argv.slice(2);
  if (command === 'sampling:verify' && bundle && !bundle.startsWith('-') && rest.length === 0) {
    // A bundle is verified from itself alone: load neither the application nor a database (seconds of start-up otherwise).
    const { verifyBundleFile } = await import('./sampling-verify.js');
    const outcome = await verifyBundleFile(bundle);
    for (const line of outcome.lines) console.log(line);
    if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
    return;
  }
  const config = loadConfig();
  const { buildCli } = await import('./cli.js');
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
