import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root.js';
import { catalogues } from '../i18n/messages/index.js';
import { TENANT_STATUSES } from '../tenants/domain/tenant-status.js';
import { actionKey } from './audit.view-model.js';

/**
 * Every action the code can record, and every record type, has a label on the audit page. The
 * codes are read from the sources: literals after `action:` (ternaries and literal unions
 * included), template literals such as `tenant.status.${status}` (expanded below), and, where an
 * audit call takes its action from a variable, the code-shaped literals of that file.
 */
const SRC = join(PROJECT_ROOT, 'src');

/** How each template-literal action expands; a new template fails the test until it is added here. */
const TEMPLATES: Record<string, readonly string[]> = {
  // A reversal of the last status change is recorded as `tenant.status.reverse`.
  'tenant.status.': [...TENANT_STATUSES, 'reverse'],
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) out.push(path);
  }
  return out;
}

type Tree = { [key: string]: string | Tree };
function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), catalogues['zh-CN']);
}
const isMessage = (key: string) => typeof lookup(key) === 'string';
const isCatalogueKey = (key: string) => lookup(key) !== undefined || lookup(key.split('.').slice(0, -1).join('.')) !== undefined;

/** `tenant.create`, `convention.draft.update`, `tenant.status.moved_out` … (not `s.tenantId`, a column of an SQL alias). */
const CODE = /^[a-z][a-zA-Z]{2,}(?:\.[a-zA-Z][a-zA-Z_]*)+$/;
/** The argument text of every `audit.record(` call (up to its closing parenthesis). */
function auditCalls(text: string): string[] {
  const calls: string[] = [];
  for (const m of text.matchAll(/\baudit\.record\(/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    calls.push(text.slice(m.index + m[0].length, i - 1));
  }
  return calls;
}

const sources = walk(SRC)
  .filter((f) => !f.includes(join('src', 'i18n', 'messages')))
  .map((file) => ({ file: relative(PROJECT_ROOT, file), text: readFileSync(file, 'utf8') }));

const actions = new Map<string, string>();
const entityTypes = new Map<string, string>();
const unexpandable: string[] = [];
for (const { file, text } of sources) {
  const calls = auditCalls(text);
  if (!calls.length) continue;
  for (const call of calls) {
    for (const m of call.matchAll(/\bentityType:\s*'(\w+)'/g)) entityTypes.set(m[1], file);
  }
  // `action: <expression>` anywhere in the file: the audit call itself, a parameter's literal union, a ternary.
  for (const m of text.matchAll(/\baction\??:\s*([^,;)}\n]+)/g)) {
    for (const q of m[1].matchAll(/'([^']+)'/g)) if (CODE.test(q[1])) actions.set(q[1], file);
  }
  for (const m of text.matchAll(/\baction\??:\s*`([^`]*)`/g)) {
    const prefix = /^([a-z][\w.]*\.)\$\{/.exec(m[1])?.[1];
    if (!prefix) continue;
    if (TEMPLATES[prefix]) for (const value of TEMPLATES[prefix]) actions.set(`${prefix}${value}`, file);
    else unexpandable.push(`${file}: \`${m[1]}\``);
  }
  // An audit call whose action is a variable: the file's code-shaped literals that are not catalogue keys.
  if (calls.some((c) => /\baction\s*[,}]|\baction:\s*[a-zA-Z_$][\w$.]*\s*[,}]/.test(c))) {
    for (const q of text.matchAll(/'([^']+)'/g)) if (CODE.test(q[1]) && !isCatalogueKey(q[1])) actions.set(q[1], file);
  }
}

describe('audit labels', () => {
  it('finds the actions and record types the code records (the scan can fail)', () => {
    expect([...actions.keys()]).toEqual(expect.arrayContaining([
      'tenant.create', 'tenant.create.usccOverride', 'tenant.update', 'tenant.status.moved_out', 'tenant.import',
      'user.create', 'user.disable', 'token.issue', 'department.update', 'convention.publish', 'convention.sign', 'convention.signPaper',
      'convention.breachResponse', 'job.retry', 'job.discard', 'outbox.resend',
    ]));
    expect([...entityTypes.keys()]).toEqual(expect.arrayContaining(['tenant', 'tenant_import', 'user', 'api_token', 'convention_version', 'breach', 'signature', 'job']));
    expect(unexpandable).toEqual([]);
  });

  it('every action has a label', () => {
    const missing = [...actions].filter(([code]) => !isMessage(actionKey(code))).map(([code, file]) => `${file}: ${code} needs ${actionKey(code)}`);
    expect(missing).toEqual([]);
  });

  it('every record type has a label', () => {
    const missing = [...entityTypes].filter(([type]) => !isMessage(`audit.entityTypes.${type}`)).map(([type, file]) => `${file}: ${type} needs audit.entityTypes.${type}`);
    expect(missing).toEqual([]);
  });
});
