import { parse } from 'csv-parse/sync';
import request from 'supertest';
import type { Response } from 'supertest';
import type { FindOptionsWhere } from 'typeorm';
import type { Role } from '../../src/accounts/domain/roles.js';
import { UsersService } from '../../src/accounts/users.service.js';
import { AuditEntryEntity } from '../../src/audit/entities/audit-entry.entity.js';
import { createUser, csrfFrom, login, TEST_ACTOR, TEST_PASSWORD, type Browser, type TestApp } from './test-app.js';

export type Agent = ReturnType<typeof request.agent>;

/** A browser that has opened the login page: it has a session and its CSRF token, but nobody is logged in. */
export async function anonymousBrowser(t: TestApp): Promise<Browser> {
  const agent = request.agent(t.app.getHttpServer());
  const page = await agent.get('/login').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}

let seq = 0;

/** A unique, lower-case e-mail address for a test account. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${++seq}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@test.parktrust.cn`;
}

/** Creates an account of `role` (through the service) and logs it in through the login form. */
export async function loginAs(t: TestApp, role: Role, extra: { tenantId?: number; departmentId?: number; email?: string } = {}) {
  const user = await createUser(t, role, extra);
  const browser = await login(t, user.email);
  return { user, browser };
}

/** Creates an account that must replace its password at the next login. */
export async function createUserMustChange(t: TestApp, role: Role, extra: { tenantId?: number; departmentId?: number } = {}) {
  return t.get(UsersService).create({
    email: uniqueEmail(role), name: `${role} temp`, role, password: TEST_PASSWORD,
    tenantId: extra.tenantId, departmentId: role === 'regulator' ? (extra.departmentId ?? 1) : undefined, mustChangePassword: true,
  }, TEST_ACTOR);
}

/** Posts an HTML form (urlencoded) with the browser's CSRF token unless the body says otherwise. */
export function postForm(browser: Browser, path: string, body: Record<string, string> = {}) {
  return browser.agent.post(path).type('form').send({ _csrf: browser.csrf, ...body });
}

/** One POST /login from a fresh page of `agent` (so the CSRF token is the agent's own). */
export async function submitLogin(agent: Agent, email: string, password: string, extra: Record<string, string> = {}) {
  const page = await agent.get('/login').expect(200);
  return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password, ...extra });
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export interface ParsedCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
  raw: string;
}

/** Every Set-Cookie header of a response, parsed; attribute names are lower-cased. */
export function setCookies(res: Response): ParsedCookie[] {
  const header = res.headers['set-cookie'] as unknown;
  const list = Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
  return list.map((raw) => {
    const [pair, ...attrs] = raw.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      if (i < 0) attributes[attr.toLowerCase()] = true;
      else attributes[attr.slice(0, i).toLowerCase()] = attr.slice(i + 1);
    }
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes, raw };
  });
}

export function cookieNamed(res: Response, name: string): ParsedCookie | undefined {
  return setCookies(res).find((c) => c.name === name);
}

/** The session id inside a signed express-session cookie value (`s:<id>.<signature>`, URL-encoded). */
export function sessionIdOf(cookieValue: string): string {
  const decoded = decodeURIComponent(cookieValue);
  const match = /^s:([^.]+)\./.exec(decoded);
  if (!match) throw new Error(`not a signed session cookie: ${cookieValue}`);
  return match[1];
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The `value` of the first input named `name` (entities decoded), or null when there is no such input. */
export function inputValue(html: string, name: string): string | null {
  const tag = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  if (!tag) return null;
  const value = /\bvalue="([^"]*)"/.exec(tag);
  return value ? decodeEntities(value[1]) : '';
}

/** The `<div class="field …">` block holding the control named `name`. */
function fieldBlock(html: string, name: string): string | null {
  const blocks = html.split(/(?=<div class="field)/);
  return blocks.find((b) => new RegExp(`\\bname="${name}"`).test(b.split(/<\/div>/)[0])) ?? null;
}

/**
 * The error text shown beside the field `name` (the field is marked `has-error` and carries a
 * `<p class="error">`), or null when the field shows no error.
 */
export function fieldError(html: string, name: string): string | null {
  const block = fieldBlock(html, name);
  if (!block || !/^<div class="field[^"]*has-error/.test(block)) return null;
  const p = /<p class="error"[^>]*>([\s\S]*?)<\/p>/.exec(block);
  return p ? decodeEntities(p[1]).trim() : '';
}

/** The form-level error banner, or null. */
export function formError(html: string): string | null {
  const m = /<div class="flash flash-error" role="alert">([\s\S]*?)<\/div>/.exec(html);
  return m ? decodeEntities(m[1]).trim() : null;
}

/** Audit entries matching `where`, oldest first. */
export function auditEntries(t: TestApp, where: FindOptionsWhere<AuditEntryEntity>): Promise<AuditEntryEntity[]> {
  return t.dataSource.getRepository(AuditEntryEntity).find({ where, order: { id: 'ASC' } });
}

/** Every audit entry, serialised, to search for things that must never be recorded (hashes, tokens). */
export async function allAuditText(t: TestApp): Promise<string> {
  const rows = await t.dataSource.getRepository(AuditEntryEntity).find({ order: { id: 'ASC' } });
  return JSON.stringify(rows);
}

export { TEST_PASSWORD };

/** Supertest parser keeping the body as bytes (the response is an IncomingMessage at run time). */
export function binary(res: object, callback: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Rows of a CSV export, after checking the UTF-8 BOM that lets Excel read Chinese. */
export function csvRows(body: Buffer): string[][] {
  if (body[0] !== 0xef || body[1] !== 0xbb || body[2] !== 0xbf) throw new Error('the CSV has no UTF-8 BOM');
  return parse(body.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][];
}
