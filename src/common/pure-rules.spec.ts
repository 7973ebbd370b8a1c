import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

/**
 * The house rule that keeps domain logic testable and portable: files of pure rules
 * (`*.rules.ts` and everything under a `domain/` folder) import no framework, ORM, queue,
 * mailer or configuration. This test is the lint rule.
 */
const FORBIDDEN = [/^@nestjs\//, /^typeorm/, /^bull/, /^ioredis/, /^nodemailer/, /^express/, /^mysql2/, /^better-sqlite3/, /\/config\//, /\.entity(\.js)?$/, /\.service(\.js)?$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const SRC = join(PROJECT_ROOT, 'src');
const pureFiles = sourceFiles(SRC).filter((f) => f.endsWith('.rules.ts') || /[\\/]domain[\\/]/.test(relative(SRC, f)));

describe('pure rule files', () => {
  it('exist (the scan found them)', () => {
    expect(pureFiles.length).toBeGreaterThan(5);
  });

  it.each(pureFiles.map((f) => [relative(PROJECT_ROOT, f), f]))('%s imports no framework, ORM, queue, mailer or config', (_name, file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    const bad = imports.filter((spec) => FORBIDDEN.some((re) => re.test(spec)));
    expect(bad).toEqual([]);
  });
});
