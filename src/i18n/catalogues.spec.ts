import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { ROLES } from '../accounts/domain/roles.js';
import * as domainErrors from '../common/errors/domain-error.js';
import { PROJECT_ROOT, VIEWS_DIR } from '../common/project-root.js';
import { JOBS } from '../queue/job-definitions.js';
import { TENANT_SORTS } from '../tenants/dto/tenant.dto.js';
import { TENANT_STATUSES } from '../tenants/domain/tenant-status.js';
import { catalogues, LOCALES } from './messages/index.js';

type Tree = { [key: string]: string | Tree };

function leaves(tree: object, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value)) leaves(value, path, out);
    else out.set(path, value);
  }
  return out;
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

function walk(dir: string, suffix: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, suffix, out);
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

const zh = catalogues['zh-CN'] as Tree;
const zhLeaves = leaves(zh);

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), zh);
}
const isMessage = (key: string) => typeof lookup(key) === 'string';
const isSubtree = (key: string) => {
  const node = lookup(key);
  return Boolean(node) && typeof node === 'object';
};

const MESSAGES_DIR = join(PROJECT_ROOT, 'src', 'i18n', 'messages');
const partFiles = readdirSync(MESSAGES_DIR).filter((f) => f.endsWith('.messages.ts')).sort();

interface Part {
  file: string;
  name: string;
  value: Record<string, Tree>;
}

async function loadParts(): Promise<Part[]> {
  const parts: Part[] = [];
  for (const file of partFiles) {
    const mod = (await import(`./messages/${basename(file, '.ts')}.js`)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (value && typeof value === 'object' && 'zh-CN' in value && 'en' in value) parts.push({ file, name, value: value as Record<string, Tree> });
    }
  }
  return parts;
}

