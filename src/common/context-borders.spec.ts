import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

/**
 * The house rule on borders: a context owns its tables, and another context reads them only
 * through the owner's exported service or query API. This test is the lint rule: no file of one
 * context imports another context's entities (entity files may name them as types, for foreign
 * keys), and no SQL text in one context names a table another context owns.
 */
const SRC = join(PROJECT_ROOT, 'src');
/** The composition root and schema tooling see every context by design. */
const EXEMPT = new Set(['database', 'cli']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const contextOf = (file: string): string => relative(SRC, file).split(sep)[0];
const files = sourceFiles(SRC).filter((f) => relative(SRC, f).includes(sep));

/** table name → owning context, from every `@Entity('<table>')`. */
const owners = new Map<string, string>();
for (const file of files.filter((f) => f.endsWith('.entity.ts'))) {
  for (const m of readFileSync(file, 'utf8').matchAll(/@Entity\(\s*['"](\w+)['"]/g)) owners.set(m[1], contextOf(file));
}

/** Code without comments, so prose like "rows from tenants" is not mistaken for SQL. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function violations(file: string): string[] {
  const context = contextOf(file);
  const text = code(readFileSync(file, 'utf8'));
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
    const target = m[2];
    const entity = /(?:^|\/)([\w-]+)\/(?:[\w-]+\/)*entities\/[\w.-]+$/.exec(target);
    if (!entity || !target.startsWith('.')) continue;
    const owner = contextOf(join(file, '..', target));
    if (owner === context) continue;
    if (file.endsWith('.entity.ts') && m[1]) continue;
    found.push(`imports ${target}`);
  }
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+[`"]?(\w+)[`"]?/g)) {
    const owner = owners.get(m[1]);
    if (owner && owner !== context) found.push(`SQL names table ${m[1]} (owned by ${owner})`);
  }
  return found;
}

describe('context borders', () => {
  it('finds the tables and their owners', () => {
    expect(owners.get('tenants')).toBe('tenants');
    expect(owners.get('users')).toBe('accounts');
    expect(owners.get('signing_obligations')).toBe('conventions');
  });

  it('catches a file that crosses a border (the check can fail)', () => {
    const probe = join(SRC, 'conventions', 'probe.ts');
    const text = "import { TenantEntity } from '../tenants/entities/tenant.entity.js';\nconst sql = 'SELECT id FROM users';\n";
    const crossing = [...text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+[`"]?(\w+)[`"]?/g)].map((m) => owners.get(m[1]));
    expect(crossing).toEqual(['accounts']);
    expect(contextOf(join(probe, '..', '../tenants/entities/tenant.entity.js'))).toBe('tenants');
  });

  it.each(files.filter((f) => !EXEMPT.has(contextOf(f))).map((f) => [relative(PROJECT_ROOT, f), f]))(
    '%s reads other contexts only through their services',
    (_name, file) => {
      expect(violations(file)).toEqual([]);
    },
  );
});
