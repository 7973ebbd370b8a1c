import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root.js';
import { AppConfig, ConfigError, loadConfig } from './app-config.js';

const MYSQL_URL = 'mysql://parktrust:secret@db.internal:3306/parktrust';
const SECRET = 'x'.repeat(32);

describe('loadConfig defaults', () => {
  const config = loadConfig({});

  it('is an AppConfig', () => {
    expect(config).toBeInstanceOf(AppConfig);
  });

  it.each<[keyof AppConfig, unknown]>([
    ['NODE_ENV', 'development'],
    ['PORT', 3000],
    ['DATA_DIR', './data'],
    ['DB_TYPE', 'sqlite'],
    ['DATABASE_URL', undefined],
    ['DB_LOGGING', false],
    ['REDIS_URL', undefined],
    ['SESSION_SECRET', undefined],
    ['SESSION_MAX_AGE_MINUTES', 480],
    ['TRUST_PROXY', 0],
    ['PARK_TIMEZONE', 'Asia/Shanghai'],
    ['DEFAULT_LOCALE', 'zh-CN'],
    ['LOGIN_MAX_ATTEMPTS', 5],
    ['LOGIN_BACKOFF_MAX_MINUTES', 15],
    ['LOGIN_RATE_PER_MINUTE', 20],
    ['IMPORT_MAX_BYTES', 10 * 1024 * 1024],
    ['UPLOAD_MAX_BYTES', 10 * 1024 * 1024],
    ['UPLOAD_MAX_TOTAL_BYTES', 50 * 1024 * 1024],
    ['PASSWORD_HASH_COST', 'standard'],
    ['isProduction', false],
    ['cachesTemplates', false],
    ['migrateOnStart', true],
    ['demoSeed', true],
  ])('%s defaults to %j', (key, expected) => {
    expect(config[key]).toEqual(expected);
  });

  it('resolves DATA_DIR to an absolute path', () => {
    expect(config.dataDir).toMatch(/^\/.*data$/);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root', SOMETHING_ELSE: 'x' })).not.toThrow();
  });

  it('does not read process.env when given an explicit environment', () => {
    const before = process.env.PORT;
    process.env.PORT = '1';
    try {
      expect(loadConfig({}).PORT).toBe(3000);
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });
});

describe('loadConfig accepts', () => {
  it.each<[string, Record<string, string>, Partial<Record<keyof AppConfig, unknown>>]>([
    ['a MySQL server', { DB_TYPE: 'mysql', DATABASE_URL: MYSQL_URL }, { DB_TYPE: 'mysql', DATABASE_URL: MYSQL_URL, migrateOnStart: false, demoSeed: false }],
    ['a MariaDB server', { DB_TYPE: 'mariadb', DATABASE_URL: MYSQL_URL }, { DB_TYPE: 'mariadb', migrateOnStart: false, demoSeed: false }],
    ['explicit migrate/seed switches on a server database', { DB_TYPE: 'mariadb', DATABASE_URL: MYSQL_URL, DB_MIGRATE_ON_START: 'true', DEMO_SEED: '1' }, { migrateOnStart: true, demoSeed: true }],
    ['switching migrate/seed off on sqlite', { DB_MIGRATE_ON_START: 'false', DEMO_SEED: 'off' }, { migrateOnStart: false, demoSeed: false }],
    ['boolean spellings yes/on/1/TRUE', { DB_LOGGING: 'TRUE', DEMO_SEED: 'yes', DB_MIGRATE_ON_START: 'on' }, { DB_LOGGING: true, demoSeed: true, migrateOnStart: true }],
    ['an in-memory sqlite database', { DATABASE_URL: ':memory:' }, { DATABASE_URL: ':memory:' }],
    ['production on sqlite without SESSION_SECRET (generated into DATA_DIR)', { NODE_ENV: 'production' }, { isProduction: true, cachesTemplates: true }],
    ['production on a server database with SESSION_SECRET', { NODE_ENV: 'production', DB_TYPE: 'mysql', DATABASE_URL: MYSQL_URL, SESSION_SECRET: SECRET }, { isProduction: true, SESSION_SECRET: SECRET }],
    ['PORT 1', { PORT: '1' }, { PORT: 1 }],
    ['PORT 65535', { PORT: '65535' }, { PORT: 65535 }],
    ['PORT 8080', { PORT: '8080' }, { PORT: 8080 }],
    ['redis://', { REDIS_URL: 'redis://127.0.0.1:6379/0' }, { REDIS_URL: 'redis://127.0.0.1:6379/0' }],
    ['rediss:// (TLS)', { REDIS_URL: 'rediss://user:pw@redis.internal:6380' }, { REDIS_URL: 'rediss://user:pw@redis.internal:6380' }],
    ['another IANA time zone', { PARK_TIMEZONE: 'Europe/Berlin' }, { PARK_TIMEZONE: 'Europe/Berlin' }],
    ['UTC', { PARK_TIMEZONE: 'UTC' }, { PARK_TIMEZONE: 'UTC' }],
    ['English as the default locale', { DEFAULT_LOCALE: 'en' }, { DEFAULT_LOCALE: 'en' }],
    ['TRUST_PROXY 2', { TRUST_PROXY: '2' }, { TRUST_PROXY: 2 }],
    ['NODE_ENV test', { NODE_ENV: 'test' }, { NODE_ENV: 'test', isProduction: false, cachesTemplates: true }],
    ['the minimal password hash cost in tests', { NODE_ENV: 'test', PASSWORD_HASH_COST: 'minimal' }, { PASSWORD_HASH_COST: 'minimal' }],
    // An empty variable (`PORT=` in a compose file) means "not set": the default applies.
    ['an empty PORT as unset', { PORT: '' }, { PORT: 3000 }],
    ['an empty SESSION_MAX_AGE_MINUTES as unset', { SESSION_MAX_AGE_MINUTES: '' }, { SESSION_MAX_AGE_MINUTES: 480 }],
    // An empty DATABASE_URL must not become better-sqlite3's anonymous temporary database.
    ['an empty DATABASE_URL as unset', { DATABASE_URL: '' }, { DATABASE_URL: undefined }],
  ])('%s', (_name, env, expected) => {
    const config = loadConfig(env);
    for (const [key, value] of Object.entries(expected)) {
      expect([key, config[key as keyof AppConfig]]).toEqual([key, value]);
    }
  });
});

describe('loadConfig refuses', () => {
  it.each<[string, Record<string, string>, RegExp]>([
    ['DB_TYPE=mysql without DATABASE_URL', { DB_TYPE: 'mysql' }, /DATABASE_URL=mysql:\/\//],
    ['DB_TYPE=mariadb without DATABASE_URL', { DB_TYPE: 'mariadb' }, /DB_TYPE=mariadb needs DATABASE_URL/],
    ['DB_TYPE=mysql with a file path', { DB_TYPE: 'mysql', DATABASE_URL: './data/parktrust.sqlite' }, /DATABASE_URL/],
    ['DB_TYPE=mysql with a postgres URL', { DB_TYPE: 'mysql', DATABASE_URL: 'postgres://u@h/db' }, /DATABASE_URL/],
    ['an unknown DB_TYPE', { DB_TYPE: 'postgres' }, /DB_TYPE/],
    ['a PARK_TIMEZONE that is not IANA', { PARK_TIMEZONE: 'Mars/Olympus_Mons' }, /PARK_TIMEZONE=Mars\/Olympus_Mons is not an IANA time zone/],
    ['an empty-looking PARK_TIMEZONE', { PARK_TIMEZONE: 'Beijing' }, /PARK_TIMEZONE/],
    ['production on MySQL without SESSION_SECRET', { NODE_ENV: 'production', DB_TYPE: 'mysql', DATABASE_URL: MYSQL_URL }, /needs SESSION_SECRET/],
    ['production on MariaDB without SESSION_SECRET', { NODE_ENV: 'production', DB_TYPE: 'mariadb', DATABASE_URL: MYSQL_URL }, /SESSION_SECRET/],
    ['a SESSION_SECRET shorter than 32 characters', { SESSION_SECRET: 'short-secret' }, /SESSION_SECRET/],
    ['a REDIS_URL without scheme', { REDIS_URL: '127.0.0.1:6379' }, /REDIS_URL must look like redis:\/\//],
    ['a REDIS_URL with another scheme', { REDIS_URL: 'http://redis:6379' }, /REDIS_URL/],
    ['PORT 0', { PORT: '0' }, /PORT/],
    ['PORT 65536', { PORT: '65536' }, /PORT/],
    ['PORT -1', { PORT: '-1' }, /PORT/],
    ['a fractional PORT', { PORT: '80.5' }, /PORT/],
    ['a PORT that is not a number', { PORT: 'http' }, /PORT/],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, /NODE_ENV/],
    ['an unknown DEFAULT_LOCALE', { DEFAULT_LOCALE: 'fr' }, /DEFAULT_LOCALE/],
    ['SESSION_MAX_AGE_MINUTES below 5', { SESSION_MAX_AGE_MINUTES: '1' }, /SESSION_MAX_AGE_MINUTES/],
    ['a negative TRUST_PROXY', { TRUST_PROXY: '-1' }, /TRUST_PROXY/],
    ['LOGIN_MAX_ATTEMPTS 0', { LOGIN_MAX_ATTEMPTS: '0' }, /LOGIN_MAX_ATTEMPTS/],
    ['IMPORT_MAX_BYTES below 1 KiB', { IMPORT_MAX_BYTES: '100' }, /IMPORT_MAX_BYTES/],
    ['the minimal password hash cost in production', { NODE_ENV: 'production', PASSWORD_HASH_COST: 'minimal' }, /PASSWORD_HASH_COST=minimal is for tests only/],
    ['the minimal password hash cost by default (development)', { PASSWORD_HASH_COST: 'minimal' }, /PASSWORD_HASH_COST=minimal is for tests only/],
    ['an unknown PASSWORD_HASH_COST', { NODE_ENV: 'test', PASSWORD_HASH_COST: 'low' }, /PASSWORD_HASH_COST/],
    // A misspelt boolean must not silently mean "false".
    ['a boolean that is neither true nor false', { DB_LOGGING: 'ture' }, /DB_LOGGING/],
    ['a misspelt DEMO_SEED', { DEMO_SEED: 'maybe' }, /DEMO_SEED/],
  ])('%s', (_name, env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Invalid configuration:/);
    expect((error as Error).message).toMatch(message);
  });

  it('lists every problem at once, one per line', () => {
    let message = '';
    try {
      loadConfig({ DB_TYPE: 'mysql', PARK_TIMEZONE: 'Nowhere/Land', REDIS_URL: 'localhost' });
    } catch (err) {
      message = (err as Error).message;
    }
    const lines = message.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines).toHaveLength(3);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/PARK_TIMEZONE/);
    expect(message).toMatch(/REDIS_URL/);
  });

  it('shows the offending value of a field', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: .*\(got 70000\)/);
  });
});