describe('message catalogues', () => {
  let parts: Part[];
  beforeAll(async () => {
    parts = await loadParts();
  });

  it('every *.messages.ts file exports a catalogue part', () => {
    expect(partFiles.length).toBeGreaterThanOrEqual(5);
    expect(new Set(parts.map((p) => p.file))).toEqual(new Set(partFiles));
  });

  it('every part has exactly the locales zh-CN and en', () => {
    for (const part of parts) expect([part.name, Object.keys(part.value).sort()]).toEqual([part.name, [...LOCALES].sort()]);
  });

  it('zh-CN and en have identical key sets in every part', () => {
    for (const part of parts) {
      const zhKeys = [...leaves(part.value['zh-CN']).keys()].sort();
      const enKeys = [...leaves(part.value.en).keys()].sort();
      const missingInEn = zhKeys.filter((k) => !enKeys.includes(k));
      const missingInZh = enKeys.filter((k) => !zhKeys.includes(k));
      expect({ part: part.name, missingInEn, missingInZh }).toEqual({ part: part.name, missingInEn: [], missingInZh: [] });
    }
  });

  it('every message is a non-empty string with the same placeholders in both languages', () => {
    const problems: string[] = [];
    for (const part of parts) {
      const en = leaves(part.value.en);
      for (const [key, zhMessage] of leaves(part.value['zh-CN'])) {
        const enMessage = en.get(key);
        if (typeof zhMessage !== 'string' || !zhMessage.trim()) problems.push(`${part.name} zh-CN ${key}: not a non-empty string`);
        if (typeof enMessage !== 'string' || !enMessage.trim()) problems.push(`${part.name} en ${key}: not a non-empty string`);
        if (typeof zhMessage === 'string' && typeof enMessage === 'string' && placeholders(zhMessage).join() !== placeholders(enMessage).join()) {
          problems.push(`${key}: zh-CN {${placeholders(zhMessage)}} vs en {${placeholders(enMessage)}}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('parts do not share top-level keys (the merge would silently drop one)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const part of parts) {
      for (const key of Object.keys(part.value['zh-CN'])) {
        if (owner.has(key)) clashes.push(`${key}: ${owner.get(key)} and ${part.name}`);
        owner.set(key, part.name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('every part is registered in messages/index.ts', () => {
    const unregistered: string[] = [];
    for (const part of parts) {
      for (const locale of LOCALES) {
        for (const [key, subtree] of Object.entries(part.value[locale])) {
          if ((catalogues[locale] as Record<string, unknown>)[key] !== subtree) unregistered.push(`${part.name} ${locale} ${key}`);
        }
      }
    }
    expect(unregistered).toEqual([]);
  });

  it('every job has a label on the jobs page', () => {
    const missing = Object.keys(JOBS).filter((name) => !zhLeaves.has(`jobs.names.${name}`));
    expect(missing).toEqual([]);
  });

  it('the merged catalogues have identical key sets', () => {
    expect([...leaves(catalogues.en).keys()].sort()).toEqual([...zhLeaves.keys()].sort());
  });
});

describe('keys used by the views exist', () => {
  const views = walk(VIEWS_DIR, '.hbs').sort();
  const uses: { file: string; key: string; kind: 'message' | 'prefix'; params?: string[] }[] = [];
  for (const file of views) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(PROJECT_ROOT, file);
    const hashOf = (rest: string) => [...rest.matchAll(/(\w+)=/g)].map((m) => m[1]);
    for (const m of text.matchAll(/\{\{~?\s*t\s+"([^"]+)"([^}]*)\}\}/g)) uses.push({ file: rel, key: m[1], kind: 'message', params: hashOf(m[2]) });
    for (const m of text.matchAll(/\(t\s+"([^"]+)"([^)]*)\)/g)) uses.push({ file: rel, key: m[1], kind: 'message', params: hashOf(m[2]) });
    for (const m of text.matchAll(/[{(]\s*tp\s+"([^"]+)"/g)) uses.push({ file: rel, key: m[1], kind: 'prefix' });
    for (const m of text.matchAll(/\(concat\s+"([^"]+)\."/g)) uses.push({ file: rel, key: m[1], kind: 'prefix' });
    // Partials take catalogue keys as parameters: {{> field label="tenants.uscc" hint="…"}}
    for (const partial of text.matchAll(/\{\{>\s*[\w-]+([^}]*)\}\}/g)) {
      for (const m of partial[1].matchAll(/\b(?:label|hint)="([^"]+)"/g)) uses.push({ file: rel, key: m[1], kind: 'message' });
    }
  }

  it('finds the views and their keys', () => {
    expect(views.length).toBeGreaterThanOrEqual(10);
    expect(uses.length).toBeGreaterThan(100);
  });

  it('every {{t "…"}} key, and every key passed to a partial, is a message', () => {
    const missing = uses.filter((u) => u.kind === 'message' && !isMessage(u.key)).map((u) => `${u.file}: ${u.key}`);
    expect(missing).toEqual([]);
  });

  it('every {{tp "prefix" …}} and (concat "prefix." …) names a group of messages', () => {
    const missing = uses.filter((u) => u.kind === 'prefix' && !isSubtree(u.key)).map((u) => `${u.file}: ${u.key}`);
    expect(missing).toEqual([]);
  });

  it('every {{t "…" name=…}} passes every placeholder its message needs', () => {
    const problems: string[] = [];
    // Flattened once per locale: flattening the whole catalogue again for every use took 38 s.
    const messages = new Map(LOCALES.map((locale) => [locale, leaves(catalogues[locale])]));
    for (const u of uses) {
      if (u.kind !== 'message' || !u.params || !isMessage(u.key)) continue;
      for (const locale of LOCALES) {
        const message = messages.get(locale)!.get(u.key) as string;
        const missing = placeholders(message).filter((p) => !u.params!.includes(p));
        if (missing.length) problems.push(`${u.file}: ${u.key} (${locale}) needs ${missing.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  // The codes the views translate through prefixes.
  it.each([
    ...ROLES.map((r) => `roles.${r}`),
    ...TENANT_STATUSES.flatMap((s) => [`tenants.statuses.${s}`, `tenants.statusAction.${s}`, `tenants.statusChanged.${s}`]),
    ...TENANT_SORTS.filter((s) => s !== 'createdAt' && s !== 'status').map((s) => `tenants.${s}`),
    ...['hash', 'link', 'head'].map((r) => `audit.reason.${r}`),
  ])('%s exists', (key) => {
    expect(isMessage(key)).toBe(true);
  });
});

describe('keys used by the code exist', () => {
  const files = walk(join(PROJECT_ROOT, 'src'), '.ts').filter((f) => !f.endsWith('.spec.ts') && !f.includes(`${join('src', 'i18n', 'messages')}`)).sort();
  const sources = files.map((file) => ({ file: relative(PROJECT_ROOT, file), text: readFileSync(file, 'utf8') }));

  // Domain errors, and the classes that extend them anywhere in src.
  const domainClasses = new Set(
    Object.entries(domainErrors)
      .filter(([, v]) => typeof v === 'function' && (v as { prototype: unknown }).prototype instanceof domainErrors.DomainError)
      .map(([name]) => name),
  );
  for (let grew = true; grew;) {
    grew = false;
    for (const { text } of sources) {
      for (const m of text.matchAll(/class (\w+) extends (\w+)/g)) {
        if (domainClasses.has(m[2]) && !domainClasses.has(m[1])) {
          domainClasses.add(m[1]);
          grew = true;
        }
      }
    }
  }

  const used: { file: string; key: string; how: string }[] = [];
  const prefixes: { file: string; key: string; how: string }[] = [];
  for (const { file, text } of sources) {
    const add = (key: string, how: string) => used.push({ file, key, how });
    for (const m of text.matchAll(/\bflash\(\s*\w+\s*,\s*'\w+'\s*,\s*'([^']+)'/g)) add(m[1], 'flash');
    for (const m of text.matchAll(/\bflash\(\s*\w+\s*,\s*'\w+'\s*,\s*`([\w.]+)\.\$\{/g)) prefixes.push({ file, key: m[1], how: 'flash template' });
    for (const m of text.matchAll(/\bnew (\w+)\(\s*'([^']+)'/g)) if (domainClasses.has(m[1])) add(m[2], `new ${m[1]}`);
    for (const m of text.matchAll(/\bsuper\(\s*(?:\{\s*\}\s*,\s*)?'([a-zA-Z]\w*\.[\w.]+)'/g)) add(m[1], 'super');
    for (const m of text.matchAll(/\bmessageKey\s*[=:]\s*'([^']+)'/g)) add(m[1], 'messageKey');
    for (const m of text.matchAll(/\btitleKey:\s*([^,}\n]+)/g)) for (const q of m[1].matchAll(/'([^']+)'/g)) add(q[1], 'titleKey');
    for (const m of text.matchAll(/\.t\(\s*[^,()]+,\s*'([^']+)'/g)) add(m[1], 'i18n.t');
    for (const m of text.matchAll(/'((?:errors|validation)\.[\w.]+)'/g)) add(m[1], 'literal');
    // Field problems and validator messages are codes under `validation.`.
    for (const m of text.matchAll(/\[\s*\{\s*code:\s*'(\w+)'/g)) add(`validation.${m[1]}`, 'field problem');
    for (const m of text.matchAll(/\bmessage:\s*'(\w+)'/g)) add(`validation.${m[1]}`, 'validator message');
    if (/registerDecorator\(/.test(text)) {
      for (const m of text.matchAll(/\breturn\s+['`](\w+)(?:['`]| \$\{)/g)) add(`validation.${m[1]}`, 'custom validator');
    }
    const codes = /CONSTRAINT_CODES[^=]*=\s*\{([^}]*)\}/.exec(text);
    if (codes) for (const m of codes[1].matchAll(/:\s*'(\w+)'/g)) add(`validation.${m[1]}`, 'constraint code');
    if (/CONSTRAINT_CODES/.test(text)) for (const m of text.matchAll(/\?\?\s*'(\w+)'/g)) add(`validation.${m[1]}`, 'constraint fallback');
  }

  it('finds the keys the code uses', () => {
    expect(domainClasses).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    expect(domainClasses.has('ConflictError')).toBe(true);
    expect(domainClasses.has('InvalidCredentialsError')).toBe(true);
    expect(used.filter((u) => u.how === 'flash').length).toBeGreaterThanOrEqual(5);
    expect(used.filter((u) => u.how.startsWith('new ')).length).toBeGreaterThanOrEqual(5);
    expect(used.some((u) => u.key === 'validation.usccCheck')).toBe(true);
    expect(used.some((u) => u.key === 'validation.date')).toBe(true);
    expect(used.some((u) => u.key === 'validation.unknownField')).toBe(true);
  });

  it('every literal key (flash, domain errors, messageKey, titleKey, i18n.t, field codes) is a message', () => {
    const missing = [...new Set(used.filter((u) => !isMessage(u.key)).map((u) => `${u.file}: ${u.key} (${u.how})`))];
    expect(missing).toEqual([]);
  });

  it('every template-literal flash key names a group of messages', () => {
    expect(prefixes.length).toBeGreaterThanOrEqual(1);
    expect(prefixes.filter((p) => !isSubtree(p.key)).map((p) => `${p.file}: ${p.key}`)).toEqual([]);
  });
});

describe('every e-mail template has its words', () => {
  const templates = [...new Set(readdirSync(join(VIEWS_DIR, 'emails')).filter((f) => /\.html\.hbs$/.test(f)).map((f) => f.replace(/\.html\.hbs$/, '')))]
    .filter((name) => name !== 'layout');

  it('finds the templates', () => {
    expect(templates.length).toBeGreaterThanOrEqual(8);
  });

  it.each(templates)('%s: a subject, a text version and a label on the outbox page', (name) => {
    expect(isMessage(`emails.${name}.subject`)).toBe(true);
    expect(isMessage(`outbox.templates.${name}`)).toBe(true);
    expect(readdirSync(join(VIEWS_DIR, 'emails'))).toContain(`${name}.text.hbs`);
  });
});
