import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { resolve } from 'node:path';

/** true/false and their usual spellings; anything else is left as is for @IsBoolean to refuse. */
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || typeof value === 'boolean') return value === '' ? undefined : value;
  const v = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

export const DB_TYPES = ['sqlite', 'mysql', 'mariadb'] as const;
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
export type DbType = (typeof DB_TYPES)[number];

/**
 * Every setting ParkTrust reads from the environment, validated once at boot.
 * The README's configuration table lists the same variables with the same defaults.
 */
export class AppConfig {
  /** NODE_ENV: `production` turns on secure-cookie checks and hides stack traces. Default `development`. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** PORT: HTTP port of the web process. Default 3000. */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT = 3000;

  /** DATA_DIR: folder for the SQLite file, uploads, mail files and the session secret. Default `./data`. */
  @IsString()
  DATA_DIR = './data';

  /** DB_TYPE: `sqlite` (embedded default), `mysql` (MySQL 8) or `mariadb` (MariaDB 10.6+). */
  @IsIn(DB_TYPES)
  DB_TYPE: DbType = 'sqlite';

  /** DATABASE_URL: `mysql://user:pass@host:3306/db` for mysql/mariadb; for sqlite a file path or `:memory:`. Default `<DATA_DIR>/parktrust.sqlite`. */
  @IsOptional() @IsString()
  DATABASE_URL?: string;

  /** DB_MIGRATE_ON_START: apply pending migrations when the web process starts. Default true for sqlite, false otherwise (run `npm run migration:run`). */
  @IsOptional() @Transform(toBool) @IsBoolean()
  DB_MIGRATE_ON_START?: boolean;

  /**
   * LOG_LEVEL: `error`, `warn`, `log` (what an operator needs: start, migrations, job outcomes),
   * `debug` or `verbose` (also route mappings, module wiring, every mail written). Default `log`.
   */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelName = 'log';

  /** DB_LOGGING: log every SQL statement. Default false. */
  @Transform(toBool) @IsBoolean()
  DB_LOGGING = false;

  /** REDIS_URL: `redis://host:6379/0`; when set, readiness checks Redis (and later issues queue jobs there). Default unset. */
  @IsOptional() @IsString()
  REDIS_URL?: string;

  /** FILES_DIR: where uploads (evidence, scans, reports) are stored. Default `<DATA_DIR>/files`. */
  @IsOptional() @IsString()
  FILES_DIR?: string;

  /** UPLOAD_MAX_BYTES: largest accepted upload (per file). Default 10485760 (10 MiB). */
  @Transform(toInt) @IsInt() @Min(1024)
  UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

  /** UPLOAD_MAX_TOTAL_BYTES: largest sum of the files of one upload request (never less than one file of UPLOAD_MAX_BYTES). Default 52428800 (50 MiB). */
  @Transform(toInt) @IsInt() @Min(1024)
  UPLOAD_MAX_TOTAL_BYTES = 50 * 1024 * 1024;

  /** WORKER_CONCURRENCY: jobs one process runs at the same time. Default 4. */
  @Transform(toInt) @IsInt() @Min(1) @Max(64)
  WORKER_CONCURRENCY = 4;

  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM, how long to wait for running jobs before exiting. Default 30000. */
  @Transform(toInt) @IsInt() @Min(0)
  SHUTDOWN_TIMEOUT_MS = 30_000;

  /** SCHEDULES_ENABLED: register the recurring jobs (month-end run, reminders, outbox relay, draws) from this process. Default true. */
  @Transform(toBool) @IsBoolean()
  SCHEDULES_ENABLED = true;

  /** JOB_STALLED_MS: a running job whose worker stops renewing its lock for this long is run again (Bull lock duration). Default 30000. */
  @Transform(toInt) @IsInt() @Min(1000)
  JOB_STALLED_MS = 30_000;

  /** OUTBOX_CLAIM_MS: how long a sending worker's claim on a message lasts; after it (the worker died) the message is sent again. Must exceed the SMTP timeouts (10 s connect + 30 s socket). Default 120000. */
  @Transform(toInt) @IsInt() @Min(1000)
  OUTBOX_CLAIM_MS = 120_000;

  /** OUTBOX_BACKOFF_MS: the wait before an e-mail's second try after a temporary failure; each later wait doubles (up to an hour). Default 5000. */
  @Transform(toInt) @IsInt() @Min(1000)
  OUTBOX_BACKOFF_MS = 5_000;

  /** REDIS_PREFIX: prefix of ParkTrust's keys in Redis, so several deployments can share one server. Default `parktrust`. */
  @IsString() @MinLength(1)
  REDIS_PREFIX = 'parktrust';

