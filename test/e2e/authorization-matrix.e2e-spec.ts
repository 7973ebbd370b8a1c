import type { Role } from '../../src/accounts/domain/roles.js';
import { anonymousBrowser, bearer } from '../support/http-helpers.js';
import { buildMatrixWorld, type MatrixWorld } from '../support/matrix-fixtures.js';
import { MATRIX, methodOf, rowName, WHO, type MatrixRow, type Who } from '../support/route-matrix.js';
import { createTestApp, login, type Browser, type TestApp } from '../support/test-app.js';

/**
 * Who may reach what, for every route of the application (test/support/route-matrix.ts; the route
 * enumeration in routes.e2e-suite.ts keeps the table complete). Each cell is one request by one caller.
 */
/** The request path of a row must be one its route pattern matches, or the row tests another route. */
function patternOf(row: MatrixRow): RegExp {
  const escaped = row.route.slice(row.route.indexOf(' ') + 1).replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/:\w+/g, '[^/]+')}$`);
}

const CELLS = MATRIX.flatMap((row) => WHO.map((who) => ({ route: rowName(row), who, expected: row.expected[who], row })));

describe('authorization matrix', () => {
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
    world = await buildMatrixWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function browserFor(row: MatrixRow, who: Who): Promise<Browser> {
    if (!row.freshSession) return world.browsers[who];
    return who === 'anonymous' ? anonymousBrowser(t) : login(t, world.fixtures.users[who].email);
  }

  async function call(row: MatrixRow, who: Who) {
    const f = world.fixtures;
    const method = methodOf(row);
    const path = row.path(f, who);
    const body = row.body?.(f, who);
    if (row.kind === 'page') {
      const b = await browserFor(row, who);
      if (method === 'GET') return b.agent.get(path);
      const req = method === 'POST' ? b.agent.post(path) : b.agent.patch(path);
      return req.type('form').send({ _csrf: b.csrf, ...(body ?? {}) });
    }
    const http = t.http();
    let req = method === 'GET' ? http.get(path) : method === 'POST' ? http.post(path) : http.patch(path);
    if (who !== 'anonymous') req = req.set(bearer(world.tokens[who]));
    return body ? req.send(body) : req;
  }

  it.each(CELLS)('$route as $who → $expected', async ({ row, who, expected }) => {
    const f = world.fixtures;
    expect(row.path(f, who).split('?')[0]).toMatch(patternOf(row));
    const res = await call(row, who);
    expect(res.status).not.toBe(500);
    expect(res.status).toBe(expected);

    if (res.status === 303) {
      const location = String(res.headers.location);
      if (who === 'anonymous' && !row.public) expect(location).toBe(`/login?next=${encodeURIComponent(row.path(f, who))}`);
      else expect(location).toBe(row.redirect?.(f, who) ?? '(a redirect the row does not name)');
    }
    if (row.kind === 'api' && res.status >= 400) {
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.statusCode).toBe(res.status);
    }
    if (row.kind === 'page' && res.status >= 200 && res.status < 300) {
      if (row.download) expect(res.headers['content-type']).not.toMatch(/text\/html/);
      else expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    // A refusal never carries another tenant's data.
    if (res.status >= 400) {
      expect(res.text ?? '').not.toContain(f.other.name);
      expect(res.text ?? '').not.toContain(f.other.uscc);
    }
  });

  it("lists only the officer's own tenant on GET /api/v1/tenants, whatever the filters", async () => {
    const { fixtures: f, tokens } = world;
    for (const query of ['', '?pageSize=100', `?q=${encodeURIComponent(f.other.name)}`, '?page=2', '?status=suspended']) {
      const res = await t.http().get(`/api/v1/tenants${query}`).set(bearer(tokens.tenant_officer)).expect(200);
      const ids = res.body.items.map((i: { id: number }) => i.id);
      expect(ids).not.toContain(f.other.id);
      expect(ids.every((id: number) => id === f.own.id)).toBe(true);
    }
    const staff = await t.http().get('/api/v1/tenants?pageSize=100').set(bearer(tokens.park_staff)).expect(200);
    expect(staff.body.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([f.own.id, f.other.id]));
  });

  it('answers the officer for an unknown tenant id exactly as for another tenant (404)', async () => {
    const other = await t.http().get(`/api/v1/tenants/${world.fixtures.other.id}`).set(bearer(world.tokens.tenant_officer)).expect(404);
    const missing = await t.http().get('/api/v1/tenants/99999999').set(bearer(world.tokens.tenant_officer)).expect(404);
    expect(other.body).toEqual(missing.body);
  });

  // Every cell above already asserts "not 500"; this sweeps ids and queries no route expects.
  it('never answers 500 for odd ids and queries', async () => {
    const statuses: string[] = [];
    const odd = ['/tenants/abc', '/tenants/0', '/tenants/-1', '/tenants/99999999999999999999', '/tenants/1.5', '/tenants/%00',
      '/api/v1/tenants/abc', '/api/v1/tenants/0', '/api/v1/tenants/99999999999999999999', '/api/v1/tenants/1e3', '/admin/users/abc',
      '/admin/users/99999999999999999999', '/admin/departments/abc', '/api/v1/tenants?page=0', '/api/v1/tenants?pageSize=abc',
      '/api/v1/tenants?sort=password', '/tenants?sort=uscc;drop'];
    for (const who of WHO) {
      for (const path of odd) {
        const res = path.startsWith('/api/')
          ? await (who === 'anonymous' ? t.http().get(path) : t.http().get(path).set(bearer(world.tokens[who as Role])))
          : await world.browsers[who].agent.get(path);
        statuses.push(`${res.status} GET ${path} as ${who}`);
      }
    }
    expect(statuses.length).toBe(WHO.length * odd.length);
    expect(statuses.filter((s) => Number(s.slice(0, 3)) >= 500)).toEqual([]);
  });
});
