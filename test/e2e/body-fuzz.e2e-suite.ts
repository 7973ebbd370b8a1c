import { getMetadataStorage } from 'class-validator';
import type { Test } from 'supertest';
import type { Role } from '../../src/accounts/domain/roles.js';
import { BODY_LIMIT_BYTES } from '../../src/common/input/body-parsing.js';
import { mapConcurrently } from '../support/concurrency.js';
import { anonymousBrowser, bearer } from '../support/http-helpers.js';
import { buildMatrixWorld, type MatrixWorld } from '../support/matrix-fixtures.js';
import { MATRIX, methodOf, rowName, WHO, type MatrixRow, type Who } from '../support/route-matrix.js';
import { createTestApp, login, testDb, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Every POST and PATCH route of the authorization matrix (test/support/route-matrix.ts, so a new
 * route is fuzzed as soon as it has a row), for every caller the route lets in, with bodies no form
 * or client of ours sends. What must hold:
 * - never a 5xx;
 * - a refused request (4xx) changes nothing: no audit entry, notice marked read, outbox message,
 *   attachment, tenant or account;
 * - bodies the body parsers refuse for every route (not a JSON object, nested or repeated beyond
 *   the caps, too large, of an unknown type or charset, malformed) answer 400/413/415 with the
 *   reason, before any route runs;
 * - an empty body, no body at all and a multipart form without a file are answered alike: a route
 *   that refuses the empty form refuses the others with the same status and the same fields (an
 *   upload route names its file field);
 * - a route that refuses the empty form refuses unknown fields, fields of the wrong type,
 *   oversized text, control characters and form garbage too (4xx), and an API route says which
 *   fields (field-keyed `errors`).
 * GET routes take no body and are left out. The bodies every route refuses are refused by the
 * parsers before the session or the route is looked at, so they are sent once per route (as its
 * first allowed caller); the others are sent as every caller the route lets in.
 *
 * When a caller's empty form is refused, every other body must be refused as well, so nothing may
 * change at all: that caller's other bodies are sent together (BATCH at a time) and the state is
 * counted once before and once after them, instead of around each request (some 7,000 counting
 * queries fewer). A caller whose empty form is accepted sends them one by one, counting around each.
 *
 * On MariaDB each route gets two of the bodies every route refuses, a different two from route to
 * route (each such body still reaches some 40 routes there); SQLite sends every one to every route.
 * The parsers refuse them before any route, session or storage is involved, so the database under
 * the application cannot change their answer, and they were a third of the requests of this suite.
 */

type Kind = 'empty' | 'fields' | 'refused';

interface Answer {
  status: number;
  body: { error?: string; errors?: Record<string, unknown> } | undefined;
  text: string;
}

interface Case {
  name: string;
  kind: Kind;
  /** A field an API route that validates its body must name in `errors`. */
  names?: string;
  /** For `refused`: the status and the API `error` code every route answers. */
  expect?: { status: number; error: string };
  send: (req: Test, csrf: string | null) => Test;
}

const BOUNDARY = 'fuzzboundary';
const multipart = (parts: [string, string][]) =>
  parts.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${BOUNDARY}--\r\n`;
const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** Requests under way at once for one caller's bodies (see above). */
const BATCH = 8;

/** On MariaDB, how many of the bodies every route refuses each route gets (see above). */
const REFUSED_PER_ROUTE_ON_MARIADB = 2;

/**
 * The longest text a column of the schema keeps (varchar(500) today): a field no DTO gives a
 * MaxLength is sent a text longer than this, so it fits no column of fixed length.
 */
function longestColumn(dataSource: TestApp['dataSource']): number {
  return Math.max(...dataSource.entityMetadatas.flatMap((entity) => entity.columns.map((column) => Number(column.length) || 0)));
}

/**
 * Every property any DTO of the application validates (the app is booted, so all are registered),
 * with the longest text it may take: the longest MaxLength any DTO declares for it, else `unbounded`.
 */
function dtoFields(unbounded: number): Map<string, number> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas?: Map<unknown, { propertyName: string; name?: string; constraints?: unknown[] }[]>;
  };
  if (!(storage.validationMetadatas instanceof Map)) throw new Error('class-validator keeps its metadata elsewhere now: update dtoFields');
  const fields = new Map<string, number | undefined>();
  for (const list of storage.validationMetadatas.values()) {
    for (const m of list) {
      const max = m.name === 'maxLength' && typeof m.constraints?.[0] === 'number' ? m.constraints[0] : undefined;
      const known = fields.get(m.propertyName);
      fields.set(m.propertyName, max === undefined ? known : Math.max(known ?? 0, max));
    }
  }
  return new Map([...fields].sort(([a], [b]) => a.localeCompare(b)).map(([field, max]) => [field, max ?? unbounded]));
}

/**
 * Every field with a text one character longer than the longest it may take (clause texts: 10,001),
 * in as few JSON bodies as keep each under the body limit (one today). Every field at 10,001 was one
 * body of 2.5 MB, which the parser refused as too large, so no route validated any long text.
 */
function oversizedBodies(fields: Map<string, number>): string[] {
  const budget = BODY_LIMIT_BYTES - 1024;
  const bodies: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  let size = 2;
  for (const [field, max] of fields) {
    const value = 'x'.repeat(max + 1);
    const entry = JSON.stringify(field).length + value.length + 4;
    if (size + entry > budget && Object.keys(current).length) {
      bodies.push(current);
      current = {};
      size = 2;
    }
    current[field] = value;
    size += entry;
  }
  bodies.push(current);
  return bodies.map((body) => JSON.stringify(body));
}

function json(body: string): (req: Test, csrf: string | null) => Test {
  return (req, csrf) => withCsrf(req.set('Content-Type', 'application/json'), csrf).send(body);
}

function withCsrf(req: Test, csrf: string | null): Test {
  return csrf ? req.set('x-csrf-token', csrf) : req;
}

function cases(fieldLimits: Map<string, number>): Case[] {
  const fields = [...fieldLimits.keys()];
  const weird: unknown[] = [{ nested: { x: 1 } }, [1, 'a'], 12345, true, null, { toString: 'x', valueOf: 'y' }, ['a', ['b']]];
  const each = (value: (i: number) => unknown) => Object.fromEntries(fields.map((f, i) => [f, value(i)]));
  const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const oversized = oversizedBodies(fieldLimits);
  const bigForm = `name=${'x'.repeat(1024 * 1024 + 1)}`;
  const manyFields = Array.from({ length: 2001 }, (_, i) => `f${i}=1`).join('&');
  return [
    { name: 'no body', kind: 'empty', send: (req, csrf) => withCsrf(req, csrf) },
    { name: 'empty JSON object', kind: 'empty', send: json('{}') },
    { name: 'multipart without a file or field', kind: 'empty', send: (req, csrf) => withCsrf(req.set('Content-Type', MULTIPART_TYPE), csrf).send(multipart([])) },

    { name: 'unknown fields', kind: 'fields', names: 'zzUnknownField', send: json(JSON.stringify({ zzUnknownField: 'x', 'a.b': 'y', constructor: 'z' })) },
    { name: 'every DTO field with a value of the wrong type', kind: 'fields', send: json(JSON.stringify(each((i) => weird[i % weird.length]))) },
    { name: 'every DTO field an object that cannot become a string', kind: 'fields', send: json(JSON.stringify(each(() => ({ toString: 1, valueOf: 1 })))) },
    ...oversized.map((body, i): Case => ({
      name: oversized.length > 1 ? `every DTO field oversized text (${i + 1} of ${oversized.length})` : 'every DTO field oversized text', kind: 'fields', send: json(body),
    })),
    { name: 'every DTO field with a NUL and an escape character', kind: 'fields', send: json(JSON.stringify(each(() => '张\u0000三\u001b[2J'))) },
    {
      name: 'form-encoded garbage', kind: 'fields',
      send: (req, csrf) => withCsrf(req.type('form'), csrf).send(`=x&==&&%ZZ=%&a[b][c]=1&%00=%00&${'k'.repeat(3000)}=v&${fields.slice(0, 20).map((f) => `${f}=%ff%fe%00`).join('&')}`),
    },
    {
      name: 'multipart with nested and sparse field names', kind: 'fields',
      send: (req, csrf) => withCsrf(req.set('Content-Type', MULTIPART_TYPE), csrf).send(multipart([[`x${'[a]'.repeat(32)}`, '1'], ['tenantId[99999999]', '1'], ['clauseId[]', '2']])),
    },

    { name: 'a JSON array', kind: 'refused', expect: { status: 400, error: 'bodyNotObject' }, send: json('[{"a":1}]') },
    { name: 'a JSON string', kind: 'refused', expect: { status: 400, error: 'bodyNotObject' }, send: json('"text"') },
    { name: 'a JSON number', kind: 'refused', expect: { status: 400, error: 'bodyNotObject' }, send: json('42') },
    { name: 'JSON null', kind: 'refused', expect: { status: 400, error: 'bodyNotObject' }, send: json('null') },
    { name: 'an object nested 5,000 deep', kind: 'refused', expect: { status: 400, error: 'bodyTooComplex' }, send: json(deep) },
    { name: 'an array of 1,001 items', kind: 'refused', expect: { status: 400, error: 'bodyTooComplex' }, send: json(JSON.stringify({ ids: Array(1001).fill(1) })) },
    { name: 'malformed JSON', kind: 'refused', expect: { status: 400, error: 'malformedBody' }, send: json('{"a":') },
    { name: 'JSON over 1 MB', kind: 'refused', expect: { status: 413, error: 'tooLarge' }, send: json(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) })) },
    {
      name: 'a form over 1 MB', kind: 'refused', expect: { status: 413, error: 'tooLarge' },
      send: (req, csrf) => withCsrf(req.type('form'), csrf).send(bigForm),
    },
    {
      name: 'a form of 2,001 fields', kind: 'refused', expect: { status: 413, error: 'tooManyFields' },
      send: (req, csrf) => withCsrf(req.type('form'), csrf).send(manyFields),
    },
    {
      name: 'a text/plain body', kind: 'refused', expect: { status: 415, error: 'unsupportedBody' },
      send: (req, csrf) => withCsrf(req.set('Content-Type', 'text/plain'), csrf).send('email=a&password=b'),
    },
    {
      name: 'JSON in a charset other than UTF', kind: 'refused', expect: { status: 415, error: 'unsupportedBody' },
      send: (req, csrf) => withCsrf(req.set('Content-Type', 'application/json; charset=latin1'), csrf).send('{}'),
    },
  ];
}

/** Names of the form fields a page marks as wrong (`<div class="field … has-error">` around the control). */
function pageErrorFields(html: string): string[] {
  return html.split(/(?=<div class="field)/)
    .filter((block) => /^<div class="field[^"]*has-error/.test(block))
    .map((block) => /\bname="([^"]+)"/.exec(block.split(/<\/div>/)[0])?.[1] ?? '?')
    .sort();
}

/** The fields an answer names: the API's `errors` keys, or the fields a page marks. */
function errorFields(row: MatrixRow, answer: Answer): string[] {
  return row.kind === 'api' ? Object.keys(answer.body?.errors ?? {}).sort() : pageErrorFields(answer.text);
}

describe('request bodies, fuzzed on every route', () => {
  let t: TestApp;
  let world: MatrixWorld;
  let CASES: Case[];

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
    world = await buildMatrixWorld(t);
    CASES = cases(dtoFields(longestColumn(t.dataSource)));
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A cheap global "nothing changed": everything a request may write, counted at once. */
  async function probe(): Promise<string> {
    const rows = await t.dataSource.query(`SELECT
      (SELECT COUNT(*) FROM audit_entries) AS audit,
      (SELECT COUNT(*) FROM notifications WHERE readAt IS NOT NULL) AS readNotices,
      (SELECT COUNT(*) FROM outbox_messages) AS outbox,
      (SELECT COUNT(*) FROM attachments) AS files,
      (SELECT COUNT(*) FROM tenants) AS tenants,
      (SELECT COUNT(*) FROM users WHERE active = 1) AS activeUsers,
      (SELECT COUNT(*) FROM api_tokens WHERE revokedAt IS NULL) AS liveTokens`) as Record<string, unknown>[];
    return JSON.stringify(Object.values(rows[0]).map(Number));
  }

  const allowed = (row: MatrixRow): Who[] => WHO.filter((who) => {
    const status = row.expected[who];
    if (status === 401 || status === 403) return false;
    return !(who === 'anonymous' && !row.public);
  });

  /** A route that ends the session (logout) gets a fresh one whenever the last call was let through. */
  let fresh: { who: Who; browser: Browser } | null = null;
  async function browserFor(row: MatrixRow, who: Who): Promise<Browser> {
    if (!row.freshSession) return world.browsers[who];
    if (fresh?.who !== who) {
      fresh = { who, browser: who === 'anonymous' ? await anonymousBrowser(t) : await login(t, world.fixtures.users[who as Role].email) };
    }
    return fresh.browser;
  }

  async function request(row: MatrixRow, who: Who, send: Case['send']): Promise<Answer> {
    const path = row.path(world.fixtures, who);
    const method = methodOf(row);
    let res;
    if (row.kind === 'page') {
      const b = await browserFor(row, who);
      res = await send(method === 'PATCH' ? b.agent.patch(path) : b.agent.post(path), b.csrf);
    } else {
      let req = method === 'PATCH' ? t.http().patch(path) : t.http().post(path);
      if (who !== 'anonymous') req = req.set(bearer(world.tokens[who as Role]));
      res = await send(req, null);
    }
    if (row.freshSession && res.status < 400) fresh = null;
    return { status: res.status, body: res.body as Answer['body'], text: res.text ?? '' };
  }

  const ROWS = MATRIX.filter((row) => methodOf(row) !== 'GET' && !row.outsideNest);

  it('has POST and PATCH routes to fuzz, and sends every body all routes refuse to some of them', () => {
    expect(ROWS.length).toBeGreaterThan(40);
    const reached = new Set(ROWS.flatMap((_, index) => [...refusedFor(index)]));
    expect(reached.size).toBe(CASES.filter((c) => c.kind === 'refused').length);
  });

  it('sends oversized text in bodies the parser reads (under the limit), every field longer than it may be', () => {
    const unbounded = longestColumn(t.dataSource);
    expect(unbounded).toBeGreaterThanOrEqual(255);
    const fields = dtoFields(unbounded);
    const bodies = oversizedBodies(fields);
    expect(CASES.filter((c) => c.name.startsWith('every DTO field oversized text')).length).toBe(bodies.length);
    expect(bodies.map((b) => Buffer.byteLength(b) < BODY_LIMIT_BYTES)).toEqual(bodies.map(() => true));
    const sent = Object.assign({}, ...bodies.map((b) => JSON.parse(b) as Record<string, string>)) as Record<string, string>;
    expect(Object.keys(sent).sort()).toEqual([...fields.keys()].sort());
    expect([...fields].filter(([field, max]) => sent[field].length <= max).map(([field]) => field)).toEqual([]);
    // Many fields declare a MaxLength of their own (else every length above would be the fallback); clause texts take 10,000.
    expect([...fields.values()].filter((max) => max !== unbounded).length).toBeGreaterThan(20);
    expect(Math.max(...fields.values())).toBeGreaterThanOrEqual(10_000);
  });

  /** The bodies every route refuses that the route at `index` of ROWS gets: all of them, or on MariaDB a rotating few. */
  const refusedFor = (index: number): Set<Case> => {
    const refused = CASES.filter((c) => c.kind === 'refused');
    if (testDb !== 'mysql') return new Set(refused);
    const step = Math.floor(refused.length / REFUSED_PER_ROUTE_ON_MARIADB);
    return new Set(Array.from({ length: REFUSED_PER_ROUTE_ON_MARIADB }, (_, k) => refused[(index + k * step) % refused.length]));
  };

  it.each(ROWS.map((row, index) => ({ name: rowName(row), row, index })))('$name', async ({ row, index }) => {
    const problems: string[] = [];
    const note = (who: Who, name: string, answer: Answer, why: string) =>
      problems.push(`${who} · ${name} → ${answer.status}: ${why} ${answer.text.slice(0, 160).replace(/\s+/g, ' ')}`);

    const callers = allowed(row);
    const refused = refusedFor(index);
    for (const who of callers) {
      // The empty form (a urlencoded form with only the CSRF token; `{}` for the API) is the reference.
      const emptyForm: Case['send'] = row.kind === 'page'
        ? (req, csrf) => req.type('form').send({ _csrf: csrf ?? '' })
        : json('{}');
      let state = await probe();
      const reference = await request(row, who, emptyForm);
      if (reference.status >= 500) note(who, 'the empty form', reference, '5xx');
      if (reference.status >= 400 && (await probe()) !== state) note(who, 'the empty form', reference, 'refused but changed something');
      const refFields = errorFields(row, reference);
      let accepted = reference.status < 400;

      /** What one answer must be, beside "refused, so nothing changed" (checked by the caller). */
      const check = (c: Case, answer: Answer) => {
        if (answer.status >= 500) { note(who, c.name, answer, '5xx'); return; }
        if (row.kind === 'api' && answer.status >= 400 && answer.body?.error === undefined) note(who, c.name, answer, 'no JSON error');

        if (c.kind === 'refused') {
          if (answer.status !== c.expect?.status) note(who, c.name, answer, `expected ${c.expect?.status}`);
          else if (row.kind === 'api' && answer.body?.error !== c.expect.error) note(who, c.name, answer, `expected error ${c.expect.error}`);
        } else if (reference.status >= 400) {
          if (c.kind === 'empty') {
            if (answer.status !== reference.status) note(who, c.name, answer, `answered unlike the empty form (${reference.status})`);
            else if (answer.status === 400 && errorFields(row, answer).join() !== refFields.join()) {
              note(who, c.name, answer, `named fields [${errorFields(row, answer).join()}], the empty form [${refFields.join()}]`);
            }
          } else if (answer.status < 400) {
            note(who, c.name, answer, `accepted, though the empty form is refused (${reference.status})`);
          } else if (row.kind === 'api' && answer.status === 400 && answer.body?.error === 'validation') {
            const named = Object.keys(answer.body.errors ?? {});
            if (!named.length) note(who, c.name, answer, 'a validation error that names no field');
            // A route whose empty body is refused field by field (not only for its missing upload) names the unknown one.
            else if (c.names && refFields.some((f) => f !== 'file') && !named.includes(c.names)) note(who, c.name, answer, `does not name ${c.names}`);
          }
        }
      };

      const mine = CASES.filter((c) => c.kind !== 'refused' || (who === callers[0] && refused.has(c)));
      if (reference.status >= 400 && !row.freshSession) {
        // Every one of these must be refused (an accepted one is a problem of its own), so none may change anything.
        const answers = await mapConcurrently(mine, BATCH, (c) => request(row, who, c.send));
        const after = await probe();
        if (after !== state) {
          problems.push(`${who} · ${answers.filter((a) => a.status >= 400).length} refused of ${answers.length} bodies, and something changed: `
            + mine.map((c, i) => `${c.name} → ${answers[i].status}`).join('; '));
        }
        state = after;
        mine.forEach((c, i) => check(c, answers[i]));
        continue;
      }
      for (const c of mine) {
        // After a refused call the state is the one the last probe saw; after an accepted one (and the
        // work it may have queued) it is counted again.
        if (accepted) state = await probe();
        const answer = await request(row, who, c.send);
        accepted = answer.status < 400;
        const after = await probe();
        const changed = after !== state;
        state = after;
        if (answer.status < 500 && answer.status >= 400 && changed) note(who, c.name, answer, 'refused but changed something');
        check(c, answer);
      }
    }
    expect(problems).toEqual([]);
  });
});