  /** SMTP_HOST: mail server; unset means e-mail is written as .eml files under `<DATA_DIR>/mail` instead of sent. */
  @IsOptional() @IsString()
  SMTP_HOST?: string;

  /** SMTP_PORT: default 587 (465 when SMTP_SECURE). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  SMTP_PORT?: number;

  /** SMTP_SECURE: TLS from the first byte (port 465). Default false (STARTTLS when offered). */
  @Transform(toBool) @IsBoolean()
  SMTP_SECURE = false;

  /** SMTP_USER / SMTP_PASSWORD: credentials, when the server needs them. */
  @IsOptional() @IsString()
  SMTP_USER?: string;

  @IsOptional() @IsString()
  SMTP_PASSWORD?: string;

  /** MAIL_FROM: sender of every message. Default `ParkTrust <noreply@parktrust.local>`. */
  @IsString()
  MAIL_FROM = 'ParkTrust <noreply@parktrust.local>';

  /** PUBLIC_URL: the portal's address as users reach it, for links in e-mail and the verification address (and QR code) printed on receipts. Default `http://localhost:<PORT>`. */
  @IsOptional() @IsString()
  PUBLIC_URL?: string;

  /** SESSION_SECRET: secret signing the session cookie; at least 32 characters. Default: generated once and kept in `<DATA_DIR>/session-secret` (embedded mode only). */
  @IsOptional() @IsString() @MinLength(32)
  SESSION_SECRET?: string;

  /**
   * AUDIT_KEY: HMAC key that signs the audit log's checkpoints; keep it outside the database (and
   * its backups), at least 32 characters. Default: generated once and kept in `<DATA_DIR>/audit-key`.
   */
  @IsOptional() @IsString() @MinLength(32)
  AUDIT_KEY?: string;

  /** AUDIT_CHECKPOINT_DIR: folder the signed audit checkpoints are written to (keep it off the database host). Default `<DATA_DIR>/audit-checkpoints`. */
  @IsOptional() @IsString()
  AUDIT_CHECKPOINT_DIR?: string;

  /** SESSION_MAX_AGE_MINUTES: idle lifetime of a login session. Default 480 (8 hours). */
  @Transform(toInt) @IsInt() @Min(5)
  SESSION_MAX_AGE_MINUTES = 480;

  /**
   * TRUST_PROXY: number of reverse proxies in front of the app, whose X-Forwarded-For and X-Forwarded-Proto then give
   * the client's IP and whether it came over TLS (Secure cookies). Safe only behind a proxy that overwrites
   * X-Forwarded-For: reached directly, a client forges any address and escapes the per-IP login limits. Default 0.
   */
  @Transform(toInt) @IsInt() @Min(0)
  TRUST_PROXY = 0;

  /** PARK_TIMEZONE: IANA time zone in which dates are shown and months computed. Default `Asia/Shanghai`. */
  @IsString()
  PARK_TIMEZONE = 'Asia/Shanghai';

  /** PARK_NAME: the park's name as printed on documents the portal issues (signature receipts). Default `示范产业园区`. */
  @IsString() @MinLength(1)
  PARK_NAME = '示范产业园区';

  /** DEFAULT_LOCALE: language of pages for visitors who have not chosen one: `zh-CN` or `en`. Default `zh-CN`. */
  @IsIn(['zh-CN', 'en'])
  DEFAULT_LOCALE: 'zh-CN' | 'en' = 'zh-CN';

  /** DEMO_SEED: seed the demo park and demo accounts on start when absent. Default true for sqlite, false otherwise. */
  @IsOptional() @Transform(toBool) @IsBoolean()
  DEMO_SEED?: boolean;

  /**
   * LOGIN_MAX_ATTEMPTS: failed logins for one e-mail from one address before each further attempt must wait (1 s,
   * doubling); the e-mail from anywhere, and the address for any e-mail, get four times as many. Nothing is locked.
   * Default 5.
   */
  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_MAX_ATTEMPTS = 5;

  /** LOGIN_BACKOFF_MAX_MINUTES: the longest wait the login backoff imposes. Default 15. */
  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_BACKOFF_MAX_MINUTES = 15;

  /** LOGIN_RATE_PER_MINUTE: login attempts accepted per client IP per minute, counted in Redis when REDIS_URL is set (shared by every web process), else per process. Default 20. */
  @Transform(toInt) @IsInt() @Min(1)
  LOGIN_RATE_PER_MINUTE = 20;

  /** PASSWORD_RESET_MINUTES: how long a "forgot password" link sent by e-mail works. Default 30. */
  @Transform(toInt) @IsInt() @Min(5) @Max(1440)
  PASSWORD_RESET_MINUTES = 30;

