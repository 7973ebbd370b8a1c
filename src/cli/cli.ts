import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { DataSource } from 'typeorm';
import { ApiTokensService } from '../accounts/api-tokens.service.js';
import { DepartmentsService } from '../accounts/departments.service.js';
import { isRole, type Role } from '../accounts/domain/roles.js';
import { CreateUserDto } from '../accounts/dto/user.dto.js';
import { UsersService } from '../accounts/users.service.js';
import { validateOrThrow } from '../common/validation.js';
import { AppModule } from '../app.module.js';
import { AuditCheckpoints } from '../audit/audit-checkpoints.service.js';
import { checkpointLine, parseCheckpointLine } from '../audit/domain/audit-checkpoint.rules.js';
import type { AppConfig } from '../config/app-config.js';
import type { Actor } from '../common/principal.js';
import { buildDataSourceOptions } from '../database/data-source-options.js';
import { runMigrations } from '../database/migrate.js';
import { generateMigration } from '../database/migration-generator.js';
import { DemoSeedService } from '../demo/demo-seed.service.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { verifyBundleFile } from './sampling-verify.js';

const CLI_ACTOR: Actor = { userId: null, label: 'cli', ip: null };

/** Nest's console logger writes warnings to stdout; the CLI keeps stdout for results (token:create prints only the token). */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _writeStreamType?: 'stdout' | 'stderr', errorStack?: unknown): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

/** Runs `fn` with the application's services (no HTTP server); logs go to stderr so stdout stays clean. */
async function withApp<T>(config: AppConfig, fn: (get: <S>(cls: new (...args: never[]) => S) => S) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'cli'), {
    logger: new StderrLogger({ logLevels: ['error', 'warn'] }),
  });
  try {
    // The embedded default migrates itself, as `npm start` does; a server database is migrated by `migration:run`.
    if (config.migrateOnStart) await runMigrations(app.get(DataSource));
    return await fn((cls) => app.get(cls));
  } finally {
    await app.close();
  }
}

function role(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError('one of admin, park_staff, tenant_officer, evaluator, regulator');
  return value;
}

export function buildCli(config: AppConfig): Command {
  const program = new Command('parktrust').description('ParkTrust operator commands').showHelpAfterError();

  program.command('migration:run').description('apply pending database migrations').action(async () => {
    const ds = await new DataSource(buildDataSourceOptions(config)).initialize();
    try {
      const applied = await runMigrations(ds);
      console.error(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    } finally {
      await ds.destroy();
    }
  });

  program.command('migration:generate').description('(development) write sqlite and mysql migrations for the entity changes')
    .argument('<Name>', 'PascalCase name, e.g. AddTrainings')
    .option('--server <url>', 'MySQL/MariaDB server for the scratch database', process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306')
    .option('--mysql-type <type>', 'mariadb or mysql', 'mariadb')
    .action(async (name: string, o: { server: string; mysqlType: 'mysql' | 'mariadb' }) => {
      const files = await generateMigration(name, o.server, o.mysqlType);
      console.log(files.length ? `wrote:\n  ${files.join('\n  ')}` : 'no schema changes');
    });

  program.command('user:create').description('create a user account')
    .requiredOption('--email <email>').requiredOption('--name <name>').requiredOption('--role <role>', 'role', role)
    .option('--tenant <uscc>', 'tenant USCC (tenant_officer)').option('--department <code>', 'department code (regulator)')
    .option('--password <password>', 'initial password; generated and printed when omitted')
    .action(async (o: { email: string; name: string; role: Role; tenant?: string; department?: string; password?: string }) => {
      await withApp(config, async (get) => {
        const tenant = o.tenant ? await get(TenantsService).findByUscc(o.tenant) : null;
        if (o.tenant && !tenant) throw new Error(`no tenant with USCC ${o.tenant}`);
        const department = o.department ? await get(DepartmentsService).findByCode(o.department) : null;
        if (o.department && !department) throw new Error(`no department with code ${o.department}`);
        const password = o.password ?? randomBytes(12).toString('base64url');
        // The same rules as the admin page and the API.
        const dto = await validateOrThrow(CreateUserDto, {
          email: o.email, name: o.name, role: o.role, password,
          tenantId: tenant?.id, departmentId: department?.id, mustChangePassword: !o.password,
        });
        const user = await get(UsersService).create(dto, CLI_ACTOR);
        console.log(`created user ${user.id} ${user.email} (${user.role})`);
        if (!o.password) console.log(`temporary password: ${password}`);
      });
    });

  program.command('token:create').description('issue an API token for a user; prints only the token')
    .requiredOption('--email <email>').option('--label <label>', 'what the token is for', 'cli')
    .action(async (o: { email: string; label: string }) => {
      await withApp(config, async (get) => {
        const user = await get(UsersService).findByEmail(o.email);
        if (!user) throw new Error(`no user with e-mail ${o.email}`);
        const { token } = await get(ApiTokensService).issue(user.id, o.label, CLI_ACTOR);
        process.stdout.write(`${token}\n`);
      });
    });

  program.command('audit:verify')
    .description('check the audit log hash chain, and that it still reaches the newest signed checkpoint; exits 1 when it is broken')
    .option('--checkpoint <line>', 'verify against this checkpoint line from an admin e-mail (<entry>:<hash>) instead of the newest file')
    .action(async (o: { checkpoint?: string }) => {
      const given = o.checkpoint === undefined ? null : parseCheckpointLine(o.checkpoint);
      if (o.checkpoint !== undefined && !given) {
        console.log('--checkpoint expects <entry id>:<64 hex characters>, as in the checkpoint e-mail');
        process.exitCode = 2;
        return;
      }
      await withApp(config, async (get) => {
        const result = await get(AuditCheckpoints).verify(given);
        if (result.ok) {
          console.log(`audit log intact: ${result.checked} entries${result.anchoredAt !== null ? `, reaching checkpoint entry ${result.anchoredAt}` : ' (no checkpoint yet)'}`);
        } else if (result.reason === 'checkpoint') {
          console.log(`audit checkpoint files rejected (unreadable or not signed with AUDIT_KEY): ${result.rejected.join(', ')}`);
          process.exitCode = 1;
        } else {
          console.log(`audit log BROKEN at entry ${result.brokenAt} (${result.reason}); ${result.checked} entries before it are intact`);
          process.exitCode = 1;
        }
      });
    });

  program.command('audit:checkpoint').description('sign the audit chain\'s head into a checkpoint file now (the daily job also e-mails it)').action(async () => {
    await withApp(config, async (get) => {
      const c = await get(AuditCheckpoints).take();
      console.log(c ? `checkpoint ${checkpointLine(c)}` : 'the newest checkpoint already covers the head');
    });
  });

  program.command('sampling:verify')
    .description('recompute a draw from its verification bundle (frame hash, seed commitment, selection, assignment); exits 1 on a mismatch, 2 when the file is not a bundle')
    .argument('<bundle.json>', 'the bundle, as downloaded from /api/v1/draws/:id/bundle')
    .action(async (path: string) => {
      // Needs no database: a bundle is verified from itself alone.
      const outcome = await verifyBundleFile(path);
      for (const line of outcome.lines) console.log(line);
      if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
    });

  program.command('demo:seed').description('seed the demo park and accounts (idempotent)').action(async () => {
    await withApp(config, async (get) => {
      const r = await get(DemoSeedService).seed();
      console.log(r.created ? `seeded ${r.tenants} tenants and ${r.users} accounts` : 'demo data already present');
    });
  });

  return program;
}