/** Every variable the configuration class declares (validated properties). */
const VARIABLES = [...new Set(getMetadataStorage().getTargetValidationMetadatas(AppConfig, '', true, false).map((m) => m.propertyName))].sort();

describe('every declared variable', () => {
  it('is found', () => {
    expect(VARIABLES).toEqual(expect.arrayContaining(['DATABASE_URL', 'DEMO_SEED', 'PORT', 'REDIS_URL', 'SESSION_SECRET']));
  });

  it.each(VARIABLES)('%s is read from the environment', (name) => {
    // Read means: some value changes the result, or is refused naming the variable.
    const defaults = loadConfig({}) as unknown as Record<string, unknown>;
    const read = ['zz-not-valid-zz', 'true', '1', '12345'].some((value) => {
      try {
        return (loadConfig({ [name]: value }) as unknown as Record<string, unknown>)[name] !== defaults[name];
      } catch (err) {
        return (err as Error).message.includes(name);
      }
    });
    expect(read).toBe(true);
  });
});

describe("the README's configuration table", () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const rows = new Map([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]*) \| [^|]* \|$/gm)].map((m) => [m[1], m[2].trim()]));
  const meanings = new Map([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| [^|]* \| ([^|]*) \|$/gm)].map((m) => [m[1], m[2].trim()]));
  /** The doc comment right above a field of AppConfig, as one line. */
  const docComment = (field: string): string => {
    const source = readFileSync(join(PROJECT_ROOT, 'src/config/app-config.ts'), 'utf8');
    const m = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*(?:@[^\\n]*\\n\\s*)*${field}\\b`).exec(source);
    return (m?.[1] ?? '').replace(/\s*\n\s*\*\s*/g, ' ');
  };

  it.each([['README', () => meanings.get('TRUST_PROXY') ?? ''], ['doc comment', () => docComment('TRUST_PROXY')]])(
    '%s: TRUST_PROXY is safe only behind a proxy that overwrites X-Forwarded-For',
    (_where, text) => {
      expect(text()).toMatch(/only behind a proxy that overwrites `?X-Forwarded-For`?/);
    },
  );

  it.each([['README', () => meanings.get('LOGIN_RATE_PER_MINUTE') ?? ''], ['doc comment', () => docComment('LOGIN_RATE_PER_MINUTE')]])(
    '%s: LOGIN_RATE_PER_MINUTE says where it counts',
    (_where, text) => {
      expect(text()).toMatch(/Redis when `?REDIS_URL`? is set/);
    },
  );

  it('lists exactly the variables the configuration declares', () => {
    expect([...rows.keys()].sort()).toEqual(VARIABLES);
  });

  it('gives the same plain defaults', () => {
    const defaults = new AppConfig() as unknown as Record<string, unknown>;
    const checked: string[] = [];
    for (const [name, cell] of rows) {
      const plain = /^`([^`]+)`$/.exec(cell)?.[1];
      if (plain === undefined || defaults[name] === undefined) continue;
      expect([name, plain]).toEqual([name, String(defaults[name])]);
      checked.push(name);
    }
    expect(checked.length).toBeGreaterThanOrEqual(10);
  });
});