  /** IMPORT_MAX_BYTES: largest accepted import file. Default 10485760 (10 MiB). */
  @Transform(toInt) @IsInt() @Min(1024)
  IMPORT_MAX_BYTES = 10 * 1024 * 1024;

  /**
   * PASSWORD_HASH_COST: `standard` hashes passwords with argon2id at the library's cost (19 MiB, 2 passes);
   * `minimal` (8 KiB, 1 pass) keeps the test suites fast and is refused unless NODE_ENV=test. Default `standard`.
   */
  @IsIn(['standard', 'minimal'])
  PASSWORD_HASH_COST: 'standard' | 'minimal' = 'standard';

  /** Jobs go through Bull on Redis when REDIS_URL is set; otherwise they run in-process. */
  get queueMode(): 'bull' | 'in-process' {
    return this.REDIS_URL ? 'bull' : 'in-process';
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/$/, '');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** Compiled page and e-mail templates are kept, except in development, where they are being edited. */
  get cachesTemplates(): boolean {
    return this.NODE_ENV !== 'development';
  }

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }

  get auditCheckpointDir(): string {
    return resolve(this.AUDIT_CHECKPOINT_DIR ?? `${this.DATA_DIR}/audit-checkpoints`);
  }

  get filesDir(): string {
    return this.FILES_DIR ? resolve(this.FILES_DIR) : resolve(this.DATA_DIR, 'files');
  }

  get migrateOnStart(): boolean {
    return this.DB_MIGRATE_ON_START ?? this.DB_TYPE === 'sqlite';
  }

  get demoSeed(): boolean {
    return this.DEMO_SEED ?? this.DB_TYPE === 'sqlite';
  }
}

export class ConfigError extends Error {}

/** The worker only makes sense in queue mode against a server database; says what to set otherwise. */
export function assertWorkerConfig(config: AppConfig): void {
  const problems: string[] = [];
  if (!config.REDIS_URL) problems.push('the worker needs REDIS_URL=redis://host:6379/0 (without Redis, `npm start` runs jobs in-process)');
  if (config.DB_TYPE === 'sqlite') problems.push('the worker needs DB_TYPE=mysql or mariadb with DATABASE_URL=mysql://user:pass@host:3306/db');
  if (problems.length) throw new ConfigError(`Cannot start the worker:\n  - ${problems.join('\n  - ')}`);
}

/** Reads, validates and cross-checks the configuration; throws a ConfigError saying what to set. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(new AppConfig()).concat(['DATABASE_URL', 'DB_MIGRATE_ON_START', 'REDIS_URL', 'SESSION_SECRET', 'AUDIT_KEY', 'AUDIT_CHECKPOINT_DIR', 'DEMO_SEED', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'PUBLIC_URL', 'FILES_DIR'])
      // An empty variable counts as unset, so it falls back to the default.
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const config = plainToInstance(AppConfig, known);
  const errors = validateSync(config, { forbidUnknownValues: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m} (got ${JSON.stringify(e.value)})`),
  );
  if (config.DB_TYPE !== 'sqlite') {
    if (!config.DATABASE_URL || !/^mysql:\/\//.test(config.DATABASE_URL)) {
      problems.push(`DB_TYPE=${config.DB_TYPE} needs DATABASE_URL=mysql://user:pass@host:3306/dbname`);
    }
  }
  if (config.isProduction && config.DB_TYPE !== 'sqlite' && !config.SESSION_SECRET) {
    problems.push('NODE_ENV=production with a server database needs SESSION_SECRET (32+ random characters, the same on every web process)');
  }
  if (config.REDIS_URL && !/^rediss?:\/\//.test(config.REDIS_URL)) {
    problems.push('REDIS_URL must look like redis://host:6379/0');
  }
  if (config.SMTP_USER && !config.SMTP_PASSWORD) {
    problems.push('SMTP_USER is set without SMTP_PASSWORD');
  }
  if (config.PUBLIC_URL && !/^https?:\/\//.test(config.PUBLIC_URL)) {
    problems.push('PUBLIC_URL must start with http:// or https://');
  }
  if (config.PASSWORD_HASH_COST === 'minimal' && config.NODE_ENV !== 'test') {
    problems.push('PASSWORD_HASH_COST=minimal is for tests only (NODE_ENV=test); unset it or set it to standard');
  }
  if (!isValidTimeZone(config.PARK_TIMEZONE)) {
    problems.push(`PARK_TIMEZONE=${config.PARK_TIMEZONE} is not an IANA time zone such as Asia/Shanghai`);
  }
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
